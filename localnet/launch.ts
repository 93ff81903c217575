/**
 * Starts the PepFund localnet (localnet/: the real program in a real bank behind
 * standard Solana JSON-RPC and WebSocket) for tests, benchmarks and the local demo.
 *
 * With `SOLANA_RPC_URL` set (a solana-test-validator with the program deployed), no
 * localnet starts: the same code runs against that validator. See docs/LOCALNET.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface LocalnetOptions {
  /** HTTP port (the WebSocket listens on port + 1); default: a free pair. */
  port?: number;
  /** Receives the localnet's stderr lines (quiet unless it fails). */
  log?: (line: string) => void;
  /**
   * Base58 key recorded as pepfund's upgrade authority: the one key `config_init` accepts.
   * Without it the program is deployed as final and nobody can initialise the config.
   * Ignored against an external validator, where `solana program deploy` sets it.
   */
  upgradeAuthority?: string;
  /**
   * Directory the localnet keeps its state in (`--ledger`): loaded at start, saved every few
   * seconds and when it stops. Unset: the chain lives in memory and ends with the process.
   */
  ledgerDir?: string;
  /** Receives the first build's progress (cargo's `Compiling x` lines and an elapsed-time line every 10 s). */
  buildProgress?: (line: string) => void;
}

export interface Localnet {
  rpcUrl: string;
  wsUrl: string;
  /** The localnet's process id; `null` against an external validator. */
  pid: number | null;
  /** Stops the localnet (a no-op against an external validator). */
  stop(): Promise<void>;
}

/** A localnet that failed to build or start; `stderr` holds the tail of its output. */
export class LocalnetStartError extends Error {
  override name = "LocalnetStartError";
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(stderr ? `${message}\n--- localnet stderr (tail) ---\n${stderr}` : message);
  }
}

/**
 * The checkout holding the localnet's crate: this file's parent, or its grandparent when this
 * runs compiled from dist/localnet/launch.js (`npm run build`). Null in a copy without the
 * Rust sources (the container): there only PEPFUND_LOCALNET_BIN can name a localnet.
 */
const repoRoot: string | null =
  ["..", "../.."].map((up) => resolve(fileURLToPath(new URL(up, import.meta.url)))).find((dir) => existsSync(join(dir, "localnet", "Cargo.toml"))) ?? null;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_LINES = 40;
/** A build that prints nothing for this long still says it is alive. */
const BUILD_HEARTBEAT_MS = 10_000;

/** The cargo target dir, as .ci/run sets it: shared with the Rust tests' build. */
export function cargoTargetDir(): string {
  return process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "pepfund", "target");
}

let build: Promise<string> | undefined;

/**
 * Builds the localnet binary (once per process; cargo makes later runs a no-op) and returns
 * its path. `PEPFUND_LOCALNET_BIN` names a prebuilt binary and skips the build. `progress`
 * receives cargo's own progress lines (`Compiling solana-runtime v2.3.13`, the first build
 * compiles a few hundred crates) and, while cargo is silent, the elapsed time every 10 s.
 */
