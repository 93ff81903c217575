/**
 * A new user's first minutes: the repository cloned into a temporary folder, the README's
 * first command run there with no environment beyond PATH and HOME, and the console chat it
 * opens driven on stdin: /link (the development wallet signs the sign-in message as the link
 * page's wallet would), /status of a demo campaign in review, /deposit and /sign, then /flag
 * with its rationale. The replies are checked, and the chain: the campaign's flag weight and
 * the wallet's deposit.
 *
 * Exceptions to "the README's command exactly", for CI time and the shared machine:
 * - `npm ci` is replaced by a symlink to this checkout's node_modules (the same lockfile;
 *   a real `npm ci` downloads and builds for minutes). The rest is `npm start` as written.
 * - PEPFUND_LOCALNET_BIN and CARGO_TARGET_DIR pass through when the test runner has them
 *   (the prebuilt localnet or the shared warm cargo cache); unset, the clone builds it as a
 *   new user's would, into ~/.cache/pepfund/target.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnchorChainReader } from "../../bot/chain/reader.js";
import { pepfundProgram } from "../../bot/chain/program.js";
import { signLinkPage } from "../../bot/demo/chat-stage.js";

const FIRST_START_MS = 30 * 60_000;
const REPLY_MS = 60_000;

let clone = "";
let app: ChildProcess;
let output = "";

/** Waits until the console's output after `from` matches `pattern`; returns that part. */
async function waitFor(pattern: RegExp, from: number, timeoutMs = REPLY_MS): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = output.slice(from);
    if (pattern.test(text)) return text;
    if (app.exitCode !== null) throw new Error(`npm start exited (${app.exitCode}):\n${output.slice(-4000)}`);
    if (Date.now() > end) throw new Error(`no ${pattern} after ${timeoutMs} ms in:\n${text.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types one line into the console and waits for a reply matching `pattern`. */
async function type(line: string, pattern: RegExp): Promise<string> {
  const from = output.length;
  app.stdin?.write(`${line}\n`);
  return waitFor(pattern, from);
}

beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), "pepfund-clone-"));
  execFileSync("git", ["clone", "--quiet", process.cwd(), clone]);
  await symlink(join(process.cwd(), "node_modules"), join(clone, "node_modules"));
  const readme = readFileSync(join(clone, "README.md"), "utf8");
  expect(readme).toContain("npm ci && npm start");
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? clone };
  for (const name of ["PEPFUND_LOCALNET_BIN", "CARGO_TARGET_DIR"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  app = spawn("npm", ["start"], { cwd: clone, env, stdio: ["pipe", "pipe", "pipe"] });
  app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(/PepFund console\./, 0, FIRST_START_MS);
}, FIRST_START_MS);

afterAll(async () => {
  if (app.exitCode === null) {
    const exited = new Promise((r) => app.once("exit", r));
    app.stdin?.end(); // the console's end stops the app
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (app.exitCode === null) app.kill("SIGKILL");
  }
  if (clone !== "") await rm(clone, { recursive: true, force: true });
});

describe("GIVEN a fresh clone and `npm start` with no environment", () => {
  it("THEN the console offers a try-this list naming the demo campaigns, and link, status, deposit and flag work on the local chain", async () => {
    expect(output).toMatch(/Try this:/);
    const reviewRef = /\/deposit (\S+)/.exec(output)?.[1] ?? "";
    expect(reviewRef).toMatch(/^[1-9A-HJ-NP-Za-km-z]{8}$/);
    const you = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(join(clone, ".data", "keys", "you.json"), "utf8")) as number[]));
    expect(output).toContain(`Your development wallet: ${you.publicKey.toBase58()}`);
    const webUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
    const rpcUrl = /chain: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";

    // /link: the wallet signs the sign-in message, as the link page's wallet would.
    expect(output).toContain(`/link ${you.publicKey.toBase58()}`);
    const linkReply = await type(`/link ${you.publicKey.toBase58()}`, /\/link\/[1-9A-HJ-NP-Za-km-z]{16,44}/);
    const nonce = /\/link\/([1-9A-HJ-NP-Za-km-z]{16,44})/.exec(linkReply)?.[1] ?? "";
    expect(await signLinkPage(webUrl, nonce, you)).toMatchObject({ ok: true, address: you.publicKey.toBase58(), platform: "CONSOLE" });

    const status = await type(`/campaign ${reviewRef}`, /review|flag/i);
    expect(status).not.toMatch(/not found|no campaign/i);

    const deposit = await type(`/deposit ${reviewRef}`, /Or type \/sign/);
    expect(deposit).toMatch(/\/sign\//);
    await type("/sign last", /deposit|on-chain|confirmed/i);

    await type(`/flag ${reviewRef} 1`, /Type it on the next line/);
    const flagged = await type("The raw data behind figure 2 is not in the evidence.", /Your flag on milestone 1 is on-chain/);
    expect(flagged).toMatch(/weight \d/);

    // On chain: the wallet's deposit and the milestone's flag weight.
    const program = pepfundProgram(new Connection(rpcUrl, "confirmed"), Keypair.generate());
    const chain = new AnchorChainReader(program);
    const address = await campaignAddress(chain, reviewRef);
    const holder = await chain.getHolder(address, you.publicKey.toBase58());
    expect(holder?.deposited ?? 0n).toBeGreaterThan(0n);
    const campaign = await chain.getCampaign(address);
    expect(campaign?.milestones[0]?.flagWeight ?? 0n).toBeGreaterThan(0n);
  }, 10 * REPLY_MS);
});

/** The full address of the campaign whose address starts with `prefix`. */
async function campaignAddress(chain: AnchorChainReader, prefix: string): Promise<string> {
  const all = await chain.listCampaigns();
  const found = all.find((c) => c.address.startsWith(prefix));
  if (found === undefined) throw new Error(`no campaign starts with ${prefix}`);
  return found.address;
}
