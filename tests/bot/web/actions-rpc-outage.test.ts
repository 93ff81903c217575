/**
 * The Solana Action while the RPC cannot name its cluster: the app reads the genesis hash on
 * the first Action request (an RPC down at start must not stop the chat bots), so until the
 * RPC answers every Action request gets a 503 in the spec's error shape, with CORS, and the
 * first answer after it is back carries the cluster's id.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionsDeps } from "../../../bot/web/actions.js";
import { handleActions } from "../../../bot/web/actions.js";

let server: Server;
let base: string;
let rpcUp = false;
let asked = 0;

beforeAll(async () => {
  const deps = {
    store: { campaigns: {} },
    chain: {},
    clock: { now: () => new Date() },
    wallet: {},
    baseUrl: "https://pepfund.example",
    blockchainId: () => {
      asked += 1;
      return rpcUp ? Promise.resolve("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1") : Promise.reject(new Error("fetch failed"));
    },
  } as unknown as ActionsDeps;
  server = createServer((req, res) => void handleActions(deps, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it("GIVEN the RPC down THEN actions.json answers 503 { message } with CORS; once it is up the same request succeeds with X-Blockchain-Ids", async () => {
  const down = await fetch(`${base}/actions.json`);
  expect(down.status).toBe(503);
  expect(down.headers.get("access-control-allow-origin")).toBe("*");
  expect(down.headers.get("retry-after")).toBe("30");
  expect(((await down.json()) as { message: string }).message).toMatch(/Solana RPC did not answer; nothing was prepared/);

  rpcUp = true;
  const up = await fetch(`${base}/actions.json`);
  expect(up.status).toBe(200);
  expect(up.headers.get("x-blockchain-ids")).toBe("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
  expect(asked).toBe(2);
});
