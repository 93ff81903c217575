/**
 * /subscribe, /unsubscribe and /subscriptions: which campaigns a chat (or a forum topic)
 * announces. Changing them is for the chat's admins: dispatch checks the audience and the
 * core checks again with what the platform said. Confirmations name the campaign by its
 * label. Without a campaign, /subscribe and /unsubscribe show what the chat follows and
 * offer the campaigns to pick. `new` in place of a campaign is every new campaign: the chat
 * is told of each campaign's creation and the opening of its raise. A reward pool's address in
 * place of a campaign follows the pool: its funding, KPI submissions, flags, disputes and releases.
 */
import { campaignLabel } from "../../core/labels.js";
import { poolLabel } from "../../core/pools.js";
import { searchCampaigns } from "../../core/usecases/campaign-directory.js";
import { ALL_NEW_CAMPAIGNS, channelSubscriptions, subscribe, unsubscribe, type ChannelCommand } from "../../core/usecases/subscriptions.js";
import { defineCommand, type Caller, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { usage } from "../params.js";
import { refusal } from "../replies.js";
import { reply, type CommandButton, type Reply } from "../reply.js";
import { bold, clip, code, line, type Line } from "../text.js";

/** Most campaigns offered as buttons. */
const MAX_PICKS = 10;

/** What `new` stands for, as the chat says it. */
const ALL_NEW_LABEL = "All new campaigns";

/** The word typed (or picked) for every new campaign. */
const NEW = "new";

const campaign = {
  kind: "campaign",
  description: "Campaign (type to search), a reward pool's address, or new for every new campaign; without one, what this chat follows",
  required: false,
  placeholder: "campaign|new",
  reserved: [{ label: ALL_NEW_LABEL, value: NEW }],
  // The reward pools are offered beside the campaigns.
  suggest: "pool",
} as const satisfies ParamSpec;

/** The subscription's campaign for what was typed: `new` is every new campaign. */
function subscribed(value: string): string {
  return value === NEW ? ALL_NEW_CAMPAIGNS : value;
}

/** "This topic" where the platform announces in a thread of the chat (a Telegram forum topic), else "This chat". */
function here(caller: Caller): string {
  const target = caller.platform.subscriptionTarget(caller.channel.scopeId, caller.channel.channelId);
  return target.threadId === undefined ? "This chat" : "This topic";
}

function channelCommand(caller: Caller, admin: boolean, value: string): ChannelCommand {
  return { platform: caller.chat.platform, ...caller.channel, userId: caller.chat.userId, isChatAdmin: admin, campaign: subscribed(value) };
}

/** A campaign's label ("All new campaigns" for the reserved one), or `null` when the chain no longer has it. */
async function labelOf(deps: ChatDeps, address: string): Promise<string | null> {
  if (address === ALL_NEW_CAMPAIGNS) return ALL_NEW_LABEL;
  const view = await deps.chain.getCampaign(address);
  if (view !== null) return campaignLabel(view);
  const pool = await deps.pools.getPool(address);
  return pool === null ? null : `Reward ${poolLabel(pool).charAt(0).toLowerCase()}${poolLabel(pool).slice(1)}`;
}

/** A campaign by its label in bold, or by its address. */
function named(address: string, label: string | null): Line {
  return label === null ? [code(address)] : [bold(label)];
}

/** The campaigns the chat follows, with their labels. */
async function followed(deps: ChatDeps, caller: Caller): Promise<{ address: string; label: string | null }[]> {
  const list = await channelSubscriptions(deps, { platform: caller.chat.platform, ...caller.channel });
  return Promise.all(list.map(async (s) => ({ address: s.campaign, label: await labelOf(deps, s.campaign) })));
}

/** The list, and the campaigns to pick for `action`. */
async function listReply(deps: ChatDeps, caller: Caller, action: "subscribe" | "unsubscribe" | null): Promise<Reply> {
  const follows = await followed(deps, caller);
  const where = here(caller);
  const lines = follows.length === 0 ? [line`${where} follows no campaign.`] : [line`${where} follows:`, ...follows.map((f) => line`• ${named(f.address, f.label)}`)];
  let buttons: CommandButton[] = [];
  const typedValue = (address: string) => (address === ALL_NEW_CAMPAIGNS ? NEW : address);
  if (action === "subscribe") {
    const known = new Set(follows.map((f) => f.address));
    const open = (await searchCampaigns(deps, "", MAX_PICKS + known.size)).filter((c) => !known.has(c.address)).slice(0, MAX_PICKS);
    const everyNew: CommandButton[] = known.has(ALL_NEW_CAMPAIGNS) ? [] : [{ label: `Follow ${ALL_NEW_LABEL.toLowerCase()}`, run: { command: "subscribe", params: { campaign: NEW } } }];
    buttons = [...everyNew, ...open.map((c) => ({ label: clip(`Follow ${c.label}`, 60), run: { command: "subscribe", params: { campaign: c.address } } }))];
  } else if (action === "unsubscribe") {
    buttons = follows
      .slice(0, MAX_PICKS)
      .map((f) => ({ label: clip(`Stop ${f.label ?? f.address}`, 60), run: { command: "unsubscribe", params: { campaign: typedValue(f.address) } } }));
  }
  const hint = action === null ? [] : [line`Use ${usage(action === "subscribe" ? subscribeCommand : unsubscribeCommand)}${buttons.length > 0 ? ", or pick one below" : ""}.`];
  return reply({ lines: [...lines, ...hint], buttons, pick: buttons.length > 0 });
}

export const subscribeCommand = defineCommand({
  name: "subscribe",
  description: "Admins: post this campaign's announcements in this chat",
  params: { campaign },
  audience: "chatAdmin",
  place: "group",
  private: false,
  async run(deps, caller, p) {
    if (p.campaign === undefined) return listReply(deps, caller, "subscribe");
    const result = await subscribe(deps, channelCommand(caller, await caller.isChatAdmin(), p.campaign));
    if (!result.ok) return refusal(result.code, undefined, "public");
    if (p.campaign === NEW) {
      return reply({
        tone: "good",
        lines: [line`${here(caller)} now follows ${bold(ALL_NEW_LABEL.toLowerCase())}: it gets every new campaign's creation and the opening of its raise here.`],
      });
    }
    const label = named(p.campaign, await labelOf(deps, p.campaign));
    if ((await deps.pools.getPool(p.campaign)) !== null) {
      return reply({
        tone: "good",
        lines: [line`${here(caller)} now follows ${label}; it now gets announcements of its funding, KPI submissions, flags, disputes and releases to stakers here.`],
      });
    }
    return reply({
      tone: "good",
      lines: [line`${here(caller)} now follows ${label}; it now gets announcements of its fundraising, milestones, flags, disputes and payouts here.`],
    });
  },
});

export const unsubscribeCommand = defineCommand({
  name: "unsubscribe",
  description: "Admins: stop this campaign's announcements in this chat",
  params: { campaign },
  audience: "chatAdmin",
  place: "group",
  private: false,
  async run(deps, caller, p) {
    if (p.campaign === undefined) return listReply(deps, caller, "unsubscribe");
    const result = await unsubscribe(deps, channelCommand(caller, await caller.isChatAdmin(), p.campaign));
    if (!result.ok) return refusal(result.code, undefined, "public");
    if (p.campaign === NEW) return reply({ lines: [line`${here(caller)} no longer follows all new campaigns.`] });
    const label = named(p.campaign, await labelOf(deps, p.campaign));
    return reply({ lines: [line`${here(caller)} no longer follows ${label}; it no longer gets its announcements.`] });
  },
});

export const subscriptionsCommand = defineCommand({
  name: "subscriptions",
  description: "The campaigns this chat announces",
  params: {},
  audience: "everyone",
  place: "group",
  private: false,
  run: (deps, caller) => listReply(deps, caller, null),
});
