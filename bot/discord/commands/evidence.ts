/**
 * /evidence: a holder checks a submission's evidence before flagging. The core fetches the
 * bytes and compares them with the SHA-256 committed on-chain; this shows the verdict in an
 * embed. The evidence is a plain gateway link in the embed and a link button, never in the
 * message content (Discord would unfurl it) and never attached (SECURITY.md, Evidence).
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import { verifyEvidence, type EvidenceCheck } from "../../core/usecases/verify-evidence.js";
import { userText } from "../presenters/escape.js";
import { refusal } from "../presenters/refusals.js";
import type { Reply, SlashCommand } from "../legacy-router.js";
import { campaignOrMilestone } from "./choices.js";

/** This deployment has no Arweave gateway configured. */
export const EVIDENCE_UNAVAILABLE = "This PepFund bot has no Arweave gateway configured, so it cannot check evidence. Ask the server's admins.";

const COLOURS = { good: 0x2e7d32, bad: 0xc62828, unsure: 0xf9a825 } as const;
const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;

/** Headline and colour of each outcome; every one but "verified" says nothing was verified. */
function verdict(check: EvidenceCheck): { title: string; colour: number; line: string } {
  switch (check.outcome) {
    case "verified":
      return {
        title: "✅ Verified: the evidence matches what the researcher committed on-chain",
        colour: COLOURS.good,
        line: `Size ${bytes(check.size)}; declared type \`${userText((check.contentType ?? "none").replaceAll("`", "'"), 100)}\` (${check.evidence.type}). It is a link only: open it with care.`,
      };
    case "mismatch":
      return {
        title: "❌ Does NOT match what the researcher committed on-chain",
        colour: COLOURS.bad,
        line:
          check.cause === "stored"
            ? `The bytes stored under this Arweave id hash to \`${check.actualSha256 ?? "?"}\`, not to the committed SHA-256.`
            : "The bytes the Arweave gateways served are not the committed ones (nor the transaction's own data). Do not trust what a gateway shows for it.",
      };
    case "notFound":
      return { title: "⚠️ Not found on Arweave yet: nothing verified", colour: COLOURS.unsure, line: "It may still be propagating. Try again later." };
    case "unavailable":
      return { title: "⚠️ Arweave could not be reached: nothing verified", colour: COLOURS.unsure, line: "Try again in a moment." };
    case "tooLarge":
      return {
        title: "⚠️ Too large to check here: nothing verified",
        colour: COLOURS.unsure,
        line: `The evidence is ${bytes(check.size)}, over the ${bytes(check.limit)} this bot downloads. Download it and compare its SHA-256 yourself (e.g. sha256sum).`,
      };
  }
}

/** The answer: the verdict, what was checked, and the evidence as a link. */
export function evidenceReply(check: EvidenceCheck): Reply {
  const { title, colour, line } = verdict(check);
  const m = check.milestone;
  const embed = new EmbedBuilder()
    .setColor(colour)
    .setTitle(title)
    .setDescription(
      [
        `Milestone ${m.index + 1} “${userText(m.title, 100)}” (submission ${m.attempt}) of ${userText(check.campaign.label, 200)}`,
        line,
        `Evidence: ${check.evidence.url}`,
        `SHA-256 committed on-chain: \`${check.evidence.sha256}\``,
      ].join("\n"),
    )
    .setFooter({ text: `Campaign ${check.campaign.address}` });
  return {
    embeds: [embed],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Open evidence").setURL(check.evidence.url))],
  };
}

export const evidenceCommand: SlashCommand = {
  name: "evidence",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx): Promise<Reply> {
    const writes = ctx.deps.writes;
    if (writes === null) return { content: EVIDENCE_UNAVAILABLE };
    const milestone = interaction.options.getInteger("milestone");
    const result = await verifyEvidence(
      { chain: ctx.deps.chain, evidence: writes.evidence, maxEvidenceBytes: writes.maxEvidenceBytes, gatewayUrl: writes.gatewayUrl },
      { campaign: interaction.options.getString("campaign", true).trim(), ...(milestone === null ? {} : { milestoneIndex: milestone }) },
    );
    if (!result.ok) return { content: refusal(result.code, result.details) };
    return evidenceReply(result.value);
  },
};
