/**
 * The /flag conversation: campaign and milestone from inline keyboards, the rationale as
 * the next message or a reply, /cancel, a restart in the middle (state in the database),
 * someone else's buttons, the core's refusals, and the flag button of an announcement.
 */
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../bot/core/campaign-texts.js";
import type { EvidenceStore } from "../../../bot/core/ports.js";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

describe.each(databaseKinds)("Telegram /flag on $name", (kind) => {
  let db: TestDatabase;
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => {
    t = harness;
    db = harness.db;
  });

  /** A campaign whose first milestone is in review, and a linked holder who may flag it. */
  async function flaggable(title = "Cell cultures") {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const c = campaign({
      milestones: [
        milestone(0, { title, status: "InReview", attempts: 1, submittedAt: now - 60, windowEnd: now + 86_400, supplySnapshot: 1_000_000_000n, backerSupplySnapshot: 1_000_000_000n }),
        milestone(1),
      ],
    });
    t.chain.campaigns.set(c.address, c);
    const who = user();
    const wallet = randomAddress();
    await t.deps.store.links.insert({
      platform: "TELEGRAM", userId: String(who.id), address: wallet, chatId: String(who.id), challengeNonce: randomAddress(), linkedAt: t.clock.now(),
    });
    t.chain.setHolder(c.address, { owner: wallet, deposited: 50_000_000n, delegate: t.relayer.authority, lockedUntil: 0 });
    return { c, who, wallet };
  }

  const requests = () => db.prisma.flagRequest.findMany();
  /** Buttons per row of a message's inline keyboard, as the bot sent it. */
  const rowSizes = (m: Message) => ((m.reply_markup as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard ?? []).map((row) => row.length);
  const last = (messages: Message[]) => {
    const m = messages.at(-1);
    if (m === undefined) throw new Error("the bot sent nothing");
    return m;
  };

  it("GIVEN /flag in a private chat THEN campaign and milestone buttons, then the next message is the rationale; one request stored", async () => {
    const { c, who, wallet } = await flaggable();
    const chat = t.privateChat(who);
    const picker = last(await t.say(chat, who, "/flag"));
    const choice = TelegramHarness.buttons(picker).find((b) => b.data === `flag|${c.address}`);
    expect(choice?.text).toContain("Cell cultures");
    const milestones = last(await t.press(who, picker, `flag|${c.address}`));
    expect(TelegramHarness.buttons(milestones).map((b) => b.data)).toEqual([`flag|${c.address}|0`, `flag|${c.address}|1`]);
    // One button per row, and no empty row after the last (Telegram clients draw it as a gap).
    expect(rowSizes(milestones)).toEqual([1, 1]);
    expect(rowSizes(picker).length).toBeGreaterThan(0);
    expect(rowSizes(picker).every((n) => n === 1)).toBe(true);
    expect(t.server.callsOf("answerCallbackQuery").at(-1)?.status).toBe(200);
    const prompt = last(await t.press(who, milestones, `flag|${c.address}|0`));
    expect(prompt.text).toContain("Send it as your next message");
    const done = TelegramHarness.text(await t.say(chat, who, "The dataset is missing half of the samples."));
    expect(done).toContain("Your flag on milestone 1 is on-chain (weight 50)");
    const stored = (await requests()).filter((r) => r.wallet === wallet);
    expect(stored).toMatchObject([{ campaign: c.address, milestoneIndex: 0, attempt: 1, rationale: "The dataset is missing half of the samples." }]);
    // The conversation is over: a further message is not another rationale.
    await t.say(chat, who, "and another thing");
    expect((await requests()).filter((r) => r.wallet === wallet)).toHaveLength(1);
  });

  it("GIVEN a milestone whose description is stored THEN the prompt shows it, checked against its hash, before the rationale is asked", async () => {
    const { c, who } = await flaggable("Pilot");
    const texts = { title: "Zebrafish sleep", summary: "Sleep and memory.", milestones: [{ title: "Pilot", description: "Raw recordings of <b>20</b> fish, as CSV." }, { title: "Milestone 2", description: "A preprint." }] };
    const bytes = encodeCampaignTexts(texts);
    const { id } = await (t.deps.evidence as EvidenceStore).upload(bytes, "application/json");
    t.chain.campaigns.set(c.address, {
      ...c,
      metadataId: id,
      metadataSha256: sha256Hex(bytes),
      milestones: c.milestones.map((m, i) => ({ ...m, descriptionSha256: descriptionSha256(texts.milestones[i]?.description ?? "") })),
    });
    const prompt = last(await t.say(t.privateChat(who), who, `/flag ${c.address} 1`));
    expect(prompt.text).toContain("Raw recordings of <b>20</b> fish, as CSV.");
    expect(prompt.text).toContain("✅ Description (matches its on-chain SHA-256)");
    expect(prompt.text).toContain("Send it as your next message");
  });

  it("GIVEN a group THEN the rationale may be a reply to the bot's question (privacy mode)", async () => {
    const { c, who, wallet } = await flaggable();
    const group = t.group();
    const menu = last(await t.say(group, who, `/flag ${c.address}`));
    const prompt = last(await t.press(who, menu, `flag|${c.address}|0`));
    expect(TelegramHarness.text(await t.say(group, who, "Numbers do not add up", { replyTo: prompt }))).toContain("is on-chain");
    expect((await requests()).filter((r) => r.wallet === wallet)).toHaveLength(1);
  });

  it("GIVEN /cancel in the middle THEN nothing is flagged and the next message is not taken as a rationale", async () => {
    const { c, who, wallet } = await flaggable();
    const chat = t.privateChat(who);
    const menu = last(await t.say(chat, who, `/flag ${c.address}`));
    await t.press(who, menu, `flag|${c.address}|0`);
    expect(TelegramHarness.text(await t.say(chat, who, "/cancel"))).toContain("Cancelled. Nothing was sent.");
    await t.say(chat, who, "this is not a rationale");
    expect((await requests()).filter((r) => r.wallet === wallet)).toHaveLength(0);
    expect(TelegramHarness.text(await t.say(chat, who, "/cancel"))).toContain("Nothing to cancel");
  });

  it("GIVEN the bot restarts while waiting for the rationale THEN the new process takes it (state in the database)", async () => {
    const { c, who, wallet } = await flaggable();
    const chat = t.privateChat(who);
    const menu = last(await t.say(chat, who, `/flag ${c.address}`));
    await t.press(who, menu, `flag|${c.address}|0`);
    await t.stopBot();
    await t.startBot();
    expect(TelegramHarness.text(await t.say(chat, who, "Rationale after a restart"))).toContain("is on-chain");
    expect((await requests()).filter((r) => r.wallet === wallet)).toMatchObject([{ rationale: "Rationale after a restart" }]);
  });

  it("GIVEN someone else presses my milestone button THEN they are told it is not theirs; nothing changes", async () => {
    const { c, who } = await flaggable();
    const group = t.group();
    const menu = last(await t.say(group, who, `/flag ${c.address}`));
    const eve = user("Eve");
    expect(await t.press(eve, menu, `flag|${c.address}|0`)).toEqual([]);
    expect(t.server.callsOf("answerCallbackQuery").at(-1)?.payload).toMatchObject({ text: expect.stringContaining("not yours") as unknown, show_alert: true });
  });

  it("GIVEN an unlinked user or an empty rationale THEN the core's refusal (before the form for the unlinked); an empty one may be sent again", async () => {
    const { c, who } = await flaggable();
    const stranger = user("Stranger");
    const chat = t.privateChat(stranger);
    const menu = last(await t.say(chat, stranger, `/flag ${c.address}`));
    // Refused before the rationale is asked: an unlinked user need not type it for nothing.
    expect(TelegramHarness.text(await t.press(stranger, menu, `flag|${c.address}|0`))).toContain("No wallet is linked");
    expect(await t.say(chat, stranger, "I object")).toEqual([]);

    const own = t.privateChat(who);
    const menu2 = last(await t.say(own, who, `/flag ${c.address}`));
    await t.press(who, menu2, `flag|${c.address}|0`);
    expect(TelegramHarness.text(await t.say(own, who, "x".repeat(2001)))).toContain("Send it again, or /cancel");
    expect(TelegramHarness.text(await t.say(own, who, "Shorter rationale"))).toContain("is on-chain");
  });

  it("GIVEN a milestone not in review THEN the program's refusal in words, conversation over", async () => {
    const { c, who } = await flaggable();
    const chat = t.privateChat(who);
    const menu = last(await t.say(chat, who, `/flag ${c.address}`));
    await t.press(who, menu, `flag|${c.address}|1`);
    expect(TelegramHarness.text(await t.say(chat, who, "Too early"))).toContain("not in a state that allows this");
  });

  it("GIVEN the Flag button of an announcement THEN straight to the rationale for that submission", async () => {
    const { c, who, wallet } = await flaggable();
    const group = t.group();
    const announcement = last(await t.say(group, who, `/campaign ${c.address}`));
    const prompt = last(await t.press(who, announcement, `flag|${c.address}|0||1`));
    expect(TelegramHarness.text(await t.say(group, who, "From the announcement", { replyTo: prompt }))).toContain("is on-chain");
    expect((await requests()).filter((r) => r.wallet === wallet)).toMatchObject([{ attempt: 1, milestoneIndex: 0 }]);
  });

  it("GIVEN a campaign the bot read lately THEN its flag does not ask the chain whether the address is a reward pool", async () => {
    const { c, who, wallet } = await flaggable();
    const asked: string[] = [];
    const pools = t.deps.pools;
    const getPool = pools.getPool.bind(pools);
    pools.getPool = (address) => {
      asked.push(address);
      return getPool(address);
    };
    const group = t.group();
    const announcement = last(await t.say(group, who, `/campaign ${c.address}`));
    const prompt = last(await t.press(who, announcement, `flag|${c.address}|0||1`));
    expect(TelegramHarness.text(await t.say(group, who, "Read lately", { replyTo: prompt }))).toContain("is on-chain");
    expect((await requests()).filter((r) => r.wallet === wallet)).toMatchObject([{ attempt: 1, status: "CONFIRMED" }]);
    expect(asked).toEqual([]);
  });
});
