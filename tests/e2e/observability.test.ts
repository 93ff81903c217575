/**
 * What an operator watches, from the whole app as `npm start` composes it (in this process,
 * configured from the environment alone): the real program on the localnet, arlocal, the
 * test's PostgreSQL schema, the local Telegram and Discord servers. A holder flags through
 * Telegram; then /metrics shows the command, the relay, the outbox and the balances, every
 * log line of the update names it, and /readyz turns 503 naming the database or the RPC when
 * either goes away.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Keypair } from "@solana/web3.js";
import type { Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../bot/app/compose.js";
import { loadConfig } from "../../bot/app/config.js";
import { createLogger } from "../../bot/app/logger.js";
import { USDC } from "../bot/chain/support/campaign.js";
import { freePort } from "../bot/support/arlocal.js";
import { DiscordTestServer } from "../discord-server/server.js";
import { TelegramTestServer } from "../telegram-server/server.js";
import { botEnvironment } from "./support/bot-process.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { campaignInReview, startWorld, type World } from "./support/world.js";

let world: World;
let telegram: TelegramTestServer;
let discord: DiscordTestServer;
let dir: string;
let app: App;
/** The app's way to PostgreSQL, cut to take the database away. */
let databaseLink: TcpProxy;
const logLines: string[] = [];

