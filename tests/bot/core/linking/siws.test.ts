/**
 * The link message and its one-line form. The multi-line text is Sign-In-With-Solana
 * shaped for browser wallets; its newlines make it "limited UTF-8" in the off-chain
 * format, which a Ledger signs only blind. The one-line form must be restricted ASCII for
 * every message the server can issue, and must state the same fields and nothing more.
 */
import { describe, expect, it } from "vitest";
import { base58Encode } from "../../../../bot/core/linking/encoding.js";
import { messageFormat } from "../../../../bot/core/linking/offchain.js";
import {
  buildLinkMessage,
  invalidField,
  MAX_RESTRICTED_ASCII_BYTES,
  ONE_LINE_SEPARATOR,
  oneLineForm,
  type LinkMessageFields,
} from "../../../../bot/core/linking/siws.js";
import { randomAddress } from "../../support/fakes.js";

const encode = (text: string) => new TextEncoder().encode(text);

function fields(overrides: Partial<LinkMessageFields> = {}): LinkMessageFields {
  return {
    domain: "pepfund.example",
    address: randomAddress(),
    uri: "https://pepfund.example",
    chainId: "devnet",
    nonce: "7Wq3kZ8mXcV2bN4pLr6tYh",
    issuedAt: new Date("2030-01-01T00:00:00.000Z"),
    expiresAt: new Date("2030-01-01T00:10:00.000Z"),
    platform: "TELEGRAM",
    userId: "123456789",
    chatId: "-1001234567890",
    ...overrides,
  };
}

/** Every field at the longest its pattern allows. */
const LONGEST = fields({
  domain: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}:65535`,
  address: base58Encode(new Uint8Array(32).fill(255)),
  uri: `https://${"e".repeat(183)}.io:65535`,
  chainId: "localnet",
  nonce: "z".repeat(44),
  platform: "TELEGRAM",
  userId: `-${"9".repeat(20)}`,
  chatId: `-${"9".repeat(20)}`,
});

describe("link message: the off-chain format a hardware wallet sees", () => {
  it("GIVEN an issued message THEN the multi-line text is not restricted ASCII (newlines): format 1, blind signing on a Ledger", () => {
    expect(messageFormat(encode(buildLinkMessage(fields())))).toBe(1);
  });

  it("GIVEN an issued message THEN its one-line form is restricted ASCII (format 0), shown in clear", () => {
    const line = oneLineForm(buildLinkMessage(fields()));
    expect(line).not.toBeNull();
    expect(line).not.toContain("\n");
    expect(messageFormat(encode(line!))).toBe(0);
  });

  it("GIVEN every field at its longest THEN the one-line form still fits the restricted-ASCII limit", () => {
    expect([LONGEST.address.length, LONGEST.uri.length, LONGEST.domain.length]).toEqual([44, 200, 259]);
    expect(invalidField(LONGEST)).toBeNull();
    const line = oneLineForm(buildLinkMessage(LONGEST));
    expect(line).not.toBeNull();
    expect(encode(line!).length).toBeLessThanOrEqual(MAX_RESTRICTED_ASCII_BYTES);
    expect(messageFormat(encode(line!))).toBe(0);
  });

  it("GIVEN the one-line form THEN splitting on the separator gives back exactly the message's lines", () => {
    const message = buildLinkMessage(fields());
    const line = oneLineForm(message)!;
    expect(line.split(ONE_LINE_SEPARATOR)).toEqual(message.split("\n").filter((l) => l !== ""));
  });

  it("GIVEN the one-line form THEN each field appears once, with the server's values", () => {
    const f = fields();
    const parts = oneLineForm(buildLinkMessage(f))!.split(ONE_LINE_SEPARATOR);
    for (const [label, value] of [
      ["URI: ", f.uri],
      ["Chain ID: ", f.chainId],
      ["Nonce: ", f.nonce],
      ["Issued At: ", f.issuedAt.toISOString()],
      ["Expiration Time: ", f.expiresAt.toISOString()],
    ] as const) {
      expect(parts.filter((p) => p.startsWith(label))).toEqual([`${label}${value}`]);
    }
    expect(parts).toContain(`- pepfund:telegram:user:${f.userId}`);
  });

  it("GIVEN text with the separator, a non-ASCII character, or over the limit THEN no one-line form", () => {
    expect(oneLineForm("a\nNonce: x ; Nonce: y")).toBeNull();
    expect(oneLineForm("a;b")).toBeNull();
    expect(oneLineForm("Grüße\nb")).toBeNull();
    expect(oneLineForm("tab\there")).toBeNull();
    expect(oneLineForm("x".repeat(MAX_RESTRICTED_ASCII_BYTES + 1))).toBeNull();
    expect(oneLineForm("x".repeat(MAX_RESTRICTED_ASCII_BYTES))).toBe("x".repeat(MAX_RESTRICTED_ASCII_BYTES));
  });

  it.each([
    ["a semicolon", "https://a;b.example"],
    ["a quote", "https://a'b.example"],
    ["a space", "https://a b.example"],
    ["a non-ASCII host", "https://exämple.example"],
    ["a path", "https://pepfund.example/x"],
    ["a newline and a field", "https://pepfund.example\nNonce: 1111111111111111"],
  ])("GIVEN a site URI with %s THEN the message refuses it (uri)", (_name, uri) => {
    expect(invalidField(fields({ uri }))).toBe("uri");
    expect(() => buildLinkMessage(fields({ uri }))).toThrow(RangeError);
  });

  it("GIVEN a bracketed IPv6 origin with a port THEN it is accepted and still restricted ASCII", () => {
    const line = oneLineForm(buildLinkMessage(fields({ uri: "http://[::1]:8080" })));
    expect(line).toContain("URI: http://[::1]:8080");
  });
});
