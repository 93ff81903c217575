/**
 * /stale: a holder opens the stale review of a campaign whose current milestone is 90 days
 * past its estimate, or supports the review already open. The PepFund relayer signs as the
 * holder's delegate, so the core checks eligibility in the program's order first; the answer
 * is the transaction, or why it did not go through.
 */
import { staleAction } from "../../core/usecases/stale-review.js";
import { defineWriteCommand } from "../command.js";
import { explorerTxUrl, tokens } from "../format.js";
import { refusal } from "../replies.js";
import { privateReply } from "../reply.js";
import { line, link } from "../text.js";
import { refusalWords } from "../words/refusals.js";

export const staleCommand = defineWriteCommand({
  name: "stale",
  description: "Open or support a stale-campaign review (the relayer signs as your delegate)",
  params: {
    campaign: { kind: "campaign", description: "Campaign (type to search)", required: true },
  },
  audience: "everyone",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const { writes } = deps;
    await caller.progress(privateReply({ lines: [line`Checking eligibility and sending the transaction…`] }));
    const result = await staleAction({ store: deps.store, chain: deps.chain, clock: deps.clock, relayer: writes.relayer }, { chat: caller.chat, campaign: p.campaign });
    if (!result.ok) return refusal(result.code, result.details);
    const { action, round, weight, outcome } = result.value;
    const what = `${action === "opened" ? "opened" : "supported"} stale review round ${round}`;
    if (outcome.status === "failed") {
      return privateReply({ tone: "bad", lines: [line`Your wallet has not ${what}: the transaction did not go through. ${refusalWords(outcome.code)}`], refusal: { code: outcome.code } });
    }
    const explorer = explorerTxUrl(outcome.signature, deps.explorer);
    return privateReply({
      tone: "good",
      lines: [line`Your wallet ${what} with ${tokens(weight)} deposited backer tokens.`, line`Transaction: ${link(explorer)}`],
      links: [{ kind: "explorer", label: "Transaction", url: explorer }],
    });
  },
});
