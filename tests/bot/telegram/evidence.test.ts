/**
 * /submit and /dispute through the real bot, the real core, a real database and the real
 * Arweave evidence store on arlocal: a document is fetched from the Bot API (size checked
 * before getFile, SECURITY.md "Oversized upload -> limit enforced before download"),
 * stored on Arweave with progress shown by editing one message, and turned into a signing
 * request for the researcher's wallet; the team resolves disputes the same way.
 */
import { createHash } from "node:crypto";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { countingEvidence } from "../support/evidence.js";
import { randomAddress } from "../support/fakes.js";
import { TelegramHarness, user } from "./harness.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
});
afterAll(async () => {
  await arlocal.stop();
});

describe.each(databaseKinds)("Telegram evidence commands on $name", (kind) => {
  let db: TestDatabase;
  let t: TelegramHarness;
  let evidence: ReturnType<typeof countingEvidence>;
  const team = user("Team");
  beforeAll(async () => {
    db = await kind.open();
    evidence = countingEvidence(arlocal);
    t = await TelegramHarness.start(db, { evidence: evidence.store, teamUserIds: [String(team.id)] });
  });
  afterAll(async () => {
    await t.stop();
    await db.dispose();
  });

  async function researcherWithCampaign() {
    const who = user("Researcher");
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(who.id), address: c.researcher, chatId: "1", challengeNonce: randomAddress(), linkedAt: t.clock.now() });
    return { who, c };
  }

  const finalText = (messages: Message[]) => messages.at(-1)?.text ?? "";

  it("GIVEN a researcher sends a document captioned /submit THEN stored on Arweave, progress edited in place, a signing request for their wallet", async () => {
    const { who, c } = await researcherWithCampaign();
    const group = t.group();
    const bytes = new TextEncoder().encode("sequencing results, run 42");
    const file = t.server.addFile(bytes);
    const before = evidence.counts.uploads;
    const messages = await t.say(group, who, "", {
      document: { ...file, file_name: "results<1>.csv", mime_type: "text/csv" },
      caption: `/submit ${c.address} 1`,
    });
    expect(messages).toHaveLength(1);
    const text = finalText(messages);
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(text).toContain(`SHA-256 ${sha}`);
    expect(text).toContain("Sign the submission of milestone 1 with your researcher wallet");
    expect(text).toMatch(new RegExp(`Sign it with your wallet ${c.researcher} before .*: https://pepfund\\.test/sign/[0-9a-f-]{36}`));
    // On a phone: url buttons into the three wallets' in-app browsers, carrying the same page, on a row of their own.
    const page = /https:\/\/pepfund\.test\/sign\/[0-9a-f-]{36}/.exec(text)?.[0] ?? "?";
    const rows = (messages.at(-1)?.reply_markup as { inline_keyboard: { text: string; url?: string }[][] }).inline_keyboard;
    expect(rows[0]?.[0]).toEqual({ text: "Sign the submission", url: page });
    const encoded = `${encodeURIComponent(page)}?ref=${encodeURIComponent("https://pepfund.test")}`;
    expect(rows[1]).toEqual([
      { text: "Open in Phantom", url: `https://phantom.app/ul/browse/${encoded}` },
      { text: "Open in Solflare", url: `https://solflare.com/ul/v1/browse/${encoded}` },
      { text: "Open in Backpack", url: `https://backpack.app/ul/v1/browse/${encoded}` },
    ]);
    expect(evidence.counts.uploads).toBe(before + 1);
    const edits = t.server.callsOf("editMessageText").map((call) => String(call.payload.text));
    expect(edits.some((e) => e.includes("Storing the evidence on Arweave"))).toBe(true);
    const requests = await db.prisma.signingRequest.findMany({ where: { signer: c.researcher } });
    expect(requests).toMatchObject([{ kind: "milestoneSubmit", status: "PENDING", userId: String(who.id) }]);
  });

  it("GIVEN /submit as a reply to a document THEN the same; the file is downloaded from the Bot API's file endpoint", async () => {
    const { who, c } = await researcherWithCampaign();
    const group = t.group();
    const file = t.server.addFile(new TextEncoder().encode("paper draft"));
    const [upload] = [t.server.injectMessage({ chatId: group, from: who, document: { ...file, file_name: "paper.pdf" } })];
    await t.server.handled(upload);
    const fileMessage = upload.message as Message;
    expect(finalText(await t.say(group, who, `/submit ${c.address} 1`, { replyTo: fileMessage }))).toContain("Sign the submission of milestone 1");
    expect(t.server.callsOf("getFile").at(-1)?.payload).toMatchObject({ file_id: file.file_id });
  });

  it("GIVEN a document over 20 MB THEN refused before getFile, nothing uploaded", async () => {
    const { who, c } = await researcherWithCampaign();
    const group = t.group();
    const big = t.server.addFile(null, 20 * 1024 * 1024 + 1);
    const getFiles = t.server.callsOf("getFile").length;
    const uploads = evidence.counts.uploads;
    const text = TelegramHarness.text(await t.say(group, who, "", { document: { ...big, file_name: "huge.bin" }, caption: `/submit ${c.address} 1` }));
    expect(text).toContain("too large");
    expect(t.server.callsOf("getFile")).toHaveLength(getFiles);
    expect(evidence.counts.uploads).toBe(uploads);
  });

  it("GIVEN an existing Arweave id THEN its hash is read and the signing request made; a malformed id or a wrong hash THEN refused", async () => {
    const { who, c } = await researcherWithCampaign();
    const stored = await evidence.store.upload(new TextEncoder().encode("dataset v2"), "text/plain");
    await arlocal.mine();
    const group = t.group();
    expect(finalText(await t.say(group, who, `/submit ${c.address} 1 ${stored.id}`))).toContain(`SHA-256 ${stored.sha256}`);
    expect(finalText(await t.say(group, who, `/submit ${c.address} 1 not-an-id`))).toContain("not an Arweave id");
    expect(finalText(await t.say(group, who, `/submit ${c.address} 1 ${stored.id} ${"0".repeat(64)}`))).toContain("do not match the SHA-256");
  });

  it("GIVEN someone who is not the researcher THEN NotResearcher, nothing uploaded", async () => {
    const { c } = await researcherWithCampaign();
    const stranger = user();
    await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(stranger.id), address: randomAddress(), chatId: "1", challengeNonce: randomAddress(), linkedAt: t.clock.now() });
    const file = t.server.addFile(new TextEncoder().encode("fake"));
    const uploads = evidence.counts.uploads;
    expect(finalText(await t.say(t.group(), stranger, "", { document: file, caption: `/submit ${c.address} 1` }))).toContain(
      "Only the campaign's researcher",
    );
    expect(evidence.counts.uploads).toBe(uploads);
  });

  it("GIVEN a disputed milestone THEN /dispute lists it; the team resolves it to the admin wallet's signing page; others are refused", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const c = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + 3600, title: "Trial <phase 1>" }), milestone(1)] });
    t.chain.campaigns.set(c.address, c);
    const admin = randomAddress();
    t.chain.admin = admin;
    await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(team.id), address: admin, chatId: "1", challengeNonce: randomAddress(), linkedAt: t.clock.now() });
    const group = t.group();
    expect(TelegramHarness.text(await t.say(group, user(), "/dispute"))).toContain("Only the PepFund team");
    const list = TelegramHarness.text(await t.say(group, team, "/dispute"));
    expect(list).toContain("milestone 1 Trial <phase 1>");
    expect(list).toContain(c.address);
    const outsider = user();
    expect(TelegramHarness.text(await t.say(group, outsider, `/dispute ${c.address} 1 approve looks fine`))).toContain("Only the PepFund team");
    const resolved = TelegramHarness.text(await t.say(group, team, `/dispute ${c.address} 1 approve Evidence verified with the lab`));
    expect(resolved).toContain("Sign the resolution (approve) of milestone 1 with the admin wallet");
    expect(resolved).toMatch(new RegExp(`Sign it with your wallet ${admin} before .*: https://pepfund\\.test/sign/`));
    expect(await db.prisma.signingRequest.count({ where: { signer: admin, kind: "disputeResolve" } })).toBe(1);
    expect(TelegramHarness.text(await t.say(group, team, `/dispute ${c.address} 1 approve`))).toContain("not a valid reason");
  });
});
