/** The console prints a signing reply's "Open in" links as lines, like every link. */
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../bot/console/render.js";
import { signingReply } from "../../../bot/chat/replies.js";
import { privateReply } from "../../../bot/chat/reply.js";
import { line, link } from "../../../bot/chat/text.js";

describe("console: a signing reply", () => {
  it("prints the page, then Open in Phantom, Solflare and Backpack with their browse links", () => {
    const page = "https://pepfund.test/sign/3fe405f2-baff-43b1-b44c-4ad2c13d9028";
    const reply = signingReply({ title: line`Sign`, lines: [], wallet: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM", url: page, expiresAt: new Date(1_800_000_000_000) });
    const tail = `${encodeURIComponent(page)}?ref=${encodeURIComponent("https://pepfund.test")}`;
    const lines = renderReply(reply, 1_799_999_000, false).text.split("\n");
    expect(lines.slice(-4)).toEqual([
      // The page once, in the line that says which wallet and until when (not again as a link).
      `Sign it with your wallet 9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM before 2027-01-15 08:00 UTC (in 16m): ${page}`,
      `Open in Phantom: https://phantom.app/ul/browse/${tail}`,
      `Open in Solflare: https://solflare.com/ul/v1/browse/${tail}`,
      `Open in Backpack: https://backpack.app/ul/v1/browse/${tail}`,
    ]);
  });
});

describe("console: a reply whose lines already print its links", () => {
  it("prints a flag's transaction and rationale once each, and a link the lines do not name as its own line", () => {
    const tx = "https://explorer.solana.com/tx/5VfydnLu4XwV2H2dLHPv22JxhLbYJruaM9YTaGY30TZj?cluster=devnet";
    const rationale = "https://arweave.net/abc";
    const reply = privateReply({
      tone: "good",
      lines: [line`Your flag is on-chain.`, line`Transaction: ${link(tx)}`, line`Rationale: ${link(rationale)}`],
      links: [
        { kind: "explorer", label: "Transaction", url: tx },
        { kind: "rationale", label: "Rationale", url: rationale },
        { kind: "explorer", label: "Campaign", url: "https://explorer.solana.com/address/x" },
      ],
    });
    const text = renderReply(reply, 0, false).text;
    expect(text.split(tx)).toHaveLength(2);
    expect(text.split(rationale)).toHaveLength(2);
    expect(text).toContain("Campaign: https://explorer.solana.com/address/x");
  });
});
