/**
 * The flag pipeline end to end, every part real: holders flag through the Telegram bot (on
 * the local Bot API server) and the Discord bot (on the local Discord server); rationales go
 * to arlocal; the relayer signs as the holders' delegate on the localnet, where the program
 * decides. Asserted where users see it: the FlagRecord accounts and the campaign's flag
 * weight on-chain, quorum, each user's outcome message, one transaction per holder however
 * often they click, refusals with nothing sent, and the researcher's USDC after finalize.
 */
import { type PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagPda } from "../../bot/chain/pdas.js";
import { quorumReached } from "../../bot/core/rules/flags.js";
import { deliverOutbox } from "../../bot/core/usecases/deliver-outbox.js";
import { resumeFlags } from "../../bot/core/usecases/flag-relay.js";
import type { CampaignFixture } from "../bot/chain/support/campaign.js";
import { USDC } from "../bot/chain/support/campaign.js";
import { EXPLORER, finalAnswer, flagOnDiscord, lastOf, linkOnDiscord, linkOnTelegram, press, say, startChats, telegramUser, type Chats } from "./support/chats.js";
import { campaignInReview, startWorld, wallClock, type World } from "./support/world.js";
import { PLATFORMS } from "../bot/support/platforms.js";

let world: World;
let chats: Chats;

beforeAll(async () => {
  world = await startWorld();
  chats = await startChats(world);
}, 120_000);

afterAll(async () => {
  await chats.stop();
  await world.stop();
});

/** The relay worker and the outbox delivery loop, once, as bot/app runs them on timers. */
async function runWorkers(): Promise<void> {
  await resumeFlags(
    { store: world.store, evidence: world.evidence, relayer: world.relayer, clock: wallClock, gatewayUrl: world.arlocal.url, chain: world.reader, platforms: PLATFORMS },
    { staleAfterMs: 0, limit: 50 },
  );
  await deliverOutbox({ store: world.store, notifiers: { TELEGRAM: chats.telegramNotifier }, clock: wallClock }, 50);
}

async function flagRecord(campaign: CampaignFixture, owner: PublicKey) {
  const address = flagPda(campaign.address, 0, 1, owner);
  return world.protocol.as(world.protocol.relay).account.flagRecord.fetchNullable(address);
}

/** Flags through Telegram: /flag <campaign>, the milestone button, the rationale as a reply. */
async function flagOnTelegram(who: ReturnType<typeof telegramUser>, campaign: string, rationale: string) {
  const menu = lastOf(await say(chats, who, `/flag ${campaign}`));
  const prompt = lastOf(await press(chats, who, menu, `flag|${campaign}|0`));
  const before = chats.telegram.delivered.length;
  const answer = (await say(chats, who, rationale, prompt)).map((m) => m.text ?? "").join("\n");
  const update = chats.telegram.delivered[before];
  if (update === undefined) throw new Error("no update");
  return { answer, update };
}

