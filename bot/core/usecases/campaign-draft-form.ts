/**
 * What the campaign form page shows for a link: whose wallet signs, whether it creates or
 * edits, and for an edit the campaign as it stands, written back in the form's own format
 * (the JSON of docs/CAMPAIGNS.md) so the researcher changes only what they mean to. The
 * texts come from Arweave and are used only when they match the hashes the campaign binds
 * on-chain (docs/CAMPAIGN-TEXTS.md): a text that does not match is never offered as the
 * campaign's.
 */
import { EVIDENCE_TYPE_NAMES } from "../campaign-draft.js";
import type { CampaignStatus, CampaignView, ChainReader, Clock, EvidenceStore, EvidenceType, Repositories } from "../ports.js";
import { ok, type Result } from "../result.js";
import { editableCampaign, openDraftLink, type DraftLinkUseRefusal, type EditRefusal } from "./campaign-drafts.js";
import { campaignTexts, TextsCache, type CampaignTextsCheck } from "./campaign-texts.js";

/** A milestone as the form (and roadmap.json) writes it. */
export interface MilestoneForm {
  readonly title: string;
  readonly description: string;
  readonly evidenceType: string;
  readonly share: string;
  readonly estimatedCompletion: string;
}

/** A campaign as the form (and roadmap.json) writes it: what `checkCampaignDraft` reads. */
export interface CampaignForm {
  readonly title: string;
  readonly summary: string;
  readonly goal: string;
  readonly deadline: string;
  readonly milestones: readonly MilestoneForm[];
}

/**
 * How the texts of an edited campaign were found: `verified` (they match the on-chain
 * hashes), `mismatch` (what Arweave serves is not what the campaign binds: left empty),
 * `unavailable` (Arweave did not answer, or no store: left empty), `none` (nothing bound).
 */
export type TextsState = "verified" | "mismatch" | "unavailable" | "none";

/** The page's view of a link. */
export interface DraftFormView {
  /** The wallet that signs. */
  readonly researcher: string;
  readonly expiresAt: Date;
  /** The campaign edited, or `null` for a new one. */
  readonly campaign: { readonly address: string; readonly status: CampaignStatus } | null;
  /** The edited campaign in the form's format; `null` for a new one. */
  readonly prefill: CampaignForm | null;
  readonly texts: TextsState;
}

export interface DraftFormDeps {
  readonly store: Pick<Repositories, "draftLinks">;
  readonly chain: Pick<ChainReader, "getCampaign">;
  readonly clock: Clock;
  /** Reads the texts document; `null` when this deployment stores nothing on Arweave. */
  readonly evidence: Pick<EvidenceStore, "read"> | null;
}

const JSON_EVIDENCE_NAMES = Object.fromEntries(Object.entries(EVIDENCE_TYPE_NAMES).map(([json, name]) => [name, json])) as Record<EvidenceType, string>;

/** USDC base units as the form writes them: `25000.5`. */
export function usdcText(units: bigint): string {
  const whole = units / 1_000_000n;
  const fraction = (units % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

/** Basis points as the form writes them: `40%`, `33.33%`. */
export function shareText(bps: number): string {
  const fraction = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return `${Math.floor(bps / 100)}${fraction === "" ? "" : `.${fraction}`}%`;
}

/** Unix seconds as the form writes them: the day when at 00:00 UTC, else the exact instant in UTC. */
export function dateText(unix: number): string {
  const iso = new Date(unix * 1000).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** The campaign's texts when the document matches `metadata_hash`; the state otherwise. */
async function boundTexts(evidence: DraftFormDeps["evidence"], campaign: CampaignView): Promise<Extract<CampaignTextsCheck, { outcome: "read" }> | Exclude<TextsState, "verified">> {
  // A throwaway cache: the form is opened once per link, and what it shows must be read now.
  const check = await campaignTexts({ evidence, cache: new TextsCache(0) }, campaign);
  if (check.outcome === "none") return "none";
  // Not found, tampered or down: nothing trustworthy to offer; the form still opens.
  if (check.outcome === "unavailable") return "unavailable";
  if (check.outcome === "unreadable" || !check.documentMatches) return "mismatch";
  return check;
}

/** The campaign in the form's format, with the texts that match their hashes. */
async function prefillOf(evidence: DraftFormDeps["evidence"], campaign: CampaignView): Promise<{ form: CampaignForm; texts: TextsState }> {
  const texts = await boundTexts(evidence, campaign);
  const document = typeof texts === "string" ? null : texts;
  let state: TextsState = typeof texts === "string" ? texts : "verified";
  const milestones = campaign.milestones.map((m): MilestoneForm => {
    const check = document?.milestones[m.index];
    const matches = check?.matches === true;
    if (document !== null && !matches) state = "mismatch";
    return {
      title: m.title,
      description: matches ? (check?.description ?? "") : "",
      evidenceType: JSON_EVIDENCE_NAMES[m.evidenceType],
      share: shareText(m.shareBps),
      estimatedCompletion: dateText(m.estimatedCompletion),
    };
  });
  const form: CampaignForm = {
    title: document?.title ?? "",
    summary: document?.summary ?? "",
    goal: usdcText(campaign.goal),
    deadline: dateText(campaign.deadline),
    milestones,
  };
  return { form, texts: state };
}

/** What the form page shows for `token`. */
export async function draftFormView(deps: DraftFormDeps, token: string): Promise<Result<DraftFormView, DraftLinkUseRefusal | EditRefusal>> {
  const link = await openDraftLink(deps, token);
  if (!link.ok) return link;
  const { researcher, expiresAt, campaign: address } = link.value;
  if (address === null) return ok({ researcher, expiresAt, campaign: null, prefill: null, texts: "none" });
  const campaign = await editableCampaign(deps.chain, address, researcher);
  if (!campaign.ok) return campaign;
  const { form, texts } = await prefillOf(deps.evidence, campaign.value);
  return ok({ researcher, expiresAt, campaign: { address, status: campaign.value.status }, prefill: form, texts });
}
