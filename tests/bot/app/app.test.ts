/**
 * The whole application from configuration alone, as `npm start` runs it locally: no
 * SOLANA_RPC_URL (so the localnet starts, with demo keys funded by airdrop), no
 * ARWEAVE_GATEWAYS (so arlocal runs in-process), embedded PGlite, and both chat adapters
 * against the local Telegram and Discord servers. Every worker starts and does its work (the
 * outbox loop delivers to both platforms); App.stop shuts every part down.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, type Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../bot/app/compose.js";
import { loadConfig } from "../../../bot/app/config.js";
import { readKeypair } from "../../../bot/app/keys.js";
import { notify } from "../../../bot/core/usecases/announce.js";
import type { Notice } from "../../../bot/core/ports.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { DiscordTestServer } from "../../discord-server/server.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { MemoryLogger } from "../telegram/harness.js";
import { randomAddress } from "../support/fakes.js";
import { answers } from "../support/reachable.js";

let telegram: TelegramTestServer;
let discord: DiscordTestServer;
let dataDir: string;
let app: App;
const log = new MemoryLogger();

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  telegram = await TelegramTestServer.start({ flood: false });
  discord = await DiscordTestServer.start();
  dataDir = await mkdtemp(join(tmpdir(), "pepfund-app-"));
  app = await startApp(
    loadConfig({
      DATA_DIR: dataDir,
      WEB_PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_BASE: discord.apiBase,
      OUTBOX_INTERVAL_MS: "100",
      SCHEDULER_INTERVAL_MS: "200",
      FLAG_RESUME_INTERVAL_MS: "200",
    }),
    log,
  );
}, 300_000);

afterAll(async () => {
  await app.stop();
  await telegram.stop();
  await discord.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GIVEN npm start's defaults with both chat tokens", () => {
  it("THEN every part and every worker is up, and no secret is logged", () => {
    expect(app.enabled).toEqual(expect.arrayContaining(["web", "database", "chain", "evidence", "telegram", "discord"]));
    expect(app.disabled).toEqual([]);
    expect(app.workers).toEqual(["outbox", "flag-resume", "signing-resume", "scheduler", "campaign-directory", "retention", "indexer"]);
    const text = log.lines.join("\n");
    expect(text).toContain("starting the PepFund localnet");
    expect(text).toContain("arlocal");
    expect(text).not.toContain(telegram.token.split(":")[1] ?? "");
    expect(text).not.toContain(discord.token);
  });

  it("THEN the demo keys are kept under DATA_DIR, owner-only, funded on the localnet", async () => {
    const file = join(dataDir, "keys", "fee-payer.json");
    expect((await stat(file)).mode & 0o077).toBe(0);
    const feePayer: Keypair = await readKeypair(file, "fee-payer");
    const balance = await new Connection(app.rpcUrl, "confirmed").getBalance(feePayer.publicKey);
    expect(balance).toBeGreaterThanOrEqual(10 * LAMPORTS_PER_SOL);
    expect(log.lines.join("\n")).not.toContain(JSON.stringify(Array.from(feePayer.secretKey)));
  });

  it("THEN the evidence store and the signing endpoints answer", async () => {
    expect((await fetch(`${app.gatewayUrl}/info`)).ok).toBe(true);
    const missing = await fetch(`${app.webUrl}/api/sign/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "SigningRequestNotFound" });
  });

  it("WHEN notices are queued THEN the outbox worker delivers them to Telegram and Discord", async () => {
    const store = prismaStore(app.database.prisma);
    const campaign = randomAddress();
    const notice: Notice = {
      kind: "BehindSchedule",
      campaign: { address: campaign, label: "Peptide trial" },
      milestone: { index: 0, title: "Synthesis" },
      estimatedCompletion: 1_900_000_000,
      staleAt: 1_900_000_000 + 30 * 86_400,
    };
    const chat = telegram.addChat({ id: -1001234, type: "supergroup", title: "backers" });
    await notify({ store }, { platform: "TELEGRAM", chatId: String(chat.id) }, notice, "app-test");
    await notify({ store }, { platform: "DISCORD", chatId: discord.channel.id }, notice, "app-test");
    await until("both deliveries", () => telegram.sentMessages(chat.id).length === 1 && discord.channelPosts(discord.channel.id).length === 1);
    expect(telegram.sentMessages(chat.id)[0]?.text).toContain("Peptide trial");
    expect(JSON.stringify(discord.channelPosts(discord.channel.id)[0]?.message)).toContain("Peptide trial");
  });

  it("WHEN the app stops THEN every worker, the localnet, arlocal and the web server are down", async () => {
    const { rpcUrl, gatewayUrl, webUrl } = app;
    await app.stop();
    const text = log.lines.join("\n");
    for (const worker of ["outbox", "flag-resume", "scheduler"]) expect(text).toContain(`worker ${worker}: stopped`);
    expect(text).not.toMatch(/^error /m);
    expect(await answers(rpcUrl)).toBe(false);
    expect(await answers(`${gatewayUrl}/info`)).toBe(false);
    expect(await answers(`${webUrl}/healthz`)).toBe(false);
    // afterAll stops it again: stopping twice is harmless.
  }, 60_000);
});
