/**
 * Every slash command's declaration, in one module: the bot routes by these names and
 * `deploy-commands.ts` registers exactly these, so what users see and what the bot runs
 * cannot drift. Default member permissions are only a default a guild admin may change
 * (Server Settings > Integrations): the handlers check permissions again server-side.
 */
import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandIntegerOption,
  type SlashCommandStringOption,
} from "discord.js";

/** Longest flag rationale: Discord's limit for a modal text input. */
export const DISCORD_RATIONALE_MAX = 4000;

const campaignOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName("campaign").setDescription("Campaign (type to search)").setRequired(true).setAutocomplete(true).setMaxLength(64);

const milestoneOption = (o: SlashCommandIntegerOption): SlashCommandIntegerOption =>
  o.setName("milestone").setDescription("Milestone (type to search)").setRequired(true).setAutocomplete(true).setMinValue(0).setMaxValue(9);

function command(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder().setName(name).setDescription(description).setContexts(InteractionContextType.Guild);
}

/** The commands not yet declared in bot/chat. */
export const COMMANDS = [
  command("link", "Link your Solana wallet: get the signing page and the message to sign").addStringOption((o) =>
    o.setName("address").setDescription("Your Solana wallet address").setRequired(true).setMinLength(32).setMaxLength(44),
  ),
  command("unlink", "Unlink your wallet from your Discord account"),
  command("wallet", "Your linked wallet and its campaign-token weight"),
  command("profile", "A researcher's record").addStringOption((o) =>
    o.setName("researcher").setDescription("Researcher wallet address").setRequired(true).setMinLength(32).setMaxLength(44),
  ),
  command("evidence", "Check a submission's evidence against the SHA-256 committed on-chain")
    .addStringOption(campaignOption)
    .addIntegerOption((o) => milestoneOption(o).setRequired(false).setDescription("Milestone (default: the one under review)")),
  command("subscribe", "Post this campaign's announcements in this channel")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption(campaignOption),
  command("unsubscribe", "Stop this campaign's announcements in this channel")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption(campaignOption),
] as const;

/** The JSON bodies of the commands not yet declared in bot/chat (slash.ts adds the declared ones). */
export function legacyCommandBodies(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((c) => c.toJSON());
}

/** Names of every command. */
export type CommandName = (typeof COMMANDS)[number]["name"];
