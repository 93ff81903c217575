/**
 * A backer's journey end to end, through the whole bot as production composes it
 * (support/life.ts) and the product path of support/product.ts: a backer finds a raising
 * campaign with /campaigns on Telegram, opens its status and presses Follow; another follows
 * it with /follow on Discord. Then the campaign goes through a submission, quorum, the last
 * day of its review window, a dispute the team approves and the release, and each follower
 * receives exactly the notices a backer cares about, privately (Telegram private chat,
 * Discord DM), in that order, each once. Bea funds it with /contribute, signing the page in
 * Chromium on a phone and then on a desktop, as the chat reply links it.
 * The notices link the campaign's public page, which shows the release and the whole timeline.
 */
import type { Keypair } from "@solana/web3.js";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser } from "./support/browser.js";
import { vaultPda } from "../../bot/chain/pdas.js";
import { type CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import type { MemberRecord } from "../discord-server/server.js";
import { Life, PUBLIC_BASE_URL, TEAM_TELEGRAM_ID, lastOf, signingUrl, text, until } from "./support/life.js";
import { approveOnTelegram, closedByCrank, createByCli } from "./support/product.js";
import { type Person, contributeOnTelegram, depositOnTelegram, flagOnTelegram, submitOnTelegram } from "./support/telegram-actions.js";

const LONG = 300_000;
const HOUR = 3_600;

let life: Life;
let admin: Person;
let ida: Person;
let bea: Person;
let dan: MemberRecord;

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
  bea = await person("Bea");
  dan = life.discord.addMember("dan");
}, LONG);

afterAll(async () => {
  await closeBrowser();
  await life?.stop();
});

/** Every notice title, followers' or not: what tells the notices apart in a chat. */
const NOTICE_TITLES: readonly [string, RegExp][] = [
  ["opened", /Fundraising open/],
  ["closed", /Fundraising (succeeded|failed)/],
  ["submitted", /Milestone 1 \(Deliverable 1\) submitted/],
  ["flagged", /Milestone 1 \(Deliverable 1\) flagged/],
  ["quorum", /Milestone 1 \(Deliverable 1\): flag quorum reached/],
  ["closing soon", /Milestone 1 \(Deliverable 1\): review window closes soon/],
  ["window closed", /Milestone 1 \(Deliverable 1\): review window closed/],
  ["dispute opened", /Milestone 1 \(Deliverable 1\): dispute opened/],
  ["dispute approved", /Milestone 1 \(Deliverable 1\): dispute approved/],
  ["released", /Milestone 1 \(Deliverable 1\): tranche released/],
];

/** The notices among `titles` (each message's first line), by name, in the order received. */
function noticesIn(titles: readonly string[]): string[] {
  return titles.flatMap((title) => NOTICE_TITLES.filter(([, pattern]) => pattern.test(title)).map(([name]) => name));
}

const beaNotices = (from: number) => noticesIn(life.telegram.sentMessages(bea.user.id).slice(from).map((m) => (m.text ?? "").split("\n")[0] ?? ""));
const danNotices = () =>
  noticesIn(life.discord.directMessages(dan.id).map((m) => String(((m.body.embeds as { title?: string }[] | undefined) ?? [])[0]?.title ?? "")));

/** The URL of a Telegram message's link button labelled `label`. */
function linkButton(message: Message, label: string): string | undefined {
  const keyboard = (message.reply_markup as { inline_keyboard?: { text: string; url?: string }[][] } | undefined)?.inline_keyboard ?? [];
  return keyboard.flat().find((b) => b.text === label)?.url;
}

