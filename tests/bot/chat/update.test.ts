/**
 * /update in the chat layer, on PGlite and on the real PostgreSQL, with a real local Arweave
 * (arlocal): the campaign's researcher (proven by their linked wallet) posts a text; it is
 * stored on Arweave with tags naming the campaign, recorded in the database, queued once for
 * every channel following the campaign, and listed in /campaign newest first with its
 * Arweave link. Anyone else is refused before anything is uploaded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../../../bot/chat/command.js";
import { campaignCommand } from "../../../bot/chat/commands/campaign.js";
import { updateCommand } from "../../../bot/chat/commands/update.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { AnyCommand } from "../../../bot/chat/command.js";
import type { RawValue } from "../../../bot/chat/params.js";
import { urlsOf, type Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { fromJson } from "../../../bot/core/notice-codec.js";
import type { CampaignView, EvidenceStore } from "../../../bot/core/ports.js";
import { postUpdate } from "../../../bot/core/usecases/campaign-updates.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { campaign } from "../support/campaigns.js";
import { databaseKinds } from "../support/databases.js";
import { countingEvidence } from "../support/evidence.js";
import { randomAddress } from "../support/fakes.js";
import { FakeRelayer } from "../support/relayer.js";
import { startChat, type ChatFixture } from "./fixture.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal.stop();
});

describe.each(databaseKinds)("/update on $name", (kind) => {
  let f: ChatFixture;
  let deps: ChatDeps;
  let uploads: { uploads: number };
  beforeAll(async () => {
    f = await startChat({ database: kind });
    const { store, counts } = countingEvidence(arlocal);
    uploads = counts;
    const relayer = new FakeRelayer();
    deps = { ...f.deps, evidence: store, gatewayUrl: arlocal.url, writes: { relayer, evidence: store, gatewayUrl: arlocal.url }, relayAuthority: relayer.authority };
  });
  afterAll(async () => {
    await f.stop();
  });

  const run = (command: AnyCommand, who: Caller, raw: Record<string, RawValue>): Promise<Reply> => dispatch(deps, who, { command, raw, typed: true });

  /** A campaign followed by one group, and its researcher's chat account, linked. */
  async function followed(): Promise<{ c: CampaignView; researcher: Caller }> {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    await f.deps.store.subscriptions.add({ campaign: c.address, platform: "TELEGRAM", scopeId: "-100777", channelId: "", createdBy: "1" });
    const researcher = f.caller();
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: researcher.chat.userId, address: c.researcher, chatId: researcher.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    return { c, researcher };
  }

  it("GIVEN the researcher THEN the text is on Arweave with the campaign's tags, recorded, announced once in the following chat, and listed in /campaign newest first", async () => {
    const { c, researcher } = await followed();
    const first = await run(updateCommand, researcher, { campaign: c.address, text: "Fish arrived; recordings start Monday. @everyone" });
    expect(first.refusal).toBeUndefined();
    expect(plain(first.lines[1] ?? [])).toBe("Announced in 1 chat following the campaign.");
    const stored = first.links.find((l) => l.label === "Update on Arweave")?.url ?? "";
    await arlocal.mine();
    const id = stored.split("/").at(-1) ?? "";
    expect(await (await fetch(`${arlocal.url}/${id}`)).text()).toBe("Fish arrived; recordings start Monday. @everyone");
    const tags = (await (await fetch(`${arlocal.url}/tx/${id}`)).json()) as { tags: { name: string; value: string }[] };
    const decoded = Object.fromEntries(tags.tags.map((t) => [Buffer.from(t.name, "base64url").toString(), Buffer.from(t.value, "base64url").toString()]));
    expect(decoded).toMatchObject({ Type: "campaign-update", Campaign: c.address, Researcher: c.researcher, "Content-Type": "text/plain; charset=utf-8" });

    f.clock.advance(60);
    await run(updateCommand, researcher, { campaign: c.address, text: "First recordings are in." });
    const rows = await f.db.prisma.campaignUpdate.findMany({ where: { campaign: c.address } });
    expect(rows.map((r) => r.text).sort()).toEqual(["First recordings are in.", "Fish arrived; recordings start Monday. @everyone"]);

    const queued = await f.db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "update:" } } });
    const mine = queued.filter((q) => JSON.stringify(q.payload).includes(c.address));
    expect(mine).toHaveLength(2);
    const payload = fromJson(mine[0]?.payload) as { target: { chatId: string }; notice: { kind: string } };
    expect(payload).toMatchObject({ target: { chatId: "-100777" }, notice: { kind: "ResearcherUpdate" } });
    // Both are on the campaign's public timeline, newest first, dated when they were posted.
    const timeline = await f.deps.store.timeline.latest(c.address, 10);
    expect(timeline.map((e) => [e.notice.kind, e.at.toISOString()])).toEqual([
      ["ResearcherUpdate", f.clock.now().toISOString()],
      ["ResearcherUpdate", new Date(f.clock.now().getTime() - 60_000).toISOString()],
    ]);

    const status = await run(campaignCommand, f.caller(), { campaign: c.address });
    const section = status.sections.find((s) => plain(s.title) === "Latest updates from the researcher");
    const listed = (section?.lines ?? []).map(plain);
    expect(listed[0]).toContain("First recordings are in.");
    expect(listed[1]).toContain("Fish arrived");
    expect(urlsOf(status)).toContain(stored);
  });

  it("GIVEN someone who is not the researcher, or unlinked, or a blank text THEN refused by code and nothing is uploaded", async () => {
    const { c } = await followed();
    const before = uploads.uploads;
    const other = f.caller();
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: other.chat.userId, address: randomAddress(), chatId: other.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    expect((await run(updateCommand, other, { campaign: c.address, text: "I am the researcher" })).refusal?.code).toBe("NotResearcher");
    expect((await run(updateCommand, f.caller(), { campaign: c.address, text: "Hello" })).refusal?.code).toBe("NotLinked");
    const { researcher } = await followed();
    // A blank text stops at the parameter check; the core refuses it too when called directly.
    expect((await run(updateCommand, researcher, { campaign: c.address, text: "   " })).refusal?.code).toBe("ParameterInvalid");
    const direct = await postUpdate(
      { store: deps.store, chain: deps.chain, evidence: deps.evidence as EvidenceStore, clock: deps.clock, random: deps.random, platforms: deps.platforms, gatewayUrl: arlocal.url },
      { chat: researcher.chat, campaign: c.address, text: " \n " },
    );
    expect(direct).toEqual({ ok: false, code: "UpdateTextRequired" });
    expect(uploads.uploads).toBe(before);
    expect(await f.db.prisma.campaignUpdate.count({ where: { campaign: c.address } })).toBe(0);
  });
});
