/** Every refusal code the core can answer with has its own words, for every platform. */
import { describe, expect, it } from "vitest";
import { plain } from "../../../bot/chat/text.js";
import { refusalWords } from "../../../bot/chat/words/refusals.js";
import { ALL_REFUSAL_CODES } from "../../../bot/core/codes.js";

describe("refusal words", () => {
  it.each(ALL_REFUSAL_CODES)("GIVEN the code %s THEN it has its own sentence, not the unknown-code fallback", (code) => {
    const words = plain(refusalWords(code));
    expect(words).not.toContain(`refused this (${code})`);
    expect(words).not.toContain(code);
    expect(words.trim().length).toBeGreaterThan(10);
  });

  it("GIVEN a code from a newer core THEN the fallback still names it", () => {
    expect(plain(refusalWords("SomethingNew"))).toContain("(SomethingNew)");
  });

  it("GIVEN a ParameterInvalid with its usage THEN the sentence shows the usage", () => {
    expect(plain(refusalWords("ParameterInvalid", { param: "milestone", usage: "/evidence <campaign address> [milestone number]" }))).toContain(
      "/evidence <campaign address> [milestone number]",
    );
  });
});
