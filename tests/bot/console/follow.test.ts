/**
 * Personal follows in the console: /follow, then a follower's notices print as the outbox
 * delivers them, with their actions as numbered buttons; typing a number runs that action
 * for the person at the keyboard (Contribute runs /contribute).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { tellFollowers } from "../../../bot/core/usecases/follows.js";
import type { Notice } from "../../../bot/core/notices.js";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { PLATFORMS } from "../support/platforms.js";
import { ConsoleHarness } from "./harness.js";

const kind = databaseKinds[0]!;

describe(`console follows on ${kind.name}`, () => {
  let db: TestDatabase;
  let h: ConsoleHarness;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(async () => {
    await db.dispose();
  });
  afterEach(() => h.close());

  /** Queues `notice` for the campaign's followers and prints what the outbox delivers; the printed text. */
  async function deliver(notice: Notice, key: string): Promise<string> {
    await tellFollowers({ store: h.deps.store, platforms: PLATFORMS }, notice, key);
    const before = h.screen.length;
    await deliverOutbox({ store: h.deps.store, notifiers: { CONSOLE: h.notifier }, clock: { now: () => new Date(Date.now() + 1_000) } }, 50);
    return h.screen.slice(before);
  }

  it("GIVEN the console follows a campaign THEN a closing window prints with Flag, View evidence and Campaign status; typing Campaign status's number runs it", async () => {
    h = new ConsoleHarness(db);
    const c = campaign({ title: "Zebrafish heart regeneration", milestones: [milestone(0, { title: "Cell cultures", status: "InReview", attempts: 1 }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    expect(await h.type(`/follow ${c.address}`)).toContain("You now follow Zebrafish heart regeneration");
    const evidenceUrl = `https://arweave.net/${"e".repeat(43)}`;
    const printed = await deliver(
      {
        kind: "ReviewWindowClosingSoon",
        campaign: { address: c.address, label: "Zebrafish heart regeneration" },
        milestone: { index: 0, title: "Cell cultures", attempt: 1 },
        windowEnd: Math.floor(Date.now() / 1000) + 3_600,
        evidence: { id: "e".repeat(43), url: evidenceUrl },
        flagWeight: 1n,
        quorumWeight: 10n,
      },
      `console-follow:${c.address}`,
    );
    expect(printed).toContain("Milestone 1 (Cell cultures): review window closes soon");
    // The evidence once: its line names it, so its "View evidence" link is not printed again.
    expect(printed).toContain(`Evidence: ${evidenceUrl}`);
    expect(printed.split(evidenceUrl)).toHaveLength(2);
    expect(printed).toMatch(/1\) Flag/);
    expect(printed).toMatch(/2\) Campaign status\s+\/campaign /);
    expect(await h.type("2")).toContain("Cell cultures");
  });

  it("GIVEN a raise opening THEN Contribute is numbered; typing it runs /contribute for that campaign", async () => {
    h = new ConsoleHarness(db);
    const c = campaign({ title: "Axolotl limb atlas", status: "Fundraising" });
    h.chain.campaigns.set(c.address, c);
    await h.type(`/follow ${c.address}`);
    const printed = await deliver({ kind: "FundraisingOpened", campaign: { address: c.address, label: "Axolotl limb atlas" }, goal: 2n, deadline: 1_900_000_000 }, `console-open:${c.address}`);
    expect(printed).toMatch(/1\) Contribute/);
    // /contribute runs for the campaign, whose raise (the fixture's) already met its goal.
    expect(await h.type("1")).toContain("The goal is reached: nothing is left to raise.");
  });
});
