/**
 * What a backer does with their own tokens from chat: deposit (lock) them as flag and
 * stale-vote weight, name or revoke the relayer as their delegate (their consent for relayed
 * flags and stale votes), take a deposit back, and claim a refund from a failed or abandoned
 * campaign. Only the holder's wallet may sign these, so each becomes a signing request for the
 * linked wallet. Each is checked against the chain first, in the program's order, so the chat
 * answer is what the program would say.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { campaignLabel } from "../labels.js";
import type { CampaignView, ChainReader, ChatRef, Relayer, Repositories, WalletAction } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { holderSubject, type HolderSubject } from "./holder-subject.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";

/** Backer tokens have 6 decimals (constants.rs CAMPAIGN_TOKEN_DECIMALS). */
const TOKEN_DECIMALS = 6;
const MAX_U64 = 2n ** 64n - 1n;

/** What the holder use cases need. */
export interface HolderDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  /** The relay authority holders name as their delegate. */
  readonly relayer: Pick<Relayer, "authority">;
}

/** Every refusal a holder action may get. */
export type HolderRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** What the wallet will sign, for the chat answer. Amounts in base units. */
export type HolderActionSummary =
  | { readonly kind: "deposit"; readonly amount: bigint; readonly depositedAfter: bigint; readonly consent: boolean }
  | { readonly kind: "consent"; readonly delegate: string | null }
  | { readonly kind: "withdraw"; readonly amount: bigint; readonly depositedAfter: bigint }
  | {
      readonly kind: "refund";
      readonly tokens: bigint;
      /** Deposited tokens withdrawn first, in the same transaction. */
      readonly withdrawn: bigint;
      /** USDC the program pays: exact for a failed raise, rounded down pro rata when abandoned. */
      readonly usdc: bigint;
      readonly campaignStatus: "Failed" | "Abandoned";
    };

/** A signing request handed to the holder. */
export interface HolderActionRequest {
  readonly signingUrl: string;
  readonly expiresAt: Date;
  readonly campaign: { readonly address: string; readonly label: string };
  /** The wallet that must sign. */
  readonly wallet: string;
  readonly summary: HolderActionSummary;
}

/** Who asks, about which campaign. */
interface HolderCommand {
  readonly chat: ChatRef;
  readonly campaign: string;
}

/**
 * `"12.5"` (tokens) -> `12_500_000n` base units; `null` when it is not a plain decimal with at
 * most 6 decimals within a u64.
 */
export function parseTokenAmount(text: string): bigint | null {
  const match = /^(\d{1,20})(?:\.(\d{1,6}))?$/.exec(text.trim().replaceAll(",", ""));
  if (match === null) return null;
  const units = BigInt(match[1]!) * 10n ** BigInt(TOKEN_DECIMALS) + BigInt((match[2] ?? "").padEnd(TOKEN_DECIMALS, "0"));
  return units > MAX_U64 ? null : units;
}

/** An optional amount: absent means "all"; present must parse. */
function optionalAmount(text: string | undefined): Result<bigint | null, "AmountMalformed"> {
  if (text === undefined || text.trim() === "" || text.trim().toLowerCase() === "all") return ok(null);
  const amount = parseTokenAmount(text);
  return amount === null ? fail("AmountMalformed") : ok(amount);
}

/** The linked wallet, the campaign and the wallet's holder record: every action's accounts. */
function subject(deps: HolderDeps, command: HolderCommand): Promise<Result<HolderSubject, HolderRefusal>> {
  return holderSubject(deps, command.chat, command.campaign);
}

/** Stores the signing request for `action`, audits it, and shapes the answer. */
async function issue(
  deps: HolderDeps,
  command: HolderCommand,
  s: HolderSubject,
  action: WalletAction,
  summary: HolderActionSummary,
): Promise<Result<HolderActionRequest, HolderRefusal>> {
  const issued = await createSigningRequest(deps, { chat: command.chat, action });
  if (!issued.ok) return issued;
  const request = issued.value;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: `holder.${summary.kind}_prepared`,
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.campaign,
    details: { wallet: s.wallet, signingRequest: request.id, kind: action.kind },
  });
  return ok({
    signingUrl: request.url,
    expiresAt: request.expiresAt,
    campaign: { address: s.campaign.address, label: campaignLabel(s.campaign) },
    wallet: s.wallet,
    summary,
  });
}

/**
 * Deposits backer tokens from the linked wallet (`amount` in tokens; absent or "all" = every
 * undeposited token). `holder_deposit` refuses a campaign neither fundraising nor active
 * (`InvalidCampaignState`), then a zero amount (`AmountZero`); the token transfer then fails
 * when the wallet holds less (`NothingToDeposit`). A first deposit (no holder record yet) also
 * names the relayer as delegate in the same signature unless `consent` is false; `consent`
 * true adds it whenever the relayer is not the delegate already.
 */