export function buildLocalnet(progress?: (line: string) => void): Promise<string> {
  const prebuilt = process.env.PEPFUND_LOCALNET_BIN;
  if (prebuilt) {
    return existsSync(prebuilt)
      ? Promise.resolve(prebuilt)
      : Promise.reject(new LocalnetStartError(`PEPFUND_LOCALNET_BIN=${prebuilt} does not exist`, ""));
  }
  if (repoRoot === null) {
    return Promise.reject(new LocalnetStartError("the localnet's sources are not here (a compiled copy): set PEPFUND_LOCALNET_BIN to a built pepfund-localnet, or SOLANA_RPC_URL", ""));
  }
  const checkout = repoRoot;
  build ??= new Promise<string>((done, fail) => {
    const targetDir = cargoTargetDir();
    const started = Date.now();
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
    // Without -q cargo writes its progress to stderr; no terminal, so one line per crate.
    const cargo = spawn("cargo", ["build", "-p", "pepfund-localnet", "--locked"], {
      cwd: checkout,
      env: { ...process.env, CARGO_TARGET_DIR: targetDir, CARGO_TERM_PROGRESS_WHEN: "never" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const lines: string[] = [];
    let lastLine = Date.now();
    createInterface({ input: cargo.stderr }).on("line", (line) => {
      lines.push(line);
      if (lines.length > STDERR_TAIL_LINES) lines.shift();
      lastLine = Date.now();
      const text = line.trim();
      if (text !== "") progress?.(`localnet build: ${text} (${elapsed()})`);
    });
    const heartbeat = setInterval(() => {
      if (Date.now() - lastLine >= BUILD_HEARTBEAT_MS) progress?.(`localnet build: still compiling (${elapsed()})`);
    }, BUILD_HEARTBEAT_MS);
    const finish = (error: string | null) => {
      clearInterval(heartbeat);
      if (error === null) {
        progress?.(`localnet build: done in ${elapsed()}`);
        done(join(targetDir, "debug", "pepfund-localnet"));
      } else {
        build = undefined;
        fail(new LocalnetStartError(`cargo build of pepfund-localnet failed: ${error}`, lines.join("\n")));
      }
    };
    cargo.once("error", (error) => finish(`cannot run cargo (is Rust installed? see README): ${error.message}`));
    cargo.once("exit", (code, signal) => finish(code === 0 ? null : `exit code ${code ?? signal}`));
  });
  return build;
}

function external(): Localnet | undefined {
  const rpcUrl = process.env.SOLANA_RPC_URL;
  if (!rpcUrl) return undefined;
  const url = new URL(rpcUrl);
  const wsUrl =
    process.env.SOLANA_WS_URL ??
    `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.hostname}:${Number(url.port || (url.protocol === "https:" ? 443 : 80)) + 1}`;
  return { rpcUrl, wsUrl, pid: null, stop: () => Promise.resolve() };
}

interface ReadyLine {
  ready: true;
  rpcUrl: string;
  wsUrl: string;
}

function isReady(value: unknown): value is ReadyLine {
  return typeof value === "object" && value !== null && (value as { ready?: unknown }).ready === true;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    child.kill("SIGTERM");
  });
}

/** Builds (if needed) and starts a localnet, resolving once it serves requests. */
export async function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  const validator = external();
  if (validator) return validator;
  const binary = await buildLocalnet(options.buildProgress);
  // stdin is a pipe only this process holds: when it dies, however it dies, the localnet
  // reads end of file and stops (saving its ledger) instead of running on as an orphan.
  const args = ["--port", String(options.port ?? 0), "--exit-on-stdin-eof"];
  if (options.upgradeAuthority !== undefined) args.push("--upgrade-authority", options.upgradeAuthority);
  if (options.ledgerDir !== undefined) args.push("--ledger", options.ledgerDir);
  const child = spawn(binary, args, {
    cwd: repoRoot ?? process.cwd(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderrLines: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderrLines.push(line);
    if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
    options.log?.(line);
  });
  const ready = await new Promise<ReadyLine>((done, fail) => {
    const failWith = (message: string) => {
      clearTimeout(timer);
      void stopProcess(child);
      fail(new LocalnetStartError(message, stderrLines.join("\n")));
    };
    const timer = setTimeout(() => failWith(`localnet not ready after ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.once("error", (error) => failWith(`cannot run ${binary}: ${error.message}`));
    child.once("exit", (code, signal) => failWith(`localnet exited before ready (code ${code}, signal ${signal})`));
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        if (isReady(parsed)) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          done(parsed);
        }
      } catch {
        // Not the ready line.
      }
    });
  });
  return { rpcUrl: ready.rpcUrl, wsUrl: ready.wsUrl, pid: child.pid ?? null, stop: () => stopProcess(child) };
}

/** A JSON-RPC error answered by the localnet (or a validator). */
export class LocalnetRpcError extends Error {
  override name = "LocalnetRpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Calls one JSON-RPC method (the `localnet_*` test-only methods, or any other). */
export async function localnetRpc<T = unknown>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
  if (body.error) throw new LocalnetRpcError(body.error.code, body.error.message, body.error.data);
  return body.result as T;
}
