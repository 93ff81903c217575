/**
 * /wallet: the caller's linked wallet and, per campaign, what it holds: the deposit (its
 * flag weight), the tokens still in the wallet, the share of the backer supply, a deposit
 * lock, and whether the PepFund relayer may act for it.
 */
import type { Holding, WalletOverview } from "../../core/usecases/wallet-overview.js";
import { walletOverview } from "../../core/usecases/wallet-overview.js";
import { defineCommand } from "../command.js";
import { share, tokens } from "../format.js";
import { refusal } from "../replies.js";
import { privateReply, type Reply, type Section } from "../reply.js";
import { code, command, line, time, type Line } from "../text.js";

/** Discord shows at most 25 fields; the wallet's address and words take a few. */
const MAX_CAMPAIGNS = 20;

/** Who may flag and support stale reviews for the holder from chat. */
function delegateLine(delegate: string | null, relayer: string): Line {
  if (delegate === relayer) return line`The PepFund relayer is your delegate: ${command("flag")} and ${command("stale")} work from chat.`;
  if (delegate === null) return line`No delegate set: the relayer cannot flag for you yet. ${command("consent")} on names it.`;
  return line`Your delegate is ${code(delegate)}, not the PepFund relayer: it cannot flag for you from chat. ${command("consent")} on names it.`;
}

function holdingSection(h: Holding, relayer: string, now: number): Section {
  return {
    title: line`${h.label}`,
    lines: [
      line`Deposited (flag weight): ${tokens(h.deposited)}`,
      line`In wallet: ${tokens(h.undeposited)}`,
      line`Share of the backer supply: ${share(h.shareBps)} of ${tokens(h.backerSupply)}`,
      ...(h.lockedUntil > now ? [line`Deposit locked until ${time(h.lockedUntil)}`] : []),
      delegateLine(h.delegate, relayer),
    ],
  };
}

/** The overview as a reply, only for its owner. */
export function walletReply(overview: WalletOverview, relayer: string, now: number): Reply {
  const shown = overview.holdings.slice(0, MAX_CAMPAIGNS);
  const hidden = overview.holdings.length - shown.length;
  return privateReply({
    title: line`Your linked wallet`,
    lines: [
      [code(overview.address)],
      ...(overview.holdings.length === 0
        ? [line`It holds no backer tokens of any campaign yet. Contributing to a campaign's raise gives them; ${command("deposit")} turns them into flag weight.`]
        : []),
      ...(hidden > 0 ? [line`And ${hidden} more campaign${hidden === 1 ? "" : "s"}.`] : []),
    ],
    sections: shown.map((h) => holdingSection(h, relayer, now)),
  });
}

export const walletCommand = defineCommand({
  name: "wallet",
  description: "Your linked wallet and its campaign-token weight",
  params: {},
  audience: "everyone",
  place: "both",
  private: true,
  async run(deps, caller) {
    const result = await walletOverview(deps, caller.chat);
    if (!result.ok) return refusal(result.code, result.details);
    return walletReply(result.value, deps.relayAuthority, Math.floor(deps.clock.now().getTime() / 1000));
  },
});