describe("GIVEN a campaign whose first milestone is in review, holders linked on Telegram and Discord", () => {
  it("THEN flags land once each with their weights, refusals send nothing, below quorum the milestone is released to the researcher", async () => {
    // Backer supply 1071 USDC; flaggers 40 + 30 = 6.5% (< 10% quorum); 1 USDC is under 0.1%.
    const c = await campaignInReview(world, [1000n * USDC, 40n * USDC, 30n * USDC, 1n * USDC], [1, 2, 3]);
    const [, ada, bob, tiny] = c.backers;
    if (ada === undefined || bob === undefined || tiny === undefined) throw new Error("backers missing");
    const adaTg = telegramUser(chats, "Ada");
    const tinyTg = telegramUser(chats, "Tiny");
    const bobDc = chats.discord.addMember("bob");
    const strangerDc = chats.discord.addMember("stranger");
    await linkOnTelegram(chats, adaTg, ada);
    await linkOnTelegram(chats, tinyTg, tiny);
    await linkOnDiscord(chats, bobDc, bob);
    const campaign = c.address.toBase58();

    // Discord: Bob double-submits the modal: one is relayed, the other told it is already asked.
    const [first, second] = await Promise.all([
      flagOnDiscord(chats, bobDc, campaign, "Half of the samples are missing."),
      flagOnDiscord(chats, bobDc, campaign, "Half of the samples are missing."),
    ]);
    const answers = [await finalAnswer(first), await finalAnswer(second)];
    const onChain = answers.filter((a) => a.includes("is on-chain"));
    expect(onChain).toHaveLength(1);
    expect(answers.filter((a) => a.includes("already asked to flag"))).toHaveLength(1);
    const bobSignature = new RegExp(`${EXPLORER.replaceAll(".", "\\.")}([1-9A-HJ-NP-Za-km-z]{80,90})\\?cluster=custom`).exec(onChain[0] ?? "")?.[1];
    expect(bobSignature).toBeDefined();
    const bobTx = await world.chain.connection.getTransaction(bobSignature ?? "", { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(bobTx?.meta?.err).toBeNull();

    // Discord: a member with no linked wallet is refused before any modal.
    const stranger = chats.discord.slash(strangerDc, "flag", { campaign, milestone: 0 });
    expect(await finalAnswer(stranger)).toContain("No wallet is linked");

    // Telegram: Ada flags; Telegram then delivers the same update again: still one request.
    // The flag is relayed at once: the answer is its on-chain outcome with its weight.
    const ada1 = await flagOnTelegram(adaTg, campaign, "The controls were never run.");
    expect(ada1.answer).toContain("is on-chain (weight 40)");
    chats.telegram.redeliver(ada1.update);
    await chats.telegram.handled(ada1.update, 30_000);
    // Telegram: under 0.1% of the supply: the program's refusal in words, nothing stored.
    const tinyFlag = await flagOnTelegram(tinyTg, campaign, "I object too.");
    expect(tinyFlag.answer).toContain("below 0.1%");

    // The workers find nothing left to do: Ada hears her outcome once, in her answer.
    await runWorkers();
    const adaOutcome = chats.telegram.sentMessages(adaTg.id).map((m) => m.text ?? "").filter((t) => t.includes("is on-chain"));
    expect(adaOutcome).toHaveLength(1);
    const adaSignature = new RegExp(`${EXPLORER.replaceAll(".", "\\.")}([1-9A-HJ-NP-Za-km-z]{80,90})`).exec(adaOutcome[0] ?? "")?.[1];
    expect(adaSignature).toBeDefined();
    expect((await world.chain.connection.getTransaction(adaSignature ?? "", { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))?.meta?.err).toBeNull();

    // On-chain: one FlagRecord per flagging holder with its deposit as weight; none for the others.
    expect((await flagRecord(c, ada.publicKey))?.weight.toString()).toBe((40n * USDC).toString());
    expect((await flagRecord(c, bob.publicKey))?.weight.toString()).toBe((30n * USDC).toString());
    expect(await flagRecord(c, tiny.publicKey)).toBeNull();
    const milestone = (await world.reader.getCampaign(campaign))?.milestones[0];
    expect(milestone?.flagWeight).toBe(70n * USDC);
    expect(milestone?.flagCount).toBe(2);
    expect(quorumReached(milestone?.flagWeight ?? 0n, milestone?.backerSupplySnapshot ?? 0n)).toBe(false);
    // Exactly one request per holder, both confirmed; the refused and the stranger have none.
    const requests = await world.database.db.prisma.flagRequest.findMany({ where: { campaign } });
    expect(requests.map((r) => r.status).sort()).toEqual(["CONFIRMED", "CONFIRMED"]);
    // Each outcome's notice was held for the answer, and the delivered answer (Telegram's
    // message, Discord's interaction edit) withdrew it: nothing waits to tell them again.
    const held = await world.database.db.prisma.outboxMessage.findMany({ where: { OR: requests.map((r) => ({ dedupeKey: { startsWith: `flag-outcome:${r.id}|` } })) } });
    expect(held.map((m) => m.dedupeKey.split(":")[1]?.split("|")[0] + ":" + m.status).sort()).toEqual(requests.map((r) => `${r.id}:SENT`).sort());
    // Each stored rationale is the one referenced on-chain, with the user's words.
    for (const owner of [ada, bob]) {
      const record = await flagRecord(c, owner.publicKey);
      const id = Buffer.from(record?.rationale ?? []).toString("base64url");
      const request = requests.find((r) => r.wallet === owner.publicKey.toBase58());
      expect(request?.rationaleId).toBe(id);
      const { bytes } = await world.evidence.read(id, 10_000);
      expect(new TextDecoder().decode(bytes)).toBe(request?.rationale);
    }

    // The window closes; the relayer cranks finalize; 40% of the raised USDC goes to the researcher.
    await world.chain.advanceClock((await c.windowLeft(0)) + 1);
    const before = await world.chain.tokenBalance(c.researcherUsdc);
    const finalized = await world.relayer.finalizeMilestone({ campaign, milestoneIndex: 0 }, `finalize:${campaign}:0`);
    expect(finalized.status).toBe("confirmed");
    const released = (await world.chain.tokenBalance(c.researcherUsdc)) - before;
    expect(released).toBe((1071n * USDC * 4_000n) / 10_000n);
    expect((await world.reader.getCampaign(campaign))?.milestones[0]?.status).toBe("Released");
    expect(chats.errors).toEqual([]);
  }, 180_000);

  it("THEN flags weighing 10% of the backer supply reach quorum, and finalize releases nothing", async () => {
    // Backer supply 113 USDC: 8 (Telegram) alone is 7.1%, with 5 (Discord) 11.5%.
    const c = await campaignInReview(world, [100n * USDC, 8n * USDC, 5n * USDC], [1, 2]);
    const [, cleo, dan] = c.backers;
    if (cleo === undefined || dan === undefined) throw new Error("backers missing");
    const campaign = c.address.toBase58();
    const cleoTg = telegramUser(chats, "Cleo");
    const danDc = chats.discord.addMember("dan");
    await linkOnTelegram(chats, cleoTg, cleo);
    await linkOnDiscord(chats, danDc, dan);

    expect((await flagOnTelegram(cleoTg, campaign, "Wrong cell line.")).answer).toContain("is on-chain (weight 8)");
    await runWorkers();
    const afterOne = (await world.reader.getCampaign(campaign))?.milestones[0];
    expect(afterOne?.flagWeight).toBe(8n * USDC);
    expect(quorumReached(afterOne?.flagWeight ?? 0n, afterOne?.backerSupplySnapshot ?? 0n)).toBe(false);

    expect(await finalAnswer(await flagOnDiscord(chats, danDc, campaign, "Agreed, wrong cell line."))).toContain("is on-chain");
    const afterTwo = (await world.reader.getCampaign(campaign))?.milestones[0];
    expect(afterTwo?.flagWeight).toBe(13n * USDC);
    expect(afterTwo?.flagCount).toBe(2);
    expect(quorumReached(afterTwo?.flagWeight ?? 0n, afterTwo?.backerSupplySnapshot ?? 0n)).toBe(true);
    expect(chats.telegram.sentMessages(cleoTg.id).some((m) => (m.text ?? "").includes("is on-chain"))).toBe(true);

    await world.chain.advanceClock((await c.windowLeft(0)) + 1);
    const before = await world.chain.tokenBalance(c.researcherUsdc);
    expect((await world.relayer.finalizeMilestone({ campaign, milestoneIndex: 0 }, `finalize:${campaign}:0`)).status).toBe("confirmed");
    expect(await world.chain.tokenBalance(c.researcherUsdc)).toBe(before);
    expect((await world.reader.getCampaign(campaign))?.milestones[0]?.status).toBe("Disputed");
    expect(chats.errors).toEqual([]);
  }, 180_000);
});
