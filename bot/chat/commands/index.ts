/**
 * Every chat command, in the order /help lists them. Adapters register exactly these
 * (Discord's slash commands, Telegram's command menus, the console's completion) and route
 * by their names, so what users see and what the bot runs cannot drift.
 */
import type { AnyCommand, ParamSpec } from "../command.js";
import { campaignCommand, milestonesCommand } from "./campaign.js";
import { campaignsCommand } from "./campaigns.js";
import { disputeListCommand, disputeResolveCommand } from "./dispute.js";
import { evidenceCommand } from "./evidence.js";
import { flagCommand } from "./flag.js";
import { followCommand, followingCommand, unfollowCommand } from "./follow.js";
import { helpCommand } from "./help.js";
import { contributeCommand } from "./contribute.js";
import { createCommand } from "./create.js";
import { consentCommand, depositCommand, refundCommand, withdrawCommand } from "./holder.js";
import { linkCommand, unlinkCommand, verifyCommand } from "./linking.js";
import { claimCommand, poolCommand, poolsCommand, stakeCommand, unstakeCommand } from "./pools.js";
import { profileCommand } from "./profile.js";
import { approveCommand, reviewCommand } from "./review.js";
import { staleCommand } from "./stale.js";
import { submitCommand } from "./submit.js";
import { updateCommand } from "./update.js";
import { subscribeCommand, subscriptionsCommand, unsubscribeCommand } from "./subscriptions.js";
import { walletCommand } from "./wallet.js";

/**
 * /flag takes a reward pool's address for its campaign (and a KPI for its milestone): both are
 * offered as choices (`suggest: "pool"`, choices.ts). Set here rather than in flag.ts while that
 * file is being reworked; it belongs in flag.ts's declaration, and this goes once it is there.
 */
function offeringPools<C extends typeof flagCommand>(command: C): C {
  const pools = (spec: ParamSpec): ParamSpec => ({ ...spec, suggest: "pool" });
  return { ...command, params: { ...command.params, campaign: pools(command.params.campaign), milestone: pools(command.params.milestone) } };
}

export const COMMANDS: readonly AnyCommand[] = [
  campaignsCommand,
  campaignCommand,
  milestonesCommand,
  evidenceCommand,
  offeringPools(flagCommand),
  contributeCommand,
  depositCommand,
  consentCommand,
  withdrawCommand,
  refundCommand,
  poolsCommand,
  poolCommand,
  stakeCommand,
  unstakeCommand,
  claimCommand,
  createCommand,
  submitCommand,
  updateCommand,
  staleCommand,
  linkCommand,
  verifyCommand,
  walletCommand,
  unlinkCommand,
  profileCommand,
  followCommand,
  unfollowCommand,
  followingCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  disputeListCommand,
  disputeResolveCommand,
  reviewCommand,
  approveCommand,
  helpCommand(() => COMMANDS),
];

/** The command with that name ("dispute resolve" for a subcommand), if any. */
export function findCommand(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
