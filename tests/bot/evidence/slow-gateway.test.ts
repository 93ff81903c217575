/**
 * A slow gateway (SECURITY.md "Evidence": gateway down, slow, or serving other bytes ->
 * retried): a gateway that accepts connections and never answers is given up on at the
 * per-request timeout, and uploads and reads go through the next gateway (arlocal, real).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arweaveEvidenceStore, EvidenceUnavailableError } from "../../../bot/evidence/arweave-store.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";

let arlocal: RunningArlocal;
let stalled: Server;
let stalledUrl: string;
/** Requests the stalled gateway received (each left hanging). */
let stalledRequests = 0;

beforeAll(async () => {
  arlocal = await startArlocal();
  stalled = createServer(() => {
    stalledRequests += 1;
  });
  await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
  stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  stalled.closeAllConnections();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
  await arlocal.stop();
});

const settings = { rounds: 2, backoffMs: 20, timeoutMs: 800 };

describe("GIVEN a first gateway that never answers", () => {
  it("THEN the upload and the read time out there and go through the second gateway, bytes intact", async () => {
    const store = arweaveEvidenceStore({ gateways: [stalledUrl, arlocal.url], wallet: arlocal.wallet, ...settings });
    const bytes = new TextEncoder().encode("counts: 12, 15, 19");
    const { id, sha256 } = await store.upload(bytes, "text/plain");
    await arlocal.mine();
    const read = await store.read(id, 10_000);
    expect(new TextDecoder().decode(read.bytes)).toBe("counts: 12, 15, 19");
    expect(read.sha256).toBe(sha256);
    expect(stalledRequests).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("THEN with no other gateway the read gives up with EvidenceUnavailableError instead of hanging", async () => {
    const store = arweaveEvidenceStore({ gateways: [stalledUrl], wallet: arlocal.wallet, ...settings });
    await expect(store.read("A".repeat(43), 10_000)).rejects.toBeInstanceOf(EvidenceUnavailableError);
  }, 60_000);
});
