/**
 * Where a parameter's choices come from: Discord's autocomplete, Telegram's pickers and the
 * console's tab completion all ask here, so every campaign parameter on every platform can
 * be found by its label. A campaign parameter that also takes a reward pool's address
 * (`suggest: "pool"`: /flag, /subscribe, /dispute resolve) offers the matching pools too, and
 * its milestone parameter offers a pool's KPIs when the pool was chosen.
 */
import { poolLabel, type PoolView } from "../core/pools.js";
import { searchCampaigns, searchResearchers } from "../core/usecases/campaign-directory.js";
import { campaignStatus } from "../core/usecases/campaign-status.js";
import type { KpiFocus, ParamSpec } from "./command.js";
import type { ChatDeps } from "./deps.js";
import { kpiGoal } from "./format.js";
import { clip } from "./text.js";

/** A choice: what the user sees and the value the command gets (a milestone's is its index). */
export interface Choice {
  readonly label: string;
  readonly value: string | number;
}

/** Discord shows at most 25 choices of at most 100 characters. */
export const MAX_CHOICES = 25;

/** Most reward pools offered beside campaigns (pools are few: sponsors are networks, not people). */
const MAX_POOL_CHOICES = 10;

/**
 * How long the pool listing may take beside the campaign directory: it is a chain read
 * (getProgramAccounts), and a slow or failing one must not cost the campaigns their answer
 * within Discord's autocomplete deadline.
 */
export const POOL_CHOICES_BUDGET_MS = 1200;

/**
 * How long one pool listing answers keystrokes. The listing is a `getProgramAccounts`, which
 * public RPC nodes throttle or refuse; every keystroke of /flag, /subscribe or /stake asked for
 * it again. A pool's status in a label may be this much out of date; the command itself reads
 * the pool afresh.
 */
export const POOL_LISTING_FRESH_MS = 5_000;

/** The latest listing per pool reader, and when it was asked for. */
const listings = new WeakMap<object, { readonly at: number; readonly pools: Promise<PoolView[]> }>();

/**
 * The pools, as listed at most {@link POOL_LISTING_FRESH_MS} ago: keystrokes meanwhile share
 * one listing (one in flight at a time). A failed listing is dropped, so the next keystroke
 * asks again.
 */
function recentPools(deps: Pick<ChatDeps, "pools" | "clock">): Promise<PoolView[]> {
  const now = deps.clock.now().getTime();
  const latest = listings.get(deps.pools);
  if (latest !== undefined && now - latest.at < POOL_LISTING_FRESH_MS) return latest.pools;
  const pools = deps.pools.listPools();
  listings.set(deps.pools, { at: now, pools });
  pools.catch(() => {
    if (listings.get(deps.pools)?.pools === pools) listings.delete(deps.pools);
  });
  return pools;
}

/** A reward pool as a choice: named as a pool, so it is never taken for a campaign. */
export function poolChoiceLabel(pool: Pick<PoolView, "id" | "sponsor" | "status">): string {
  const label = poolLabel(pool);
  return clip(`Reward ${label.charAt(0).toLowerCase()}${label.slice(1)} (${pool.status})`, 100);
}

/** The pools whose label or address matches `typed`; none when the listing fails or is late. */
async function poolChoices(deps: Pick<ChatDeps, "pools" | "clock">, typed: string, limit: number): Promise<Choice[]> {
  const word = typed.trim().toLowerCase();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PoolView[]>((resolve) => {
    timer = setTimeout(() => resolve([]), POOL_CHOICES_BUDGET_MS);
  });
  const pools = await Promise.race([recentPools(deps).catch((): PoolView[] => []), late]).finally(() => clearTimeout(timer));
  return pools
    .map((p) => ({ label: poolChoiceLabel(p), value: p.address }))
    .filter((c) => c.label.toLowerCase().includes(word) || c.value.toLowerCase().startsWith(word))
    .slice(0, limit);
}

/** How a KPI the command acts on is marked among the choices. */
const FOCUS_MARK: Readonly<Record<KpiFocus, string>> = { InReview: "in review, can be flagged", Disputed: "disputed, to decide" };

/**
 * A pool's KPIs as choices: the ones the command acts on (`focus`: under review for a flag,
 * disputed for a decision) first and marked, then the others in roadmap order.
 */
export function kpiChoices(pool: PoolView, focus: KpiFocus = "InReview"): Choice[] {
  const focused = pool.milestones.filter((m) => m.status === focus);
  const others = pool.milestones.filter((m) => m.status !== focus);
  return [...focused, ...others].map((m) => ({
    label: clip(`KPI ${m.index + 1}. ${m.title}: ${kpiGoal(m.kpi)} (${m.status === focus ? FOCUS_MARK[focus] : m.status})`, 100),
    value: m.index,
  }));
}

/**
 * Choices for `spec` matching `typed`; `others` are the values already given for the same
 * command (a milestone's choices need its campaign).
 */
export async function choicesFor(
  deps: Pick<ChatDeps, "store" | "chain" | "clock" | "pools">,
  spec: ParamSpec,
  typed: string,
  others: Readonly<Record<string, unknown>>,
): Promise<Choice[]> {
  switch (spec.kind) {
    case "campaign": {
      const word = typed.trim().toLowerCase();
      const reserved = (spec.reserved ?? []).filter((r) => r.value.startsWith(word) || r.label.toLowerCase().includes(word));
      // Read beside the directory: the campaigns leave room for the pools found.
      const [found, pools] = await Promise.all([
        searchCampaigns(deps, typed, MAX_CHOICES - reserved.length),
        spec.suggest === "pool" ? poolChoices(deps, typed, MAX_POOL_CHOICES) : Promise.resolve([]),
      ]);
      const campaigns = found.slice(0, MAX_CHOICES - reserved.length - pools.length).map((c) => ({ label: clip(`${c.label} (${c.status})`, 100), value: c.address }));
      return [...reserved, ...campaigns, ...pools];
    }
    case "milestone": {
      const campaign = others.campaign;
      if (typeof campaign !== "string" || campaign === "") return [];
      // Where the "campaign" may be a reward pool's address, it is that pool's KPIs (both read at once).
      const [pool, status] = await Promise.all([spec.suggest === "pool" ? deps.pools.getPool(campaign) : Promise.resolve(null), campaignStatus(deps, campaign)]);
      if (pool !== null) return kpiChoices(pool, spec.focus);
      if (!status.ok) return [];
      return status.value.milestones.map((m) => ({ label: clip(`${m.index + 1}. ${m.title} (${m.status})`, 100), value: m.index }));
    }
    case "address": {
      if (spec.suggest === "pool") {
        const word = typed.trim().toLowerCase();
        const pools = await recentPools(deps);
        return pools
          .map((p) => ({ label: clip(`${poolLabel(p)} (${p.status})`, 100), value: p.address }))
          .filter((c) => c.label.toLowerCase().includes(word) || c.value.toLowerCase().startsWith(word))
          .slice(0, MAX_CHOICES);
      }
      if (spec.suggest !== "researcher") return [];
      const found = await searchResearchers(deps, typed, MAX_CHOICES);
      return found.map((r) => ({ label: clip(r.label, 100), value: r.address }));
    }
    case "choice":
      return (spec.choices ?? []).filter((c) => c.label.toLowerCase().includes(typed.toLowerCase()) || c.value.startsWith(typed)).map((c) => ({ label: c.label, value: c.value }));
    case "boolean":
      return [
        { label: "on", value: "on" },
        { label: "off", value: "off" },
      ];
    default:
      return [];
  }
}