export async function requestDeposit(
  deps: HolderDeps,
  command: HolderCommand & { readonly amount?: string; readonly consent?: boolean },
): Promise<Result<HolderActionRequest, HolderRefusal>> {
  const amount = optionalAmount(command.amount);
  if (!amount.ok) return amount;
  const found = await subject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  if (s.campaign.status !== "Fundraising" && s.campaign.status !== "Active") return fail("InvalidCampaignState");
  if (amount.value === 0n) return fail("AmountZero");
  const held = await deps.chain.getBackerBalance(command.campaign, s.wallet);
  const deposit = amount.value ?? held;
  if (deposit === 0n || deposit > held) return fail("NothingToDeposit", { held: held.toString() });

  const relay = deps.relayer.authority;
  // Undecided: only a first deposit asks for consent; one revoked earlier is never re-added.
  const consent = s.holder?.delegate !== relay && (command.consent ?? s.holder === null);
  const action: WalletAction = {
    kind: "holderDeposit",
    campaign: command.campaign,
    owner: s.wallet,
    amount: deposit,
    ...(consent ? { delegate: relay } : {}),
  };
  const depositedAfter = (s.holder?.deposited ?? 0n) + deposit;
  return issue(deps, command, s, action, { kind: "deposit", amount: deposit, depositedAfter, consent });
}

/**
 * Names the relayer as the holder's delegate (`on`) or revokes it (`off`): the holder's
 * consent to relayed flags and stale votes. `holder_set_delegate` has no refusal of its own;
 * asking for what is already set is `DelegateUnchanged` (a fee for nothing).
 */
export async function requestConsent(
  deps: HolderDeps,
  command: HolderCommand & { readonly on: boolean },
): Promise<Result<HolderActionRequest, HolderRefusal>> {
  const found = await subject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  const delegate = command.on ? deps.relayer.authority : null;
  if ((s.holder?.delegate ?? null) === delegate) return fail("DelegateUnchanged");
  const action: WalletAction = { kind: "holderSetDelegate", campaign: command.campaign, owner: s.wallet, delegate };
  return issue(deps, command, s, action, { kind: "consent", delegate });
}

/**
 * Takes deposited tokens back to the wallet (`amount` in tokens; absent or "all" = the whole
 * deposit), in `holder_withdraw`'s order: its holder record (`NotDeposited`), then
 * `AmountZero`, `TokensLocked` (a review window the deposit counted in is still open),
 * `InsufficientDeposit`. Nothing deposited and no amount given is `NoDeposit`.
 */
export async function requestWithdraw(
  deps: HolderDeps,
  command: HolderCommand & { readonly amount?: string },
): Promise<Result<HolderActionRequest, HolderRefusal>> {
  const amount = optionalAmount(command.amount);
  if (!amount.ok) return amount;
  const found = await subject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  if (s.holder === null) return fail("NotDeposited");
  if (amount.value === null && s.holder.deposited === 0n) return fail("NoDeposit");
  const withdraw = amount.value ?? s.holder.deposited;
  if (withdraw === 0n) return fail("AmountZero");
  if (nowSeconds(deps) < s.holder.lockedUntil) return fail("TokensLocked", { lockedUntil: String(s.holder.lockedUntil) });
  if (withdraw > s.holder.deposited) return fail("InsufficientDeposit", { deposited: s.holder.deposited.toString() });
  const action: WalletAction = { kind: "holderWithdraw", campaign: command.campaign, owner: s.wallet, amount: withdraw };
  return issue(deps, command, s, action, { kind: "withdraw", amount: withdraw, depositedAfter: s.holder.deposited - withdraw });
}

/**
 * Claims the refund of every backer token the wallet has in a failed or abandoned campaign:
 * those in the wallet, and its deposit, withdrawn first in the same signature. In
 * `refund_claim`'s order: `NothingToRefund` (no tokens), `InvalidCampaignState` (neither
 * Failed nor Abandoned); then the withdrawal's `TokensLocked`.
 */
export async function requestRefund(
  deps: HolderDeps,
  command: HolderCommand,
): Promise<Result<HolderActionRequest, HolderRefusal>> {
  const found = await subject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  const inWallet = await deps.chain.getBackerBalance(command.campaign, s.wallet);
  const withdrawn = s.holder?.deposited ?? 0n;
  const tokens = inWallet + withdrawn;
  if (tokens === 0n) return fail("NothingToRefund");
  const status = s.campaign.status;
  if (status !== "Failed" && status !== "Abandoned") return fail("InvalidCampaignState");
  const lockedUntil = s.holder?.lockedUntil ?? 0;
  if (withdrawn > 0n && nowSeconds(deps) < lockedUntil) return fail("TokensLocked", { lockedUntil: String(lockedUntil) });
  const action: WalletAction = {
    kind: "refundClaim",
    campaign: command.campaign,
    owner: s.wallet,
    tokens,
    ...(withdrawn > 0n ? { withdraw: withdrawn } : {}),
  };
  return issue(deps, command, s, action, { kind: "refund", tokens, withdrawn, usdc: refundUsdc(s.campaign, tokens), campaignStatus: status });
}

/**
 * USDC `refund_claim` pays for `tokens`: 1:1 after a failed raise. After abandonment the
 * snapshot's share, escrow × tokens / backer supply rounded down, where the snapshot's escrow
 * is `raised - released` and its supply `raised` (tokens are minted 1:1 and only refunds burn
 * them, which start after abandonment); the claim of the last tokens takes what is left.
 */
function refundUsdc(campaign: CampaignView, tokens: bigint): bigint {
  if (campaign.status === "Failed" || campaign.raised === 0n) return tokens;
  const left = campaign.raised - campaign.released - campaign.refunded;
  if (campaign.backerSupply !== undefined && tokens >= campaign.backerSupply) return left;
  const share = ((campaign.raised - campaign.released) * tokens) / campaign.raised;
  return share < left ? share : left;
}

function nowSeconds(deps: Pick<HolderDeps, "clock">): number {
  return Math.floor(deps.clock.now().getTime() / 1000);
}
