import { describe, expect, it } from "vitest";
import {
  CAMPAIGN_TEXTS_SCHEMA,
  MAX_DESCRIPTION_CHARS,
  decodeCampaignTexts,
  descriptionSha256,
  encodeCampaignTexts,
  sha256Hex,
} from "../../../bot/core/campaign-texts.js";

const texts = {
  title: "Sleep and memory in zebrafish",
  summary: "We test whether…",
  milestones: [
    { title: "Pilot", description: "Raw recordings of 20 fish, CSV." },
    { title: "Ünïcode", description: "Preprint on bioRxiv with ✓ figures." },
  ],
};

describe("campaign texts document", () => {
  it("GIVEN texts WHEN encoded twice THEN the same bytes, which decode back to the texts", () => {
    const a = encodeCampaignTexts(texts);
    expect(Buffer.from(a).equals(Buffer.from(encodeCampaignTexts(texts)))).toBe(true);
    expect((JSON.parse(Buffer.from(a).toString("utf8")) as { schema: string }).schema).toBe(CAMPAIGN_TEXTS_SCHEMA);
    expect(decodeCampaignTexts(a)).toEqual({ ok: true, value: texts });
  });

  it("GIVEN a description WHEN hashed THEN the SHA-256 of its UTF-8 bytes (the program's description_hash)", () => {
    expect(descriptionSha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(descriptionSha256("✓")).toBe(sha256Hex(Buffer.from([0xe2, 0x9c, 0x93])));
  });

  it("GIVEN documents that are not version-1 texts WHEN decoded THEN each is refused with its reason", () => {
    const doc = (o: object) => Buffer.from(JSON.stringify({ schema: CAMPAIGN_TEXTS_SCHEMA, ...texts, ...o }));
    expect(decodeCampaignTexts(Buffer.from("not json"))).toMatchObject({ ok: false, code: "NotJson" });
    expect(decodeCampaignTexts(doc({ schema: "other/1" }))).toMatchObject({ ok: false, code: "UnknownSchema" });
    expect(decodeCampaignTexts(doc({ summary: 5 }))).toMatchObject({ ok: false, code: "MissingField" });
    expect(decodeCampaignTexts(doc({ milestones: [{ title: "x" }] }))).toMatchObject({ ok: false, code: "MissingField" });
    const long = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
    expect(decodeCampaignTexts(doc({ milestones: [{ title: "x", description: long }] }))).toMatchObject({ ok: false, code: "TooLong" });
    expect(decodeCampaignTexts(doc({ milestones: [{ title: "x", description: long.slice(1) }] })).ok).toBe(true);
  });
});
