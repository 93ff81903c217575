/**
 * One scripted conversation through every chat adapter (Discord, Telegram, the console),
 * against the same core and local stack (the localnet with the real program, arlocal,
 * PostgreSQL, the local Discord and Telegram servers, the console on streams): link, campaign status, wallet, withdraw and deposit, a flag that lands,
 * evidence, and a refusal for every core code a user can reach the same way on every
 * platform. Each platform's user has their own wallet with the same holdings, so the answers
 * must MEAN the same (code, amounts, kinds of link), whatever the words' markup.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_REFUSAL_CODES } from "../../bot/core/codes.js";
import { CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import { b58, randomAddress } from "../bot/support/fakes.js";
import { linkOnDiscord, linkOnTelegram, startChats, telegramUser, type Chats } from "./support/chats.js";
import { consoleSpeaker, discordSpeaker, linkOnConsole, meaningOf, telegramSpeaker, type Meaning, type Speaker } from "./support/speakers.js";
import { campaignInReview, startWorld, type World } from "./support/world.js";

let world: World;
let chats: Chats;
let speakers: Speaker[];
let consoleUser: ReturnType<typeof consoleSpeaker>;
let A: string;
let B: string;
let evidenceId: string;

beforeAll(async () => {
  world = await startWorld();
  chats = await startChats(world);
  // Campaign A: milestone 1 in review; backers 1..3 (one per platform) hold and deposited 40 each.
  const a = await campaignInReview(world, [1000n * USDC, 40n * USDC, 40n * USDC, 40n * USDC], [1, 2, 3]);
  // Campaign B: active, nothing submitted, none of the platform users hold its tokens.
  const b = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], [100n * USDC]);
  A = a.address.toBase58();
  B = b.address.toBase58();
  evidenceId = (await world.reader.getCampaign(A))?.milestones[0]?.evidenceId ?? "";
  const wallets = a.backers.slice(1);
  const member = chats.discord.addMember("ada");
  await linkOnDiscord(chats, member, wallets[0]!);
  const tgUser = telegramUser(chats, "Bea");
  await linkOnTelegram(chats, tgUser, wallets[1]!);
  consoleUser = consoleSpeaker(chats.chatDeps);
  await linkOnConsole(consoleUser, chats.chatDeps, wallets[2]!);
  speakers = [discordSpeaker(chats, member), telegramSpeaker(chats, tgUser), consoleUser];
}, 300_000);

afterAll(async () => {
  consoleUser?.stop();
  await chats?.stop();
  await world?.stop();
});

/** Runs the line on every platform; every answer must mean the same; returns that meaning. */
async function everywhere(commandLine: string, form?: string): Promise<Meaning> {
  const meanings: Meaning[] = [];
  for (const speaker of speakers) {
    const answer = await speaker.say(commandLine, form);
    meanings.push(meaningOf(answer));
  }
  for (const [i, m] of meanings.entries()) expect(m, `${speakers[i]?.platform}: ${commandLine}`).toEqual(meanings[0]);
  return meanings[0] as Meaning;
}

/** The codes the script below reaches, in the order it reaches them. */
const reached: string[] = [];

async function refused(code: string, commandLine: string, form?: string): Promise<void> {
  expect((await everywhere(commandLine, form)).code, commandLine).toBe(code);
  reached.push(code);
}

