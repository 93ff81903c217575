/**
 * A backer's own tokens: /deposit, /consent, /withdraw and /refund. Each answers only the
 * caller with what the linked wallet will sign and the signing page. The words of each
 * summary are here once, for every platform.
 */
import type { Result } from "../../core/result.js";
import {
  requestConsent,
  requestDeposit,
  requestRefund,
  requestWithdraw,
  type HolderActionRequest,
  type HolderDeps,
  type HolderRefusal,
} from "../../core/usecases/holder-actions.js";
import { defineCommand, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { tokens, usdc } from "../format.js";
import { refusal, signingReply } from "../replies.js";
import type { Reply } from "../reply.js";
import { bold, code, command, line, type Line } from "../text.js";

const campaign = { kind: "campaign", description: "Campaign (type to search)", required: true } as const satisfies ParamSpec;

function holderDeps(deps: ChatDeps): HolderDeps {
  return { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing, relayer: { authority: deps.relayAuthority } };
}

/** What will be signed, in words. */
function summary(r: HolderActionRequest, relayer: string): Line[] {
  const s = r.summary;
  const consent = (delegate: string): Line =>
    line`The PepFund relayer ${code(delegate)} becomes your delegate: it may flag and support stale reviews for you, never move your tokens. ${command("consent")} off revokes it.`;
  switch (s.kind) {
    case "deposit":
      return [line`Deposit ${bold(tokens(s.amount))} backer tokens; your deposit (flag weight) becomes ${tokens(s.depositedAfter)}.`, ...(s.consent ? [consent(relayer)] : [])];
    case "consent":
      return [s.delegate === null ? line`Revoke the PepFund relayer as your delegate: it will no longer flag or support stale reviews for you.` : consent(s.delegate)];
    case "withdraw":
      return [line`Withdraw ${bold(tokens(s.amount))} deposited backer tokens back to your wallet; your deposit becomes ${tokens(s.depositedAfter)}.`];
    case "refund":
      return [
        ...(s.withdrawn > 0n ? [line`Your deposit of ${tokens(s.withdrawn)} is withdrawn first, in the same signature.`] : []),
        line`Burn ${bold(tokens(s.tokens))} backer tokens for ${bold(usdc(s.usdc))} back to your wallet (${s.campaignStatus === "Failed" ? "the raise failed: 1:1" : "the campaign was abandoned: your share of what is left"}).`,
      ];
  }
}

/** Runs a holder use case for the caller and presents its answer. */
async function answer(deps: ChatDeps, run: (deps: HolderDeps) => Promise<Result<HolderActionRequest, HolderRefusal>>): Promise<Reply> {
  const result = await run(holderDeps(deps));
  if (!result.ok) return refusal(result.code, result.details);
  const r = result.value;
  return signingReply({ title: [bold(r.campaign.label)], lines: summary(r, deps.relayAuthority), wallet: r.wallet, url: r.signingUrl, expiresAt: r.expiresAt });
}

export const depositCommand = defineCommand({
  name: "deposit",
  description: "Lock your backer tokens as flag weight (signed by your wallet)",
  params: {
    campaign,
    amount: { kind: "amount", description: "Tokens to deposit, e.g. 12.5 (default: all in your wallet)", required: false, maxLength: 32 },
    consent: { kind: "boolean", description: "Also let the PepFund relayer flag for you (default: yes on a first deposit)", required: false },
  },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) =>
    answer(deps, (d) =>
      requestDeposit(d, { chat: caller.chat, campaign: p.campaign, ...(p.amount === undefined ? {} : { amount: p.amount }), ...(p.consent === undefined ? {} : { consent: p.consent }) }),
    ),
});

export const consentCommand = defineCommand({
  name: "consent",
  description: "Let the PepFund relayer flag and vote for you, or stop it (signed by your wallet)",
  params: {
    campaign,
    relayer: {
      kind: "choice",
      description: "Name the relayer your delegate, or revoke it",
      required: true,
      choices: [
        { label: "On: the relayer may flag for me", value: "on" },
        { label: "Off: revoke", value: "off" },
      ],
    },
  },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) => answer(deps, (d) => requestConsent(d, { chat: caller.chat, campaign: p.campaign, on: p.relayer === "on" })),
});

export const withdrawCommand = defineCommand({
  name: "withdraw",
  description: "Take deposited backer tokens back to your wallet (signed by your wallet)",
  params: {
    campaign,
    amount: { kind: "amount", description: "Tokens to withdraw, e.g. 12.5 (default: all deposited)", required: false, maxLength: 32 },
  },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) =>
    answer(deps, (d) => requestWithdraw(d, { chat: caller.chat, campaign: p.campaign, ...(p.amount === undefined ? {} : { amount: p.amount }) })),
});

export const refundCommand = defineCommand({
  name: "refund",
  description: "Claim USDC back from a failed or abandoned campaign (signed by your wallet)",
  params: { campaign },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) => answer(deps, (d) => requestRefund(d, { chat: caller.chat, campaign: p.campaign })),
});
