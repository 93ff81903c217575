/**
 * The campaign form's answers: every broken rule beside its field while the researcher types
 * (at the chain's time, as the program will judge it), and, once nothing is broken, the
 * texts stored on Arweave and a signing request for the researcher's wallet: `campaignCreate`
 * for a new campaign (id = the researcher's `campaigns_created`), `campaignEdit` for an edit,
 * each optionally submitting for review in the same signature, or `campaignSubmitForReview`
 * alone for an unchanged draft.
 *
 * One submission per link, and one upload per submission: the link is claimed in one
 * conditional write before anything is uploaded, the texts' id is recorded before the
 * signing request is made, and a repeat of the same submission (a double click, a retry after
 * a lost answer) gets the same signing page without uploading again.
 */
import { checkCampaignDraft, parseSharePercent, type CampaignDraft, type DraftProblem } from "../campaign-draft.js";
import { sha256Hex } from "../campaign-texts.js";
import type { ChainReader, Clock, EvidenceStore, RandomSource, Repositories, WalletAction } from "../ports.js";
import { fail, ok, type Fail, type Result } from "../result.js";
import { MAX_MILESTONES } from "../rules/constants.js";
import { editableCampaign, openDraftLink, draftTokenKey, type DraftLinkUseRefusal, type EditRefusal } from "./campaign-drafts.js";
import { storeCampaignTerms } from "./campaign-terms.js";
import { createSigningRequest, type SigningSettings } from "./signing-requests.js";

/** How long a submission may hold its link before a retry of it may take over (a crashed process). */
export const DRAFT_CLAIM_STALE_MS = 120_000;

export interface DraftSubmitDeps {
  readonly store: Pick<Repositories, "draftLinks" | "signingRequests" | "relayRates">;
  readonly chain: Pick<ChainReader, "getCampaign" | "getResearcher">;
  /** The chain's time: the program judges the deadline by its clock. */
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly evidence: Pick<EvidenceStore, "upload">;
  readonly signing: SigningSettings;
  /** The campaign's address `["campaign", researcher, id]`, derived by the chain adapter. */
  campaignAddress(researcher: string, id: bigint): string;
}

/** What the form shows while the researcher types. */
export interface DraftCheck {
  readonly problems: readonly DraftProblem[];
  /** The shares that could be read, added up (basis points). */
  readonly shareTotalBps: number;
}

/** Refusals of a submission (a broken rule comes as `DraftInvalid` with its problems). */
export type DraftSubmitRefusal = DraftLinkUseRefusal | EditRefusal | "DraftInProgress" | "RateLimited" | "InvalidCampaignState";

/** A refusal, or the draft's problems. */
export type DraftSubmitResult =
  | Result<{ readonly signingUrl: string }, DraftSubmitRefusal>
  | (Fail<"DraftInvalid"> & { readonly problems: readonly DraftProblem[] });

function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function shareTotal(json: unknown): number {
  const milestones = (json as { milestones?: unknown } | null)?.milestones;
  if (!Array.isArray(milestones)) return 0;
  return milestones.slice(0, MAX_MILESTONES + 1).reduce<number>((sum, m) => sum + (parseSharePercent((m as { share?: unknown } | null)?.share) ?? 0), 0);
}

/** Every problem of the form's JSON at the chain's time now, for a link that is still open. */
export async function checkDraftForLink(
  deps: { readonly store: Pick<Repositories, "draftLinks">; readonly clock: Clock },
  token: string,
  json: unknown,
): Promise<Result<DraftCheck, DraftLinkUseRefusal>> {
  const link = await openDraftLink(deps, token);
  if (!link.ok) return link;
  return ok({ problems: checkCampaignDraft(json, nowSeconds(deps.clock)).problems, shareTotalBps: shareTotal(json) });
}

