/** /help: every command with its description, from the same definitions Discord shows. */
import { EmbedBuilder } from "discord.js";
import type { SlashCommand } from "../router.js";
import { COMMANDS } from "./definitions.js";

export const helpCommand: SlashCommand = {
  name: "help",
  ack: "ephemeral",
  run: () =>
    Promise.resolve({
      embeds: [
        new EmbedBuilder()
          .setTitle("PepFund commands")
          .setDescription(
            [
              ...COMMANDS.map((c) => `\`/${c.name}\` — ${c.description}`),
              "",
              "Link your wallet first (/link) to flag, submit or support a stale review. Announcements come in channels that /subscribe to a campaign.",
            ].join("\n"),
          ),
      ],
    }),
};
