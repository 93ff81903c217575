/**
 * A backer puts USDC into a campaign: from chat (the linked wallet signs on the signing page,
 * PepFund's fee key pays the fee) or from any Solana Action client (the client's account
 * signs and pays the fee itself). Both are checked here first, in `contribute`'s order, then
 * against the wallet, so the answer says which one fails before anything is signed: the
 * campaign is raising, its deadline has not passed, the amount is above zero and fits under
 * the goal, and the wallet holds the USDC and the SOL to open its backer-token account.
 * The program enforces each rule again on-chain.
 */
import { parseUsdc } from "../campaign-draft.js";
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { campaignLabel } from "../labels.js";
import { decodeAddress } from "../linking/encoding.js";
import type { BackerFunds, CampaignView, ChainReader, ChatRef, Clock, Repositories, WalletAction, WalletTransactions } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";

/** The fee of a transaction with one signature, lamports: what an Action client's account pays. */
export const SIGNATURE_FEE_LAMPORTS = 5000n;

/** Every refusal a contribution may get. */
export type ContributionRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** The campaign as a contribution sees it: its name, how much is left, whether it takes money now. */
export interface ContributionCampaign {
  readonly view: CampaignView;
  /** The verified title when known, else the campaign's label. */
  readonly label: string;
  /** USDC left to raise before the goal (base units). */
  readonly left: bigint;
  /** Why no contribution is accepted now (`InvalidCampaignState`, `FundraisingEnded`, `GoalExceeded` when full), or `null`. */
  readonly closed: { readonly code: ContributionRefusal; readonly details: Readonly<Record<string, string>> } | null;
}

/** What reading a campaign for a contribution needs. */
export interface ContributionReadDeps {
  readonly store: Pick<Repositories, "campaigns">;
  readonly chain: ChainReader;
  readonly clock: Clock;
}

/** What a chat contribution needs: a signing request for the linked wallet. */
export interface ContributionDeps extends SigningDeps, ContributionReadDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates" | "campaigns">;
}

/** What an Action client's contribution needs: the unsigned transaction its account pays for. */
export interface ActionContributionDeps extends ContributionReadDeps {
  readonly wallet: Pick<WalletTransactions, "prepareUnsigned">;
}

/** A signing request handed to the backer in chat. */
export interface ContributionRequest {
  readonly signingUrl: string;
  readonly expiresAt: Date;
  readonly campaign: { readonly address: string; readonly label: string };
  readonly wallet: string;
  readonly amount: bigint;
  /** USDC left to raise after this contribution. */
  readonly leftAfter: bigint;
  /** Whether the transaction also opens the backer-token account (the wallet pays its rent). */
  readonly opensAccount: boolean;
}

/** `"25.5"` USDC -> base units; `AmountMalformed` (unit USDC) for anything else. */
export function contributionAmount(text: string): Result<bigint, "AmountMalformed"> {
  const amount = parseUsdc(text);
  return amount === null ? fail("AmountMalformed", { unit: "USDC" }) : ok(amount);
}

/**
 * The campaign at `address` for a contribution, named by its verified title when the directory
 * knows it; `null` when there is no such campaign.
 */
export async function contributionCampaign(deps: ContributionReadDeps, address: string): Promise<ContributionCampaign | null> {
  if (decodeAddress(address) === null) return null;
  const view = await deps.chain.getCampaign(address);
  if (view === null) return null;
  const entry = await deps.store.campaigns.find(address);
  const titled: CampaignView = entry?.title ? { ...view, title: entry.title } : view;
  const left = view.goal > view.raised ? view.goal - view.raised : 0n;
  return { view: titled, label: campaignLabel(titled), left, closed: closedReason(titled, left, nowSeconds(deps.clock)) };
}

/** `contribute`'s own checks on the campaign, in its order, before the amount is known. */
function closedReason(view: CampaignView, left: bigint, now: number): ContributionCampaign["closed"] {
  if (view.status !== "Fundraising") return { code: "InvalidCampaignState", details: { status: view.status, expected: "Fundraising" } };
  if (now >= view.deadline) return { code: "FundraisingEnded", details: { deadline: String(view.deadline) } };
  if (left === 0n) return { code: "GoalExceeded", details: { left: "0" } };
  return null;
}

