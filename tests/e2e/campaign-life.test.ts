/**
 * One campaign's whole life, and a second one's stale end, driven only through chat on both
 * platforms against the whole bot as production composes it (support/life.ts: startApp with
 * the localnet, arlocal, PostgreSQL, the local Telegram and Discord servers). Users type
 * commands and sign on the signing page; the indexer announces, the scheduler cranks and
 * reminds, the flag resumer relays, the outbox delivers. Asserted: USDC balances and records
 * on-chain, every announcement each subscribed channel received in order, users' answers.
 * Everything starts from nothing through the product (support/product.ts): the config by the
 * CLI, each campaign created by its researcher with the CLI, approved by the team in chat,
 * closed by the scheduler's crank at its deadline. Backers contribute with /contribute on
 * Telegram and Discord, signing on the page; a backer with no chat account funds campaign A
 * through its Solana Action with a spec-written client. No fixture contributes.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagPda, researcherPda, vaultPda } from "../../bot/chain/pdas.js";
import { type CampaignFixture, DAY, USDC } from "../bot/chain/support/campaign.js";
import type { MemberRecord } from "../discord-server/server.js";
import type { ChannelRecord } from "../discord-server/world.js";
import { tokens } from "../../bot/chat/format.js";
import { Life, TEAM_TELEGRAM_ID, signingUrl, text, until } from "./support/life.js";
import { approveOnTelegram, closedByCrank, contributeByAction, createByCli } from "./support/product.js";
import { type Person, backerTokens, contributeOnTelegram, depositOnTelegram, evidenceFile, flagOnTelegram, nextPrivate, refundOnTelegram, submitOnTelegram } from "./support/telegram-actions.js";
import { discordFacts, telegramFacts } from "./support/messages.js";

const LONG = 240_000;
const GROUP = -100_777;

let life: Life;
let A: CampaignFixture;
let B: CampaignFixture;
/** Distinct titles: announcements and replies name campaigns by them. */
const TITLE_A = "Peptide serum stability";
const TITLE_B = "Enzyme kinetics replication";
/** Each campaign's title by address. */
const TITLES = new Map<string, string>();
/** Wallets, one per person (the same wallet backs both campaigns). */
const wallet: Record<string, Keypair> = {};
let tg: Record<"ana" | "cy" | "rae" | "rob" | "admin" | "gus", User>;
let dc: Record<"ben" | "dee" | "rae" | "admin" | "mod", MemberRecord>;
let announcements: ChannelRecord;
/** The bot's answers to /subscribe in the group (not announcements). */
const groupAnswers = new Set<number>();

beforeAll(async () => {
  life = await Life.start();
}, LONG);

afterAll(async () => {
  await life?.stop();
});

const usdcOf = (owner: PublicKey) => life.chain.tokenBalance(owner);

async function milestone(c: CampaignFixture, index: number) {
  const m = (await c.fetch()).milestones[index];
  if (m === undefined) throw new Error(`no milestone ${index}`);
  return { status: Object.keys(m.status)[0], attempts: m.attempts, flagWeight: BigInt(m.flagWeight.toString()), windowEnd: m.windowEnd.toNumber() };
}

async function campaignStatus(c: CampaignFixture): Promise<string | undefined> {
  return Object.keys((await c.fetch()).status)[0];
}

async function milestoneIs(c: CampaignFixture, index: number, status: string, attempts?: number): Promise<void> {
  await until(`milestone ${index + 1} ${status}`, async () => {
    const m = await milestone(c, index);
    return m.status === status && (attempts === undefined || m.attempts === attempts);
  });
}

/**
 * `backer` puts `amount` into `c` through the product: /contribute in the chat where their
 * wallet is linked (Telegram or Discord), signed on the page, or, with no chat account, the
 * campaign's Solana Action. Asserted on-chain: the USDC left the wallet, the backer tokens arrived.
 */
