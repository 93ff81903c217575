/**
 * /flag: a holder objects to a milestone under review. The rationale is typed in a form
 * (Discord modal, Telegram conversation, console prompt), then the core checks eligibility
 * in the program's order, stores the request once per holder per submission and relays it
 * at once, with progress shown. An announcement's Flag button carries the submission it was
 * about (`attempt`), so a newer submission is never flagged by an old button. A reward pool's
 * address in place of the campaign flags that pool's KPI (`/flag <pool> <kpi>`, flag-pool.ts),
 * stored and relayed the same way: the relayer flags as the delegate the staker named when staking.
 */
import { poolAt } from "../../core/usecases/pool-at.js";
import { MAX_RATIONALE_CHARS } from "../../core/usecases/flag-request.js";
import { flagNow, flagPoolNow, type FlagStage } from "../../core/usecases/flag-now.js";
import { linkedWallet } from "../../core/usecases/link-wallet.js";
import { defineWriteCommand } from "../command.js";
import { linkDeps, type ChatDeps } from "../deps.js";
import { explorerTxUrl, tokens, units } from "../format.js";
import { refusal } from "../replies.js";
import { privateReply } from "../reply.js";
import { command, line, link, type Line } from "../text.js";
import { descriptionLines, textsHeadline } from "../views/campaign-texts.js";
import { checkedTexts } from "./campaign.js";
import { refusalWords } from "../words/refusals.js";

/** How long the "are you linked?" check before the form may take; the form opens anyway after it. */
const PRECHECK_BUDGET_MS = 1000;
/** How long reading the description for the form may take (it runs beside the check above). */
const DESCRIPTION_BUDGET_MS = 1200;
/** Characters of the description shown with the form (Discord's modal text holds 4,000). */
const DESCRIPTION_CHARS = 3_000;

/**
 * The milestone's description the evidence is judged against, with its check against the
 * on-chain hash; the headline alone when it could not be read in time.
 */
async function judgedAgainst(deps: ChatDeps, address: string, index: number): Promise<Line[]> {
  const campaign = await deps.chain.getCampaign(address);
  const m = campaign?.milestones[index];
  if (campaign === null || campaign === undefined || m === undefined) return [];
  const texts = await checkedTexts(deps, campaign, DESCRIPTION_BUDGET_MS);
  const description = descriptionLines(texts, index, DESCRIPTION_CHARS);
  const head = line`Milestone ${index + 1} “${m.title}”: the evidence is judged against what its description says counts as done.`;
  if (description.length > 0) return [head, ...description];
  const later = texts.outcome === "unavailable" ? [line`${command("milestones")} shows it once it can be read.`] : [];
  return [head, textsHeadline(texts), ...later];
}

export const flagCommand = defineWriteCommand({
  name: "flag",
  description: "Flag a milestone under review (you write your rationale next)",
  params: {
    // A reward pool's address also fits (its KPI as the milestone): both are offered as choices.
    campaign: { kind: "campaign", description: "Campaign or reward pool (type to search)", required: true, suggest: "pool" },
    milestone: { kind: "milestone", description: "Milestone, or the pool's KPI (type to search)", required: true, suggest: "pool" },
    rationale: {
      kind: "text",
      description: "Why the evidence does not show the milestone is done",
      required: true,
      minLength: 1,
      maxLength: MAX_RATIONALE_CHARS,
      form: {
        title: "Flag this milestone",
        label: `Rationale (max ${MAX_RATIONALE_CHARS.toLocaleString("en-US")} chars, public)`,
        placeholder: "Why does this evidence not show the milestone is done? Stored on Arweave.",
      },
    },
    attempt: { kind: "integer", description: "Submission", required: false, hidden: true, min: 1, max: 1000 },
  },
  audience: "everyone",
  place: "both",
  private: true,

  async beforeForm(deps, caller) {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), PRECHECK_BUDGET_MS).unref());
    const linked = await Promise.race([linkedWallet(linkDeps(deps), caller.chat), timeout]);
    return linked !== null && !linked.ok ? refusal(linked.code) : null;
  },

  async formContext(deps, p) {
    if (p.campaign === undefined || p.milestone === undefined) return [];
    return judgedAgainst(deps, p.campaign, p.milestone);
  },

  async run(deps, caller, p) {
    const { writes } = deps;
    const relay = {
      ...{ store: deps.store, clock: deps.clock, chain: deps.chain, pools: deps.pools, platforms: deps.platforms },
      ...{ relayer: writes.relayer, evidence: writes.evidence, gatewayUrl: writes.gatewayUrl },
    };
    const submission = { milestoneIndex: p.milestone, rationale: p.rationale, ...(p.attempt === undefined ? {} : { attempt: p.attempt }) };
    // A reward pool's address in place of the campaign: the pool's KPI, weighed in its stake token.
    // The campaign is read beside it: the flag's checks then find it read lately.
    const pool = await poolAt(deps, p.campaign, { readCampaign: true });
    const what = `${pool === null ? "milestone" : "KPI"} ${p.milestone + 1}`;
    const weighs = (weight: bigint) => (pool === null ? tokens(weight) : units(weight, pool.stakeDecimals));
    const accepted = (weight: bigint) => line`Flag accepted with weight ${weighs(weight)} on ${what}.`;
    const progress = {
      onStage: (_stage: FlagStage, weight: bigint) =>
        caller.progress(privateReply({ lines: [line`${accepted(weight)} Uploading your rationale to Arweave and relaying the flag…`] })),
      // Not shown, the flag still goes on: the answer (or the held notice) tells the outcome.
      onProgressFailed: (error: Error) => deps.log.warn(`chat: the flag's progress could not be shown: ${error.message}`),
      onInterrupted: (id: string, error: Error) => deps.log.warn(`chat: flag ${id} relay interrupted, the resume worker finishes it: ${error.message}`),
    };
    const result =
      pool === null
        ? await flagNow(
            { request: { store: deps.store, chain: deps.chain, clock: deps.clock, relayer: deps.relayAuthority }, relay },
            { chat: caller.chat, campaign: p.campaign, ...submission },
            progress,
          )
        : await flagPoolNow(
            { request: { store: deps.store, pools: deps.pools, clock: deps.clock, relayer: deps.relayAuthority }, relay },
            { chat: caller.chat, pool: p.campaign, ...submission },
            progress,
          );
    if (!result.ok) return refusal(result.code, result.details);
    const { weight, relay: relayed, heldNotice } = result.value;
    // The outcome's notice waits for this answer; delivered, the answer withdraws it.
    const standsInFor = heldNotice === null ? {} : { standsInFor: heldNotice };
    if (relayed === null) {
      return privateReply({ tone: "warn", lines: [accepted(weight), line`Relaying it is taking longer than usual; it is saved, will go out once, and you will be told the outcome.`] });
    }
    const { outcome, rationale } = relayed;
    if (outcome.status === "failed") {
      return privateReply({ tone: "bad", lines: [accepted(weight), line`The transaction did not go through: ${refusalWords(outcome.code)}`], refusal: { code: outcome.code }, ...standsInFor });
    }
    const explorer = explorerTxUrl(outcome.signature, deps.explorer);
    return privateReply({
      tone: "good",
      lines: [line`Your flag on ${what} is on-chain (weight ${weighs(weight)}).`, line`Transaction: ${link(explorer)}`, line`Rationale: ${link(rationale.url)}`],
      links: [
        { kind: "explorer", label: "Transaction", url: explorer },
        { kind: "rationale", label: "Rationale", url: rationale.url },
      ],
      ...standsInFor,
    });
  },
});
