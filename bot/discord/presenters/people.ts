/** A member's wallet holdings and a researcher's record, as embeds. */
import { EmbedBuilder } from "discord.js";
import type { ResearcherProfile } from "../../core/usecases/researcher-profile.js";
import type { WalletOverview } from "../../core/usecases/wallet-overview.js";
import { userText } from "./escape.js";
import { amount } from "./format.js";

/** /wallet: the linked address and, per campaign, deposited weight, wallet balance and share. */
export function walletEmbed(overview: WalletOverview, relayer: string): EmbedBuilder {
  const embed = new EmbedBuilder().setTitle("Your linked wallet").setDescription(`\`${overview.address}\``);
  if (overview.holdings.length === 0) {
    return embed.addFields({ name: "Campaign tokens", value: "None yet: back a campaign on the website to get flag weight." });
  }
  embed.addFields(
    overview.holdings.slice(0, 25).map((h) => ({
      name: userText(h.label, 200),
      value: [
        `Deposited (flag weight): ${amount(h.deposited)}`,
        `In wallet: ${amount(h.undeposited)}`,
        `Share of backer supply: ${(h.shareBps / 100).toFixed(2)}%`,
        h.delegate === relayer ? "PepFund relayer is your delegate: /flag and /stale work from chat." : "Relayer not your delegate: set it on the website to flag from chat.",
      ].join("\n"),
    })),
  );
  return embed;
}

/** /profile: completed, disputed and abandoned counts and the campaigns. */
export function profileEmbed(profile: ResearcherProfile): EmbedBuilder {
  const r = profile.record;
  return new EmbedBuilder()
    .setTitle(`Researcher ${r.researcher}`)
    .addFields(
      { name: "Campaigns", value: `${r.campaignsCreated} created — ${r.campaignsCompleted} completed — ${r.campaignsAbandoned} abandoned`, inline: false },
      { name: "Milestones", value: `${r.milestonesReleased} released — ${r.disputesOpened} disputed — ${r.submissionsRejected} submissions rejected`, inline: false },
      {
        name: "Their campaigns",
        value: profile.campaigns.length === 0 ? "—" : profile.campaigns.slice(0, 15).map((c) => `${userText(c.label, 120)} (${c.status})`).join("\n").slice(0, 1024),
      },
    );
}
