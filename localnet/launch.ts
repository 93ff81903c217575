/**
 * Starts the PepFund localnet (localnet/: the real program in a real bank behind
 * standard Solana JSON-RPC and WebSocket) for tests, benchmarks and the local demo.
 *
 * With `SOLANA_RPC_URL` set (a solana-test-validator with the program deployed), no
 * localnet starts: the same code runs against that validator. See docs/LOCALNET.md.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
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
}

export interface Localnet {
  rpcUrl: string;
  wsUrl: string;
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

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_LINES = 40;

/** The cargo target dir, as .ci/run sets it: shared with the Rust tests' build. */
export function cargoTargetDir(): string {
  return process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "pepfund", "target");
}

let build: Promise<string> | undefined;

/**
 * Builds the localnet binary (once per process; cargo makes later runs a no-op) and returns
 * its path. `PEPFUND_LOCALNET_BIN` names a prebuilt binary and skips the build.
 */
export function buildLocalnet(): Promise<string> {
  const prebuilt = process.env.PEPFUND_LOCALNET_BIN;
  if (prebuilt) {
    return existsSync(prebuilt)
      ? Promise.resolve(prebuilt)
      : Promise.reject(new LocalnetStartError(`PEPFUND_LOCALNET_BIN=${prebuilt} does not exist`, ""));
  }
  build ??= new Promise<string>((done, fail) => {
    const targetDir = cargoTargetDir();
    execFile(
      "cargo",
      ["build", "-q", "-p", "pepfund-localnet", "--locked"],
      { cwd: repoRoot, env: { ...process.env, CARGO_TARGET_DIR: targetDir }, maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) {
          build = undefined;
          fail(new LocalnetStartError(`cargo build of pepfund-localnet failed: ${error.message}`, tail(stderr)));
        } else {
          done(join(targetDir, "debug", "pepfund-localnet"));
        }
      },
    );
  });
  return build;
}

function tail(text: string): string {
  return text.split("\n").slice(-STDERR_TAIL_LINES).join("\n").trim();
}

function external(): Localnet | undefined {
  const rpcUrl = process.env.SOLANA_RPC_URL;
  if (!rpcUrl) return undefined;
  const url = new URL(rpcUrl);
  const wsUrl =
    process.env.SOLANA_WS_URL ??
    `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.hostname}:${Number(url.port || (url.protocol === "https:" ? 443 : 80)) + 1}`;
  return { rpcUrl, wsUrl, stop: () => Promise.resolve() };
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
  const binary = await buildLocalnet();
  const args = ["--port", String(options.port ?? 0)];
  if (options.upgradeAuthority !== undefined) args.push("--upgrade-authority", options.upgradeAuthority);
  const child = spawn(binary, args, {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
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
  return { rpcUrl: ready.rpcUrl, wsUrl: ready.wsUrl, stop: () => stopProcess(child) };
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
