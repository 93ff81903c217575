/**
 * The per-user rate limit on relayed actions, as a Telegram user meets it: the real grammY
 * bot on the local Bot API server, the real store (default limits, 10 an hour), the
 * FakeChain. A user whose wallet already had its ten relayed actions this hour is told, in
 * words, how long to wait; nothing is stored and nothing goes to the relayer.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_RELAY_RATE_LIMITS, walletSubject } from "../../../bot/core/rules/rate-limit.js";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

const kind = databaseKinds[0];
if (kind === undefined) throw new Error("no database kind");

describe("Telegram /flag over the relay rate limit", () => {
  let db: TestDatabase;
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => {
    t = harness;
    db = harness.db;
  });

  it("GIVEN a wallet with its hourly relayed actions used THEN /flag answers with the wait in minutes and stores nothing", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const c = campaign({
      milestones: [
        milestone(0, { status: "InReview", attempts: 1, submittedAt: now - 60, windowEnd: now + 86_400, supplySnapshot: 1_000n, backerSupplySnapshot: 1_000n }),
        milestone(1),
      ],
    });
    t.chain.campaigns.set(c.address, c);
    const who = user("Rita");
    const wallet = randomAddress();
    await t.deps.store.links.insert({
      platform: "TELEGRAM", userId: String(who.id), address: wallet, chatId: String(who.id), challengeNonce: randomAddress(), linkedAt: t.clock.now(),
    });
    t.chain.setHolder(c.address, { owner: wallet, deposited: 500n, delegate: t.relayer.authority, lockedUntil: 0 });
    // The wallet's actions this hour (from any chat account), the oldest 20 minutes ago.
    for (let i = 0; i < DEFAULT_RELAY_RATE_LIMITS.perWallet; i++) {
      await t.deps.store.relayRates.record([walletSubject(wallet)], "flag", new Date(t.clock.now().getTime() - (20 * 60 - i) * 1000));
    }

    const chat = t.privateChat(who);
    const flag = async () => {
      const menu = (await t.say(chat, who, `/flag ${c.address}`)).at(-1);
      if (menu === undefined) throw new Error("no milestone menu");
      await t.press(who, menu, `flag|${c.address}|0`);
      return TelegramHarness.text(await t.say(chat, who, "The control group is missing."));
    };
    const answer = await flag();
    expect(answer).toContain("asked for many on-chain actions in a short time. Try again in 40m.");
    expect(await db.prisma.flagRequest.count({ where: { wallet } })).toBe(0);
    expect(t.relayer.calls).toHaveLength(0);

    // Forty minutes on, the oldest one (an hour old) left the window: the same flag is accepted.
    t.clock.advance(40 * 60);
    expect(await flag()).toContain("is on-chain");
    expect(await db.prisma.flagRequest.count({ where: { wallet } })).toBe(1);
  });
});