/** The callback data of a Telegram message's buttons. */
function buttonData(message: Message): string[] {
  const keyboard = (message.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
  return keyboard.flat().flatMap((b) => (b.callback_data === undefined ? [] : [b.callback_data]));
}

const milestoneStatus = async (c: CampaignFixture) => Object.keys((await c.fetch()).milestones[0]!.status)[0];

describe("GIVEN the whole bot, a researcher, two backers and the team", () => {
  it("WHEN a backer finds a campaign with /campaigns and follows it (Telegram), another follows on Discord THEN both receive the private notices in order through submission, quorum, the last day, the dispute's approval and the release", async () => {
    const c = await createByCli(life, ida.wallet, 100n * USDC, [4_000, 3_000, 3_000]);
    const address = c.address.toBase58();
    await approveOnTelegram(life, admin.user, admin.wallet, c);
    // The raise's opening is announced before anyone follows: nobody here hears it.
    await life.indexerCaughtUp();

    // The bot's titles worker reads the campaign's texts from Arweave: it is listed by its title.
    await until("title read", async () => (await life.store.campaigns.find(address))?.title === "Peptide serum stability");
    // Bea finds it among the raising campaigns, opens its status and presses Follow.
    const listed = lastOf(await life.say(bea.user, "/campaigns"));
    expect(listed.text).toContain("Raising campaigns (1)");
    expect(listed.text).toContain("Peptide serum stability");
    expect(buttonData(listed)).toContain(`campaign|${address}`);
    const status = lastOf(await life.press(bea.user, listed, `campaign|${address}`));
    expect(buttonData(status)).toContain(`follow|${address}`);
    expect(text(await life.press(bea.user, status, `follow|${address}`))).toContain("You now follow");
    const beaSeen = life.telegram.sentMessages(bea.user.id).length;
    // Dan follows on Discord; his notices come as DMs.
    expect(await life.slash(dan, "follow", { campaign: address })).toContain("You now follow");

    // Bea funds it from chat on her phone: /contribute, the signing page opened in Chromium at a
    // phone viewport, her wallet taps Sign (balances asserted on-chain); then the rest from her desktop.
    await life.chain.mintTo(life.protocol.usdcMint, bea.wallet.publicKey, 100n * USDC);
    await contributeOnTelegram(life, bea, c, 60n * USDC, "phone");
    await contributeOnTelegram(life, bea, c, 40n * USDC, "desktop");
    await closedByCrank(life, c, "active");
    await depositOnTelegram(life, bea, c, 100n * USDC);

    await submitOnTelegram(life, ida, c, 1, "journey-first");
    expect(await flagOnTelegram(life, bea.user, c, 0, "The raw traces are not in the dataset.")).toContain("is on-chain");
    await until("quorum on-chain", async () => (await c.fetch()).milestones[0]!.flagWeight.toString() === String(100n * USDC));

    // The review window's last day: followers are reminded once.
    const windowEnd = (await c.fetch()).milestones[0]!.windowEnd.toNumber();
    await life.chain.advanceClock(windowEnd - 23 * HOUR - (await life.chain.now()));
    await until("the window-closing reminder", () => beaNotices(beaSeen).includes("closing soon") && danNotices().includes("closing soon"));

    await life.chain.advanceClock(windowEnd - (await life.chain.now()));
    await until("the dispute", async () => (await milestoneStatus(c)) === "disputed");
    const researcherBefore = await life.chain.tokenBalance(c.researcherUsdc);
    const answer = text(await life.say(admin.user, `/dispute ${address} 1 approve The raw traces are in the appendix.`));
    expect((await life.sign(signingUrl(answer), admin.wallet)).title).toBe("Approve the disputed milestone 1");
    await until("the release", async () => (await milestoneStatus(c)) === "released");
    expect((await life.chain.tokenBalance(c.researcherUsdc)) - researcherBefore).toBe(40n * USDC);
    expect(await life.chain.tokenBalance(vaultPda(c.address))).toBe(60n * USDC);

    await life.indexerCaughtUp();
    await life.outboxDrained();
    const expected = ["submitted", "quorum", "closing soon", "dispute approved", "released"];
    expect(beaNotices(beaSeen)).toEqual(expected);
    expect(danNotices()).toEqual(expected);
    // The ones that ask the backer to act carry the action: Flag (that submission) and the evidence.
    const flag = `flag|${address}|0||1`;
    for (const title of ["submitted", "review window closes soon"]) {
      const notice = life.telegram.sentMessages(bea.user.id).find((m) => (m.text ?? "").split("\n")[0]?.includes(title));
      expect(buttonData(notice!), title).toContain(flag);
      const dm = life.discord.directMessages(dan.id).find((m) => JSON.stringify(m.body.embeds).includes(title));
      expect(JSON.stringify(dm?.body.components), title).toContain(flag);
      expect(JSON.stringify(dm?.body.components), title).toContain("View evidence");
    }
    // The release notice links the campaign's public page; the composed web server serves it
    // with the roadmap and the timeline the indexer and the scheduler recorded, newest first.
    const releasedNotice = life.telegram.sentMessages(bea.user.id).find((m) => (m.text ?? "").split("\n")[0]?.includes("tranche released"));
    const pageUrl = linkButton(releasedNotice!, "Campaign page");
    expect(pageUrl).toBe(`${PUBLIC_BASE_URL}/c/${address}`);
    const page = await fetch(`${life.app.webUrl}${new URL(pageUrl!).pathname}`);
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(html).toMatch(/1\. Deliverable 1 — 40% — ✅ released/);
    expect(html).toContain("Raised 100 USDC of 100 USDC");
    const timeline = html.slice(html.indexOf(" Timeline "));
    const titles = ["tranche released", "dispute approved", "review window closes soon", "flag quorum reached", "flagged", "submitted"];
    const order = [...titles.map((t) => timeline.indexOf(`Milestone 1 (Deliverable 1)${t === "flagged" || t === "submitted" ? " " : ": "}${t}`)), timeline.indexOf("Fundraising open")];
    expect(order.every((at) => at > -1), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Private means private: Dan's notices are DMs, and no channel got any of this.
    expect(life.discord.channelPosts(life.discord.channel.id)).toEqual([]);
    expect(life.log.lines.filter((l) => l.startsWith("error "))).toEqual([]);
  }, LONG);
});
