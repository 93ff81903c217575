/**
 * docs/grafana-dashboard.json must chart series the app really exposes: a renamed metric would
 * otherwise leave an operator's panel silently empty.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../bot/observability/metrics.js";

const dashboard = JSON.parse(readFileSync(new URL("../../../docs/grafana-dashboard.json", import.meta.url), "utf8")) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

describe("the Grafana dashboard in docs/", () => {
  it("THEN every pepfund_* series a panel queries is one /metrics exposes", async () => {
    const metrics = createMetrics({
      outbox: () => Promise.resolve({ depth: 0, oldestAgeSeconds: 0 }),
      indexer: () => Promise.resolve({ lagSlots: 0, cursorAgeSeconds: 0 }),
      balances: () => Promise.resolve({ fee_payer: 1, relay_authority: 1 }),
    });
    // Every family's `# TYPE` line, with a histogram's sample series.
    const exposed = new Set(
      [...(await metrics.scrape()).body.matchAll(/^# TYPE (pepfund_[a-z_]+) (\w+)$/gm)].flatMap(([, name = "", type]) =>
        type === "histogram" ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
      ),
    );
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/pepfund_[a-z_]+/g) ?? []));
    expect(queried.length).toBeGreaterThanOrEqual(10);
    for (const name of queried) expect(exposed, `${name} is not exposed`).toContain(name);
  });
});
