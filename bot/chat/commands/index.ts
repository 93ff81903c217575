/**
 * Every chat command, in the order /help lists them. Adapters register exactly these
 * (Discord's slash commands, Telegram's command menus, the console's completion) and route
 * by their names, so what users see and what the bot runs cannot drift.
 */
import type { AnyCommand } from "../command.js";
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

export const COMMANDS: readonly AnyCommand[] = [
  campaignsCommand,
  campaignCommand,
  milestonesCommand,
  evidenceCommand,
  flagCommand,
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
