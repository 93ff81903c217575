/**
 * /submit: a researcher submits a milestone's evidence, as a document (with the command as
 * its caption, or the command as a reply to it) or as an existing Arweave id. The document's
 * size is checked against the Bot API's 20 MB download limit before getFile is called; one
 * message shows the progress by being edited; the answer is the signing page where the
 * researcher's wallet signs the submission. The core decides whether it may be submitted.
 */
import { Composer, type Context } from "grammy";
import type { Document } from "grammy/types";
import { prepareSubmission, type EvidenceInput, type SubmissionStage } from "../../core/usecases/submit-evidence.js";
import { chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { code, escapeHtml, HTML, link } from "./html.js";
import { refusal } from "./words.js";
import { BOT_API_DOWNLOAD_LIMIT, type FileDownloader } from "../files.js";


const USAGE =
  "Send the evidence file with the caption /submit <campaign address> <milestone number>, " +
  "reply /submit <campaign address> <milestone number> to the file, or send /submit <campaign address> <milestone number> <Arweave id> [sha256].";

const STAGES: Record<SubmissionStage, string> = {
  uploading: "⏳ Storing the evidence on Arweave…",
  uploaded: "✅ Stored on Arweave.",
  preparing: "✅ Stored on Arweave. ⏳ Preparing the transaction for your wallet…",
};


/** The submission command. */
export function submitFeature(deps: TelegramDeps, download: FileDownloader): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const submit = async (ctx: BotContext, words: string[], document: Document | undefined) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const [campaign = "", number = "", arweaveId, sha256] = words;
    const milestone = Number(number);
    if (campaign === "" || !Number.isInteger(milestone) || milestone < 1 || (document === undefined && arweaveId === undefined)) {
      await ctx.reply(escapeHtml(USAGE), HTML);
      return;
    }
    if (document !== undefined && (document.file_size ?? 0) > BOT_API_DOWNLOAD_LIMIT) {
      await ctx.reply(escapeHtml(`${refusal("EvidenceTooLarge")} Telegram lets bots download at most 20 MB: upload it to Arweave yourself and send its id.`), HTML);
      return;
    }
    const progress = await ctx.reply(document === undefined ? "⏳ Reading the Arweave upload…" : "⏳ Receiving the file from Telegram…", HTML);
    const show = async (text: string) => {
      await ctx.api.editMessageText(progress.chat.id, progress.message_id, text, HTML);
    };
    let evidence: EvidenceInput;
    if (document === undefined) {
      evidence = { kind: "arweave", id: arweaveId ?? "", ...(sha256 === undefined ? {} : { sha256 }) };
    } else {
      const file = await ctx.api.getFile(document.file_id);
      if (file.file_path === undefined) throw new Error("Telegram returned no file_path");
      const bytes = await download(file.file_path, BOT_API_DOWNLOAD_LIMIT);
      evidence = { kind: "bytes", bytes, contentType: document.mime_type ?? "application/octet-stream", name: document.file_name ?? "evidence" };
    }
    const result = await prepareSubmission(deps, {
      chat,
      campaign,
      milestoneIndex: milestone - 1,
      evidence,
      onProgress: (stage) => show(STAGES[stage]),
    });
    if (!result.ok) {
      await show(`❌ ${escapeHtml(refusal(result.code, result.details))}`);
      return;
    }
    await show(
      [
        `✅ Evidence stored: ${code(result.value.evidenceId)}`,
        `SHA-256 ${code(result.value.sha256)}`,
        `Sign the submission of milestone ${milestone} with your researcher wallet: ${link(result.value.signingUrl, result.value.signingUrl)}`,
      ].join("\n"),
    );
  };

  const wordsAfterCommand = (text: string) => text.replace(/^\/submit(@\w+)?/, "").trim().split(/\s+/).filter((w) => w !== "");

  feature.command("submit", (ctx) => submit(ctx, wordsAfterCommand(ctx.msg.text), ctx.msg.reply_to_message?.document));
  // Commands in captions are not commands to grammY: a document captioned /submit.
  feature.on("message:document").filter(
    (ctx: Context) => /^\/submit(@\w+)?(\s|$)/.test(ctx.msg?.caption ?? ""),
    (ctx) => submit(ctx, wordsAfterCommand(ctx.msg.caption ?? ""), ctx.msg.document),
  );
  return feature;
}
