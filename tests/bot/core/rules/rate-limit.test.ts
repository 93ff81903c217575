/**
 * Per-user rate limits on relayed actions (SECURITY.md "Relay and indexer"): flags, stale
 * votes and signing requests count per chat account and per wallet over a rolling window,
 * in the database (PGlite, and PostgreSQL when reachable); over the limit the answer is
 * `RateLimited` with the wait, and nothing is stored or relayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRef, Store } from "../../../../bot/core/ports.js";
import { STALE_AFTER_SECS } from "../../../../bot/core/rules/constants.js";
import { secondsUntilAllowed, type RelayRateLimits } from "../../../../bot/core/rules/rate-limit.js";
import { requestFlag } from "../../../../bot/core/usecases/flag-request.js";
import { createSigningRequest } from "../../../../bot/core/usecases/signing-requests.js";
import { staleAction } from "../../../../bot/core/usecases/stale-review.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress, secureRandom } from "../../support/fakes.js";
import { FakeRelayer } from "../../support/relayer.js";

const LIMITS: RelayRateLimits = { perUser: 2, perWallet: 3, windowSeconds: 3_600 };

describe("secondsUntilAllowed", () => {
  const now = new Date("2030-01-01T01:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it("GIVEN fewer earlier actions than the limit THEN 0", () => {
    expect(secondsUntilAllowed([ago(10)], 2, 3_600, now)).toBe(0);
  });
  it("GIVEN the limit reached THEN the wait ends when the oldest counted one leaves the window", () => {
    expect(secondsUntilAllowed([ago(600), ago(10)], 2, 3_600, now)).toBe(3_000);
    // Three earlier with a limit of 2: two must leave; the second oldest decides.
    expect(secondsUntilAllowed([ago(3_000), ago(600), ago(10)], 2, 3_600, now)).toBe(3_000);
    expect(secondsUntilAllowed([ago(3_599.5)], 1, 3_600, now)).toBe(1);
  });
});

describe.each(databaseKinds)("relay rate limits on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const relayer = new FakeRelayer();
  const clock = new ManualClock();
  let nextUser = 70_000;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma, { relayRateLimits: LIMITS });
  });
  afterAll(async () => {
    await db.dispose();
  });

  async function linked(platform: ChatRef["platform"] = "TELEGRAM", wallet = randomAddress()): Promise<{ chat: ChatRef; wallet: string }> {
    nextUser += 1;
    const chat: ChatRef = { platform, userId: String(nextUser), chatId: String(nextUser) };
    await store.links.insert({ ...chat, address: wallet, challengeNonce: `rate-${nextUser}`, linkedAt: clock.now() });
    return { chat, wallet };
  }

  /** A campaign whose milestone 1 is in review, the wallet a holder with the relayer as delegate. */
  function flaggable(wallet: string): string {
    const now = Math.floor(clock.now().getTime() / 1000);
    const view = campaign({
      milestones: [
        milestone(0, { status: "InReview", attempts: 1, submittedAt: now - 10, windowEnd: now + 7 * 86_400, supplySnapshot: 1_000n, backerSupplySnapshot: 1_000n }),
        milestone(1),
        milestone(2),
      ],
    });
    chain.campaigns.set(view.address, view);
    chain.setHolder(view.address, { owner: wallet, deposited: 100n, delegate: relayer.authority, lockedUntil: 0 });
    return view.address;
  }

  const flagDeps = () => ({ store, chain, clock, relayer: relayer.authority });
  const flag = (chat: ChatRef, address: string) =>
    requestFlag(flagDeps(), { chat, campaign: address, milestoneIndex: 0, rationale: "The raw data is missing." });

  it("GIVEN a chat account at its limit THEN a further flag is RateLimited with the wait, stored nowhere, and allowed once the window moved on", async () => {
    const { chat, wallet } = await linked();
    const first = flaggable(wallet);
    expect((await flag(chat, first)).ok).toBe(true);
    // A double click on the same submission is not a new relayed action: it does not count.
    expect(await flag(chat, first)).toMatchObject({ ok: false, code: "FlagAlreadyRequested" });
    clock.advance(600);
    expect((await flag(chat, flaggable(wallet))).ok).toBe(true);

    const third = flaggable(wallet);
    expect(await flag(chat, third)).toEqual({ ok: false, code: "RateLimited", details: { waitSeconds: "3000" } });
    expect(await db.prisma.flagRequest.count({ where: { campaign: third } })).toBe(0);

    clock.advance(3_000);
    expect((await flag(chat, third)).ok).toBe(true);
    // The first one left the window and was dropped: the user's count is the two in it.
    expect(await db.prisma.relayRateEvent.count({ where: { subject: `user:TELEGRAM:${chat.userId}` } })).toBe(2);
  });

  it("GIVEN a chat account at its limit THEN a double click on a flag it already asked for is FlagAlreadyRequested, not RateLimited", async () => {
    const { chat, wallet } = await linked();
    const first = flaggable(wallet);
    expect((await flag(chat, first)).ok).toBe(true);
    expect((await flag(chat, flaggable(wallet))).ok).toBe(true);
    // At the limit (2 per user): the repeat is still heard as the idempotent answer, and counts nothing.
    const before = await db.prisma.relayRateEvent.count({ where: { subject: `user:TELEGRAM:${chat.userId}` } });
    expect(await flag(chat, first)).toEqual({ ok: false, code: "FlagAlreadyRequested" });
    expect(await db.prisma.relayRateEvent.count({ where: { subject: `user:TELEGRAM:${chat.userId}` } })).toBe(before);
    expect(await db.prisma.flagRequest.count({ where: { campaign: first } })).toBe(1);
    // A new flag is still refused by the limit.
    expect(await flag(chat, flaggable(wallet))).toMatchObject({ ok: false, code: "RateLimited" });
  });

  it("GIVEN one wallet linked on Telegram and on Discord THEN both chat accounts draw on the wallet's one allowance", async () => {
    const { chat: telegram, wallet } = await linked("TELEGRAM");
    const { chat: discord } = await linked("DISCORD", wallet);
    expect((await flag(telegram, flaggable(wallet))).ok).toBe(true);
    expect((await flag(telegram, flaggable(wallet))).ok).toBe(true);
    expect((await flag(discord, flaggable(wallet))).ok).toBe(true);
    // Discord's account made one request, but the wallet has had three.
    expect(await flag(discord, flaggable(wallet))).toMatchObject({ ok: false, code: "RateLimited" });
  });

  it("GIVEN requests racing at the limit THEN never more than the limit is accepted", async () => {
    const { chat, wallet } = await linked();
    const results = await Promise.all([0, 1, 2, 3].map(() => flag(chat, flaggable(wallet))));
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(LIMITS.perUser);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.code))).toContain("RateLimited");
    expect(await db.prisma.flagRequest.count({ where: { wallet } })).toBe(results.filter((r) => r.ok).length);
  });

  it("GIVEN a holder at its limit THEN a stale vote is RateLimited and the relayer is never asked", async () => {
    const { chat, wallet } = await linked();
    const now = Math.floor(clock.now().getTime() / 1000);
    const stale = campaign({ milestones: [milestone(0, { estimatedCompletion: now - STALE_AFTER_SECS - 10 }), milestone(1), milestone(2)] });
    chain.campaigns.set(stale.address, stale);
    chain.setHolder(stale.address, { owner: wallet, deposited: 100n, delegate: relayer.authority, lockedUntil: 0 });
    expect((await flag(chat, flaggable(wallet))).ok).toBe(true);
    expect((await flag(chat, flaggable(wallet))).ok).toBe(true);
    const before = relayer.calls.length;
    const refused = await staleAction({ store, chain, relayer, clock }, { chat, campaign: stale.address });
    expect(refused).toMatchObject({ ok: false, code: "RateLimited" });
    expect(relayer.calls.length).toBe(before);
  });

  it("GIVEN a signer wallet at its limit THEN no further signing request is stored for it", async () => {
    const owner = randomAddress();
    const deps = { store, clock, random: secureRandom, signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 } };
    const action = { kind: "holderDeposit" as const, campaign: randomAddress(), owner, amount: 5n };
    // Three different chat accounts, one signing wallet: the wallet's limit (3) applies.
    for (let i = 0; i < 3; i++) {
      const issued = await createSigningRequest(deps, { action, chat: { platform: "DISCORD", userId: `sig-${owner}-${i}`, chatId: "c" } });
      expect(issued.ok).toBe(true);
    }
    const refused = await createSigningRequest(deps, { action, chat: { platform: "DISCORD", userId: `sig-${owner}-9`, chatId: "c" } });
    expect(refused).toMatchObject({ ok: false, code: "RateLimited" });
    expect(await db.prisma.signingRequest.count({ where: { signer: owner } })).toBe(3);
  });
});
