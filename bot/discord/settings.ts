/** Builds the Discord settings from plain configuration values. */
import type { DiscordSettings } from "./context.js";

export function discordSettings(values: {
  readonly managerRoleId?: string | undefined;
  readonly teamRoleId?: string | undefined;
  /** Cluster for explorer links: mainnet, devnet, testnet or localnet. */
  readonly cluster: string;
}): DiscordSettings {
  return {
    managerRoleId: values.managerRoleId ?? null,
    teamRoleId: values.teamRoleId ?? null,
    explorerTxUrl: "https://explorer.solana.com/tx/",
    explorerSuffix: values.cluster === "mainnet" ? "" : values.cluster === "localnet" ? "?cluster=custom" : `?cluster=${values.cluster}`,
  };
}
