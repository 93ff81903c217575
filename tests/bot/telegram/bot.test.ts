/**
 * The Telegram adapter over the real core and an embedded database; grammY's API calls are
 * captured by a transformer instead of reaching Telegram.
 */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import { linkedWallet, type LinkDeps } from "../../../bot/core/usecases/link-wallet.js";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { createTelegramBot } from "../../../bot/telegram/bot.js";
import { b58, ManualClock, secureRandom, TestWallet } from "../support/fakes.js";

const BOT_INFO = {
  id: 1,
  is_bot: true as const,
  first_name: "PepFund",
  username: "pepfund_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};


/** The multi-line message a /link reply shows after "What you are signing:". */
function signedText(reply: string): string {
  const marker = "What you are signing:\n";
  expect(reply).toContain(marker);
  return reply.slice(reply.indexOf(marker) + marker.length);
}

describe("Telegram link commands", () => {
  let db: Database;
  let deps: LinkDeps;
  const replies: string[] = [];
  let bot: ReturnType<typeof createTelegramBot>;
  let updateId = 1;

  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    deps = {
      store: prismaStore(db.prisma),
      clock: new ManualClock(new Date()),
      random: secureRandom,
      verifier: naclVerifier,
      settings: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
    };
    bot = createTelegramBot("123:TEST", deps, BOT_INFO);
    bot.api.config.use((_prev, method, payload) => {
      if (method === "sendMessage") replies.push((payload as { text: string }).text);
      return Promise.resolve({ ok: true, result: {} } as never);
    });
  });
  afterAll(async () => {
    await db.close();
  });

  async function send(text: string, userId = 501, chatId = -100123): Promise<string> {
    const command = text.split(" ")[0] ?? "";
    const update: Update = {
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "supergroup", title: "Campaign" },
        from: { id: userId, is_bot: false, first_name: "Ada" },
        text,
        entities: [{ type: "bot_command", offset: 0, length: command.length }],
      },
    };
    const before = replies.length;
    await bot.handleUpdate(update);
    return replies.slice(before).join("\n");
  }

  it("GIVEN /link <address> THEN the page link, the /verify line and the exact message; /verify links the wallet", async () => {
    const wallet = new TestWallet();
    const reply = await send(`/link ${wallet.address}`);
    expect(reply).toMatch(/https:\/\/pepfund\.test\/link\/[1-9A-HJ-NP-Za-km-z]+/);
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    const message = signedText(reply);
    expect(message.split("\n")[0]).toBe("pepfund.test wants you to sign in with your Solana account:");
    expect(await send(`/verify ${nonce} ${b58(wallet.signOffchainLegacy(message))}`)).toContain(`Linked wallet ${wallet.address}`);
    expect(await send("/wallet")).toContain(wallet.address);
    expect(await send("/unlink")).toContain(`Unlinked wallet ${wallet.address}`);
    expect(await send("/wallet")).toContain("No wallet is linked");
  });

  it("GIVEN /link THEN a ready CLI line signs the one-line form, which a Ledger shows in clear, and /verify accepts it", async () => {
    const wallet = new TestWallet();
    const reply = await send(`/link ${wallet.address}`, 603);
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    const oneLine = /^solana sign-offchain-message -k <KEYPAIR or usb:\/\/ledger> '([^'\n]+)'$/m.exec(reply)?.[1] ?? "";
    expect(oneLine).toBe(signedText(reply).split("\n").filter((l) => l !== "").join(" ; "));
    expect(await send(`/verify ${nonce} ${b58(wallet.signOffchainLegacy(oneLine))}`, 603)).toContain(`Linked wallet ${wallet.address}`);
  });

  it("GIVEN someone else's /verify THEN they are told it was issued to someone else", async () => {
    const wallet = new TestWallet();
    const reply = await send(`/link ${wallet.address}`, 601);
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    expect(await send(`/verify ${nonce} ${b58(wallet.signRaw(signedText(reply)))}`, 602)).toContain("issued to someone else");
    expect(await linkedWallet(deps, { platform: "TELEGRAM", userId: "602" })).toMatchObject({ ok: false });
  });

  it("GIVEN /link without an address or /verify without a signature THEN the usage, no crash", async () => {
    expect(await send("/link")).toContain("Use /link <wallet address>");
    expect(await send("/verify abc")).toContain("Use /link <wallet address>");
  });
});
