/**
 * arlocal for the benchmarks, in a process of its own: an Arweave gateway is another machine,
 * so neither its event loop nor its CPU (arlocal's JavaScript and the SQLite it runs on libuv's
 * threadpool) may count as the bot's. "process CPU per flag" is then the bot's alone.
 *
 * The benchmark starts this file as a worker thread (`new Worker`, messages: `start` ->
 * `{ url, wallet }`; `cpu` -> the gateway process's CPU so far, `process.cpuUsage()` of every
 * one of its threads, microseconds; `stop`), and the thread only relays them to this same file
 * run as a child process, which runs arlocal. The thread keeps the messages the benchmarks of
 * earlier commits speak, so `bench/ab.ts --copy bench/arlocal-worker.ts` measures them alike.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";
import { startArlocal, type RunningArlocal } from "../tests/bot/support/arlocal.js";

type Request = { readonly type: "start" | "cpu" | "stop" };

if (parentPort !== null) relayFromThread(parentPort);
else if (process.send !== undefined) serveInChild();
else throw new Error("run as the benchmark's worker thread");

/** The worker thread: forks the gateway's process and relays each message to it and back. */
function relayFromThread(port: NonNullable<typeof parentPort>): void {
  let child: ChildProcess | null = null;
  port.on("message", (request: Request) => {
    void (async () => {
      if (request.type === "start") {
        // The child loads this file through tsx, as the benchmark was.
        child = fork(fileURLToPath(import.meta.url), { execArgv: ["--import", "tsx"], stdio: "inherit" });
      }
      if (child === null) throw new Error(`gateway not started before ${request.type}`);
      child.send(request);
      const [answer] = (await once(child, "message")) as [unknown];
      if (request.type === "stop") await once(child, "exit");
      port.postMessage(answer);
    })();
  });
}

/** The child process: arlocal itself. */
function serveInChild(): void {
  let arlocal: RunningArlocal | null = null;
  const send = (message: unknown) => process.send?.(message);
  process.on("message", (request: Request) => {
    void (async () => {
      if (request.type === "cpu") send(process.cpuUsage());
      else if (request.type === "start") {
        arlocal = await startArlocal();
        send({ url: arlocal.url, wallet: arlocal.wallet });
      } else {
        await arlocal?.stop();
        // Its database handles need not keep it alive once the answer is out.
        process.send?.({ stopped: true }, () => process.exit(0));
      }
    })();
  });
}
