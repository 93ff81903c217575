/**
 * Every chat command, in the order /help lists them. Adapters register exactly these
 * (Discord's slash commands, Telegram's command menus, the console's completion) and route
 * by their names, so what users see and what the bot runs cannot drift.
 */
import type { AnyCommand } from "../command.js";
import { campaignCommand, milestonesCommand } from "./campaign.js";
import { disputeListCommand, disputeResolveCommand } from "./dispute.js";
import { flagCommand } from "./flag.js";
import { helpCommand } from "./help.js";
import { consentCommand, depositCommand, refundCommand, withdrawCommand } from "./holder.js";
import { staleCommand } from "./stale.js";
import { submitCommand } from "./submit.js";

export const COMMANDS: readonly AnyCommand[] = [
  campaignCommand,
  milestonesCommand,
  flagCommand,
  depositCommand,
  consentCommand,
  withdrawCommand,
  refundCommand,
  submitCommand,
  staleCommand,
  disputeListCommand,
  disputeResolveCommand,
  helpCommand(() => COMMANDS),
];

/** The command with that name ("dispute resolve" for a subcommand), if any. */
export function findCommand(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
