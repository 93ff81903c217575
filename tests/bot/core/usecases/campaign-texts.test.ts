/**
 * Reading campaign texts, without a gateway: the cache stays within its bound and never keeps
 * an outage or a document that does not match; bytes that are not a texts document are
 * "unreadable"; a document with fewer milestones than the chain is not verified. Reading
 * through a real gateway is in tests/bot/chat/campaign-texts.test.ts.
 */
import { describe, expect, it } from "vitest";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../../bot/core/campaign-texts.js";
import type { EvidenceStore } from "../../../../bot/core/ports.js";
import { campaignTexts, TextsCache } from "../../../../bot/core/usecases/campaign-texts.js";
import { campaign, milestone } from "../../support/campaigns.js";

/** A store serving `bytes` for any id, counting reads, failing while `down`. */
function servingStore(bytes: Uint8Array) {
  const state = { reads: 0, down: false };
  const store: EvidenceStore = {
    upload: () => Promise.reject(new Error("not here")),
    prepare: () => Promise.reject(new Error("not here")),
    fetch: () => Promise.reject(new Error("not here")),
    read: () => {
      state.reads += 1;
      return state.down ? Promise.reject(new Error("gateway down")) : Promise.resolve({ bytes, sha256: sha256Hex(bytes), contentType: null });
    },
  };
  return { store, state };
}

const texts = { title: "T", summary: "S", milestones: [{ title: "Milestone 1", description: "one" }, { title: "Milestone 2", description: "two" }] };

describe("GIVEN the texts cache", () => {
  it("WHEN more text than its bound is put in THEN the least recently used entries go first", () => {
    const cache = new TextsCache(10);
    cache.set("a", "aaaa", 4);
    cache.set("b", "bbbb", 4);
    expect(cache.get("a")).toBe("aaaa");
    cache.set("c", "cccc", 4);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["aaaa", undefined, "cccc"]);
    cache.set("huge", "x", 11);
    expect(cache.get("huge")).toBeUndefined();
  });

  it("WHEN a document is verified THEN it is read once; an outage or a mismatch is read again", async () => {
    const bytes = encodeCampaignTexts(texts);
    const { store, state } = servingStore(bytes);
    const deps = { evidence: store, cache: new TextsCache() };
    const ms = texts.milestones.map((m, i) => milestone(i, { title: m.title, descriptionSha256: descriptionSha256(m.description) }));
    const good = campaign({ metadataId: "a".repeat(43), metadataSha256: sha256Hex(bytes), milestones: ms });
    state.down = true;
    expect(await campaignTexts(deps, good)).toEqual({ outcome: "unavailable", cause: "unreachable" });
    state.down = false;
    expect((await campaignTexts(deps, good)).outcome).toBe("read");
    expect(await campaignTexts(deps, good)).toMatchObject({ outcome: "read", verified: true });
    expect(state.reads).toBe(2);
    const other = campaign({ metadataId: "b".repeat(43), metadataSha256: sha256Hex("other"), milestones: ms });
    await campaignTexts(deps, other);
    expect(await campaignTexts(deps, other)).toMatchObject({ outcome: "read", documentMatches: false, verified: false });
    expect(state.reads).toBe(4);
  });
});

describe("GIVEN stored bytes", () => {
  it("that are not a texts document THEN unreadable, saying whether they match the bound hash", async () => {
    const bytes = new TextEncoder().encode("<html>not json</html>");
    const { store } = servingStore(bytes);
    const c = campaign({ metadataId: "c".repeat(43), metadataSha256: sha256Hex(bytes) });
    expect(await campaignTexts({ evidence: store, cache: new TextsCache() }, c)).toEqual({ outcome: "unreadable", documentMatches: true, problem: "NotJson" });
  });

  it("with fewer milestones than the chain THEN the missing one has no description and nothing is verified", async () => {
    const bytes = encodeCampaignTexts({ ...texts, milestones: texts.milestones.slice(0, 1) });
    const { store } = servingStore(bytes);
    const c = campaign({
      metadataId: "d".repeat(43),
      metadataSha256: sha256Hex(bytes),
      milestones: [milestone(0, { descriptionSha256: descriptionSha256("one") }), milestone(1, { descriptionSha256: descriptionSha256("two") })],
    });
    const read = await campaignTexts({ evidence: store, cache: new TextsCache() }, c);
    expect(read).toMatchObject({ outcome: "read", documentMatches: true, verified: false });
    expect(read.outcome === "read" ? read.milestones : []).toEqual([
      { index: 0, description: "one", matches: true, titleMatches: true },
      { index: 1, description: null, matches: false, titleMatches: false },
    ]);
  });
});