describe("GIVEN one user per platform with the same holdings in a campaign under review", () => {
  it("THEN status, wallet and a withdrawal read the same amounts and links everywhere", async () => {
    const status = await everywhere(`/campaign ${A}`);
    expect(status.code).toBeNull();
    expect(status.amounts).toContain("1,120");
    const wallet = await everywhere("/wallet");
    expect(wallet.code).toBeNull();
    expect(wallet.amounts).toContain("40");
    const withdraw = await everywhere(`/withdraw ${A} 5`);
    // The signing page, and the same page opened in each phone wallet's in-app browser.
    expect(withdraw).toMatchObject({ code: null, links: ["signing page", "phantom.app", "solflare.com", "backpack.app"] });
    expect(withdraw.amounts).toEqual(expect.arrayContaining(["5", "35"]));
  }, 240_000);

  it("THEN refusals before a flag: each the same code everywhere", async () => {
    await refused("CampaignNotFound", `/campaign ${randomAddress()}`);
    await refused("ResearcherNotFound", `/profile ${randomAddress()}`);
    await refused("ParameterInvalid", `/evidence ${A} 99`);
    await refused("AmountMalformed", `/deposit ${A} 1.2345678`);
    await refused("NothingToDeposit", `/deposit ${A}`);
    await refused("AmountZero", `/withdraw ${A} 0`);
    await refused("InsufficientDeposit", `/withdraw ${A} 41`);
    await refused("DelegateUnchanged", `/consent ${A} on`);
    await refused("NotDeposited", `/withdraw ${B}`);
    await refused("InvalidCampaignState", `/refund ${A}`);
    await refused("NotStale", `/stale ${A}`);
    await refused("NoEvidenceSubmitted", `/evidence ${A} 2`);
    await refused("NothingInReview", `/evidence ${B}`);
    await refused("InvalidMilestoneState", `/flag ${A} 2`, "Milestone 2 is not even submitted.");
    await refused("MilestoneNotFound", `/flag ${A} 5`, "There is no fifth milestone.");
    await refused("NotResearcher", `/submit ${A} 2 ${evidenceId}`);
    await refused("ChallengeNotFound", `/verify ${b58(new Uint8Array(16).fill(7))} ${b58(new Uint8Array(64).fill(9))}`);
  }, 300_000);

  it("THEN a flag lands from every platform with its weight, an explorer link and its rationale on Arweave", async () => {
    const flag = await everywhere(`/flag ${A} 1`, "The controls in figure 2 were never run.");
    expect(flag.code).toBeNull();
    expect(flag.amounts).toContain("40");
    expect(flag.links).toEqual(expect.arrayContaining(["explorer transaction", "arweave"]));
    const milestone = (await world.reader.getCampaign(A))?.milestones[0];
    expect(milestone?.flagCount).toBe(speakers.length);
    expect(milestone?.flagWeight).toBe(BigInt(speakers.length) * 40n * USDC);
  }, 240_000);

  it("THEN after the flag: the evidence verifies, and the refusals the flag causes are the same everywhere", async () => {
    const evidence = await everywhere(`/evidence ${A}`);
    expect(evidence.code).toBeNull();
    expect(evidence.links).toContain("arweave");
    await refused("AlreadyFlagged", `/flag ${A} 1`, "Once more.");
    await refused("TokensLocked", `/withdraw ${A} 5`);
    await everywhere("/unlink");
    await refused("NotLinked", "/wallet");
  }, 240_000);

  it("THEN every core code is either reached above or named below with why chat cannot reach it the same way everywhere", () => {
    const covered = new Set([...reached, ...Object.keys(NOT_REACHED_HERE)]);
    expect(ALL_REFUSAL_CODES.filter((code) => !covered.has(code))).toEqual([]);
    // The list stays honest: a code the script reaches is not also excused.
    expect(reached.filter((code) => code in NOT_REACHED_HERE)).toEqual([]);
  });
});

/** One excused code and why. */
function excuse(code: string, why: string): readonly [string, string] {
  return [code, why];
}

/**
 * Codes this conversation does not reach, and why. Each is covered where it can be reached:
 * the program's tests (programs/pepfund/tests), the use case tests (tests/bot/core), the chat
 * layer's dispatch tests (tests/bot/chat) or one platform's adapter tests.
 */
