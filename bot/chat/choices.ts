/**
 * Where a parameter's choices come from: Discord's autocomplete, Telegram's pickers and the
 * console's tab completion all ask here, so every campaign parameter on every platform can
 * be found by its label.
 */
import { poolLabel } from "../core/pools.js";
import { searchCampaigns, searchResearchers } from "../core/usecases/campaign-directory.js";
import { campaignStatus } from "../core/usecases/campaign-status.js";
import type { ParamSpec } from "./command.js";
import type { ChatDeps } from "./deps.js";
import { clip } from "./text.js";

/** A choice: what the user sees and the value the command gets (a milestone's is its index). */
export interface Choice {
  readonly label: string;
  readonly value: string | number;
}

/** Discord shows at most 25 choices of at most 100 characters. */
export const MAX_CHOICES = 25;

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
      const found = await searchCampaigns(deps, typed, MAX_CHOICES - reserved.length);
      return [...reserved, ...found.map((c) => ({ label: clip(`${c.label} (${c.status})`, 100), value: c.address }))];
    }
    case "milestone": {
      const campaign = others.campaign;
      if (typeof campaign !== "string" || campaign === "") return [];
      const status = await campaignStatus(deps, campaign);
      if (!status.ok) return [];
      return status.value.milestones.map((m) => ({ label: clip(`${m.index + 1}. ${m.title} (${m.status})`, 100), value: m.index }));
    }
    case "address": {
      if (spec.suggest === "pool") {
        const word = typed.trim().toLowerCase();
        const pools = await deps.pools.listPools();
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
