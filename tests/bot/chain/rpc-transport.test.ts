/**
 * The RPC transport against a real HTTP server: the answer web3.js reads, error statuses,
 * compressed answers, and the failures the relayer retries (timeouts, a connection closed
 * mid-answer, nobody listening), and sockets kept open between requests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import type { Connection } from "@solana/web3.js";
import { afterEach, describe, expect, it } from "vitest";
import { postRpc, RpcTimeoutError } from "../../../bot/chain/rpc-transport.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: http.RequestListener): Promise<{ url: string; sockets: () => number; bodies: string[] }> {
  const bodies: string[] = [];
  let sockets = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push(body);
      handler(req, res);
    });
  });
  server.on("connection", () => (sockets += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sockets: () => sockets, bodies };
}

const slotAnswer = JSON.stringify({ jsonrpc: "2.0", id: 1, result: 4242 });

describe("postRpc", () => {
  it("GIVEN a node's answer THEN its status and text, the request's body and headers sent", async () => {
    let contentType: string | undefined;
    const node = await serve((req, res) => {
      contentType = req.headers["content-type"];
      res.writeHead(200, { "content-type": "application/json" }).end(slotAnswer);
    });
    const answer = await postRpc(node.url, { body: '{"method":"getSlot"}', headers: { "Content-Type": "application/json" } }, 1_000);
    expect([answer.ok, answer.status, await answer.text()]).toEqual([true, 200, slotAnswer]);
    expect(node.bodies).toEqual(['{"method":"getSlot"}']);
    expect(contentType).toBe("application/json");
  });

  it("GIVEN 429 THEN not ok, with its status text and body, for the caller's retry", async () => {
    const node = await serve((_req, res) => res.writeHead(429, "Too Many Requests").end("slow down"));
    const answer = await postRpc(node.url, { body: "{}" }, 1_000);
    expect([answer.ok, answer.status, answer.statusText, await answer.text()]).toEqual([false, 429, "Too Many Requests", "slow down"]);
  });

  it.each(["gzip", "deflate", "br"] as const)("GIVEN a %s answer THEN the inflated text", async (encoding) => {
    const pack = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync }[encoding];
    const node = await serve((req, res) => {
      expect(req.headers["accept-encoding"]).toContain(encoding);
      res.writeHead(200, { "content-encoding": encoding }).end(pack(Buffer.from(slotAnswer)));
    });
    expect(await (await postRpc(node.url, { body: "{}" }, 1_000)).text()).toBe(slotAnswer);
  });

  it("GIVEN a node that never answers THEN RpcTimeoutError after the timeout", async () => {
    const node = await serve(() => undefined);
    const started = Date.now();
    await expect(postRpc(node.url, { body: "{}" }, 150)).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("GIVEN a node that sends its headers and stalls the body THEN RpcTimeoutError: the timeout covers the whole answer", async () => {
    const node = await serve((_req, res) => res.writeHead(200).write('{"jsonrpc":'));
    await expect(postRpc(node.url, { body: "{}" }, 150)).rejects.toBeInstanceOf(RpcTimeoutError);
  });

  it("GIVEN the connection closed mid-answer THEN it fails, not a truncated answer", async () => {
    const node = await serve((_req, res) => {
      res.writeHead(200, { "content-length": "100" }).write('{"jsonrpc":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(postRpc(node.url, { body: "{}" }, 1_000)).rejects.toThrow();
  });

  it("GIVEN nobody listening THEN it fails with the network error", async () => {
    const node = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(postRpc(node.url, { body: "{}" }, 1_000)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("GIVEN requests one after another THEN one socket carries them all", async () => {
    const node = await serve((_req, res) => res.writeHead(200).end(slotAnswer));
    for (let i = 0; i < 5; i++) await (await postRpc(node.url, { body: "{}" }, 1_000)).text();
    expect(node.sockets()).toBe(1);
  });
});

describe("relayConnection over the transport", () => {
  it("GIVEN a JSON-RPC node THEN web3.js reads its answers", async () => {
    const node = await serve((_req, res) => {
      const { id } = JSON.parse(node.bodies.at(-1) ?? "{}") as { id: string };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result: 4242 }));
    });
    const connection: Connection = relayConnection(node.url, { wsUrl: "ws://127.0.0.1:1", timeoutMs: 1_000 });
    expect(await connection.getSlot()).toBe(4242);
    expect(JSON.parse(node.bodies[0] ?? "{}")).toMatchObject({ method: "getSlot" });
  });

  it("GIVEN a node that never answers THEN the call fails within the timeout, and the observer hears it", async () => {
    const node = await serve(() => undefined);
    const failed: string[] = [];
    const connection = relayConnection(node.url, { wsUrl: "ws://127.0.0.1:1", timeoutMs: 150, observer: { failed: (m) => failed.push(m), retried: () => undefined } });
    await expect(connection.getSlot()).rejects.toThrow(/did not answer within 150 ms/);
    expect(failed).toEqual(["getSlot"]);
  });

  it("GIVEN a request that failed THEN the same request again is heard as its retry, another request is not", async () => {
    let answered = 0;
    const node = await serve((_req, res) => {
      const { id } = JSON.parse(node.bodies.at(-1) ?? "{}") as { id: string };
      answered += 1;
      if (answered === 1) return void res.writeHead(500).end("busy");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result: 4242 }));
    });
    const heard: string[] = [];
    const observer = { failed: (m: string) => heard.push(`failed ${m}`), retried: (m: string) => heard.push(`retried ${m}`) };
    const connection = relayConnection(node.url, { wsUrl: "ws://127.0.0.1:1", timeoutMs: 1_000, observer });
    await expect(connection.getSlot()).rejects.toThrow(/500/);
    expect(await connection.getBlockHeight()).toBe(4242);
    expect(await connection.getSlot()).toBe(4242);
    expect(await connection.getSlot()).toBe(4242);
    expect(heard).toEqual(["failed getSlot", "retried getSlot"]);
  });
});
