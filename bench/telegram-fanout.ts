/**
 * One announcement fanned out to 1,000 subscribed Telegram groups: announce -> outbox ->
 * deliverOutbox -> TelegramNotifier (pacing + auto-retry) -> the local Bot API server
 * enforcing Telegram's flood limits (30 messages/s overall with a burst of 30, 20 per minute
 * per group). Prints the time to deliver all against the least the limits allow, and the 429s.
 *
 * The outbox is drained in batches of 50, as the bot's delivery loop does.
 *
 *   npx tsx bench/telegram-fanout.ts [groups=1000] [--postgres]
 */
import type { Notice } from "../bot/core/notices.js";
import { announce } from "../bot/core/usecases/announce.js";
import { deliverOutbox } from "../bot/core/usecases/deliver-outbox.js";
import { openDatabase } from "../bot/store/database.js";
import { prismaStore } from "../bot/store/prisma-store.js";
import { TelegramNotifier } from "../bot/telegram/notifier.js";
import { FloodControl, TELEGRAM_FLOOD_LIMITS } from "../tests/telegram-server/flood.js";
import { TelegramTestServer } from "../tests/telegram-server/server.js";
import { PLATFORMS } from "../tests/bot/support/platforms.js";

const groups = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1000);
const postgres = process.argv.includes("--postgres");
/** Outbox messages claimed per pass: small batches start sending at once. */
const BATCH = 50;
const campaign = "7Gh1dQm4sWCkLZ2sJ5oQdp2XKvTQ1wWb6uWJfWZbnDqE";

const db = await openDatabase(
  postgres
    ? { kind: "postgres", url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test", schema: `bench_${process.pid}` }
    : { kind: "pglite" },
);
const store = prismaStore(db.prisma);
const server = await TelegramTestServer.start({ flood: TELEGRAM_FLOOD_LIMITS });
try {
  for (let i = 0; i < groups; i++) {
    const id = -1003000000000 - i;
    server.addChat({ id, type: "supergroup" });
    await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: String(id), channelId: "", createdBy: "1" });
  }
  const notice: Notice = {
    kind: "TrancheReleased",
    campaign: { address: campaign, label: "#3 by 9xQe…h2Kd — Protein folding <dataset> & code" },
    milestone: { index: 1, title: "Wet-lab validation" },
    amount: 250_000_000_000n,
    recipient: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
    releasedTotal: 400_000_000_000n,
  };
  const queued = await announce({ store, platforms: PLATFORMS }, notice, `bench-${Date.now()}`);
  const notifier = new TelegramNotifier(server.token, { apiRoot: server.apiRoot });
  const clock = { now: () => new Date() };
  const began = Date.now();
  let sent = 0;
  while (sent < groups) {
    const report = await deliverOutbox({ store, notifiers: { TELEGRAM: notifier }, clock }, BATCH);
    sent += report.sent;
    if (report.sent === 0) await new Promise((r) => setTimeout(r, 100));
  }
  const elapsedMs = Date.now() - began;
  const calls = server.callsOf("sendMessage");
  const accepted = calls.filter((c) => c.status === 200);
  const spanMs = (accepted.at(-1)?.at ?? 0) - (accepted[0]?.at ?? 0);
  const minimumMs = FloodControl.minimumFanoutMs(TELEGRAM_FLOOD_LIMITS, groups);
  const rows: [string, string][] = [
    ["database", postgres ? "PostgreSQL" : "PGlite (embedded)"],
    ["groups subscribed / queued", `${groups} / ${queued.queued}`],
    ["messages accepted", String(accepted.length)],
    ["429 answers", String(calls.filter((c) => c.status === 429).length)],
    ["first to last accepted (server clock)", `${(spanMs / 1000).toFixed(2)} s`],
    ["delivery start to first accepted", `${(((accepted[0]?.at ?? 0) - began) / 1000).toFixed(2)} s`],
    ["delivery start to all marked sent", `${(elapsedMs / 1000).toFixed(2)} s`],
    ["least the limits allow", `${(minimumMs / 1000).toFixed(2)} s`],
    ["all marked sent, over the least", `${(((elapsedMs - minimumMs) / minimumMs) * 100).toFixed(1)} %`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`| ${"measure".padEnd(width)} | value |`, `|${"-".repeat(width + 2)}|-------|`, ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`)];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await server.stop();
  if (postgres) await db.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "bench_${process.pid}" CASCADE`);
  await db.close();
}
