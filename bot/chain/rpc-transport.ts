/**
 * JSON-RPC POSTs over `node:http(s)` for web3.js's `fetch` option.
 *
 * Why not Node's `fetch`: a node answers many small requests (a flag makes four or five), and
 * each small one through `fetch` (undici and its web streams) cost 0.45-0.57 ms of CPU, against
 * 0.19-0.28 ms over `node:http` with a keep-alive agent (`npx tsx bench/rpc-transport.ts`). web3.js
 * reads only `ok`, `status`, `statusText` and `text()` of a response (`createRpcClient`), and
 * passes its own keep-alive agent (`agentkeepalive`: 25 sockets, idle ones closed after 19 s,
 * before the node's 20 s) in the request options: that agent carries the requests here too.
 *
 * Compressed answers are asked for and inflated, as `fetch` does: a provider across the internet
 * compresses large answers (program accounts); a local node answers plainly. Redirects are not
 * followed (a JSON-RPC endpoint answers where it is asked): a 3xx is an error naming its status.
 */
import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import zlib from "node:zlib";

/** What web3.js reads of an RPC answer. */
export interface RpcResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  text(): Promise<string>;
}

/** The request as web3.js makes it: a POST of a JSON string, its headers, and its agent. */
export interface RpcRequest {
  readonly body?: unknown;
  readonly headers?: unknown;
  readonly agent?: unknown;
}

/** The request took longer than its timeout, answer included. */
export class RpcTimeoutError extends Error {
  override readonly name = "RpcTimeoutError";
  constructor(timeoutMs: number) {
    super(`the RPC node did not answer within ${timeoutMs} ms`);
  }
}

const INFLATE: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  "x-gzip": promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/** Sockets kept open between requests when the caller passes no agent. */
const fallbackAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/**
 * POSTs `init.body` to `url` and reads the whole answer; fails after `timeoutMs` (the answer's
 * body included), on a network error, or when the connection closes before the answer ends.
 */
export function postRpc(url: string | URL, init: RpcRequest, timeoutMs: number): Promise<RpcResponse> {
  const target = typeof url === "string" ? new URL(url) : url;
  const secure = target.protocol === "https:";
  const body = typeof init.body === "string" ? init.body : "";
  const agent = init.agent instanceof http.Agent ? init.agent : secure ? fallbackAgents.https : fallbackAgents.http;
  const headers: Record<string, string> = { ...plainHeaders(init.headers), "accept-encoding": "gzip, deflate, br", "content-length": String(Buffer.byteLength(body)) };
  return new Promise<RpcResponse>((resolve, reject) => {
    const request = (secure ? https : http).request(target, { method: "POST", agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      response.on("close", () => {
        if (!response.complete) fail(new Error("the RPC node closed the connection before its answer ended"));
      });
      response.on("end", () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
        const raw = Buffer.concat(chunks);
        const text = (encoding === "" || encoding === "identity" ? Promise.resolve(raw) : inflate(encoding, raw)).then((data) => data.toString("utf8"));
        // A text() nobody reads must not end the process when it fails.
        text.catch(() => undefined);
        resolve({ ok: status >= 200 && status < 300, status, statusText: response.statusMessage ?? "", text: () => text });
      });
    });
    const timer = setTimeout(() => fail(new RpcTimeoutError(timeoutMs)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      request.destroy();
      reject(error);
    }
    request.on("error", fail);
    request.end(body);
  });
}

function inflate(encoding: string, data: Buffer): Promise<Buffer> {
  const decode = INFLATE[encoding];
  return decode === undefined ? Promise.reject(new Error(`the RPC node answered in an unknown encoding: ${encoding}`)) : decode(data);
}

/** Headers as web3.js passes them: a plain object of strings. */
function plainHeaders(headers: unknown): Record<string, string> {
  if (headers === null || typeof headers !== "object") return {};
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
