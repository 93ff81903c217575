/**
 * `.env` loading, through the real entry points (`npm run pepfund`, `npm start`) in a
 * temporary working directory: the file is read, the real environment wins over it, and a
 * malformed file or a missing ENV_FILE stops with the line or the variable named.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { malformedEnvLines } from "../../../bot/app/env-file.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const CLI = join(ROOT, "bot/app/cli/main.ts");
const APP = join(ROOT, "bot/app/main.ts");

let dir: string;

/** Runs an entry point in `dir` with only PATH and `env` set; resolves its exit code and output. */
function run(entry: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [entry, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pepfund-env-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("malformedEnvLines", () => {
  it("GIVEN assignments, comments, export and a quoted value across lines THEN no bad line; a bare word THEN its line number", () => {
    expect(malformedEnvLines('# comment\n\nA=1\nexport B = "two"\nC="multi\nline value"\nD=\n')).toEqual([]);
    expect(malformedEnvLines("A=1\nSOLANA_RPC_URL https://x\n=novalue\nB=2")).toEqual([2, 3]);
  });
});

describe(".env loading", () => {
  it("GIVEN a .env with a bad SOLANA_CLUSTER THEN the CLI reads it and names the variable; the real environment's value wins over the file", async () => {
    await writeFile(join(dir, ".env"), "# test\nSOLANA_CLUSTER=moonnet\n");
    const fromFile = await run(CLI, ["campaign", "example"]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain("SOLANA_CLUSTER:");

    const realWins = await run(CLI, ["campaign", "example"], { SOLANA_CLUSTER: "devnet" });
    expect(realWins.stderr).toBe("");
    expect(realWins.code).toBe(0);
    expect(realWins.stdout.length).toBeGreaterThan(0);
  }, 120_000);

  it("GIVEN a .env line that is not NAME=value THEN the CLI and the app stop with exit 2 naming the file and line, never the content", async () => {
    await writeFile(join(dir, ".env"), "DISCORD_TOKEN=a\nTELEGRAM_BOT_TOKEN hunter2-secret\n");
    for (const entry of [CLI, APP]) {
      const result = await run(entry, entry === CLI ? ["campaign", "example"] : []);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(".env: line 2 is not NAME=value");
      expect(result.stderr).not.toContain("hunter2-secret");
    }
  }, 120_000);

  it("GIVEN ENV_FILE naming another file THEN the app reads that one (a bad WEB_PORT is named before anything starts); a missing one THEN named", async () => {
    await writeFile(join(dir, ".env"), "WEB_PORT=3000\n");
    await writeFile(join(dir, "prod.env"), "WEB_PORT=70000\n");
    const named = await run(APP, [], { ENV_FILE: "prod.env" });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("WEB_PORT:");
    const missing = await run(APP, [], { ENV_FILE: "nope.env" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ENV_FILE: nope.env does not exist");
  }, 120_000);
});
