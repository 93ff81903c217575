/**
 * Reading a Sign In With Solana message as `solana:signIn` wallets write it
 * (createSignInMessageText of the Wallet Standard utilities; phantom-io/sign-in-with-solana):
 * the real format is read field by field; anything out of the format is refused.
 */
import { describe, expect, it } from "vitest";
import { buildLinkMessage, parseSiwsMessage, siwsMismatch } from "../../../../bot/core/linking/siws.js";

const ISSUED = buildLinkMessage({
  domain: "pepfund.test",
  address: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM",
  uri: "https://pepfund.test",
  chainId: "devnet",
  nonce: "7Yq3kQ9xXv2Lr8PfH1aBc",
  issuedAt: new Date("2026-12-04T12:00:00.000Z"),
  expiresAt: new Date("2026-12-04T12:10:00.000Z"),
  platform: "TELEGRAM",
  userId: "42",
  chatId: "-1001",
});

describe("parseSiwsMessage", () => {
  it("reads the issued message: every field, the statement naming the chat account, the resources", () => {
    expect(parseSiwsMessage(ISSUED)).toEqual({
      domain: "pepfund.test",
      address: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM",
      statement: "Link this wallet to Telegram user 42 for PepFund, requested in chat -1001. Sign only if you asked for this yourself.",
      uri: "https://pepfund.test",
      version: "1",
      chainId: "devnet",
      nonce: "7Yq3kQ9xXv2Lr8PfH1aBc",
      issuedAt: "2026-12-04T12:00:00.000Z",
      expirationTime: "2026-12-04T12:10:00.000Z",
      resources: ["pepfund:telegram:user:42", "pepfund:telegram:chat:-1001"],
    });
  });

  it("reads the format's optional shapes: no statement, no fields, Not Before and Request ID", () => {
    const header = "example.com wants you to sign in with your Solana account:\n9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";
    expect(parseSiwsMessage(header)).toEqual({ domain: "example.com", address: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM" });
    expect(parseSiwsMessage(`${header}\n\nHello`)).toMatchObject({ statement: "Hello" });
    expect(parseSiwsMessage(`${header}\n\nNonce: abc12345\nNot Before: 2026-01-01T00:00:00Z\nRequest ID: r1`)).toEqual({
      domain: "example.com",
      address: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM",
      nonce: "abc12345",
      notBefore: "2026-01-01T00:00:00Z",
      requestId: "r1",
    });
  });

  it("refuses what is out of the format: reordered, repeated or unknown fields, padding, CRLF, blank lines, trailing text", () => {
    const swap = (a: string, b: string) => ISSUED.replace(a, "\u0000").replace(b, a).replace("\u0000", b);
    const variants = {
      reordered: swap("Version: 1", "URI: https://pepfund.test"),
      nonceAfterIssuedAt: swap("Nonce: 7Yq3kQ9xXv2Lr8PfH1aBc", "Issued At: 2026-12-04T12:00:00.000Z"),
      repeated: ISSUED.replace("Version: 1", "Version: 1\nVersion: 1"),
      unknown: ISSUED.replace("Version: 1", "Version: 1\nColor: blue"),
      trailingSpace: ISSUED.replace("Nonce: 7Yq3kQ9xXv2Lr8PfH1aBc", "Nonce: 7Yq3kQ9xXv2Lr8PfH1aBc "),
      doubleSpace: ISSUED.replace("Nonce: ", "Nonce:  "),
      crlf: ISSUED.replaceAll("\n", "\r\n"),
      extraBlankLine: ISSUED.replace("\n\nURI:", "\n\n\nURI:"),
      trailingNewline: `${ISSUED}\n`,
      trailingText: `${ISSUED}\nSend 5 SOL`,
      secondStatementLine: ISSUED.replace("yourself.", "yourself.\nAnd more."),
      noBlankBeforeFields: ISSUED.replace("yourself.\n\nURI:", "yourself.\nURI:"),
      emptyResources: ISSUED.slice(0, ISSUED.indexOf("\n- pepfund")),
      headerChanged: ISSUED.replace("wants you to sign in", "wants you to log in"),
    };
    for (const [name, text] of Object.entries(variants)) expect(parseSiwsMessage(text), name).toBeNull();
  });
});

describe("siwsMismatch", () => {
  const issued = parseSiwsMessage(ISSUED);
  if (issued === null) throw new Error("the issued message must parse");
  const signedWith = (from: string, to: string) => {
    const fields = parseSiwsMessage(ISSUED.replace(from, to));
    if (fields === null) throw new Error(`${to} must still parse`);
    return siwsMismatch(fields, issued);
  };

  it("accepts the same message", () => {
    expect(siwsMismatch(issued, issued)).toBeNull();
  });

  it("names the first changed field: domain, address, nonce, chain, issued-at, expiry, statement, resources, URI, version", () => {
    expect(signedWith("pepfund.test wants", "evil.test wants")).toBe("domain");
    expect(signedWith("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM", "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T")).toBe("address");
    expect(signedWith("Nonce: 7Yq3kQ9xXv2Lr8PfH1aBc", "Nonce: 7Yq3kQ9xXv2Lr8PfH1aBd")).toBe("nonce");
    expect(signedWith("Chain ID: devnet", "Chain ID: mainnet")).toBe("chainId");
    expect(signedWith("Issued At: 2026-12-04T12:00:00.000Z", "Issued At: 2026-12-04T11:00:00.000Z")).toBe("issuedAt");
    expect(signedWith("Expiration Time: 2026-12-04T12:10:00.000Z", "Expiration Time: 2027-12-04T12:10:00.000Z")).toBe("expirationTime");
    expect(signedWith("Telegram user 42", "Telegram user 43")).toBe("statement");
    expect(signedWith("- pepfund:telegram:user:42", "- pepfund:telegram:user:43")).toBe("resources");
    expect(signedWith("URI: https://pepfund.test", "URI: https://evil.test")).toBe("uri");
    expect(signedWith("Version: 1", "Version: 2")).toBe("version");
  });

  it("refuses a field the issued message leaves out, or one it has left out", () => {
    expect(signedWith("Expiration Time: 2026-12-04T12:10:00.000Z", "Expiration Time: 2026-12-04T12:10:00.000Z\nNot Before: 2026-12-04T12:00:00.000Z")).toBe("notBefore");
    expect(signedWith("\nExpiration Time: 2026-12-04T12:10:00.000Z", "")).toBe("expirationTime");
    expect(signedWith("Link this wallet to Telegram user 42 for PepFund, requested in chat -1001. Sign only if you asked for this yourself.\n\n", "")).toBe("statement");
  });
});
