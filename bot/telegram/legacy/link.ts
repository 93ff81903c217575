/** /link, /verify, /unlink: wallet linking (docs/LINKING.md). */
import { Composer } from "grammy";
import { completeLink, requestLink, unlink } from "../../core/usecases/link-wallet.js";
import { args, chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { code, escapeHtml, HTML } from "./html.js";
import { challengeIssued, linked } from "./presenter.js";
import { refusal } from "./words.js";

/** The linking commands. */
export function linkFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("link", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const [address = ""] = args(ctx);
    const result = await requestLink(deps, { ...chat, address });
    await ctx.reply(result.ok ? challengeIssued(result.value, deps.clock.now()) : escapeHtml(refusal(result.code)), HTML);
  });

  feature.command("verify", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const [nonce = "", signature = "", ...rest] = args(ctx);
    if (rest.length > 0 || signature === "") {
      await ctx.reply(escapeHtml(refusal("MalformedInput")), HTML);
      return;
    }
    const result = await completeLink(deps, { nonce, signature, submitter: { via: "chat", chat } });
    await ctx.reply(result.ok ? linked(result.value) : escapeHtml(refusal(result.code)), HTML);
  });

  feature.command("unlink", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const result = await unlink(deps, chat);
    await ctx.reply(result.ok ? `Unlinked wallet ${code(result.value.address)}.` : escapeHtml(refusal(result.code)), HTML);
  });

  return feature;
}
