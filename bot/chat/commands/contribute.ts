/**
 * /contribute <campaign> [amount]: a backer puts USDC into a campaign. With an amount, the
 * linked wallet gets its signing page (like /deposit); without one (a notice's Contribute
 * button runs exactly `{ command: "contribute", params: { campaign } }`), the campaign's raise
 * and a few amount buttons, each running /contribute with that amount. Both carry the
 * campaign's share links: its page (which Action-aware wallets open as a blink) and the
 * `solana-action:` URL.
 */
import { campaignShareLinks } from "../../core/share-links.js";
import { contributionCampaign, requestContribution, type ContributionCampaign, type ContributionDeps } from "../../core/usecases/contribute.js";
import { defineCommand, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { tokens, usdc } from "../format.js";
import { refusal, signingReply } from "../replies.js";
import { privateReply, type CommandButton, type LinkRef, type Reply } from "../reply.js";
import { bold, code, command, line, time, type Line } from "../text.js";

/** Amounts offered as buttons when none was given, USDC; those above what is left are dropped. */
export const PRESET_AMOUNTS_USDC = [10n, 25n, 50n, 100n] as const;
const UNIT = 1_000_000n;
/** The longest amount /contribute takes or a button carries (see the `amount` parameter). */
const MAX_AMOUNT_CHARS = 8;

function contributionDeps(deps: ChatDeps): ContributionDeps {
  return { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing };
}

/** The share links as lines and a page button. */
function share(deps: ChatDeps, campaign: string): { lines: Line[]; links: LinkRef[] } {
  const links = campaignShareLinks(deps.signing.baseUrl, campaign);
  return {
    lines: [line`Share it: ${{ kind: "link", text: links.page, url: links.page }} (wallets that support Solana Actions show a Contribute button), or ${code(links.action)}`],
    links: [{ kind: "page", label: "Campaign page", url: links.page }],
  };
}

/** "Raised 1,200 USDC of 5,000 USDC; 3,800 USDC left until <deadline>." */
function raiseLine(c: ContributionCampaign): Line {
  return line`Raised ${usdc(c.view.raised)} of ${usdc(c.view.goal)}; ${bold(usdc(c.left))} left to raise until ${time(c.view.deadline)}.`;
}

/** No amount given: the raise, amount buttons (and all that is left), and how to type another amount. */
async function offer(deps: ChatDeps, campaign: string): Promise<Reply> {
  const c = await contributionCampaign(contributionDeps(deps), campaign);
  if (c === null) return refusal("CampaignNotFound");
  if (c.closed !== null) return refusal(c.closed.code, c.closed.details);
  const amounts: bigint[] = PRESET_AMOUNTS_USDC.map((a) => a * UNIT).filter((a) => a < c.left);
  const text = (amount: bigint) => tokens(amount).replaceAll(",", "");
  // What is left, when it is short enough to travel in a button (else it is typed).
  const all = text(c.left).length <= MAX_AMOUNT_CHARS ? [c.left] : [];
  const buttons: CommandButton[] = [...amounts, ...all].map((amount) => ({
    label: amount === c.left ? `All that is left: ${usdc(amount)}` : usdc(amount),
    run: { command: "contribute", params: { campaign, amount: text(amount) } },
    style: "primary",
  }));
  const s = share(deps, campaign);
  return privateReply({
    title: [bold(c.label)],
    lines: [
      raiseLine(c),
      line`How much USDC do you put in? Pick an amount, or type ${command("contribute")} with the amount (e.g. 12.5). Your linked wallet signs; you receive backer tokens 1:1.`,
      ...s.lines,
    ],
    bars: [{ label: "Raised", part: c.view.raised, whole: c.view.goal, caption: line`${usdc(c.view.raised)} of ${usdc(c.view.goal)}` }],
    buttons,
    links: s.links,
  });
}

const campaignParam = { kind: "campaign", description: "Campaign (type to search)", required: true } as const satisfies ParamSpec;

export const contributeCommand = defineCommand({
  name: "contribute",
  description: "Put USDC into a campaign that is raising (signed by your wallet)",
  params: {
    campaign: campaignParam,
    // 8 characters ("250000.5"): with a 44-character address and the name, a button's id stays
    // within Telegram's 64 bytes of callback data.
    amount: { kind: "amount", description: "USDC to contribute, e.g. 25 or 12.5 (default: choose from buttons)", required: false, maxLength: MAX_AMOUNT_CHARS },
  },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: async (deps, caller, p) => {
    if (p.amount === undefined || p.amount.trim() === "") return offer(deps, p.campaign);
    const result = await requestContribution(contributionDeps(deps), { chat: caller.chat, campaign: p.campaign, amount: p.amount });
    if (!result.ok) return refusal(result.code, result.details);
    const r = result.value;
    const s = share(deps, p.campaign);
    const signing = signingReply({
      title: [bold(r.campaign.label)],
      lines: [
        line`Contribute ${bold(usdc(r.amount))} from your wallet and receive ${tokens(r.amount)} backer tokens (1:1). ${usdc(r.leftAfter)} will be left to raise.`,
        ...(r.opensAccount ? [line`The same signature opens your backer-token account for this campaign; your wallet pays its rent (about 0.002 SOL, yours again if you close the account). PepFund pays the fee.`] : []),
      ],
      wallet: r.wallet,
      url: r.signingUrl,
      expiresAt: r.expiresAt,
    });
    return { ...signing, lines: [...signing.lines, ...s.lines], links: [...signing.links, ...s.links] };
  },
});
