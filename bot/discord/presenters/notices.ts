/**
 * Each announcement as an embed with buttons (view evidence, flag, campaign status). Every
 * text a user or researcher wrote (titles, labels) goes through `userText`; the message is
 * sent with no allowed mentions, so nothing in it can ping.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import { shortAddress } from "../../core/labels.js";
import type { CampaignRef, MilestoneRef, Notice } from "../../core/notices.js";
import { userText } from "./escape.js";
import { amount, percent, progressBar, usdc, when } from "./format.js";
import { refusal } from "./refusals.js";

/** What a notice becomes on Discord. */
export interface RenderedNotice {
  readonly embed: EmbedBuilder;
  readonly buttons: ActionRowBuilder<ButtonBuilder>[];
}

const COLOURS = { info: 0x5865f2, good: 0x57f287, warn: 0xfee75c, bad: 0xed4245 } as const;

function milestoneName(m: MilestoneRef): string {
  return m.title === null ? `Milestone ${m.index + 1}` : `Milestone ${m.index + 1} (${userText(m.title, 100)})`;
}

function campaignLine(c: CampaignRef): string {
  return `Campaign ${userText(c.label, 300)}`;
}

function statusButton(c: CampaignRef): ButtonBuilder {
  return new ButtonBuilder().setCustomId(`status:${c.address}`).setLabel("Campaign status").setStyle(ButtonStyle.Secondary);
}

function flagButton(c: CampaignRef, m: MilestoneRef & { attempt: number }): ButtonBuilder {
  return new ButtonBuilder().setCustomId(`flagbtn:${c.address}:${m.index}:${m.attempt}`).setLabel("Flag").setStyle(ButtonStyle.Danger);
}

function linkButton(label: string, url: string): ButtonBuilder {
  return new ButtonBuilder().setLabel(label).setStyle(ButtonStyle.Link).setURL(url);
}

function row(...buttons: ButtonBuilder[]): ActionRowBuilder<ButtonBuilder>[] {
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)];
}

function embed(colour: number, title: string, lines: string[]): EmbedBuilder {
  return new EmbedBuilder().setColor(colour).setTitle(title.slice(0, 256)).setDescription(lines.join("\n").slice(0, 4096));
}

/** A flag-weight line with a bar against quorum. */
function weightLine(weight: bigint, quorum: bigint): string {
  return `${progressBar(weight, quorum)} ${amount(weight)} / ${amount(quorum)} (${percent(weight, quorum)} of quorum)`;
}

