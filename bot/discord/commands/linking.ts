/** /link, /unlink, /wallet: the user's own wallet link, answered to them only. */
import { codeBlock, EmbedBuilder } from "discord.js";
import { requestLink, unlink } from "../../core/usecases/link-wallet.js";
import { walletOverview } from "../../core/usecases/wallet-overview.js";
import { walletEmbed } from "../presenters/people.js";
import { refusal } from "../presenters/refusals.js";
import type { SlashCommand } from "../legacy-router.js";

export const linkCommand: SlashCommand = {
  name: "link",
  ack: "ephemeral",
  async run(interaction, ctx) {
    const result = await requestLink(ctx.deps, {
      platform: "DISCORD",
      userId: interaction.user.id,
      chatId: interaction.channelId,
      address: interaction.options.getString("address", true),
    });
    if (!result.ok) return { content: refusal(result.code) };
    const issued = result.value;
    const embed = new EmbedBuilder()
      .setTitle("Link your wallet")
      .setURL(issued.pageUrl)
      .setDescription(
        [
          `Open the signing page and sign with your wallet. It expires <t:${Math.floor(issued.expiresAt.getTime() / 1000)}:R>.`,
          issued.pageUrl,
          "",
          "What you are signing:",
          codeBlock(issued.message),
          "Hardware wallet or Solana CLI? Sign the one-line form and paste the signature on the page:",
          codeBlock(`solana sign-offchain-message -k <KEYPAIR or usb://ledger> '${issued.oneLine.replaceAll("'", `'\\''`)}'`),
        ].join("\n"),
      );
    return { embeds: [embed] };
  },
};

export const unlinkCommand: SlashCommand = {
  name: "unlink",
  ack: "ephemeral",
  async run(interaction, ctx) {
    const result = await unlink(ctx.deps, { platform: "DISCORD", userId: interaction.user.id });
    return { content: result.ok ? `Unlinked wallet \`${result.value.address}\`.` : refusal(result.code) };
  },
};

export const walletCommand: SlashCommand = {
  name: "wallet",
  ack: "ephemeral",
  async run(interaction, ctx) {
    const result = await walletOverview(ctx.deps, { platform: "DISCORD", userId: interaction.user.id });
    return result.ok ? { embeds: [walletEmbed(result.value, ctx.deps.relayer)] } : { content: refusal(result.code) };
  },
};
