/**
 * A campaign's texts in words, once for every platform: whether they were verified against
 * the hashes bound on-chain, the summary, and each milestone's description with its own
 * check. A text that does not match is still shown, under a plain "does NOT match". Texts are
 * user text: plain spans, escaped by each adapter. Long texts are cut to fit one message
 * (Discord: 1,024 characters a field, 6,000 an embed; Telegram: 4,096 a message), with a
 * link to the whole document on Arweave.
 */
import { arweaveLink } from "../../core/notices.js";
import type { CampaignView } from "../../core/ports.js";
import { TextsCache, type CampaignTextsCheck, type MilestoneTextCheck, type TextsDeps } from "../../core/usecases/campaign-texts.js";
import type { ChatDeps } from "../deps.js";
import { clip, line, link, type Line } from "../text.js";

/**
 * One cache for the process: its keys are SHA-256 hashes and Arweave ids, which name
 * immutable bytes, so every deployment record and every caller may share it.
 */
const SHARED_CACHE = new TextsCache();

/** What reading texts needs, from the chat layer's dependencies. */
export function textsDeps(deps: Pick<ChatDeps, "evidence">): TextsDeps {
  return { evidence: deps.evidence, cache: SHARED_CACHE };
}

const UNAVAILABLE: Readonly<Record<Extract<CampaignTextsCheck, { outcome: "unavailable" }>["cause"], string>> = {
  notConfigured: "this bot has no Arweave gateway configured",
  unreachable: "Arweave could not be reached",
  notFound: "no Arweave gateway has the document yet",
  tampered: "the gateways served other bytes than the stored document",
};

/** One line on the texts as a whole: verified, NOT matching, unreadable, unavailable, or none. */
export function textsHeadline(check: CampaignTextsCheck): Line {
  switch (check.outcome) {
    case "none":
      return line`This campaign has no texts document on-chain (no summary or descriptions to show).`;
    case "unavailable":
      return line`⚠️ The campaign's texts could not be read now: ${UNAVAILABLE[check.cause]}. Nothing was checked; try again later.`;
    case "unreadable":
      return check.documentMatches
        ? line`❌ The texts document bound on-chain is not a readable PepFund texts document (${check.problem}).`
        : line`❌ The texts document does NOT match the SHA-256 bound on-chain, and is not readable (${check.problem}).`;
    case "read":
      if (!check.documentMatches) {
        return line`❌ The texts document does NOT match the SHA-256 bound on-chain: the texts below are not what the researcher committed.`;
      }
      return check.verified
        ? line`✅ Texts verified: they match the SHA-256 hashes bound on-chain.`
        : line`❌ Some texts do NOT match the hashes bound on-chain (marked below).`;
  }
}

/** The link to the whole document on the gateway, when there is one. */
export function documentLink(campaign: CampaignView, gatewayUrl: string | null): Line[] {
  if (campaign.metadataId === null || gatewayUrl === null) return [];
  return [line`Full texts: ${link(arweaveLink(gatewayUrl, campaign.metadataId).url)}`];
}

/** The campaign's title and summary (cut to `maxChars`), or nothing when they could not be read. */
export function summaryLines(check: CampaignTextsCheck, maxChars: number): Line[] {
  if (check.outcome !== "read") return [];
  const mark = check.documentMatches ? "" : "❌ NOT matching: ";
  return [line`${mark}“${clip(check.title, 120)}”`, line`${clip(check.summary, maxChars)}`];
}

/** A milestone's check by index, when the texts were read. */
function milestoneCheck(check: CampaignTextsCheck, index: number): MilestoneTextCheck | null {
  return check.outcome === "read" ? (check.milestones[index] ?? null) : null;
}

/**
 * A milestone's description with its check (cut to `maxChars`): "✅ matches" only when its
 * SHA-256 is the milestone's `description_hash`; nothing when the texts could not be read
 * (the headline says why).
 */
export function descriptionLines(check: CampaignTextsCheck, index: number, maxChars: number): Line[] {
  const m = milestoneCheck(check, index);
  if (m === null) return [];
  const title = m.titleMatches || m.description === null ? [] : [line`❌ The document's title for milestone ${index + 1} is not its on-chain title.`];
  if (m.description === null) return [line`❌ The texts document has no description for milestone ${index + 1}.`];
  const head = m.matches
    ? line`✅ Description (matches its on-chain SHA-256):`
    : line`❌ Milestone ${index + 1}'s description does NOT match its on-chain SHA-256:`;
  return [head, line`${clip(m.description, maxChars)}`, ...title];
}
