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
              "Your own tokens: /deposit locks backer tokens as flag weight (a first deposit also lets the relayer flag for you), /consent turns that on or off, /withdraw takes a deposit back, /refund claims USDC from a failed or abandoned campaign. Each gives a signing page where your wallet signs; the answer is only shown to you.",
            ].join("\n"),
          ),
      ],
    }),
};
