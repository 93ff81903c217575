/**
 * /update: the researcher posts news about their campaign. Only the campaign's researcher may
 * (their linked wallet must be the campaign's researcher); the text is stored on Arweave,
 * announced in every channel that follows the campaign, and listed in /campaign.
 */
import { MAX_UPDATE_CHARS, postUpdate } from "../../core/usecases/campaign-updates.js";
import { defineWriteCommand } from "../command.js";
import { refusal } from "../replies.js";
import { privateReply } from "../reply.js";
import { line, link } from "../text.js";

export const updateCommand = defineWriteCommand({
  name: "update",
  description: "Researchers: post an update on your campaign (stored on Arweave, announced)",
  params: {
    campaign: { kind: "campaign", description: "Campaign (type to search)", required: true },
    text: {
      kind: "text",
      description: "The update (public, permanent)",
      required: true,
      minLength: 1,
      maxLength: MAX_UPDATE_CHARS,
      form: {
        title: "Post an update",
        label: `Update (max ${MAX_UPDATE_CHARS.toLocaleString("en-US")} chars, public)`,
        placeholder: "What is new in your research? Stored on Arweave and announced to followers.",
      },
    },
  },
  audience: "everyone",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const { writes } = deps;
    await caller.progress(privateReply({ lines: [line`⏳ Storing your update on Arweave…`] }));
    const result = await postUpdate(
      { store: deps.store, chain: deps.chain, evidence: writes.evidence, clock: deps.clock, random: deps.random, platforms: deps.platforms, gatewayUrl: writes.gatewayUrl },
      { chat: caller.chat, campaign: p.campaign, text: p.text },
    );
    if (!result.ok) return refusal(result.code, result.details);
    const { stored, channels } = result.value;
    return privateReply({
      tone: "good",
      title: line`Update posted`,
      lines: [
        line`Stored on Arweave: ${link(stored.url)}`,
        channels === 0 ? line`No chat follows this campaign yet; it is listed in its status.` : line`Announced in ${channels} chat${channels === 1 ? "" : "s"} following the campaign.`,
      ],
      links: [{ kind: "link", label: "Update on Arweave", url: stored.url }],
    });
  },
});
