/**
 * A checked draft becomes the program's terms: its texts go to Arweave as one document
 * (campaign-texts.ts), and the terms carry that document's id and SHA-256 and each
 * description's SHA-256, which the program binds on-chain. The web form and the CLI both end
 * here, so a campaign created either way is bound the same way.
 */
import type { CampaignDraft } from "../campaign-draft.js";
import { descriptionSha256, encodeCampaignTexts } from "../campaign-texts.js";
import type { EvidenceStore } from "../ports.js";
import type { CampaignTerms } from "../wallet-actions.js";

/** Stores the draft's texts and returns the terms that bind them (the draft must have passed `checkCampaignDraft`). */
export async function storeCampaignTerms(
  deps: { readonly evidence: Pick<EvidenceStore, "upload"> },
  draft: CampaignDraft,
  tags: Readonly<Record<string, string>> = {},
): Promise<CampaignTerms> {
  const document = encodeCampaignTexts({
    title: draft.title,
    summary: draft.summary,
    milestones: draft.milestones.map((m) => ({ title: m.title, description: m.description })),
  });
  const stored = await deps.evidence.upload(document, "application/json", { ...tags, Type: "campaign-texts" });
  return campaignTerms(draft, stored);
}

/** The terms of `draft` bound to its texts document `stored` (its Arweave id and SHA-256). */
export function campaignTerms(draft: CampaignDraft, stored: { readonly id: string; readonly sha256: string }): CampaignTerms {
  return {
    metadataId: stored.id,
    metadataSha256: stored.sha256,
    goal: draft.goal,
    deadline: draft.deadline,
    milestones: draft.milestones.map((m) => ({
      title: m.title,
      descriptionSha256: descriptionSha256(m.description),
      evidenceType: m.evidenceType,
      shareBps: m.shareBps,
      estimatedCompletion: m.estimatedCompletion,
    })),
  };
}