async function fundThroughProduct(c: CampaignFixture, backer: Keypair, amount: bigint): Promise<void> {
  const name = Object.keys(wallet).find((n) => wallet[n] === backer);
  const usdcBefore = await usdcOf(c.backerUsdc(backer));
  const tokensBefore = await backerTokens(life, c, backer);
  if (name === "ana" || name === "cy") {
    // Chat takes amounts of at most 8 characters (a button's id must fit Telegram's 64 bytes):
    // an exact share such as 61.333333 goes in as two contributions, the whole USDC first.
    const whole = (amount / USDC) * USDC;
    const parts = tokens(amount).replaceAll(",", "").length > 8 ? [whole, amount - whole] : [amount];
    for (const part of parts) await contributeOnTelegram(life, person(name), c, part);
  } else if (name === "ben" || name === "dee") {
    const answer = await life.slash(dc[name], "contribute", { campaign: c.address.toBase58(), amount: tokens(amount).replaceAll(",", "") });
    expect(answer).toContain(`Contribute **${tokens(amount)} USDC** from your wallet`);
    expect((await life.sign(signingUrl(answer), backer)).title).toBe("Contribute USDC to the campaign");
  } else await contributeByAction(life, backer, c, amount);
  expect(usdcBefore - (await usdcOf(c.backerUsdc(backer)))).toBe(amount);
  expect((await backerTokens(life, c, backer)) - tokensBefore).toBe(amount);
}

/**
 * A new campaign from nothing: `researcher` creates it with the CLI, the admin approves it on
 * Telegram, the backers contribute through the product, and the crank closes the raise at its
 * deadline (goal met: active) and claims the allocations, before anyone subscribes.
 */
async function campaignWith(researcher: Keypair, backers: readonly [Keypair, bigint][], title: string): Promise<CampaignFixture> {
  const goal = backers.reduce((sum, [, amount]) => sum + amount, 0n);
  const c = await createByCli(life, researcher, goal, [4_000, 3_000, 3_000], title);
  // The bot's titles worker reads the texts from Arweave; from then on the campaign is named by its title.
  await until("title read", async () => (await life.store.campaigns.find(c.address.toBase58()))?.title === title);
  TITLES.set(c.address.toBase58(), title);
  await approveOnTelegram(life, tg.admin, wallet.admin!, c);
  for (const [backer, amount] of backers) {
    await life.chain.mintTo(life.protocol.usdcMint, backer.publicKey, amount);
    await fundThroughProduct(c, backer, amount);
    c.backers.push(backer);
  }
  // Every base unit of the goal came in through the product.
  expect(BigInt((await c.fetch()).raised.toString())).toBe(goal);
  expect(await usdcOf(vaultPda(c.address))).toBe(goal);
  // The researcher and the treasury open the accounts the allocation crank mints into.
  await c.openAllocationAccount(researcher);
  await c.openAllocationAccount(life.protocol.treasury);
  await closedByCrank(life, c, "active");
  await until("the allocations to be claimed", async () => {
    const account = await c.fetch();
    return account.researcherAllocationClaimed && account.protocolAllocationClaimed;
  });
  return c;
}

/** A Telegram user of this test as a person: their account and wallet. */
const person = (who: keyof typeof tg): Person => ({ user: tg[who], wallet: wallet[who]! });

/** Discord: /deposit (all backer tokens; a first deposit names the relayer delegate too), or without consent and then /consent on. */
async function depositOnDiscord(who: "ben" | "dee", c: CampaignFixture, amount: bigint, consent: "with-deposit" | "separately" = "with-deposit"): Promise<void> {
  const delegate = `The PepFund relayer \`${life.protocol.relay.publicKey.toBase58()}\` becomes your delegate`;
  const campaign = c.address.toBase58();
  const answer = await life.slash(dc[who], "deposit", consent === "with-deposit" ? { campaign } : { campaign, consent: false });
  expect(answer).toContain(`Deposit **${tokens(amount)}** backer tokens`);
  expect(answer.includes(delegate)).toBe(consent === "with-deposit");
  await life.sign(signingUrl(answer), wallet[who]!);
  if (consent === "with-deposit") return;
  const consented = await life.slash(dc[who], "consent", { campaign, relayer: "on" });
  expect(consented).toContain(delegate);
  await life.sign(signingUrl(consented), wallet[who]!);
}

/** Discord: /refund (the deposit is withdrawn in the same signature), signed on the page. */
async function refundOnDiscord(who: "ben", c: CampaignFixture, expected: bigint): Promise<void> {
  const answer = await life.slash(dc[who], "refund", { campaign: c.address.toBase58() });
  expect(answer).toContain(`backer tokens for **${tokens(expected)} USDC** back to your wallet`);
  await life.sign(signingUrl(answer), wallet[who]!);
}

