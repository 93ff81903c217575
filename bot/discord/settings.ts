/** Builds the Discord settings from plain configuration values. */
import type { DiscordSettings } from "./context.js";

export function discordSettings(values: {
  readonly managerRoleId?: string | undefined;
  readonly teamRoleId?: string | undefined;
  /** Cluster for explorer links: mainnet, devnet, testnet or localnet. */
  readonly cluster: string;
  /** The localnet's RPC URL, which explorer links of a localnet open (Solana Explorer's `customUrl`). */
  readonly rpcUrl?: string | undefined;
}): DiscordSettings {
  const customUrl = values.rpcUrl === undefined ? "" : `&customUrl=${encodeURIComponent(values.rpcUrl)}`;
  return {
    managerRoleId: values.managerRoleId ?? null,
    teamRoleId: values.teamRoleId ?? null,
    explorerTxUrl: "https://explorer.solana.com/tx/",
    explorerSuffix: values.cluster === "mainnet" ? "" : values.cluster === "localnet" ? `?cluster=custom${customUrl}` : `?cluster=${values.cluster}`,
  };
}
