/** Guild-side settings of the Discord adapter, from plain configuration values. */

/** Who counts as a manager or the team in a guild, beyond Discord's own Manage Server. */
export interface DiscordSettings {
  /** Role that may change subscriptions besides members with Manage Server; `null` for none. */
  readonly managerRoleId: string | null;
  /** The PepFund team role (disputes); `null` when unset: nobody may resolve from Discord. */
  readonly teamRoleId: string | null;
}

export function discordSettings(values: { readonly managerRoleId?: string | undefined; readonly teamRoleId?: string | undefined }): DiscordSettings {
  return { managerRoleId: values.managerRoleId ?? null, teamRoleId: values.teamRoleId ?? null };
}