/** The identity of a submission: the same draft and action always give the same hash. */
function submissionSha256(what: { readonly action: string; readonly submit: boolean; readonly draft?: CampaignDraft }): string {
  return sha256Hex(JSON.stringify(what, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
}

/**
 * Runs `makeAction` for the link once per submission: claims the link, builds the action
 * (which may upload), asks for the signature, and marks the link used. A repeat of a finished
 * submission gets its signing page; a repeat while it runs, `DraftInProgress`.
 */
async function submitOnce(
  deps: DraftSubmitDeps,
  token: string,
  submission: string,
  makeAction: (link: { readonly texts: { readonly id: string; readonly sha256: string } | null }) => Promise<Result<WalletAction, DraftSubmitRefusal>>,
): Promise<Result<{ readonly signingUrl: string }, DraftSubmitRefusal>> {
  const key = draftTokenKey(token);
  const link = await deps.store.draftLinks.find(key);
  if (link?.signing != null && link.draftSha256 === submission) return ok({ signingUrl: link.signing.url });
  const open = await openDraftLink(deps, token);
  if (!open.ok) return open;
  const now = deps.clock.now();
  if (!(await deps.store.draftLinks.claim(key, submission, now, new Date(now.getTime() - DRAFT_CLAIM_STALE_MS)))) {
    // Taken meanwhile: finished (same submission: its page), or still running.
    const again = await deps.store.draftLinks.find(key);
    if (again?.signing != null) return again.draftSha256 === submission ? ok({ signingUrl: again.signing.url }) : fail("DraftLinkUsed", { signingUrl: again.signing.url });
    return fail("DraftInProgress");
  }
  try {
    const claimed = await deps.store.draftLinks.find(key);
    const action = await makeAction({ texts: claimed?.draftSha256 === submission ? claimed.texts : null });
    if (!action.ok) {
      await deps.store.draftLinks.release(key, submission);
      return action;
    }
    const chat = { platform: open.value.platform, userId: open.value.userId, chatId: open.value.chatId };
    const issued = await createSigningRequest(deps, { action: action.value, chat });
    if (!issued.ok) {
      await deps.store.draftLinks.release(key, submission);
      return issued;
    }
    await deps.store.draftLinks.complete(key, submission, { id: issued.value.id, url: issued.value.url });
    return ok({ signingUrl: issued.value.url });
  } catch (error) {
    // An outage (Arweave, chain, database): the same click may be retried at once.
    await deps.store.draftLinks.release(key, submission).catch(() => undefined);
    throw error;
  }
}

/**
 * The form's "create" or "save" (with `submit`: "and submit for review"): the draft checked
 * again at the chain's time, its texts stored once, and the researcher's signing page.
 */
export async function submitDraft(deps: DraftSubmitDeps, token: string, input: { readonly json: unknown; readonly submit: boolean }): Promise<DraftSubmitResult> {
  const open = await openDraftLink(deps, token);
  // A used link may be this very submission repeated: submitOnce answers it with its page.
  if (!open.ok && open.code !== "DraftLinkUsed") return open;
  const checked = checkCampaignDraft(input.json, nowSeconds(deps.clock));
  if (!checked.ok) return { ...fail("DraftInvalid"), problems: checked.problems };
  const draft = checked.value;
  const link = await deps.store.draftLinks.find(draftTokenKey(token));
  if (link === null) return fail("DraftLinkNotFound");
  const { researcher, campaign } = link;
  const submission = submissionSha256({ action: campaign === null ? "create" : `edit:${campaign}`, submit: input.submit, draft });
  return submitOnce(deps, token, submission, async ({ texts }) => {
    // Read before uploading: a refusal costs no upload.
    const target = campaign === null ? await newCampaign(deps, researcher) : await editableCampaign(deps.chain, campaign, researcher);
    if (!target.ok) return target;
    const evidence = {
      // The texts stored by an earlier attempt of this very submission are reused, not uploaded again.
      upload: async (bytes: Uint8Array, contentType: string, tags?: Readonly<Record<string, string>>) => {
        if (texts !== null) return texts;
        const stored = await deps.evidence.upload(bytes, contentType, tags);
        await deps.store.draftLinks.recordTexts(draftTokenKey(token), submission, stored);
        return stored;
      },
    };
    const terms = await storeCampaignTerms({ evidence }, draft, { Researcher: researcher });
    const { address } = target.value;
    return ok(
      campaign === null
        ? { kind: "campaignCreate", campaign: address, researcher, id: target.value.id, terms, submit: input.submit }
        : { kind: "campaignEdit", campaign: address, researcher, terms, submit: input.submit },
    );
  });
}

/** The next campaign of `researcher`: id = campaigns created so far (0 for a first one). */
async function newCampaign(deps: DraftSubmitDeps, researcher: string): Promise<Result<{ address: string; id: bigint }, never>> {
  const record = await deps.chain.getResearcher(researcher);
  const id = BigInt(record?.campaignsCreated ?? 0);
  return ok({ address: deps.campaignAddress(researcher, id), id });
}

/**
 * "Submit for review" of an edit link's campaign as it stands (no edit): a
 * `campaignSubmitForReview` signing request. The program takes it only from a Draft.
 */
export async function submitLinkedCampaignForReview(deps: DraftSubmitDeps, token: string): Promise<Result<{ readonly signingUrl: string }, DraftSubmitRefusal>> {
  const link = await deps.store.draftLinks.find(draftTokenKey(token));
  const campaign = link?.campaign ?? null;
  if (link === null || campaign === null) {
    const open = await openDraftLink(deps, token);
    return open.ok ? fail("CampaignNotFound") : open;
  }
  const submission = submissionSha256({ action: `review:${campaign}`, submit: true });
  return submitOnce(deps, token, submission, async () => {
    const target = await editableCampaign(deps.chain, campaign, link.researcher);
    if (!target.ok) return target;
    if (target.value.status !== "Draft") return fail("InvalidCampaignState", { status: target.value.status });
    return ok({ kind: "campaignSubmitForReview", campaign, researcher: link.researcher });
  });
}
