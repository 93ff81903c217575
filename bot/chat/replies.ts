/** Reply pieces several commands share: refusals, the outage answer, campaign titles, signing links. */
import type { CampaignView } from "../core/ports.js";
import { campaignLabel } from "../core/labels.js";
import { pageLinks, privateReply, reply, type Reply, type Visibility } from "./reply.js";
import { bold, line, time, type Line } from "./text.js";
import { OUTAGE_WORDS, refusalWords, type RefusalDetails } from "./words/refusals.js";
import type { RefusalCode } from "../core/codes.js";

/** A refusal: its words, and the code and facts for adapters that show them and for tests. */
export function refusal(code: RefusalCode, details?: RefusalDetails, visibility: Visibility = "private"): Reply {
  return reply({
    visibility,
    tone: "bad",
    lines: [refusalWords(code, details)],
    refusal: details === undefined ? { code } : { code, details },
  });
}

/** Something outside our control failed; nothing was changed. */
export function outage(visibility: Visibility = "private"): Reply {
  return reply({ visibility, tone: "bad", lines: [OUTAGE_WORDS], refusal: { code: "Outage" } });
}

/** A campaign as a title: its label in bold. */
export function campaignTitle(campaign: CampaignView): Line {
  return [bold(campaignLabel(campaign))];
}

/** What a wallet-signed request answers: what will be signed, by which wallet, until when, and the page. */
export function signingReply(input: {
  readonly title: Line;
  readonly lines: readonly Line[];
  readonly wallet: string;
  readonly url: string;
  readonly expiresAt: Date;
  readonly buttonLabel?: string;
}): Reply {
  return privateReply({
    title: input.title,
    lines: [...input.lines, line`Sign it with your wallet ${{ kind: "code", text: input.wallet }} before ${time(Math.floor(input.expiresAt.getTime() / 1000))}: ${{ kind: "link", text: input.url, url: input.url }}`],
    links: pageLinks("signing", input.buttonLabel ?? "Sign with your wallet", input.url),
  });
}
