/**
 * /evidence <campaign> [milestone]: a holder checks a submission's evidence before flagging.
 * The core fetches the bytes and compares them with the SHA-256 committed on-chain; this
 * shows the verdict. The evidence is only ever a plain link with previews off: its content
 * (HTML, scripts) is never rendered or attached (SECURITY.md, Evidence).
 */
import { Composer } from "grammy";
import { verifyEvidence, type EvidenceCheck } from "../../core/usecases/verify-evidence.js";
import { args, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { bold, code, escapeHtml, HTML, link } from "./html.js";
import { refusal } from "./words.js";

const USAGE = "Use /evidence <campaign address> [milestone number]; without a number, the milestone under review is checked.";

const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;

/** The verdict in words (HTML); every outcome but "verified" says that nothing was verified. */
export function evidenceAnswer(check: EvidenceCheck): string {
  const { evidence, milestone } = check;
  const what = `Milestone ${milestone.index + 1} ${bold(`“${milestone.title}”`)} (submission ${milestone.attempt}) of ${escapeHtml(check.campaign.label)}`;
  const where = `Evidence: ${link(evidence.url, evidence.url)}`;
  const committed = `SHA-256 committed on-chain: ${code(evidence.sha256)}`;
  switch (check.outcome) {
    case "verified":
      return [
        `✅ ${bold("Verified.")} The evidence matches what the researcher committed on-chain.`,
        what,
        where,
        committed,
        `Size ${bytes(check.size)}; declared type ${code((check.contentType ?? "none").slice(0, 100))} (${escapeHtml(evidence.type)}). It is a link only: open it with care.`,
      ].join("\n");
    case "mismatch":
      return [
        `❌ ${bold("Does NOT match.")} ` +
          (check.cause === "stored"
            ? `The bytes stored under this Arweave id are not what the researcher committed on-chain: they hash to ${code(check.actualSha256 ?? "?")}.`
            : "The bytes the Arweave gateways served are not what the researcher committed on-chain (nor the transaction's own data). Do not trust what a gateway shows for it."),
        what,
        where,
        committed,
      ].join("\n");
    case "notFound":
      return [`⚠️ No Arweave gateway has this evidence yet (it may still be propagating). Nothing was verified: try again later.`, what, where, committed].join("\n");
    case "unavailable":
      return [`⚠️ Arweave could not be reached, so nothing was verified. Try again in a moment.`, what, where, committed].join("\n");
    case "tooLarge":
      return [
        `⚠️ The evidence is ${bytes(check.size)}, over the ${bytes(check.limit)} this bot checks: not downloaded, not verified. Download it and compare its SHA-256 yourself (e.g. sha256sum).`,
        what,
        where,
        committed,
      ].join("\n");
  }
}

/** The evidence check command. */
export function evidenceFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("evidence", async (ctx) => {
    const [campaign = "", number, ...rest] = args(ctx);
    const milestone = number === undefined ? undefined : Number(number);
    if (campaign === "" || rest.length > 0 || (milestone !== undefined && (!Number.isInteger(milestone) || milestone < 1))) {
      await ctx.reply(escapeHtml(USAGE), HTML);
      return;
    }
    const progress = await ctx.reply("⏳ Fetching the evidence from Arweave and checking it against the on-chain SHA-256…", HTML);
    const result = await verifyEvidence(deps, { campaign, ...(milestone === undefined ? {} : { milestoneIndex: milestone - 1 }) });
    const text = result.ok ? evidenceAnswer(result.value) : `❌ ${escapeHtml(refusal(result.code, result.details))}`;
    await ctx.api.editMessageText(progress.chat.id, progress.message_id, text, HTML);
  });
  return feature;
}
