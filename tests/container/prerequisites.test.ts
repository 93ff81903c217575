/**
 * `npm test` starts with tools/prerequisites.sh. On a machine without Rust or Chromium it must
 * stop within seconds and print the exact install line of each missing tool, not fail minutes
 * later inside cargo or a browser test.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../tools/prerequisites.sh");
const BASE_COMMANDS = ["sed", "sort", "id", "cut"];
const binDirs: string[] = [];

/** A PATH holding only node, the shell utilities and these commands (from the real PATH). */
async function pathWith(commands: string[]): Promise<string> {
  const binDir = await mkdtemp(join(tmpdir(), "pepfund-prereq-bin-"));
  binDirs.push(binDir);
  for (const command of [...BASE_COMMANDS, ...commands]) {
    const found = execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim();
    await symlink(found, join(binDir, command));
  }
  await symlink(process.execPath, join(binDir, "node"));
  return binDir;
}

function run(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    execFile("/bin/bash", [script], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const missingChromium = join(tmpdir(), "pepfund-no-chromium-here");

afterAll(async () => {
  for (const dir of binDirs) await rm(dir, { recursive: true, force: true });
});

describe("GIVEN a machine without cargo, python3 and Chromium (tools/prerequisites.sh)", () => {
  it("THEN the check exits 1 within seconds and names the install line of each", async () => {
    const path = await pathWith(["cc", "make", "pkg-config"]);
    const result = await run({ PATH: path, HOME: tmpdir(), CHROMIUM_PATH: missingChromium });
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
    expect(result.stderr).toContain("prerequisites missing");
    expect(result.stderr).toMatch(/Chromium at .*no-chromium-here.*: apt-get install -y chromium/);
    expect(result.stderr).toMatch(/python3 .*: apt-get install -y python3/);
    expect(result.stderr).toContain("Rust (cargo");
    expect(result.stderr).toContain("https://sh.rustup.rs | sh -s -- -y");
    expect(result.stderr).toContain("all Debian packages at once: apt-get install -y chromium python3");
    expect(result.stderr).not.toContain("build-essential");
  });

  it("WHEN installing is asked for on a machine without apt-get THEN it installs nothing and fails naming the lines", async () => {
    const path = await pathWith([]);
    const result = await run({ PATH: path, HOME: tmpdir(), CHROMIUM_PATH: missingChromium, PEPFUND_INSTALL_PREREQUISITES: "1" });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("installing");
    expect(result.stderr).toMatch(/C compiler .*: apt-get install -y build-essential/);
    expect(result.stderr).toMatch(/all Debian packages at once: apt-get install -y build-essential chromium pkg-config python3/);
  });
});
