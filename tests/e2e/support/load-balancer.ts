/**
 * A round-robin load balancer in front of the `chat` replicas, as an operator puts one before
 * their Telegram webhook listeners and one before their web pages: each request goes to the
 * next upstream in turn, whatever answered before, with no stickiness; an upstream that is
 * down answers 502 (Telegram then retries the update, and the retry goes to the next one). It
 * records which upstream got which request (and the Telegram update it carried, if any).
 */
import { createServer, request, type Server } from "node:http";

/** One forwarded request: its path, the Telegram update it carried (else -1), the upstream it went to, that one's status (502 when down). */
export interface Forwarded {
  readonly path: string;
  readonly updateId: number;
  readonly upstream: number;
  readonly status: number;
}

export interface LoadBalancer {
  /** http://127.0.0.1:<port>, what the public URLs name. */
  readonly origin: string;
  readonly forwarded: readonly Forwarded[];
  /** Requests received so far (the next goes to upstream `received % ports.length`). */
  readonly received: number;
  close(): Promise<void>;
}

export async function roundRobin(ports: readonly number[]): Promise<LoadBalancer> {
  const forwarded: Forwarded[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const upstream = next++ % ports.length;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const done = (status: number) => forwarded.push({ path: req.url ?? "/", updateId: updateIdOf(body), upstream, status });
      const call = request({ host: "127.0.0.1", port: ports[upstream], path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => done(answer.statusCode ?? 502));
      });
      call.on("error", () => {
        done(502);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      call.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded,
    get received() {
      return next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `update_id` of a Telegram update in a request body; -1 for anything else (a page's request). */
function updateIdOf(body: Buffer): number {
  try {
    const id = (JSON.parse(body.toString("utf8")) as { update_id?: unknown }).update_id;
    return typeof id === "number" ? id : -1;
  } catch {
    return -1;
  }
}
