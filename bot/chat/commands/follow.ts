/**
 * /follow, /unfollow and /following: a campaign's notices for one person, in their private
 * chat (a Discord DM, a Telegram private chat, the console). Anyone may follow; the answers
 * are the caller's alone. On Telegram these run in the private chat with the bot, the chat
 * the notices go to (a bot cannot write first to someone who never started it).
 */
import { campaignLabel } from "../../core/labels.js";
import { follow, followedCampaigns, unfollow } from "../../core/usecases/follows.js";
import { defineCommand, type Caller, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { refusal } from "../replies.js";
import { privateReply, type CommandButton, type Reply } from "../reply.js";
import { bold, clip, code, command, line, type Line } from "../text.js";

/** Most campaigns offered as buttons. */
const MAX_PICKS = 10;

/** What a follower hears, in the words of the answers and /help. */
const WHAT_FOLLOWERS_GET = "the raise opening, each submission to review, a review window closing within a day, quorum, a dispute's outcome, each release, a stale review, and refunds when they open";

/** A campaign by its label in bold, or by its address when the chain no longer has it. */
async function named(deps: ChatDeps, address: string): Promise<{ label: string | null; line: Line }> {
  const view = await deps.chain.getCampaign(address);
  const label = view === null ? null : campaignLabel(view);
  return { label, line: label === null ? [code(address)] : [bold(label)] };
}

/** Where the caller's notices go: privately when the platform can write to them, else this chat. */
function where(caller: Caller): string {
  return caller.platform.directTarget(caller.chat.userId) === null ? "in this chat" : "to you privately";
}

function followCommandOf(caller: Caller, campaign: string) {
  return { ...caller.chat, campaign };
}

/** The campaigns the caller follows, with a Stop button each. */
async function followingReply(deps: ChatDeps, caller: Caller): Promise<Reply> {
  const follows = await followedCampaigns(deps, caller.chat);
  if (follows.length === 0) {
    return privateReply({ lines: [line`You follow no campaign. ${command("follow")} a campaign to get ${WHAT_FOLLOWERS_GET}.`] });
  }
  const names = await Promise.all(follows.map((f) => named(deps, f.campaign)));
  const buttons: CommandButton[] = follows.slice(0, MAX_PICKS).map((f, i) => ({
    label: clip(`Stop ${names[i]?.label ?? f.campaign}`, 60),
    run: { command: "unfollow", params: { campaign: f.campaign } },
  }));
  return privateReply({
    lines: [line`You follow:`, ...names.map((n) => line`• ${n.line}`), line`Their notices come ${where(caller)}.`],
    buttons,
    pick: true,
  });
}

const campaign = { kind: "campaign", description: "Campaign (type to search)", required: true } as const satisfies ParamSpec;

export const followCommand = defineCommand({
  name: "follow",
  description: "Get a campaign's notices privately: raise, submissions, closing windows, outcomes, refunds",
  params: { campaign },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  async run(deps, caller, p) {
    const result = await follow(deps, followCommandOf(caller, p.campaign));
    if (!result.ok) return refusal(result.code);
    const { line: name } = await named(deps, p.campaign);
    if (!result.value.added) return privateReply({ lines: [line`You already follow ${name}. ${command("following")} lists what you follow.`] });
    return privateReply({
      tone: "good",
      lines: [line`You now follow ${name}: ${WHAT_FOLLOWERS_GET} will come ${where(caller)}. ${command("unfollow")} stops them.`],
    });
  },
});

export const unfollowCommand = defineCommand({
  name: "unfollow",
  description: "Stop a campaign's private notices",
  params: { campaign: { ...campaign, required: false, description: "Campaign (type to search); without one, what you follow" } },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  async run(deps, caller, p) {
    if (p.campaign === undefined) return followingReply(deps, caller);
    const result = await unfollow(deps, followCommandOf(caller, p.campaign));
    if (!result.ok) return refusal(result.code);
    const { line: name } = await named(deps, p.campaign);
    return privateReply({
      lines: [result.value.removed ? line`You no longer follow ${name}; its notices stop.` : line`You did not follow ${name}. ${command("following")} lists what you follow.`],
    });
  },
});

export const followingCommand = defineCommand({
  name: "following",
  description: "The campaigns you follow privately",
  params: {},
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller) => followingReply(deps, caller),
});
