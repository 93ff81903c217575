/**
 * RPC calls that survive a flaky node: each call has a timeout, and errors, timeouts and
 * 429s are retried with exponential backoff here (web3.js's own 429 loop is turned off so
 * that one policy, visible and tested, governs every retry).
 */
import type { Connection } from "@solana/web3.js";
import { PollingConnection } from "../polling-connection.js";
import { postRpc, type RpcRequest, type RpcResponse } from "../rpc-transport.js";
import { ChainUnavailableError } from "../errors.js";

/** How often and how patiently an RPC call is retried. */
export interface RetryPolicy {
  /** Tries in all (1 = no retry). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 2_000 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `call`, retrying every failure the node may recover from; `isFinal` marks answers
 * that retrying cannot change (a program's refusal). The last failure becomes a
 * {@link ChainUnavailableError}.
 */
export async function withRetries<T>(
  operation: string,
  call: () => Promise<T>,
  policy: RetryPolicy,
  isFinal: (error: unknown) => boolean = () => false,
): Promise<T> {
  let delay = policy.baseDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (isFinal(error)) throw error;
      if (attempt >= policy.attempts) throw new ChainUnavailableError(operation, { cause: error });
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}

/** Told about each failed JSON-RPC request and each request sent again after one failed (metrics). */
export interface RpcObserver {
  failed(method: string): void;
  retried(method: string): void;
}

/** Failed requests remembered to recognise their retry (oldest forgotten first). */
const REMEMBERED_FAILURES = 500;

/**
 * The WebSocket URL for an RPC URL, as web3.js derives it (`makeWebsocketUrl`): ws/wss, the
 * port + 1 only when the URL names a port (a validator's own ports; a provider behind a proxy
 * serves both on the default port), and the path and query kept: providers put the API key
 * there. Never log the result: print `new URL(url).origin` instead.
 */
export function websocketUrl(rpcUrl: string): string {
  const match = /^[^:]+:\/\/([^:[/?#]+|\[[^\]]+\])(:\d+)?(.*)$/i.exec(rpcUrl);
  if (match === null) throw new TypeError("the RPC URL is not an http(s) URL");
  const [, host, port, rest] = match;
  const protocol = rpcUrl.toLowerCase().startsWith("https:") ? "wss:" : "ws:";
  return `${protocol}//${host}${port === undefined ? "" : `:${Number(port.slice(1)) + 1}`}${rest}`;
}

/** How web3.js calls its `fetch` option: the node's URL and the request (rpc-transport.ts). */
type RpcSend = (url: string, init?: RpcRequest) => Promise<RpcResponse>;

/**
 * A connection for the relayer: every HTTP request fails after `timeoutMs`, and HTTP 429
 * surfaces as an error (for {@link withRetries}) instead of web3.js's silent retry loop.
 * With an observer, each request that fails (network error, timeout, HTTP error status) is
 * reported by method, and a request equal to a failed one but for its id is a retry.
 * Requests go over `node:http` (rpc-transport.ts: about half the CPU per request of `fetch`).
 */
export function relayConnection(rpcUrl: string, options: { wsUrl?: string; timeoutMs?: number; observer?: RpcObserver } = {}): Connection {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const observer = options.observer;
  const send: RpcSend = (url, init = {}) => postRpc(url, init, timeoutMs);
  return new PollingConnection(rpcUrl, {
    commitment: "confirmed",
    disableRetryOnRateLimit: true,
    wsEndpoint: options.wsUrl ?? websocketUrl(rpcUrl),
    // web3.js reads only what `RpcResponse` has of a fetch Response.
    fetch: (observer === undefined ? send : observedSend(send, observer)) as unknown as typeof fetch,
  });
}

function observedSend(send: RpcSend, observer: RpcObserver): RpcSend {
  const failures = new Set<string>();
  return async (input, init) => {
    // The body is parsed only when a request failed lately (to recognise its retry) or this one
    // fails: nearly every request goes out without it.
    const named = failures.size === 0 ? null : requestKey(init?.body);
    if (named !== null && failures.delete(named.key)) observer.retried(named.method);
    const fail = () => {
      const { method, key } = named ?? requestKey(init?.body);
      observer.failed(method);
      failures.add(key);
      if (failures.size > REMEMBERED_FAILURES) failures.delete(failures.values().next().value ?? "");
    };
    try {
      const response = await send(input, init);
      if (!response.ok) fail();
      return response;
    } catch (error) {
      fail();
      throw error;
    }
  };
}

/** The JSON-RPC method (or "batch") and the request without its id, which web3.js makes fresh for each send. */
function requestKey(body: unknown): { method: string; key: string } {
  if (typeof body !== "string") return { method: "unknown", key: "" };
  try {
    const parsed = JSON.parse(body) as { method?: unknown; params?: unknown } | unknown[];
    if (Array.isArray(parsed)) return { method: "batch", key: body };
    const method = typeof parsed.method === "string" ? parsed.method : "unknown";
    return { method, key: JSON.stringify([method, parsed.params]) };
  } catch {
    return { method: "unknown", key: body };
  }
}
