/**
 * The local Bot API server answers like Telegram: shapes, statuses, HTML validation,
 * flood limits, long polling and webhooks. Driven through grammY's own Api client.
 */
import { Api, GrammyError } from "grammy";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseTelegramHtml } from "./html.js";
import { TelegramTestServer } from "./server.js";

const started: TelegramTestServer[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});
async function start(options: Parameters<typeof TelegramTestServer.start>[0] = {}): Promise<TelegramTestServer> {
  const s = await TelegramTestServer.start(options);
  started.push(s);
  return s;
}

function api(s: TelegramTestServer, token = s.token): Api {
  return new Api(token, { apiRoot: s.apiRoot });
}
const ADA = { id: 501, is_bot: false, first_name: "Ada" };

async function refusal(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe("Telegram's HTML parse mode", () => {
  it("GIVEN escaped text and known tags THEN accepted; unknown, unbalanced or raw < THEN Telegram's error", () => {
    expect(parseTelegramHtml("<b>1 &lt; 2 &amp;&amp; a</b> <a href=\"https://x.test/?a=1&amp;b\">x</a>")).toEqual({ ok: true, text: "1 < 2 && a x" });
    expect(parseTelegramHtml("<script>alert(1)</script>")).toMatchObject({ ok: false, description: expect.stringContaining("can't parse entities: Unsupported start tag \"script\"") as unknown });
    expect(parseTelegramHtml("<b>bold")).toMatchObject({ ok: false, description: expect.stringContaining("Can't find end tag corresponding to start tag \"b\"") as unknown });
    expect(parseTelegramHtml("<b><i>x</b></i>")).toMatchObject({ ok: false, description: expect.stringContaining("Unmatched end tag") as unknown });
    expect(parseTelegramHtml("a < b")).toMatchObject({ ok: false });
    expect(parseTelegramHtml("&nbsp;")).toMatchObject({ ok: false });
  });
});

describe("local Bot API server", () => {
  it("GIVEN a wrong token or unknown method THEN 401 / 404 in Telegram's shape", async () => {
    const server = await start({ flood: false });
    expect((await refusal(api(server, "1:wrong").getMe())).error_code).toBe(401);
    const res = await fetch(`${server.apiRoot}/bot${server.token}/noSuchMethod`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("GIVEN HTML with a raw tag THEN 400 can't parse entities, nothing recorded as sent", async () => {
    const server = await start({ flood: false });
    server.addChat({ id: -100, type: "supergroup" });
    const error = await refusal(api(server).sendMessage(-100, "<evil>", { parse_mode: "HTML" }));
    expect(error.error_code).toBe(400);
    expect(error.description).toContain("can't parse entities");
    expect(server.sentMessages()).toHaveLength(0);
    expect((await refusal(api(server).sendMessage(-999, "hi"))).description).toBe("Bad Request: chat not found");
  });

  it("GIVEN 21 messages to one group in a burst THEN the 21st gets 429 with retry_after", async () => {
    const server = await start();
    server.addChat({ id: -200, type: "supergroup" });
    for (let i = 0; i < 20; i++) await api(server).sendMessage(-200, `m${i}`);
    const error = await refusal(api(server).sendMessage(-200, "one too many"));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(error.description).toMatch(/^Too Many Requests: retry after \d+$/);
  });

  it("GIVEN 31 messages to 31 private chats in a burst THEN the 31st hits the global limit", async () => {
    const frozen = Date.now();
    const server = await start({ now: () => frozen });
    for (let i = 1; i <= 31; i++) server.addChat({ id: i, type: "private" });
    const results = await Promise.allSettled(Array.from({ length: 31 }, (_, i) => api(server).sendMessage(i + 1, "hi")));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(server.callsOf("sendMessage").filter((c) => c.status === 429)).toHaveLength(1);
  });

  it("GIVEN a long poll THEN it waits for an injected update; offset confirms; allowed_updates filters", async () => {
    const server = await start({ flood: false });
    server.addChat({ id: ADA.id, type: "private" });
    const poll = api(server).getUpdates({ timeout: 5, allowed_updates: ["message"] });
    await new Promise((r) => setTimeout(r, 50));
    const update = server.injectMessage({ chatId: ADA.id, from: ADA, text: "/help" });
    const [received] = await poll;
    expect(received?.update_id).toBe(update.update_id);
    expect(received?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 5 }]);
    server.inject({ callback_query: { id: "1", from: ADA, chat_instance: "x", data: "d" } });
    expect(await api(server).getUpdates({ offset: update.update_id + 1, timeout: 0 })).toEqual([]);
  });

  it("GIVEN a webhook with a secret THEN updates are POSTed with the header and retried until 2xx; getUpdates is 409", async () => {
    const server = await start({ flood: false, webhookRetryMs: 20 });
    server.addChat({ id: ADA.id, type: "private" });
    const seen: { header: string | undefined; id: number }[] = [];
    let fail = 1;
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ header: req.headers["x-telegram-bot-api-secret-token"] as string | undefined, id: (JSON.parse(body) as { update_id: number }).update_id });
        res.writeHead(fail-- > 0 ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    await api(server).setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`, { secret_token: "s3cret_ok" });
    const update = server.injectMessage({ chatId: ADA.id, from: ADA, text: "hi" });
    await server.waitFor(() => server.pendingUpdates.length === 0);
    expect(seen).toEqual([
      { header: "s3cret_ok", id: update.update_id },
      { header: "s3cret_ok", id: update.update_id },
    ]);
    expect((await refusal(api(server).getUpdates())).error_code).toBe(409);
    expect((await refusal(api(server).setWebhook("https://x.test", { secret_token: "bad secret!" }))).error_code).toBe(400);
    hook.close();
  });

  it("GIVEN a file over 20 MB THEN getFile is refused; a small one downloads at /file/bot<token>/<path>", async () => {
    const server = await start({ flood: false });
    const big = server.addFile(null, 20 * 1024 * 1024 + 1);
    expect((await refusal(api(server).getFile(big.file_id))).description).toBe("Bad Request: file is too big");
    const small = server.addFile(new TextEncoder().encode("evidence"));
    const file = await api(server).getFile(small.file_id);
    const res = await fetch(`${server.apiRoot}/file/bot${server.token}/${file.file_path ?? ""}`);
    expect(await res.text()).toBe("evidence");
    expect((await fetch(`${server.apiRoot}/file/bot1:wrong/${file.file_path ?? ""}`)).status).toBe(404);
  });
});
