/**
 * Campaign form links: chat hands a researcher `${baseUrl}/create/<token>`, a page where they
 * write a new campaign or edit one of theirs (docs/CAMPAIGNS.md). The token is random,
 * single-purpose and short-lived, bound to the chat user who asked and to the researcher's
 * linked wallet, which is the only wallet that can sign what the form produces. Only its
 * SHA-256 is stored. Submitting the form is in campaign-draft-submit.ts.
 */
import type { ProgramErrorName } from "../codes.js";
import { sha256Hex } from "../campaign-texts.js";
import { decodeAddress } from "../linking/encoding.js";
import type { CampaignView, ChainReader, ChatRef, Clock, DraftLinkRecord, RandomSource, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { admitRelayAction } from "../rules/rate-limit.js";

/** Where the form lives and how long a link stays open. */
export interface DraftLinkSettings {
  /** Origin of the pages, e.g. `https://pepfund.example`. */
  readonly baseUrl: string;
  /** Lifetime of a link, seconds. */
  readonly ttlSeconds: number;
}

/** What issuing a link needs. */
export interface DraftLinkDeps {
  readonly store: Pick<Repositories, "draftLinks" | "relayRates">;
  readonly chain: Pick<ChainReader, "getCampaign">;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly drafts: DraftLinkSettings;
}

/** A link handed to chat. */
export interface IssuedDraftLink {
  readonly url: string;
  readonly expiresAt: Date;
}

/** Why a campaign cannot be edited by this wallet, in the program's order (`campaign_edit`). */
export type EditRefusal = Extract<ProgramErrorName, "NotResearcher" | "RoadmapLocked"> | "CampaignNotFound";

/** Refusals of {@link issueDraftLink}. */
export type DraftLinkRefusal = EditRefusal | "MalformedInput" | "RateLimited";

/** Refusals of a link presented to the page. */
export type DraftLinkUseRefusal = "DraftLinkNotFound" | "DraftLinkExpired" | "DraftLinkUsed";

/** Lifetime of a campaign form link: a day, long enough to write a roadmap in one sitting or several. */
export const DRAFT_LINK_TTL_SECONDS = 86_400;

/** Bytes of randomness in a token (256 bits; 43 base64url characters). */
const TOKEN_BYTES = 32;
/** The only form a token takes. */
export const DRAFT_TOKEN = "[A-Za-z0-9_-]{43}";
const TOKEN_PATTERN = new RegExp(`^${DRAFT_TOKEN}$`);

/** The key a token is stored under: a leaked table opens no form. */
export function draftTokenKey(token: string): string {
  return sha256Hex(token);
}

/**
 * The campaign as this wallet may edit it: its researcher (the `has_one` the program checks
 * first), and still Draft or PendingReview (after approval the program says RoadmapLocked).
 */
export async function editableCampaign(chain: Pick<ChainReader, "getCampaign">, address: string, researcher: string): Promise<Result<CampaignView, EditRefusal>> {
  if (decodeAddress(address) === null) return fail("CampaignNotFound");
  const campaign = await chain.getCampaign(address);
  if (campaign === null) return fail("CampaignNotFound");
  if (campaign.researcher !== researcher) return fail("NotResearcher");
  if (campaign.status !== "Draft" && campaign.status !== "PendingReview") return fail("RoadmapLocked", { status: campaign.status });
  return ok(campaign);
}

/**
 * Hands out a form link for `researcher` (the caller's linked wallet): for a new campaign, or,
 * with `campaign`, for editing that one (refused unless the wallet is its researcher and it is
 * not yet approved). Counts against the rate limits of the asker and the wallet, as a signing
 * request does: each link can end in a transaction whose fee the relayer pays.
 */
export async function issueDraftLink(
  deps: DraftLinkDeps,
  input: { readonly chat: ChatRef; readonly researcher: string; readonly campaign?: string },
): Promise<Result<IssuedDraftLink, DraftLinkRefusal>> {
  if (decodeAddress(input.researcher)?.length !== 32) return fail("MalformedInput");
  if (input.campaign !== undefined) {
    const editable = await editableCampaign(deps.chain, input.campaign, input.researcher);
    if (!editable.ok) return editable;
  }
  const createdAt = deps.clock.now();
  const admitted = await admitRelayAction(deps.store.relayRates, { chat: input.chat, wallet: input.researcher }, "draft-link", createdAt);
  if (!admitted.ok) return admitted;
  const token = Buffer.from(deps.random.bytes(TOKEN_BYTES)).toString("base64url");
  const expiresAt = new Date(createdAt.getTime() + deps.drafts.ttlSeconds * 1000);
  await deps.store.draftLinks.insert({
    tokenSha256: draftTokenKey(token),
    platform: input.chat.platform,
    userId: input.chat.userId,
    chatId: input.chat.chatId,
    researcher: input.researcher,
    campaign: input.campaign ?? null,
    createdAt,
    expiresAt,
  });
  return ok({ url: `${deps.drafts.baseUrl.replace(/\/+$/, "")}/create/${token}`, expiresAt });
}

/**
 * The link behind `token` if it may still be used at `now`. A used link's refusal carries its
 * signing page (`details.signingUrl`), so a reload after submitting can still get there.
 */
export async function openDraftLink(
  deps: { readonly store: Pick<Repositories, "draftLinks">; readonly clock: Clock },
  token: string,
): Promise<Result<DraftLinkRecord, DraftLinkUseRefusal>> {
  if (!TOKEN_PATTERN.test(token)) return fail("DraftLinkNotFound");
  const link = await deps.store.draftLinks.find(draftTokenKey(token));
  if (link === null) return fail("DraftLinkNotFound");
  if (link.signing !== null) return fail("DraftLinkUsed", { signingUrl: link.signing.url });
  if (deps.clock.now() >= link.expiresAt) return fail("DraftLinkExpired");
  return ok(link);
}