export function renderNotice(notice: Notice): RenderedNotice {
  // Account notices are queued for Telegram private chats only (this notifier posts to channels); kept total here.
  if (notice.kind === "WalletLinked" || notice.kind === "WalletMovedAway") {
    return { embed: embed(COLOURS.info, notice.kind === "WalletLinked" ? "Wallet linked" : "Wallet no longer linked", [`\`${notice.address}\``]), buttons: [] };
  }
  const c = notice.campaign;
  switch (notice.kind) {
    case "CampaignCreated":
      return {
        embed: embed(COLOURS.info, "New campaign", [campaignLine(c), `Researcher \`${notice.researcher}\``, `Goal ${usdc(notice.goal)} by ${when(notice.deadline)}`, `${notice.milestoneCount} milestones`]),
        buttons: row(statusButton(c)),
      };
    case "FundraisingOpened":
      return { embed: embed(COLOURS.info, "Fundraising open", [campaignLine(c), `Goal ${usdc(notice.goal)} — closes ${when(notice.deadline)}`]), buttons: row(statusButton(c)) };
    case "FundraisingClosed":
      return {
        embed: embed(notice.succeeded ? COLOURS.good : COLOURS.bad, notice.succeeded ? "Fundraising succeeded" : "Fundraising failed", [
          campaignLine(c),
          `Raised ${usdc(notice.raised)} of ${usdc(notice.goal)}`,
          notice.succeeded ? "The campaign is active." : "Backers may claim refunds.",
        ]),
        buttons: row(statusButton(c)),
      };
    case "MilestoneSubmitted":
      return {
        embed: embed(COLOURS.info, `${milestoneName(notice.milestone)} submitted`, [
          campaignLine(c),
          `Submission ${notice.milestone.attempt} — evidence type ${notice.evidence.type}`,
          `Evidence: ${notice.evidence.url}`,
          `SHA-256: \`${notice.evidence.sha256}\``,
          `Review window closes ${when(notice.windowEnd)}`,
          `Holders with at least ${amount(notice.flagThreshold)} deposited may flag; quorum is ${amount(notice.quorumWeight)}.`,
        ]),
        buttons: row(linkButton("View evidence", notice.evidence.url), flagButton(c, notice.milestone), statusButton(c)),
      };
    case "FlagSubmitted":
      return {
        embed: embed(COLOURS.warn, `${milestoneName(notice.milestone)} flagged`, [
          campaignLine(c),
          `Flag by \`${shortAddress(notice.flagger)}\` with weight ${amount(notice.weight)}`,
          weightLine(notice.totalWeight, notice.quorumWeight),
          `Rationale: ${notice.rationale.url}`,
        ]),
        buttons: row(linkButton("Read rationale", notice.rationale.url), flagButton(c, notice.milestone), statusButton(c)),
      };
    case "QuorumReached":
      return {
        embed: embed(COLOURS.bad, `${milestoneName(notice.milestone)}: flag quorum reached`, [campaignLine(c), `Flag weight ${amount(notice.totalWeight)}: the milestone goes to dispute when the window closes.`]),
        buttons: row(statusButton(c)),
      };
    case "WindowClosed":
      return {
        embed: embed(notice.quorumReached ? COLOURS.bad : COLOURS.good, `${milestoneName(notice.milestone)}: review window closed`, [
          campaignLine(c),
          `Flag weight ${amount(notice.flagWeight)} — ${notice.quorumReached ? "quorum reached: disputed" : "below quorum: the tranche can be released"}`,
        ]),
        buttons: row(statusButton(c)),
      };
    case "TrancheReleased":
      return {
        embed: embed(COLOURS.good, `${milestoneName(notice.milestone)}: tranche released`, [campaignLine(c), `${usdc(notice.amount)} paid to \`${notice.recipient}\``, `Released so far: ${usdc(notice.releasedTotal)}`]),
        buttons: row(statusButton(c)),
      };
    case "DisputeOpened":
      return {
        embed: embed(COLOURS.bad, `${milestoneName(notice.milestone)}: dispute opened`, [campaignLine(c), `The PepFund team decides by ${when(notice.deadline)}.`]),
        buttons: row(statusButton(c)),
      };
    case "DisputeResolved":
      return {
        embed: embed(notice.approved ? COLOURS.good : COLOURS.bad, `${milestoneName(notice.milestone)}: dispute ${notice.approved ? "approved" : "rejected"}`, [campaignLine(c), `Reasons: ${notice.reason.url}`]),
        buttons: row(linkButton("Read reasons", notice.reason.url), statusButton(c)),
      };
    case "DisputeDeadlineNear":
      return {
        embed: embed(COLOURS.warn, `${milestoneName(notice.milestone)}: dispute deadline near`, [campaignLine(c), `Resolve by ${when(notice.deadline)} with /dispute resolve.`]),
        buttons: row(statusButton(c)),
      };
    case "BehindSchedule":
      return {
        embed: embed(COLOURS.warn, `${milestoneName(notice.milestone)} is behind schedule`, [campaignLine(c), `Estimated ${when(notice.estimatedCompletion)}`, `A stale review may be opened from ${when(notice.staleAt)} if nothing is submitted.`]),
        buttons: row(statusButton(c)),
      };
    case "StaleEligible":
      return {
        embed: embed(COLOURS.warn, "Campaign is stale", [campaignLine(c), `${milestoneName(notice.milestone)} is 90 days past its estimate; holders may open a review with /stale.`]),
        buttons: row(statusButton(c)),
      };
    case "StaleReviewOpened":
      return {
        embed: embed(COLOURS.warn, `Stale review ${notice.round} opened`, [campaignLine(c), `On ${milestoneName(notice.milestone)} — ends ${when(notice.endsAt)}`, `Support needed: ${amount(notice.quorumWeight)}. Support it with /stale.`]),
        buttons: row(statusButton(c)),
      };
    case "StaleSupportAdded":
      return {
        embed: embed(COLOURS.warn, `Stale review ${notice.round}: support added`, [
          campaignLine(c),
          `\`${shortAddress(notice.supporter)}\` added ${amount(notice.weight)}`,
          notice.quorumWeight === null ? `Support ${amount(notice.supportWeight)}` : weightLine(notice.supportWeight, notice.quorumWeight),
        ]),
        buttons: row(statusButton(c)),
      };
    case "StaleReviewEnded":
      return {
        embed: embed(COLOURS.info, `Stale review ${notice.round} ended`, [campaignLine(c), notice.outcome === "cancelled" ? "Cancelled: the researcher submitted." : "Rejected: not enough support."]),
        buttons: row(statusButton(c)),
      };
    case "CampaignAbandoned":
      return {
        embed: embed(COLOURS.bad, "Campaign abandoned", [campaignLine(c), `${usdc(notice.escrow)} is refundable pro rata to backers; claim it on the website.`]),
        buttons: row(statusButton(c)),
      };
    case "RefundsSummary":
      return {
        embed: embed(COLOURS.info, "Refunds", [campaignLine(c), `Claimed ${usdc(notice.refundedTotal)}${notice.refundable === null ? "" : ` of ${usdc(notice.refundable)}`}`]),
        buttons: row(statusButton(c)),
      };
    case "CampaignCompleted":
      return { embed: embed(COLOURS.good, "Campaign completed", [campaignLine(c), `All milestones released: ${usdc(notice.releasedTotal)}.`]), buttons: row(statusButton(c)) };
    case "FlagOutcome": {
      const o = notice.outcome;
      return o.status === "confirmed"
        ? {
            embed: embed(COLOURS.good, `Your flag on ${milestoneName(notice.milestone)} is on-chain`, [campaignLine(c), `Transaction \`${o.signature}\``, `Rationale: ${o.rationale.url}`]),
            buttons: row(statusButton(c)),
          }
        : {
            embed: embed(COLOURS.bad, `Your flag on ${milestoneName(notice.milestone)} did not go through`, [campaignLine(c), refusal(o.code)]),
            buttons: row(statusButton(c)),
          };
    }
    case "SigningOutcome": {
      const o = notice.outcome;
      const what = notice.action.charAt(0).toUpperCase() + notice.action.slice(1);
      return o.status === "confirmed"
        ? { embed: embed(COLOURS.good, `${what} is on-chain`, [campaignLine(c), `Transaction \`${o.signature}\``]), buttons: row(statusButton(c)) }
        : { embed: embed(COLOURS.bad, `${what} did not go through`, [campaignLine(c), refusal(o.code)]), buttons: row(statusButton(c)) };
    }
  }
}
