/**
 * The dependency check must fail on a forbidden import: it is run on fixture files that
 * break each rule, and on the real tree, which must pass.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/depcheck/", import.meta.url));
const DEPCRUISE = `${ROOT}node_modules/.bin/depcruise`;

async function cruise(cwd: string, config: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ["bot", "--config", config, "--output-type", "err"], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

describe("dependency check", () => {
  it("GIVEN bot/core importing grammy and tweetnacl, bot/chat importing discord.js and an adapter, and telegram importing discord THEN it fails naming each rule", async () => {
    const { code, output } = await cruise(FIXTURE, `${ROOT}.dependency-cruiser.cjs`);
    expect(code).not.toBe(0);
    expect(output).toMatch(/core-no-platform-sdk: bot\/core\/imports-grammy\.ts/);
    expect(output).toMatch(/core-no-platform-sdk: bot\/core\/imports-tweetnacl\.ts/);
    expect(output).toMatch(/telegram-no-other-adapter: bot\/telegram\/imports-discord\.ts → bot\/discord\/words\.ts/);
    expect(output).toMatch(/chat-no-platform-sdk: bot\/chat\/imports-discord-js\.ts/);
    expect(output).toMatch(/chat-only-core: bot\/chat\/imports-adapter\.ts → bot\/discord\/words\.ts/);
    expect(output).not.toMatch(/clean\.ts/);
  });

  it("GIVEN the real bot tree THEN it passes", async () => {
    const { code, output } = await cruise(ROOT, ".dependency-cruiser.cjs");
    expect(output).not.toMatch(/error/);
    expect(code).toBe(0);
  });
});
