/** The console prints a signing reply's "Open in" links as lines, like every link. */
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../bot/console/render.js";
import { signingReply } from "../../../bot/chat/replies.js";
import { line } from "../../../bot/chat/text.js";

describe("console: a signing reply", () => {
  it("prints the page, then Open in Phantom, Solflare and Backpack with their browse links", () => {
    const page = "https://pepfund.test/sign/3fe405f2-baff-43b1-b44c-4ad2c13d9028";
    const reply = signingReply({ title: line`Sign`, lines: [], wallet: "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM", url: page, expiresAt: new Date(1_800_000_000_000) });
    const tail = `${encodeURIComponent(page)}?ref=${encodeURIComponent("https://pepfund.test")}`;
    const lines = renderReply(reply, 1_799_999_000, false).text.split("\n");
    expect(lines.slice(-4)).toEqual([
      `Sign with your wallet: ${page}`,
      `Open in Phantom: https://phantom.app/ul/browse/${tail}`,
      `Open in Solflare: https://solflare.com/ul/v1/browse/${tail}`,
      `Open in Backpack: https://backpack.app/ul/v1/browse/${tail}`,
    ]);
  });
});
