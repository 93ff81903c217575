/**
 * The read commands and /stale through the real bot: campaign text from the chain is shown
 * literally (SECURITY.md "Markdown/HTML in user text -> escaped": Telegram would refuse the
 * whole message on a raw tag), wallet holdings, researcher profiles, stale reviews.
 */
import { describe, expect, it } from "vitest";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

const EVIL = `<b>x</b><script>alert(1)</script> & <a href="tg://evil">`;

describe.each(databaseKinds)("Telegram read commands and /stale on $name", (kind) => {
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => (t = harness));

  async function linked(wallet = randomAddress()) {
    const who = user();
    await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(who.id), address: wallet, chatId: "1", challengeNonce: randomAddress(), linkedAt: t.clock.now() });
    return { who, wallet };
  }

  it("GIVEN milestone titles with HTML THEN /campaign and /milestones show them literally and Telegram accepts the messages", async () => {
    const c = campaign({ milestones: [milestone(0, { title: EVIL }), milestone(1, { title: "Phase & <2>" })] });
    t.chain.campaigns.set(c.address, c);
    const group = t.group();
    const ada = user();
    const summary = TelegramHarness.text(await t.say(group, ada, `/campaign ${c.address}`));
    expect(summary).toContain(`#0 by ${c.researcher.slice(0, 4)}…${c.researcher.slice(-4)} — ${EVIL}`);
    const list = TelegramHarness.text(await t.say(group, ada, `/milestones ${c.address}`));
    expect(list).toContain(`1. ${EVIL}`);
    expect(list).toContain("2. Phase & <2>");
    expect(t.server.callsOf("sendMessage").filter((call) => call.status !== 200)).toEqual([]);
  });

  it("GIVEN an unknown or malformed campaign THEN the refusal in words", async () => {
    const group = t.group();
    const ada = user();
    expect(TelegramHarness.text(await t.say(group, ada, `/campaign ${randomAddress()}`))).toContain("no PepFund campaign");
    expect(TelegramHarness.text(await t.say(group, ada, "/campaign <no-such-campaign>"))).toContain("no PepFund campaign");
    expect(TelegramHarness.text(await t.say(group, ada, "/milestones"))).toContain("Use /milestones <campaign address>");
  });

  it("GIVEN the Milestones button THEN the full list, and the button press is answered", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const group = t.group();
    const ada = user();
    const [summary] = await t.say(group, ada, `/campaign ${c.address}`);
    if (summary === undefined) throw new Error("no summary");
    expect(TelegramHarness.text(await t.press(ada, summary, `milestones|${c.address}`))).toContain("3. Milestone 3");
    expect(t.server.callsOf("answerCallbackQuery").at(-1)?.status).toBe(200);
  });

  it("GIVEN a linked holder THEN /wallet shows deposits, balance and share; an unlinked user is told to link", async () => {
    const c = campaign({ raised: 1_000_000_000n });
    t.chain.campaigns.set(c.address, c);
    const { who, wallet } = await linked();
    t.chain.setHolder(c.address, { owner: wallet, deposited: 100_000_000n, delegate: null, lockedUntil: 0 });
    t.chain.backerBalances.set(`${c.address}:${wallet}`, 50_000_000n);
    const group = t.group();
    const text = TelegramHarness.text(await t.say(group, who, "/wallet"));
    expect(text).toContain(wallet);
    expect(text).toContain("Deposited (flag weight): 100");
    expect(text).toContain("In wallet: 50");
    expect(text).toContain("15% of 1,000");
    expect(text).toContain("No delegate set");
    expect(TelegramHarness.text(await t.say(group, user(), "/wallet"))).toContain("No wallet is linked");
  });

  it("GIVEN a researcher THEN /profile shows the record and campaigns; an unknown address THEN refused", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    t.chain.researchers.set(c.researcher, {
      researcher: c.researcher, campaignsCreated: 1, campaignsCompleted: 0, campaignsAbandoned: 0, milestonesReleased: 2, disputesOpened: 1, submissionsRejected: 0,
    });
    const group = t.group();
    const text = TelegramHarness.text(await t.say(group, user(), `/profile ${c.researcher}`));
    expect(text).toContain("Campaigns: 1 created — 0 completed — 0 abandoned");
    expect(text).toContain(c.address);
    expect(TelegramHarness.text(await t.say(group, user(), `/profile ${randomAddress()}`))).toContain("No researcher");
  });

  it("GIVEN /profile with no address THEN a picker of the directory's researchers, and pressing one shows their profile", async () => {
    const c = campaign({ title: "Axolotl regeneration atlas" });
    t.chain.campaigns.set(c.address, c);
    t.chain.researchers.set(c.researcher, {
      researcher: c.researcher, campaignsCreated: 1, campaignsCompleted: 0, campaignsAbandoned: 0, milestonesReleased: 0, disputesOpened: 0, submissionsRejected: 0,
    });
    const chat = t.group();
    const [picker] = await t.say(chat, user(), "/profile");
    expect(TelegramHarness.text([picker!])).toContain("Which researcher?");
    const button = TelegramHarness.buttons(picker).find((b) => b.text.includes("Axolotl regeneration atlas"));
    expect(button?.text).toContain(`${c.researcher.slice(0, 4)}…${c.researcher.slice(-4)}`);
    const profile = TelegramHarness.text(await t.press(user(), picker!, button?.data ?? ""));
    expect(profile).toContain("Campaigns: 1 created");
    expect(profile).toContain("Axolotl regeneration atlas");
  });

  it("GIVEN a 90-days-overdue milestone and a holder with the relayer as delegate THEN /stale opens the review through the relayer", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const c = campaign({ milestones: [milestone(0, { estimatedCompletion: now - 91 * 86_400 }), milestone(1)] });
    t.chain.campaigns.set(c.address, c);
    const { who, wallet } = await linked();
    t.chain.setHolder(c.address, { owner: wallet, deposited: 20_000_000n, delegate: t.relayer.authority, lockedUntil: 0 });
    const group = t.group();
    expect(TelegramHarness.text(await t.say(group, who, `/stale ${c.address}`))).toContain("Your wallet opened stale review round 1 with 20");
    expect(t.relayer.calls).toContainEqual({ method: "staleOpen", key: `stale:${c.address}:1:${wallet}` });
  });

  it("GIVEN a campaign that is not stale or an unlinked user THEN /stale is refused and nothing is relayed", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const { who, wallet } = await linked();
    t.chain.setHolder(c.address, { owner: wallet, deposited: 20_000_000n, delegate: t.relayer.authority, lockedUntil: 0 });
    const group = t.group();
    const before = t.relayer.calls.length;
    expect(TelegramHarness.text(await t.say(group, who, `/stale ${c.address}`))).toContain("not stale");
    expect(TelegramHarness.text(await t.say(group, user(), `/stale ${c.address}`))).toContain("No wallet is linked");
    expect(t.relayer.calls.length).toBe(before);
  });

  it("GIVEN a command without its arguments THEN its usage, nothing done", async () => {
    const group = t.group();
    const ada = user();
    const relayed = t.relayer.calls.length;
    expect(TelegramHarness.text(await t.say(group, ada, "/submit"))).toContain("Use /submit <campaign address> <milestone number>");
    expect(TelegramHarness.text(await t.say(group, ada, `/submit ${randomAddress()} zero abc`))).toContain("not a valid milestone. Use /submit <campaign address> <milestone number>");
    expect(TelegramHarness.text(await t.say(group, ada, "/stale"))).toContain("Use /stale <campaign address>");
    expect(TelegramHarness.text(await t.say(group, ada, "/dispute x 1 maybe"))).toContain("<approve|reject> <reason>");
    expect(TelegramHarness.text(await t.say(group, ada, "/profile"))).toContain("Use /profile <researcher address>");
    // The open disputes are the PepFund team's list (ada is not on it).
    expect(TelegramHarness.text(await t.say(group, ada, "/dispute"))).toContain("Only the PepFund team");
    expect(t.relayer.calls).toHaveLength(relayed);
  });
});
