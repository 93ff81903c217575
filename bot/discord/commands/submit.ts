/**
 * /submit: the researcher hands in evidence (a file attached to the command, or an existing
 * Arweave id). The reply is deferred and edited as the upload goes; the result is the
 * signing page where their own wallet signs the submission.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Attachment } from "discord.js";
import { arweaveLink } from "../../core/notices.js";
import { prepareSubmission, type EvidenceInput, type SubmissionStage } from "../../core/usecases/submit-evidence.js";
import { userText } from "../presenters/escape.js";
import { refusal, WRITES_UNAVAILABLE } from "../presenters/refusals.js";
import type { Reply, SlashCommand } from "../legacy-router.js";
import { campaignOrMilestone } from "./choices.js";

const STAGE_WORDS: Readonly<Record<SubmissionStage, string>> = {
  uploading: "⏳ Storing the evidence on Arweave…",
  uploaded: "✅ Evidence stored. Preparing the transaction…",
  preparing: "✍️ Preparing the signing page…",
};

/** Reads an attachment from Discord's CDN; refuses over `maxBytes` before and while reading. */
async function download(attachment: Attachment, maxBytes: number): Promise<Uint8Array | "TooLarge"> {
  if (attachment.size > maxBytes) return "TooLarge";
  const response = await fetch(attachment.url);
  if (!response.ok || response.body === null) throw new Error(`attachment download failed: HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return "TooLarge";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export const submitCommand: SlashCommand = {
  name: "submit",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx, progress): Promise<Reply> {
    const writes = ctx.deps.writes;
    if (writes === null) return { content: WRITES_UNAVAILABLE };
    const file = interaction.options.getAttachment("file");
    const arweaveId = interaction.options.getString("arweave_id");
    if ((file === null) === (arweaveId === null)) return { content: "Give exactly one of `file` (an attachment) or `arweave_id`." };
    let evidence: EvidenceInput;
    if (file !== null) {
      const bytes = await download(file, writes.maxEvidenceBytes);
      if (bytes === "TooLarge") return { content: refusal("EvidenceTooLarge") };
      evidence = { kind: "bytes", bytes, contentType: file.contentType ?? "application/octet-stream", name: file.name };
    } else {
      evidence = { kind: "arweave", id: (arweaveId ?? "").trim() };
    }
    const result = await prepareSubmission(
      { ...writes, store: ctx.deps.store, chain: ctx.deps.chain, clock: ctx.deps.clock, random: ctx.deps.random },
      {
        chat: { platform: "DISCORD", userId: interaction.user.id, chatId: interaction.channelId },
        campaign: interaction.options.getString("campaign", true).trim(),
        milestoneIndex: interaction.options.getInteger("milestone", true),
        evidence,
        onProgress: (stage) => progress(STAGE_WORDS[stage]),
      },
    );
    if (!result.ok) return { content: refusal(result.code, result.details) };
    const { signingUrl, evidenceId, sha256 } = result.value;
    return {
      content: [
        // The configured gateway; in <> so Discord shows a plain link and never unfurls the evidence.
        `Evidence stored${file === null ? "" : ` (${userText(file.name, 100)})`}: <${arweaveLink(writes.gatewayUrl, evidenceId).url}>`,
        `SHA-256: \`${sha256}\``,
        "Last step: sign the submission with your researcher wallet on the signing page.",
      ].join("\n"),
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Sign the submission").setURL(signingUrl))],
    };
  },
};