/** A group admin subscribes the Telegram group. */
async function subscribeGroup(c: CampaignFixture): Promise<void> {
  const answers = await life.say(tg.gus, `/subscribe ${c.address.toBase58()}`, { chatId: GROUP });
  expect(text(answers)).toContain(`This chat now follows ${TITLES.get(c.address.toBase58()) ?? "?"}`);
  for (const m of answers) groupAnswers.add(m.message_id);
}

async function flagged(c: CampaignFixture, index: number, attempt: number, owner: Keypair): Promise<void> {
  const address = flagPda(c.address, index, attempt, owner.publicKey);
  await until(`the flag of ${owner.publicKey.toBase58()}`, async () => (await life.chain.connection.getAccountInfo(address)) !== null);
}

/** The FlagRecord of `owner` on a submission: its weight (base units). */
async function flagWeightOf(c: CampaignFixture, index: number, attempt: number, owner: Keypair): Promise<bigint> {
  const record = await life.protocol.as(life.protocol.admin).account.flagRecord.fetch(flagPda(c.address, index, attempt, owner.publicKey));
  return BigInt(record.weight.toString());
}

/** The researcher's public record on-chain. */
async function researcherRecord(researcher: Keypair) {
  const r = await life.protocol.as(life.protocol.admin).account.researcherRecord.fetch(researcherPda(researcher.publicKey));
  return {
    created: r.campaignsCreated,
    completed: r.campaignsCompleted,
    abandoned: r.campaignsAbandoned,
    released: r.milestonesReleased,
    disputes: r.disputesOpened,
    rejected: r.submissionsRejected,
  };
}

/** Moves the chain's clock to `unix` (never back). */
async function clockTo(unix: number): Promise<void> {
  const now = await life.chain.now();
  if (unix > now) await life.chain.advanceClock(unix - now);
}

async function submitOnDiscord(c: CampaignFixture, index: number, name: string): Promise<void> {
  const file = evidenceFile(name);
  const answer = await life.slash(dc.rae, "submit", {
    campaign: c.address.toBase58(),
    milestone: index,
    evidence_type: "Dataset",
    file: life.discord.attachment(file.name, file.bytes, file.mime),
  });
  expect(answer).toContain("Sign the submission");
  await life.sign(signingUrl(answer), wallet.rae!);
}

