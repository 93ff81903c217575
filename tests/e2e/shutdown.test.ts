/**
 * Shutdown of `npm start`'s process (node with tsx, what the script runs) with nothing
 * configured: a SIGTERM or SIGINT sent to that process alone (not its process group, so the
 * localnet hears nothing from the terminal) makes it exit 0 within the 10 s deadline, and the
 * localnet, arlocal and the web server it started are gone: their process and ports answer
 * no more. A SIGKILL, which no handler sees, still takes the localnet down (its stdin pipe
 * closes). The second start finds the chain the first one left (the localnet's ledger).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { afterAll, describe, expect, it } from "vitest";
import { NODE_WITH_TSX } from "./support/bot-process.js";
import { answers } from "../bot/support/reachable.js";

const START_TIMEOUT_MS = 10 * 60_000;
/** The app's own deadline is 10 s; the test allows the process a little more to exit. */
const EXIT_WITHIN_MS = 12_000;

interface Run {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const runs: Run[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function startApp(dataDir: string): Run {
  const [node, ...loader] = NODE_WITH_TSX;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dataDir,
    DATA_DIR: dataDir,
    WEB_PORT: "0",
    ...(process.env.PEPFUND_LOCALNET_BIN === undefined ? {} : { PEPFUND_LOCALNET_BIN: process.env.PEPFUND_LOCALNET_BIN }),
    ...(process.env.CARGO_TARGET_DIR === undefined ? {} : { CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR }),
  };
  // stdin /dev/null: a service, no console (the console's end would stop the app by itself).
  const child = spawn(node, [...loader, "bot/app/main.ts"], { env, cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString());
    const text = output.join("");
    for (const waiter of [...waiters]) {
      const match = text.match(waiter.pattern);
      if (match !== null) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const run: Run = {
    child,
    output,
    exited,
    waitFor: (pattern, timeoutMs = START_TIMEOUT_MS) =>
      new Promise((resolve, reject) => {
        const match = output.join("").match(pattern);
        if (match !== null) return resolve(match);
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in the output:\n${output.join("").slice(-3000)}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        void exited.then((code) => reject(new Error(`the app exited (${code}) before ${pattern}:\n${output.join("").slice(-3000)}`)));
      }),
  };
  runs.push(run);
  return run;
}

/** What the started app told about its parts: the localnet's pid and the three URLs. */
async function parts(run: Run): Promise<{ localnetPid: number; rpcUrl: string; arlocalUrl: string; webUrl: string }> {
  await run.waitFor(/"msg":"ready: | INFO ready: /);
  const localnetPid = Number((await run.waitFor(/localnet pid (\d+)/))[1]);
  const rpcUrl = (await run.waitFor(/chain: (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? "";
  const arlocalUrl = (await run.waitFor(/\(arlocal\) at (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? "";
  const webUrl = (await run.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? "";
  return { localnetPid, rpcUrl, arlocalUrl, webUrl };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function withinDeadline(exited: Promise<number | null>): Promise<number | null | "hung"> {
  return Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), EXIT_WITHIN_MS))]);
}

describe("GIVEN npm start with nothing configured, running", () => {
  const remembered = Keypair.generate();
  let dataDir = "";

  it("WHEN the app process alone gets SIGTERM THEN it exits 0 in time and the localnet, arlocal and the web server are gone", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pepfund-shutdown-"));
    dirs.push(dataDir);
    const run = startApp(dataDir);
    const { localnetPid, rpcUrl, arlocalUrl, webUrl } = await parts(run);
    expect(alive(localnetPid)).toBe(true);
    expect(await answers(`${arlocalUrl}/info`)).toBe(true);
    expect((await fetch(`${webUrl}/`)).status).toBe(200);
    // Something for the second start to find on the chain.
    const connection = new Connection(rpcUrl, "confirmed");
    const signature = await connection.requestAirdrop(remembered.publicKey, 2 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");

    run.child.kill("SIGTERM");
    expect(await withinDeadline(run.exited)).toBe(0);
    expect(alive(localnetPid)).toBe(false);
    expect(await answers(rpcUrl)).toBe(false);
    expect(await answers(`${arlocalUrl}/info`)).toBe(false);
    expect(await answers(webUrl)).toBe(false);
    expect(run.output.join("")).toMatch(/SIGTERM: stopping/);
  }, START_TIMEOUT_MS);

  it("WHEN it starts again on the same DATA_DIR and gets SIGINT THEN the chain kept its accounts and it stops the same way", async () => {
    const run = startApp(dataDir);
    const { localnetPid, rpcUrl, arlocalUrl } = await parts(run);
    expect(await new Connection(rpcUrl, "confirmed").getBalance(remembered.publicKey)).toBe(2 * LAMPORTS_PER_SOL);

    run.child.kill("SIGINT");
    expect(await withinDeadline(run.exited)).toBe(0);
    expect(alive(localnetPid)).toBe(false);
    expect(await answers(rpcUrl)).toBe(false);
    expect(await answers(`${arlocalUrl}/info`)).toBe(false);
  }, START_TIMEOUT_MS);

  it("WHEN the app process is killed outright (SIGKILL, no handler runs) THEN the localnet still stops", async () => {
    const run = startApp(dataDir);
    const { localnetPid, rpcUrl } = await parts(run);
    run.child.kill("SIGKILL");
    await run.exited;
    expect(await gone(localnetPid, 5_000)).toBe(true);
    expect(await answers(rpcUrl)).toBe(false);
  }, START_TIMEOUT_MS);
});
