/**
 * Inline keyboards and their callback data. Telegram allows 1-64 bytes of callback data: a
 * base58 address (at most 44) with a short prefix fits; longer state stays in the session.
 */
import { InlineKeyboard } from "grammy";

/** Callback data prefixes. */
export const CALLBACK = {
  status: "status:",
  flagCampaign: "flag:c:",
  flagMilestone: "flag:m:",
  flagSubmission: "flag:s:",
} as const;

/** Under a campaign view: flag and full status. */
export function statusButtons(campaign: string): InlineKeyboard {
  return new InlineKeyboard().text("Milestones", `${CALLBACK.status}${campaign}`).text("Flag", `${CALLBACK.flagCampaign}${campaign}`);
}

/**
 * A list to pick from, one button per row. Built from rows rather than `.text().row()`, which
 * leaves an empty row after the last button.
 */
export function pickList(choices: readonly { readonly text: string; readonly data: string }[]): InlineKeyboard {
  return InlineKeyboard.from(choices.map((c) => [InlineKeyboard.text(c.text, c.data)]));
}