/**
 * The checks of a contribution of `amount` by a wallet holding `funds`: the campaign's
 * (`InvalidCampaignState`, `FundraisingEnded`), then `AmountZero`, `GoalExceeded` (with what
 * is left), then the wallet's (`UsdcAccountMissing`, `UsdcInsufficient`, `AccountRentShort`:
 * the backer-token account's rent, plus the fee when the wallet pays it).
 */
function refusalFor(c: ContributionCampaign, amount: bigint, funds: BackerFunds, paysFee: boolean): Result<true, ContributionRefusal> {
  if (c.closed !== null && c.closed.code !== "GoalExceeded") return fail(c.closed.code, c.closed.details);
  if (amount === 0n) return fail("AmountZero");
  if (amount > c.left) return fail("GoalExceeded", { left: c.left.toString() });
  if (funds.usdc === null) return fail("UsdcAccountMissing");
  if (funds.usdc < amount) return fail("UsdcInsufficient", { held: funds.usdc.toString(), amount: amount.toString() });
  const needed = funds.backerAccountRent + (paysFee ? SIGNATURE_FEE_LAMPORTS : 0n);
  if (funds.lamports < needed) return fail("AccountRentShort", { needed: needed.toString(), held: funds.lamports.toString() });
  return ok(true);
}

/**
 * A contribution asked for in chat: `amount` in USDC ("25.5"). In order: `AmountMalformed`,
 * `NotLinked`, `CampaignNotFound`, then {@link refusalFor}'s checks for the linked wallet;
 * `RateLimited` as every signing request. The linked wallet signs; PepFund's fee key pays the fee.
 */
export async function requestContribution(
  deps: ContributionDeps,
  command: { readonly chat: ChatRef; readonly campaign: string; readonly amount: string },
): Promise<Result<ContributionRequest, ContributionRefusal>> {
  const amount = contributionAmount(command.amount);
  if (!amount.ok) return amount;
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  const campaign = await contributionCampaign(deps, command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  const wallet = link.address;
  const funds = await deps.chain.getBackerFunds(command.campaign, wallet);
  const checked = refusalFor(campaign, amount.value, funds, false);
  if (!checked.ok) return checked;

  const action: WalletAction = { kind: "contribute", campaign: command.campaign, backer: wallet, amount: amount.value };
  const issued = await createSigningRequest(deps, { chat: command.chat, action });
  if (!issued.ok) return issued;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: "backer.contribution_prepared",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.campaign,
    details: { wallet, signingRequest: issued.value.id, amount: amount.value.toString() },
  });
  return ok({
    signingUrl: issued.value.url,
    expiresAt: issued.value.expiresAt,
    campaign: { address: command.campaign, label: campaign.label },
    wallet,
    amount: amount.value,
    leftAfter: campaign.left - amount.value,
    opensAccount: funds.backerAccountRent > 0n,
  });
}

/** The transaction an Action client signs and sends: its account is fee payer and only signer. */
export interface ActionContribution {
  readonly transaction: Uint8Array;
  readonly campaign: ContributionCampaign;
  readonly amount: bigint;
}

/**
 * A contribution asked for by a Solana Action client for `account` (base58): in order
 * `MalformedInput` (not an address), `AmountMalformed`, `CampaignNotFound`, then
 * {@link refusalFor}'s checks with the account paying the fee. Nothing is stored: the client
 * signs and sends the transaction itself.
 */
export async function prepareActionContribution(
  deps: ActionContributionDeps,
  input: { readonly campaign: string; readonly account: string; readonly amount: string },
): Promise<Result<ActionContribution, ContributionRefusal>> {
  if (decodeAddress(input.account) === null) return fail("MalformedInput", { field: "account" });
  const amount = contributionAmount(input.amount);
  if (!amount.ok) return amount;
  const campaign = await contributionCampaign(deps, input.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  const funds = await deps.chain.getBackerFunds(input.campaign, input.account);
  const checked = refusalFor(campaign, amount.value, funds, true);
  if (!checked.ok) return checked;
  const action: WalletAction = { kind: "contribute", campaign: input.campaign, backer: input.account, amount: amount.value };
  // The wallet sends it itself: with a compute-unit limit and priority fee, so it lands under load.
  const { transaction } = await deps.wallet.prepareUnsigned(action, { computeBudget: true });
  return ok({ transaction, campaign, amount: amount.value });
}

function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}