const NOT_REACHED_HERE: Readonly<Record<string, string>> = Object.fromEntries([
  ...[
    "NotAdmin", "NotPendingAdmin", "AllocationTooLarge", "TooFewMilestones", "TooManyMilestones", "SharesNotFull",
    "FirstShareTooLarge", "ShareTooLarge", "ShareZero", "InvalidTitle", "DatesOutOfOrder", "GoalZero", "DeadlineInPast",
    "RoadmapLocked", "FundraisingOpen", "AllocationClaimed", "DateOutOfRange",
  ].map((c) => excuse(c, "roadmap and config rules are checked by the campaign form and the CLI (tests/bot/web/create-*, tests/bot/app/cli), approval by /approve (tests/bot/chat/review)")),
  ...["FundraisingEnded", "GoalExceeded", "UsdcAccountMissing", "UsdcInsufficient", "AccountRentShort"].map((c) =>
    excuse(c, "/contribute's refusals need a raising campaign and wallets without USDC or SOL; this script's campaigns are past fundraising; covered by tests/bot/telegram/contribute.test.ts, tests/bot/discord/contribute.test.ts and tests/bot/web/solana-actions.test.ts"),
  ),
  ...["DraftLinkNotFound", "DraftLinkExpired", "DraftLinkUsed", "DraftInProgress", "DraftInvalid"].map((c) => excuse(c, "the campaign form page's refusals, not a chat command's; covered by tests/bot/core/usecases/campaign-drafts.test.ts and tests/bot/web/create-endpoints.test.ts")),
  ...["UpdateTextRequired"].map((c) => excuse(c, "/update without its text: Discord requires the option itself, so it reads differently per platform; covered by tests/bot/chat/update.test.ts")),
  ...["NotUpgradeAuthority", "InvalidProgramData"].map((c) => excuse(c, "config_init is a deployer's step, never a chat command; covered by programs/pepfund-tests/tests/program/upgrade_authority.rs")),
  ...["DisputeLapsed", "DisputeNotLapsed"].map((c) => excuse(c, "needs a dispute past its 72-hour deadline; covered by tests/bot/core/usecases/disputes tests and programs/pepfund-tests/tests/program/disputes.rs")),
  ...["InvalidDestination", "DuplicateAccount", "MathOverflow", "InvariantViolated", "EvidenceMissing", "RationaleMissing", "ReasonMissing"].map((c) => excuse(c, "the bot never builds such a transaction; the program's tests refuse it")),
  ...["WindowClosed", "WindowOpen", "StaleSubmission", "StaleReviewOpen", "NoStaleReview", "StaleReviewRunning", "StaleReviewEnded", "NoOpenDispute", "NothingToRefund", "BelowFlagThreshold", "NotHolderOrDelegate", "AlreadySupported", "FlagAlreadyRequested", "RateLimited"].map((c) => excuse(c, "needs another campaign state, clock or holding than this script's; covered by the use case and campaign-life tests")),
  ...["TransactionExpired", "ChainUnavailable", "TransactionFailed"].map((c) => excuse(c, "an outage or expiry: covered by the relayer and faults tests")),
  ...["EvidenceMalformed", "EvidenceTooLarge", "EvidenceEmpty", "EvidenceNotFound", "EvidenceHashMismatch"].map((c) => excuse(c, "evidence input is checked by Discord's option limits before the bot sees it; covered by the evidence-safety tests of each adapter")),
  ...["NotChatAdmin", "NotTeamMember", "WrongPlace", "RationaleRequired", "ReasonRequired", "CampaignAmbiguous", "WritesNotConfigured"].map((c) => excuse(c, "Discord hides admin and team commands and enforces option and modal limits itself, so these read differently per platform; covered by tests/bot/chat/dispatch and each adapter's tests")),
  ...["MalformedInput", "ChallengeConsumed", "ChallengeCancelled", "ChallengeExpired", "ChallengeNotYetValid", "WrongDomain", "WrongPlatform", "WrongUser", "WrongChat", "AddressMismatch", "SignatureInvalid", "LinkConflict"].map((c) => excuse(c, "linking's defences: covered by tests/bot/core/usecases/link-wallet.test.ts")),
  ...["MilestoneOutOfOrder"].map((c) => excuse(c, "a researcher's refusal on their own campaign; here the user is not the researcher (NotResearcher comes first); covered by tests/bot/chat/writes and the submit tests")),
  ...["AlreadySubscribed", "NotSubscribed"].map((c) => excuse(c, "subscriptions are for group admins: Discord hides the command from members, Telegram private chats refuse it (WrongPlace); covered by each adapter's subscription tests and tests/bot/chat/subscriptions")),
  ...["SignedMessageMalformed", "SignedMessageMismatch"].map((c) => excuse(c, "the link page's Sign In With Solana checks: covered by tests/bot/core/usecases/link-sign-in.test.ts")),
  ...["NoSuchFlagRequest", "SigningRequestNotFound", "SigningRequestExpired", "SigningRequestUsed"].map((c) => excuse(c, "the workers' and the signing page's refusals, not a chat command's")),
  excuse("NoDeposit", "a /flag by a linked holder with no weight: no deposit in the campaign, or no stake in the pool; covered on Telegram, Discord and the console by tests/e2e/pool-flag.test.ts, and by the flag use case tests"),
  ...["PoolNotFound", "NotStaked", "NothingToStake", "NothingToClaim", "InvalidPoolState"].map((c) =>
    excuse(c, "a staker's refusals on a reward pool, and this script has no pool; covered by tests/e2e/pool-life.test.ts, tests/e2e/pool-flag.test.ts and tests/bot/app/scheduler-pools.test.ts"),
  ),
  ...["InvalidVesting", "InvalidKpi", "NotSponsor", "PoolOverfunded", "MintNotSupported", "PoolNotExpired", "PoolReviewOpen", "WrongReleaseKind", "NothingVested"].map((c) =>
    excuse(c, "a pool sponsor's own transactions, with no chat command; refused by the program in programs/pepfund-tests/tests/program/pools.rs, pool_mints.rs and the randomized pool walk"),
  ),
]);
