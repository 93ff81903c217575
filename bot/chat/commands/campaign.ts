/**
 * /campaign and /milestones: a campaign as the chain shows it, with the rules' derived facts,
 * and its texts read from Arweave and checked against the hashes bound on-chain. /campaign
 * adds the written reasons of rejected submissions and the researcher's latest updates.
 * Arweave being slow or down never blocks the answer: the texts are then "unavailable".
 */
import { arweaveLink } from "../../core/notices.js";
import type { CampaignView } from "../../core/ports.js";
import { campaignStatus, type CampaignStatusView } from "../../core/usecases/campaign-status.js";
import { campaignTexts, writtenReason, type CampaignTextsCheck } from "../../core/usecases/campaign-texts.js";
import { latestUpdates } from "../../core/usecases/campaign-updates.js";
import { defineCommand } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { refusal } from "../replies.js";
import type { Reply } from "../reply.js";
import { campaignReply, milestonesReply, type CampaignExtras, type RejectionReason } from "../views/campaign.js";
import { textsDeps } from "../views/campaign-texts.js";

/** How long Arweave may take before the answer goes out without the texts. */
export const TEXTS_BUDGET_MS = 4_000;
/** Updates listed in /campaign. */
const UPDATES_SHOWN = 3;
/** A written reason longer than this is only linked. */
const REASON_SHOWN_CHARS = 400;

/** `work`, or `fallback` once `ms` have passed. */
export function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  const timeout = new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref());
  return Promise.race([work, timeout]);
}

/** The campaign's texts, checked, or "unavailable" when Arweave does not answer in time. */
export function checkedTexts(deps: Pick<ChatDeps, "evidence">, campaign: CampaignView, ms = TEXTS_BUDGET_MS): Promise<CampaignTextsCheck> {
  return within(campaignTexts(textsDeps(deps), campaign), ms, { outcome: "unavailable", cause: "unreachable" });
}

/** A reason shown inline only when short and plain (no control characters). */
function shortText(text: string | null): string | null {
  if (text === null) return null;
  const flat = text.trim().replace(/\s+/g, " ");
  // eslint-disable-next-line no-control-regex
  return flat.length === 0 || flat.length > REASON_SHOWN_CHARS || /[\u0000-\u001f\u007f-\u009f]/.test(flat) ? null : flat;
}

/** Written reasons of the milestones whose latest submission was rejected. */
async function rejectionReasons(deps: ChatDeps, campaign: CampaignView): Promise<RejectionReason[]> {
  const rejected = campaign.milestones.filter((m) => m.rejectionReasonId !== null && m.status !== "Released");
  return Promise.all(
    rejected.map(async (m) => {
      const id = m.rejectionReasonId as string;
      const read = await within(writtenReason(textsDeps(deps), id), TEXTS_BUDGET_MS, { outcome: "unavailable" as const });
      const url = deps.gatewayUrl === null ? `ar://${id}` : arweaveLink(deps.gatewayUrl, id).url;
      return { index: m.index, url, text: read.outcome === "read" ? shortText(read.text) : null };
    }),
  );
}

async function extrasOf(deps: ChatDeps, campaign: CampaignView): Promise<CampaignExtras> {
  const [texts, reasons, updates] = await Promise.all([
    checkedTexts(deps, campaign),
    rejectionReasons(deps, campaign),
    latestUpdates(deps, campaign.address, UPDATES_SHOWN),
  ]);
  return { texts, reasons, updates };
}

/** A public read of one campaign, shown by `view`. */
function campaignView(name: string, description: string, view: (deps: ChatDeps, status: CampaignStatusView) => Promise<Reply>) {
  return defineCommand({
    name,
    description,
    params: { campaign: { kind: "campaign", description: "Campaign (type to search)", required: true } },
    audience: "everyone",
    place: "both",
    private: false,
    async run(deps, _caller, p) {
      const status = await campaignStatus(deps, p.campaign);
      return status.ok ? view(deps, status.value) : refusal(status.code, undefined, "public");
    },
  });
}

export const campaignCommand = campaignView("campaign", "A campaign's status: summary, milestones, window, flags, escrow", async (deps, status) =>
  campaignReply(deps, status, "public", await extrasOf(deps, status.campaign)),
);

export const milestonesCommand = campaignView("milestones", "A campaign's milestones with their descriptions, dates and status", async (deps, status) =>
  milestonesReply(deps, status, "public", await checkedTexts(deps, status.campaign)),
);
