/**
 * The two setbacks a campaign can meet before its money is lost in limbo, end to end through
 * the product (support/product.ts, the whole bot of support/life.ts):
 * - a raise that misses its goal: the scheduler's crank fails it at the deadline, the group is
 *   told how backers get their USDC back, and /refund returns every base unit;
 * - a dispute the team never resolves: at the 72-hour deadline the crank lapses it (a rejection
 *   without reasons), the group and the researcher are told, and the researcher's
 *   re-submission is released when its window closes unflagged.
 */
import type { Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vaultPda } from "../../bot/chain/pdas.js";
import { type CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import { Life, TEAM_TELEGRAM_ID, text, until } from "./support/life.js";
import { approveOnTelegram, closedByCrank, createByCli } from "./support/product.js";
import { type Person, contributeOnTelegram, depositOnTelegram, flagOnTelegram, nextPrivate, refundOnTelegram, submitOnTelegram } from "./support/telegram-actions.js";

const LONG = 240_000;
const GROUP = -100_888;

let life: Life;
let admin: Person;
let ida: Person;
let kai: Person;
let gus: User;

beforeAll(async () => {
  life = await Life.start();
  const person = async (name: string, id?: number): Promise<Person> => {
    const user = life.telegramUser(name, id);
    const wallet: Keypair = name === "Admin" ? life.protocol.admin : await life.chain.fundedKeypair(1);
    await life.linkOnTelegram(user, wallet);
    return { user, wallet };
  };
  admin = await person("Admin", TEAM_TELEGRAM_ID);
  ida = await person("Ida");
  kai = await person("Kai");
  gus = life.telegramUser("Gus");
  life.telegram.addChat({ id: GROUP, type: "supergroup", title: "Backers" });
  life.telegram.setMember(GROUP, gus.id, "administrator");
}, LONG);

afterAll(async () => {
  await life?.stop();
});

const status = async (c: CampaignFixture) => Object.keys((await c.fetch()).status)[0];
const groupTexts = () => life.telegram.sentMessages(GROUP).map((m) => m.text ?? "");

async function subscribeGroup(c: CampaignFixture): Promise<void> {
  expect(text(await life.say(gus, `/subscribe ${c.address.toBase58()}`, { chatId: GROUP }))).toContain("This chat now follows");
}

/** A campaign Ida creates with the CLI and the team approves in chat; Kai contributes `contribution` with /contribute. */
async function approvedCampaign(goal: bigint, contribution: bigint): Promise<CampaignFixture> {
  const c = await createByCli(life, ida.wallet, goal, [4_000, 3_000, 3_000]);
  await approveOnTelegram(life, admin.user, admin.wallet, c);
  await life.indexerCaughtUp();
  await subscribeGroup(c);
  await life.chain.mintTo(life.protocol.usdcMint, kai.wallet.publicKey, contribution);
  await contributeOnTelegram(life, kai, c, contribution);
  return c;
}

describe("GIVEN the whole bot, a researcher, a backer and the team on Telegram", () => {
  it("WHEN a raise misses its goal THEN the crank fails it at the deadline, the group is told how to get the USDC back, and /refund returns all of it", async () => {
    const c = await approvedCampaign(500n * USDC, 120n * USDC);
    const before = await life.chain.tokenBalance(c.backerUsdc(kai.wallet));
    await closedByCrank(life, c, "failed");
    await until("the failed raise's announcement", () => groupTexts().some((t) => /goal/i.test(t) && t.includes("/refund")));

    await refundOnTelegram(life, kai, c, 120n * USDC);
    await until("the refund", async () => (await life.chain.tokenBalance(c.backerUsdc(kai.wallet))) - before === 120n * USDC);
    expect(await life.chain.tokenBalance(vaultPda(c.address))).toBe(0n);
  }, LONG);

  it("WHEN a dispute passes its 72-hour deadline unresolved THEN the crank lapses it, everyone is told, and the re-submission is released", async () => {
    const c = await approvedCampaign(100n * USDC, 100n * USDC);
    await closedByCrank(life, c, "active");
    await depositOnTelegram(life, kai, c, 100n * USDC);

    await submitOnTelegram(life, ida, c, 1, "lapse-first");
    expect(await flagOnTelegram(life, kai.user, c, 0, "The data is not there.")).toContain("is on-chain");
    const first = (await c.fetch()).milestones[0]!;
    await life.chain.advanceClock(first.windowEnd.toNumber() - (await life.chain.now()));
    await until("the dispute", async () => Object.keys((await c.fetch()).milestones[0]!.status)[0] === "disputed");

    const idaSeen = life.telegram.sentMessages(ida.user.id).length;
    const deadline = (await c.fetch()).milestones[0]!.disputeDeadline.toNumber();
    await life.chain.advanceClock(deadline - (await life.chain.now()));
    await until("the lapse", async () => Object.keys((await c.fetch()).milestones[0]!.status)[0] === "pending");
    await until("the lapse announcement", () => groupTexts().some((t) => /laps/i.test(t)));
    await nextPrivate(life, ida.user, idaSeen, "laps");
    // Nobody decided: nothing was released, and no reasons were recorded.
    expect(await life.chain.tokenBalance(vaultPda(c.address))).toBe(100n * USDC);
    expect((await c.fetch()).milestones[0]!.rejectionReason.every((b) => b === 0)).toBe(true);

    const researcherBefore = await life.chain.tokenBalance(c.researcherUsdc);
    await submitOnTelegram(life, ida, c, 1, "lapse-second");
    const second = (await c.fetch()).milestones[0]!;
    expect(second.attempts).toBe(2);
    await life.chain.advanceClock(second.windowEnd.toNumber() - (await life.chain.now()));
    await until("the release", async () => Object.keys((await c.fetch()).milestones[0]!.status)[0] === "released");
    expect((await life.chain.tokenBalance(c.researcherUsdc)) - researcherBefore).toBe(40n * USDC);
    expect(await status(c)).toBe("active");
  }, LONG);
});
