/**
 * Evidence as Telegram users see it (SECURITY.md "Evidence": HTML/JS shown as a link, never
 * rendered): a submission announcement goes out through the real TelegramNotifier to the
 * local Bot API server as escaped HTML with link previews off (Telegram would otherwise fetch
 * and render the page), the evidence a plain link and a URL button; the bot never reads the
 * evidence to announce it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import { TelegramNotifier } from "../../../bot/telegram/notifier.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { randomAddress } from "../support/fakes.js";

let server: TelegramTestServer;
beforeAll(async () => {
  server = await TelegramTestServer.start({ flood: false });
});
afterAll(async () => {
  await server.stop();
});

describe("GIVEN a submission whose evidence is an HTML page with a script, and a title with markup", () => {
  it("THEN the announcement is a link with previews off, the markup escaped, a URL button, and no evidence content", async () => {
    const group = -1_009_000_000_001;
    server.addChat({ id: group, type: "supergroup", title: "Lab" });
    const id = "h".repeat(43);
    const url = `https://arweave.net/${id}`;
    const notice: Notice = {
      kind: "MilestoneSubmitted",
      campaign: { address: randomAddress(), label: "#3 <b>Bold</b> claims" },
      milestone: { index: 0, title: '<script>alert("x")</script>', attempt: 1 },
      evidence: { id, url, sha256: "a".repeat(64), type: "Paper" },
      windowEnd: 1_900_000_000,
      flagThreshold: 1_000n,
      quorumWeight: 100_000n,
    };
    await new TelegramNotifier(server.token, { apiRoot: server.apiRoot }).send({ platform: "TELEGRAM", chatId: String(group) }, notice);
    const call = server.callsOf("sendMessage").at(-1);
    expect(call?.status).toBe(200);
    const payload = call?.payload as { text: string; parse_mode?: string; link_preview_options?: { is_disabled?: boolean }; reply_markup?: unknown };
    expect(payload.parse_mode).toBe("HTML");
    expect(payload.link_preview_options?.is_disabled).toBe(true);
    expect(payload.text).toContain(`<a href="${url}">${url}</a>`);
    expect(payload.text).not.toContain("<script>");
    expect(payload.text).toContain("&lt;script&gt;");
    expect(JSON.stringify(payload.reply_markup)).toContain(`"url":"${url}"`);
  });
});