beforeAll(async () => {
  world = await startWorld("postgres");
  [telegram, discord] = await Promise.all([TelegramTestServer.start({ flood: false }), DiscordTestServer.start()]);
  dir = await mkdtemp(join(tmpdir(), "pepfund-observability-"));
  const env = await botEnvironment(world, { telegram, discord }, dir, await freePort());
  const database = new URL(env.DATABASE_URL ?? "");
  databaseLink = await startTcpProxy(database.hostname, Number(database.port || "5432"));
  database.host = `127.0.0.1:${databaseLink.port}`;
  env.DATABASE_URL = database.toString();
  app = await startApp(loadConfig(env), createLogger("info", { write: (line) => logLines.push(line) }));
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await Promise.allSettled([telegram?.stop(), discord?.stop()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await world?.stop();
});

/** One sample of the exposition text: its value, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? "", m[2] ?? ""]));
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

/** The sum of a counter's samples over all its labels. */
function total(text: string, name: string): number {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `)).reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

async function scrape(): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${app.webUrl}/metrics`);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

async function readyz(): Promise<{ status: number; body: { ready: boolean; checks: Record<string, string> } }> {
  const response = await fetch(`${app.webUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, string> } };
}

/** Sends one update, waits until the bot confirmed it, returns it and the bot's answer `accept` picks. */
async function telegramStep(chatId: number, send: () => Update, accept: (m: Message) => boolean): Promise<{ update: Update; answer: Message }> {
  const before = telegram.sentMessages(chatId).length;
  const update = send();
  await telegram.handled(update, 60_000);
  const answer = telegram.sentMessages(chatId).slice(before).filter(accept).at(-1);
  if (answer === undefined) throw new Error(`update ${update.update_id} got no answer: ${JSON.stringify(telegram.sentMessages(chatId).slice(-2).map((m) => m.text))}`);
  return { update, answer };
}

describe("GIVEN the app running against the localnet, arlocal, PostgreSQL and both chat servers", () => {
  it("THEN a flag through Telegram shows in /metrics and every log line of its updates names the update", async () => {
    // Backer supply 3000 + 5 USDC: the one flag stays under quorum.
    const campaign = await campaignInReview(world, [3000n * USDC, 5n * USDC], [1]);
    const address = campaign.address.toBase58();
    const user: User = { id: 71_001, is_bot: false, first_name: "Holder" };
    telegram.addChat({ id: user.id, type: "private", title: "Holder" });
    await world.store.links.insert({ platform: "TELEGRAM", userId: String(user.id), chatId: String(user.id), address: (campaign.backers[1] as Keypair).publicKey.toBase58(), challengeNonce: `obs-${user.id}`, linkedAt: new Date() });

    const menu = await telegramStep(user.id, () => telegram.injectMessage({ chatId: user.id, from: user, text: `/flag ${address}` }), (m) => JSON.stringify(m.reply_markup ?? {}).includes(`flag|${address}|0`));
    const prompt = await telegramStep(user.id, () => telegram.injectCallback({ from: user, message: menu.answer, data: `flag|${address}|0` }), (m) => (m.text ?? "").includes("Send it as your next message"));
    const flagged = await telegramStep(
      user.id,
      () => telegram.injectMessage({ chatId: user.id, from: user, text: "Figure 2 does not match the raw data.", replyTo: prompt.answer }),
      (m) => /Flag accepted|is on-chain/.test(m.text ?? ""),
    );

    // The relay confirms, counted and timed (the flag-resume worker may call the relayer for
    // the same request too: the journal answers it with the same confirmation, counted again).
    await expect.poll(async () => sample((await scrape()).text, "pepfund_relays_total", { action: "flag", outcome: "ok" }) ?? 0, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    const { status, type, text } = await scrape();
    const relays = sample(text, "pepfund_relays_total", { action: "flag", outcome: "ok" });
    expect(status).toBe(200);
    expect(type).toContain("text/plain");
    expect(sample(text, "pepfund_commands_total", { platform: "TELEGRAM", command: "flag", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "pepfund_relay_duration_seconds_count", { action: "flag" })).toBe(relays);
    expect(sample(text, "pepfund_relay_duration_seconds_sum", { action: "flag" })).toBeGreaterThan(0);
    expect(sample(text, "pepfund_outbox_depth")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "pepfund_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(0);
    // The relayer's keys were funded by the test world (fees paid since, so only "> 0").
    expect(sample(text, "pepfund_sol_balance_lamports", { key: "fee_payer" })).toBeGreaterThan(0);
    expect(sample(text, "pepfund_sol_balance_lamports", { key: "relay_authority" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(text).toContain("# TYPE pepfund_rpc_errors_total counter");

    // Each of the three updates: its handled line, and every line naming it is JSON.
    const parsed = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const step of [menu, prompt, flagged]) {
      const lines = parsed.filter((p) => p.update_id === step.update.update_id);
      expect(lines.map((p) => p.msg)).toContain("telegram: update handled");
    }
    // The command's line is written from the chat layer, deep inside the update's handling.
    const answered = parsed.find((p) => p.msg === "chat: /flag answered: ok");
    expect(answered?.update_id).toBe(flagged.update.update_id);
    expect(answered?.platform).toBe("TELEGRAM");
  }, 180_000);

  it("THEN RPC requests the node fails are counted by method, and the ones sent again as retries", async () => {
    const before = (await scrape()).text;
    // The node answers the next requests with HTTP 500 (docs/LOCALNET.md); the app's workers and
    // relayer keep calling it, and send failed calls again.
    await world.chain.setFaults({ failNextRequests: 3 });
    await expect.poll(async () => total((await scrape()).text, "pepfund_rpc_errors_total") - total(before, "pepfund_rpc_errors_total"), { timeout: 30_000, interval: 300 }).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => total((await scrape()).text, "pepfund_rpc_retries_total") - total(before, "pepfund_rpc_retries_total"), { timeout: 30_000, interval: 300 }).toBeGreaterThanOrEqual(1);
    expect((await scrape()).text).toMatch(/^pepfund_rpc_errors_total\{method="\w+"\} \d+$/m);
  }, 70_000);

  it("THEN /readyz is 200 with every check ok while everything is up, and /healthz stays 200", async () => {
    const { status, body } = await readyz();
    expect(body.checks).toMatchObject({ database: "ok", rpc: "ok", telegram: "ok", discord: "ok", "worker:outbox": "ok", "worker:scheduler": "ok" });
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
  });

  it("THEN with the database gone /readyz is 503 naming the database, and with the localnet stopped it names the RPC", async () => {
    await databaseLink.cut();
    const noDatabase = await readyz();
    expect(noDatabase.status).toBe(503);
    expect(noDatabase.body.ready).toBe(false);
    expect(noDatabase.body.checks.database).not.toBe("ok");
    expect(noDatabase.body.checks.rpc).toBe("ok");

    await world.chain.stop();
    const noRpc = await readyz();
    expect(noRpc.status).toBe(503);
    expect(noRpc.body.checks.rpc).not.toBe("ok");
    expect((await fetch(`${app.webUrl}/healthz`)).status).toBe(200);
  }, 30_000);
});
