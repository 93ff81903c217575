/**
 * A round-robin load balancer in front of several Telegram webhook listeners, as an operator
 * puts one in front of the `chat` replicas: each request goes to the next listener in turn,
 * whatever answered before; a listener that is down answers 502 (Telegram then retries the
 * update, and the retry goes to the next one). It records which listener got which update.
 */
import { createServer, request, type Server } from "node:http";

/** One forwarded request: the update it carried, the listener it went to, that one's status (502 when down). */
export interface Forwarded {
  readonly updateId: number;
  readonly upstream: number;
  readonly status: number;
}

export interface LoadBalancer {
  readonly url: string;
  readonly forwarded: readonly Forwarded[];
  close(): Promise<void>;
}

export async function roundRobin(ports: readonly number[], path: string): Promise<LoadBalancer> {
  const forwarded: Forwarded[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const upstream = next++ % ports.length;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const updateId = Number((JSON.parse(body.toString("utf8") || "{}") as { update_id?: unknown }).update_id ?? -1);
      const done = (status: number) => forwarded.push({ updateId, upstream, status });
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
    url: `http://127.0.0.1:${port}${path}`,
    forwarded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
