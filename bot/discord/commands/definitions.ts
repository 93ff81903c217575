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
/** Longest dispute reason typed as an option. */
export const DISPUTE_REASON_MAX = 1000;

/** The evidence types of `EvidenceType`, as choices. */
export const EVIDENCE_TYPE_CHOICES = [
  { name: "Dataset", value: "Dataset" },
  { name: "Paper", value: "Paper" },
  { name: "Protocol log", value: "ProtocolLog" },
  { name: "Computational results", value: "ComputationalResults" },
  { name: "Ethics approval", value: "EthicsApproval" },
  { name: "Other", value: "Other" },
] as const;

const campaignOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName("campaign").setDescription("Campaign (type to search)").setRequired(true).setAutocomplete(true).setMaxLength(64);

const milestoneOption = (o: SlashCommandIntegerOption): SlashCommandIntegerOption =>
  o.setName("milestone").setDescription("Milestone (type to search)").setRequired(true).setAutocomplete(true).setMinValue(0).setMaxValue(9);

function command(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder().setName(name).setDescription(description).setContexts(InteractionContextType.Guild);
}

/** The commands not yet declared in bot/chat. */
export const COMMANDS = [
  command("submit", "Researchers: submit evidence for your current milestone")
    .addStringOption(campaignOption)
    .addIntegerOption(milestoneOption)
    .addStringOption((o) =>
      o.setName("evidence_type").setDescription("What the evidence is").setRequired(true).addChoices(...EVIDENCE_TYPE_CHOICES),
    )
    .addAttachmentOption((o) => o.setName("file").setDescription("The evidence file (uploaded to Arweave)"))
    .addStringOption((o) => o.setName("arweave_id").setDescription("Or an existing Arweave transaction id").setMinLength(43).setMaxLength(43)),
  command("dispute", "PepFund team: open disputes")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) => s.setName("list").setDescription("Open disputes and their 72-hour deadlines"))
    .addSubcommand((s) =>
      s
        .setName("resolve")
        .setDescription("Approve or reject a disputed milestone, with your reason")
        .addStringOption(campaignOption)
        .addIntegerOption(milestoneOption)
        .addStringOption((o) =>
          o
            .setName("decision")
            .setDescription("Release the tranche, or reject the submission")
            .setRequired(true)
            .addChoices({ name: "Approve (release)", value: "approve" }, { name: "Reject", value: "reject" }),
        )
        .addStringOption((o) =>
          o.setName("reason").setDescription("Why (stored on Arweave)").setRequired(true).setMaxLength(DISPUTE_REASON_MAX),
        ),
    ),
  command("stale", "Open or support a stale-campaign review").addStringOption(campaignOption),
] as const;

/** The JSON bodies of the commands not yet declared in bot/chat (slash.ts adds the declared ones). */
export function legacyCommandBodies(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((c) => c.toJSON());
}

/** Names of every command. */
export type CommandName = (typeof COMMANDS)[number]["name"];
