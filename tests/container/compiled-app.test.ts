/**
 * The production start the container runs: `npm run build` compiles the bot with
 * tsconfig.build.json (here `tools/container/build.sh emit` into a temporary dir, so neither
 * dist/ nor the Prisma client other test files import is rewritten under them), then
 * `node <dir>/bot/app/main.js` (no tsx) starts on the embedded
 * PGlite database (migrated at start from the copied migrations) and the real localnet, serves
 * /healthz and the static pages from the copied public files, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLocalnet } from "../../localnet/launch.js";

const repoRoot = resolve(import.meta.dirname, "../..");
let outDir: string;
let dataDir: string;
let app: ChildProcess;
let output = "";
let baseUrl: string;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}) before ${what}:\n${output}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The exit code, or the signal's name when a signal ended it. */
function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((done) => child.once("exit", (code, signal) => done(code ?? signal ?? "unknown")));
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "pepfund-build-"));
  await promisify(execFile)(join(repoRoot, "tools/container/build.sh"), ["emit", outDir], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  // Resolves packages as dist/ does from the repository: node_modules one level above bot/.
  await symlink(join(repoRoot, "node_modules"), join(outDir, "node_modules"));
  dataDir = await mkdtemp(join(tmpdir(), "pepfund-dist-"));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, WEB_PORT: String(port), LOG_LEVEL: "info" };
  // A compiled copy has no Rust sources to build a localnet from (as in the image): build it
  // from this checkout (a no-op after `npm run localnet:build`) and name it, as an operator would.
  env.PEPFUND_LOCALNET_BIN = await buildLocalnet();
  // cwd is the data dir: arlocal writes ./logs wherever it runs.
  app = spawn(process.execPath, [join(outDir, "bot/app/main.js")], { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor("/healthz", async () => {
    try {
      return (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
    } catch {
      return false;
    }
  }, 150_000);
  await waitFor("the ready line", () => Promise.resolve(/ready: web, database, chain/.test(output)), 30_000);
}, 300_000);

afterAll(async () => {
  if (app !== undefined && app.exitCode === null && app.signalCode === null) {
    app.kill("SIGKILL");
    await exited(app);
  }
  for (const dir of [dataDir, outDir]) if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe("GIVEN the compiled bot (npm run build)", () => {
  it("THEN the output holds the entry point, the IDL, the web files and the migrations", () => {
    for (const file of ["bot/app/main.js", "programs/pepfund/idl/pepfund.json", "bot/web/public/link.html", "prisma/migrations/migration_lock.toml"]) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
  });

  it("WHEN node runs bot/app/main.js from it THEN /healthz answers and the static pages are served", async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const script = await fetch(`${baseUrl}/static/link.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect((await script.text()).length).toBeGreaterThan(100);
  });

  it("WHEN it gets SIGTERM THEN it logs the stop and exits 0 within seconds", async () => {
    const started = Date.now();
    app.kill("SIGTERM");
    expect(await exited(app), output).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(output).toContain("SIGTERM: stopping");
  }, 30_000);
});
