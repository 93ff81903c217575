/**
 * A faulty gateway for tests: an HTTP proxy in front of a real gateway (arlocal) that passes
 * requests through unchanged, or answers 502 as a dead gateway's load balancer does, or
 * swaps the data bytes it serves for others of the same length, or forwards an upload and
 * then loses the answer. It records every request so tests can see what was asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How the proxy misbehaves. */
export type ProxyMode =
  /** Everything passes through. */
  | "pass"
  /** Every request gets `502 Bad Gateway`. */
  | "down"
  /** Data requests (`GET /<id>`) get other bytes of the same length. */
  | "swap-data"
  /** Uploads (POST) reach the gateway, but the client gets `502` instead of its answer. */
  | "lose-response";

const DATA_PATH = /^\/[A-Za-z0-9_-]{43}$/;
const HOP_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"]);

/** A running proxy. */
export interface ArweaveProxy {
  readonly url: string;
  mode: ProxyMode;
  /** `<METHOD> <path>` of every request, in order. */
  readonly requests: string[];
  /** With mode "down": answer 502 to this many requests, then pass (a gateway coming back). */
  failNext(count: number): void;
  stop(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function badGateway(response: ServerResponse): void {
  const text = "<html><body><h1>502 Bad Gateway</h1></body></html>";
  response.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/** Starts a proxy to `upstream` on a free port. */
export async function startArweaveProxy(upstream: string): Promise<ArweaveProxy> {
  let failures = 0;
  const state: { mode: ProxyMode } = { mode: "pass" };
  const requests: string[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const path = request.url ?? "/";
      requests.push(`${request.method ?? "GET"} ${path}`);
      const payload = await body(request);
      if (failures > 0) {
        failures -= 1;
        badGateway(response);
        return;
      }
      if (state.mode === "down") {
        badGateway(response);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).flatMap(([k, v]) => (HOP_HEADERS.has(k) || k === "host" || v === undefined ? [] : [[k, String(v)]])),
      );
      const method = request.method ?? "GET";
      const init: RequestInit = { method, headers };
      if (method !== "GET" && method !== "HEAD") init.body = new Uint8Array(payload);
      const answer = await fetch(`${upstream}${path}`, init);
      let bytes = Buffer.from(await answer.arrayBuffer());
      if (state.mode === "lose-response" && method === "POST") {
        badGateway(response);
        return;
      }
      if (state.mode === "swap-data" && method === "GET" && DATA_PATH.test(path) && answer.ok) {
        bytes = Buffer.from(bytes.map((b) => b ^ 0x5a));
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (!HOP_HEADERS.has(key)) out[key] = value;
      });
      out["content-length"] = String(bytes.length);
      response.writeHead(answer.status, out);
      response.end(bytes);
    })().catch(() => {
      if (!response.headersSent) badGateway(response);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get mode() {
      return state.mode;
    },
    set mode(mode: ProxyMode) {
      state.mode = mode;
    },
    requests,
    failNext: (count) => {
      failures = count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
