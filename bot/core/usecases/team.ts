/**
 * Who may act for the PepFund team from chat: the platform must show the user as team (a
 * Discord role, Telegram's configured ids), and where the deployment lists ids for that
 * platform, the user must be on the list too. Acting on-chain also takes the admin wallet.
 */
import type { ChainReader, ChatRef, Platform, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";

/** Configured team member ids per platform; a platform without a list trusts the platform's word. */
export type TeamLists = Partial<Record<Platform, readonly string[]>>;

/** Whether the chat user counts as PepFund team. */
export function onTeam(team: TeamLists, chat: ChatRef, platformSaysTeam: boolean): boolean {
  const listed = team[chat.platform];
  return platformSaysTeam && (listed === undefined || listed.includes(chat.userId));
}

/** The program's admin wallet, when it is the one the chat user linked. */
export async function linkedAdminWallet(
  deps: { readonly store: Pick<Repositories, "links">; readonly chain: Pick<ChainReader, "getAdmin"> },
  chat: ChatRef,
): Promise<Result<string, "NotLinked" | "NotAdmin">> {
  const link = await deps.store.links.findByUser(chat.platform, chat.userId);
  if (link === null) return fail("NotLinked");
  const admin = await deps.chain.getAdmin();
  if (admin === null || admin !== link.address) return fail("NotAdmin");
  return ok(admin);
}
