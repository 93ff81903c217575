/**
 * Button and form ids: every command's button-able values survive the round trip, ids fit
 * Telegram's 64 bytes with a full-length address, and nothing a user typed can change which
 * campaign or milestone an id names.
 */
import { describe, expect, it } from "vitest";
import type { ParamSpec, ParamSpecs } from "../../../bot/chat/command.js";
import { COMMANDS, findCommand } from "../../../bot/chat/commands/index.js";
import { checkParams, checkValue, decodeInvocation, encodeInvocation, rawFromId, splitTyped } from "../../../bot/chat/params.js";

/** A 44-character base58 address, the longest a campaign address can be. */
const LONGEST_ADDRESS = "9".repeat(44);

/** The largest value of each kind a button may carry. */
function sample(spec: ParamSpec): string | number | boolean | undefined {
  switch (spec.kind) {
    case "campaign":
    case "address":
      return LONGEST_ADDRESS;
    case "milestone":
      return 9;
    case "integer":
      return spec.max ?? 1000;
    case "boolean":
      return false;
    case "choice":
      return [...(spec.choices ?? [])].sort((a, b) => b.value.length - a.value.length)[0]?.value;
    case "amount":
      // A picker carries a typed amount on; nine characters is a million tokens and a half,
      // unless the command accepts fewer (a longer one is refused before any button is made).
      return spec.maxLength !== undefined && spec.maxLength < 9 ? "9".repeat(spec.maxLength) : "1000000.5";
    default:
      return undefined; // text and files never travel in an id
  }
}

describe("button ids", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))("GIVEN /%s with every button-able value THEN encode, decode and check give the same values back, within 64 bytes", (_name, command) => {
    const params = Object.fromEntries(
      Object.entries(command.params as ParamSpecs).flatMap(([name, spec]) => {
        const v = sample(spec);
        return v === undefined ? [] : [[name, v]];
      }),
    );
    const id = encodeInvocation(command, { command: command.name, params });
    expect(Buffer.byteLength(id, "utf8")).toBeLessThanOrEqual(64);
    const decoded = decodeInvocation(id);
    expect(decoded?.command).toBe(command.name);
    expect(findCommand(decoded?.command ?? "")).toBe(command);
    const checked = checkParams(command.params as ParamSpecs, rawFromId(command, decoded?.raw ?? []), false);
    expect(checked.ok && checked.values).toEqual(params);
  });

  it("GIVEN a typed campaign with ':', '|' or spaces THEN it never reaches an id: refused as a value, or kept as one field", () => {
    const flag = findCommand("flag");
    if (flag === undefined) throw new Error("no /flag");
    const specs = flag.params as ParamSpecs;
    const [campaignSpec, milestoneSpec] = [specs.campaign, specs.milestone];
    if (campaignSpec === undefined || milestoneSpec === undefined) throw new Error("/flag without campaign and milestone");
    for (const typed of [`${LONGEST_ADDRESS}|3`, `x|${LONGEST_ADDRESS}|0`, "a:b c", "|||"]) {
      const checked = checkValue(campaignSpec, typed, true);
      // A typed name is only a search query: dispatch resolves it to an address before any button is made.
      expect(typeof checked === "string" && /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(checked) && checked !== typed.trim()).toBe(false);
    }
    // Even if a caller put one in an id, decoding reads the fields in order: the extra field lands on a later parameter, which is checked again.
    const decoded = decodeInvocation(`flag|${LONGEST_ADDRESS}|0|1`);
    expect(rawFromId(flag, decoded?.raw ?? [])).toEqual({ campaign: LONGEST_ADDRESS, milestone: 0 });
    // A rationale is never read from an id, whatever a client puts in its field.
    expect(rawFromId(flag, decodeInvocation(`flag|${LONGEST_ADDRESS}|0|spoofed|1`)?.raw ?? [])).toEqual({ campaign: LONGEST_ADDRESS, milestone: 0, attempt: 1 });
    expect(checkValue(milestoneSpec, "1|2", false)).toBeNull();
  });

  it("GIVEN an id with a spoofed command name THEN it is not decoded", () => {
    expect(decodeInvocation("flag;rm|x")).toBeNull();
    expect(decodeInvocation("dispute.resolve|x")?.command).toBe("dispute resolve");
  });

  it("GIVEN a choice THEN it travels as its position, and an id naming the value still decodes", () => {
    const consent = findCommand("consent");
    if (consent === undefined) throw new Error("no /consent");
    expect(encodeInvocation(consent, { command: "consent", params: { campaign: LONGEST_ADDRESS, relayer: "off" } })).toBe(`consent|${LONGEST_ADDRESS}|1`);
    expect(rawFromId(consent, [LONGEST_ADDRESS, "off"])).toEqual({ campaign: LONGEST_ADDRESS, relayer: "off" });
    expect(rawFromId(consent, [LONGEST_ADDRESS, "7"])).toEqual({ campaign: LONGEST_ADDRESS });
  });

  it("GIVEN text parameters THEN encoding refuses to carry them", () => {
    const resolve = findCommand("dispute resolve");
    if (resolve === undefined) throw new Error("no /dispute resolve");
    expect(() => encodeInvocation(resolve, { command: resolve.name, params: { campaign: LONGEST_ADDRESS, reason: "x" } })).toThrow();
  });
});

describe("typed values", () => {
  it("GIVEN a typed milestone 1 THEN it is index 0; a picked (untyped) 1 stays index 1", () => {
    const spec: ParamSpec = { kind: "milestone", description: "", required: true };
    expect(checkValue(spec, "1", true)).toBe(0);
    expect(checkValue(spec, 1, false)).toBe(1);
    expect(checkValue(spec, "0", true)).toBeNull();
  });

  it("GIVEN /dispute resolve typed in full THEN the reason takes the rest of the line", () => {
    const resolve = findCommand("dispute resolve");
    if (resolve === undefined) throw new Error("no /dispute resolve");
    expect(splitTyped(resolve.params as ParamSpecs, `${LONGEST_ADDRESS} 2 reject the data | is : missing`)).toEqual({
      campaign: LONGEST_ADDRESS,
      milestone: "2",
      decision: "reject",
      reason: "the data | is : missing",
    });
  });
});
