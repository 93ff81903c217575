/**
 * arlocal in its own thread for the benchmarks: arlocal is a JavaScript server, and in the
 * benchmark's thread its work and the pipeline's would share one event loop, which an Arweave
 * gateway (another machine) never does. Messages: `start` -> `{ url, wallet }`; `cpu` -> this
 * thread's CPU so far (`process.threadCpuUsage`, microseconds); `stop`.
 */
import { parentPort } from "node:worker_threads";
import { startArlocal, type RunningArlocal } from "../tests/bot/support/arlocal.js";

if (parentPort === null) throw new Error("run as a worker");
const port = parentPort;
let arlocal: RunningArlocal | null = null;

port.on("message", (request: { readonly type: "start" | "cpu" | "stop" }) => {
  void (async () => {
    if (request.type === "cpu") {
      port.postMessage(process.threadCpuUsage());
      return;
    }
    if (request.type === "start") {
      arlocal = await startArlocal();
      port.postMessage({ url: arlocal.url, wallet: arlocal.wallet });
      return;
    }
    await arlocal?.stop();
    port.postMessage({ stopped: true });
  })();
});
