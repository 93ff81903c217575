/** /profile: a researcher's public record (awaiting its port to bot/chat). */
import { researcherProfile } from "../../core/usecases/researcher-profile.js";
import { profileEmbed } from "../presenters/people.js";
import { refusal } from "../presenters/refusals.js";
import type { SlashCommand } from "../legacy-router.js";

export const profileCommand: SlashCommand = {
  name: "profile",
  ack: "public",
  async run(interaction, ctx) {
    const result = await researcherProfile(ctx.deps, interaction.options.getString("researcher", true));
    return result.ok ? { embeds: [profileEmbed(result.value)] } : { content: refusal(result.code) };
  },
};