describe("GIVEN the whole bot, holders, a researcher and the admin in Telegram and Discord", () => {
  it("WHEN they link their wallets and a group and a channel subscribe THEN each is answered", async () => {
    for (const name of ["ana", "ben", "cy", "dee", "rae"]) wallet[name] = await life.chain.fundedKeypair(1);
    wallet.admin = life.protocol.admin;

    tg = {
      ana: life.telegramUser("Ana"),
      cy: life.telegramUser("Cy"),
      rae: life.telegramUser("Rae"),
      rob: life.telegramUser("Rob"),
      admin: life.telegramUser("Admin", TEAM_TELEGRAM_ID),
      gus: life.telegramUser("Gus"),
    };
    dc = {
      ben: life.discord.addMember("ben"),
      dee: life.discord.addMember("dee"),
      rae: life.discord.addMember("rae"),
      // The team role may resolve; Manage Server shows /dispute (its default permission).
      admin: life.discord.addMember("admin", [life.teamRoleId, life.managerRoleId]),
      mod: life.discord.addMember("mod", [life.managerRoleId]),
    };
    await life.linkOnTelegram(tg.ana, wallet.ana!);
    await life.linkOnTelegram(tg.cy, wallet.cy!);
    await life.linkOnTelegram(tg.rae, wallet.rae!);
    await life.linkOnTelegram(tg.admin, wallet.admin);
    await life.linkOnDiscord(dc.ben, wallet.ben!);
    await life.linkOnDiscord(dc.dee, wallet.dee!);
    await life.linkOnDiscord(dc.rae, wallet.rae!);
    await life.linkOnDiscord(dc.admin, wallet.admin);

    // Backer supply 1,000 USDC: quorum 100. Eve (840) never speaks.
    const eve = await life.chain.fundedKeypair(1);
    A = await campaignWith(wallet.rae!, [[wallet.ana!, 60n * USDC], [wallet.ben!, 50n * USDC], [wallet.cy!, 30n * USDC], [wallet.dee!, 20n * USDC], [eve, 840n * USDC]], TITLE_A);

    await depositOnTelegram(life, person("ana"), A, 60n * USDC);
    await depositOnTelegram(life, person("cy"), A, 30n * USDC, "separately");
    await depositOnDiscord("ben", A, 50n * USDC);
    await depositOnDiscord("dee", A, 20n * USDC, "separately");

    // Announcements start with the subscription: everything before it is history.
    await life.indexerCaughtUp();
    life.telegram.addChat({ id: GROUP, type: "supergroup", title: "Backers" });
    life.telegram.setMember(GROUP, tg.gus.id, "administrator");
    await subscribeGroup(A);
    announcements = life.discord.world.addChannel("announcements");
    expect(await life.slash(dc.mod, "subscribe", { campaign: A.address.toBase58() }, announcements)).toContain("now gets announcements");
  }, LONG);

  it("WHEN milestone 1 is submitted and holders flag past quorum THEN the window's end disputes it and the team is reminded", async () => {
    await submitOnTelegram(life, person("rae"), A, 1, "synthesis");
    await milestoneIs(A, 0, "inReview", 1);

    expect(await flagOnTelegram(life, tg.cy, A, 0, "The yields are not reported.")).toContain("is on-chain (weight 30)");
    await flagged(A, 0, 1, wallet.cy!);
    const benAnswer = await life.flagOnDiscord(dc.ben, A.address.toBase58(), 0, "Half of the samples are missing.");
    expect(benAnswer).toContain("is on-chain");
    expect(benAnswer).toContain("https://explorer.solana.com/tx/");
    expect(await flagOnTelegram(life, tg.ana, A, 0, "No raw data.")).toContain("is on-chain (weight 60)");
    await flagged(A, 0, 1, wallet.ana!);
    expect((await milestone(A, 0)).flagWeight).toBe(140n * USDC);
    // One FlagRecord per holder, each weighing the holder's whole deposit.
    expect([await flagWeightOf(A, 0, 1, wallet.cy!), await flagWeightOf(A, 0, 1, wallet.ben!), await flagWeightOf(A, 0, 1, wallet.ana!)]).toEqual([30n * USDC, 50n * USDC, 60n * USDC]);

    await clockTo((await milestone(A, 0)).windowEnd);
    await milestoneIs(A, 0, "disputed");
    // 12 hours before the 72-hour deadline the team is reminded.
    await clockTo((await milestone(A, 0)).windowEnd + 61 * 60 * 60);
    await until("the dispute reminder", () => life.telegram.sentMessages(TEAM_TELEGRAM_ID).some((m) => (m.text ?? "").includes("dispute deadline near")));
    await until("the Discord team's reminder", () => life.discord.channelPosts(life.teamChannel.id).length > 0);
  }, LONG);

  it("WHEN the admin rejects and the researcher re-submits, flags stay below quorum THEN the window's end releases 40% to the researcher", async () => {
    const answer = text(await life.say(tg.admin, `/dispute ${A.address.toBase58()} 1 reject The samples are missing.`));
    expect(answer).toContain("Sign the resolution (reject)");
    expect((await life.sign(signingUrl(answer), wallet.admin!)).title).toBe("Reject the disputed milestone 1");
    await milestoneIs(A, 0, "pending", 1);

    await submitOnDiscord(A, 0, "synthesis-again");
    await milestoneIs(A, 0, "inReview", 2);
    expect(await life.flagOnDiscord(dc.dee, A.address.toBase58(), 0, "Still thin.")).toContain("is on-chain");
    expect((await milestone(A, 0)).flagWeight).toBe(20n * USDC);

    const researcherBefore = await usdcOf(A.researcherUsdc);
    const vaultBefore = await usdcOf(vaultPda(A.address));
    await clockTo((await milestone(A, 0)).windowEnd);
    await milestoneIs(A, 0, "released");
    expect((await usdcOf(A.researcherUsdc)) - researcherBefore).toBe(400n * USDC);
    expect(vaultBefore - (await usdcOf(vaultPda(A.address)))).toBe(400n * USDC);
  }, LONG);

  it("WHEN milestone 2 reaches quorum and the admin approves, and milestone 3 passes unflagged THEN the campaign completes", async () => {
    await submitOnTelegram(life, person("rae"), A, 2, "assay");
    await milestoneIs(A, 1, "inReview", 1);
    expect(await flagOnTelegram(life, tg.ana, A, 1, "The assay is not blinded.")).toContain("is on-chain (weight 60)");
    await flagged(A, 1, 1, wallet.ana!);
    expect(await life.flagOnDiscord(dc.ben, A.address.toBase58(), 1, "No controls.")).toContain("is on-chain");
    await clockTo((await milestone(A, 1)).windowEnd);
    await milestoneIs(A, 1, "disputed");

    const before = await usdcOf(A.researcherUsdc);
    const answer = await life.slash(dc.admin, "dispute resolve", { campaign: A.address.toBase58(), milestone: 1, decision: "approve", reason: "Controls are in the appendix." });
    expect(answer).toContain("Sign the resolution (approve) of milestone 2 with the admin wallet");
    expect((await life.sign(signingUrl(answer), wallet.admin!)).title).toBe("Approve the disputed milestone 2");
    await milestoneIs(A, 1, "released");
    expect((await usdcOf(A.researcherUsdc)) - before).toBe(300n * USDC);

    await submitOnDiscord(A, 2, "paper");
    await milestoneIs(A, 2, "inReview", 1);
    await clockTo((await milestone(A, 2)).windowEnd);
    await milestoneIs(A, 2, "released");
    expect(await campaignStatus(A)).toBe("completed");
    expect(await researcherRecord(A.researcher)).toEqual({ created: 1, completed: 1, abandoned: 0, released: 3, disputes: 2, rejected: 1 });
    expect(await usdcOf(A.researcherUsdc)).toBe(1_000n * USDC);
    expect(await usdcOf(vaultPda(A.address))).toBe(0n);
  }, LONG);

  it("WHEN a second campaign goes stale THEN holders' /stale abandons it and each refund is pro rata to the base unit", async () => {
    // 200 USDC raised; after milestone 1 (40%) 120 USDC stay in escrow for 200 backer tokens.
    const shares = { ana: 61_333_333n, ben: 50_000_000n, cy: 88_666_667n };
    wallet.rob = await life.chain.fundedKeypair(1);
    B = await campaignWith(wallet.rob, [[wallet.ana!, shares.ana], [wallet.ben!, shares.ben], [wallet.cy!, shares.cy]], TITLE_B);
    // Rob links on the page: the bot confirms in his private chat.
    await life.linkOnTelegramPage(tg.rob, wallet.rob);
    expect((await nextPrivate(life, tg.rob, 0, "Linked wallet")).text).toBe(
      `✅ Wallet linked\nLinked wallet ${wallet.rob.publicKey.toBase58()} to this account (signed on the page). /wallet shows it, /unlink removes it.`,
    );
    await depositOnTelegram(life, person("ana"), B, shares.ana);
    await depositOnDiscord("ben", B, shares.ben);
    await life.indexerCaughtUp();
    await subscribeGroup(B);
    expect(await life.slash(dc.mod, "subscribe", { campaign: B.address.toBase58() }, announcements)).toContain("now gets announcements");

    await submitOnTelegram(life, person("rob"), B, 1, "b-synthesis");
    await milestoneIs(B, 0, "inReview", 1);
    await clockTo((await milestone(B, 0)).windowEnd);
    await milestoneIs(B, 0, "released");
    // The release is announced once finalized; the 90 days below start after it, as they would.
    await until("the release announcement", () => life.telegram.sentMessages(GROUP).some((m) => /tranche released[\s\S]*\n80 USDC paid/.test(m.text ?? "")));

    // Milestone 2 never comes: 90 days after its estimate the campaign is stale.
    const estimate = (await B.fetch()).milestones[1]!.estimatedCompletion.toNumber();
    await clockTo(estimate + 90 * DAY);
    await until("the stale notice", () => life.telegram.sentMessages(GROUP).some((m) => (m.text ?? "").includes("90 days past its estimate")));
    const opened = text(await life.say(tg.ana, `/stale ${B.address.toBase58()}`));
    expect(opened).toContain("opened stale review round 1 with 61.333333");
    expect(await life.slash(dc.ben, "stale", { campaign: B.address.toBase58() })).toContain("supported stale review round 1 with 50 deposited");

    const review = (await B.fetch()).staleReview;
    await clockTo(review.endsAt.toNumber());
    await until("abandonment", async () => (await campaignStatus(B)) === "abandoned");

    const before = { ana: await usdcOf(B.backerUsdc(wallet.ana!)), ben: await usdcOf(B.backerUsdc(wallet.ben!)), cy: await usdcOf(B.backerUsdc(wallet.cy!)) };
    await refundOnTelegram(life, person("ana"), B, 36_799_999n);
    await refundOnDiscord("ben", B, 30_000_000n);
    await refundOnTelegram(life, person("cy"), B, 53_200_001n);
    // floor(120 × tokens / 200); the last token's claim takes the rounding dust (1 base unit).
    expect((await usdcOf(B.backerUsdc(wallet.ana!))) - before.ana).toBe(36_799_999n);
    expect((await usdcOf(B.backerUsdc(wallet.ben!))) - before.ben).toBe(30_000_000n);
    expect((await usdcOf(B.backerUsdc(wallet.cy!))) - before.cy).toBe(53_200_001n);
    expect(await usdcOf(vaultPda(B.address))).toBe(0n);
    expect(await researcherRecord(B.researcher)).toEqual({ created: 1, completed: 0, abandoned: 1, released: 1, disputes: 0, rejected: 0 });
  }, LONG);

  it("THEN each channel received every announcement once, in order, and each user their answers", async () => {
    await until("the last refund announcement", () => life.telegram.sentMessages(GROUP).some((m) => (m.text ?? "").includes("Claimed so far: 120 USDC")));
    await life.outboxDrained();
    // Announcements name the campaigns by their titles.
    const a = TITLE_A;
    const b = TITLE_B;
    const expected = [
      `${a} submitted m1 a1`,
      `${a} flag m1 +30 =30`,
      `${a} flag m1 +50 =80`,
      `${a} flag m1 +60 =140`,
      `${a} quorum m1 =140`,
      `${a} closed m1 quorum =140`,
      `${a} dispute m1`,
      `${a} resolved m1 rejected`,
      `${a} submitted m1 a2`,
      `${a} flag m1 +20 =20`,
      `${a} closed m1 below =20`,
      `${a} released m1 400`,
      `${a} submitted m2 a1`,
      `${a} flag m2 +60 =60`,
      `${a} flag m2 +50 =110`,
      `${a} quorum m2 =110`,
      `${a} closed m2 quorum =110`,
      `${a} dispute m2`,
      `${a} resolved m2 approved`,
      `${a} released m2 300`,
      `${a} submitted m3 a1`,
      `${a} closed m3 below =0`,
      `${a} released m3 300`,
      `${a} completed 1,000`,
      `${b} submitted m1 a1`,
      `${b} closed m1 below =0`,
      `${b} released m1 80`,
      `${b} stale-eligible m2`,
      `${b} stale-open r1 m2`,
      `${b} stale-support r1 +61.333333 =61.333333`,
      `${b} stale-support r1 +50 =111.333333`,
      `${b} abandoned 120`,
      `${b} refunds 36.799999`,
      `${b} refunds 66.799999`,
      `${b} refunds 120`,
    ];
    const group = life.telegram.sentMessages(GROUP).filter((m) => !groupAnswers.has(m.message_id));
    expect(group.map(telegramFacts)).toEqual(expected);
    const channel = life.discord.channelPosts(announcements.id).map((s) => discordFacts(s.message as Record<string, unknown>));
    expect(channel).toEqual(expected);

    // Telegram flaggers are told each relayed flag's outcome, with the transaction's explorer page.
    for (const [who, count] of [[tg.cy, 1], [tg.ana, 2]] as const) {
      const outcomes = life.telegram.sentMessages(who.id).filter((m) => (m.text ?? "").includes("is on-chain"));
      expect(outcomes).toHaveLength(count);
      for (const m of outcomes) expect(m.text).toMatch(/explorer\.solana\.com\/tx\/[1-9A-HJ-NP-Za-km-z]{64,88}\?cluster=custom&customUrl=/);
    }
    // Nobody was refused or told of a failure in private along the way.
    for (const who of [tg.ana, tg.cy, tg.rae, tg.rob, tg.admin]) {
      const troubles = life.telegram.sentMessages(who.id).filter((m) => /❌|could not|failed|went wrong/i.test(m.text ?? ""));
      expect(troubles.map((m) => m.text)).toEqual([]);
    }
    const reminders = life.telegram.sentMessages(TEAM_TELEGRAM_ID).filter((m) => (m.text ?? "").includes("dispute deadline near"));
    expect(reminders).toHaveLength(1);
    const teamPosts = life.discord.channelPosts(life.teamChannel.id).map((p) => JSON.stringify(p.message));
    expect(teamPosts).toHaveLength(1);
    expect(teamPosts[0]).toContain("Milestone 1 (Deliverable 1): dispute deadline near");
    expect(life.log.lines.filter((l) => l.startsWith("error "))).toEqual([]);
  }, LONG);
});

