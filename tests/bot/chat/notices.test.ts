/**
 * Every notice as a Reply: each kind has a title and its campaign, personal outcomes are
 * private and in words (never a bare code), the Flag button names the exact submission and
 * its id fits Telegram's 64 bytes, every link is the one the notice carries, and every notice
 * that asks a user to act carries the action (Flag and View evidence, Contribute, Claim refund).
 */
import { describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import { commandForButton } from "../../../bot/chat/commands/button-command.js";
import { findCommand } from "../../../bot/chat/commands/index.js";
import { noticeReply } from "../../../bot/chat/notices.js";
import { encodeInvocation } from "../../../bot/chat/params.js";
import { urlsOf } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { randomAddress } from "../support/fakes.js";

const settings = { explorer: { cluster: "devnet" } };
const address = randomAddress();
const ref = { address, label: "#0 by AbCd…WxYz — Protein assay" };
const m = { index: 1, title: "Protein assay", attempt: 2 };
const link = { id: "r".repeat(43), url: `https://arweave.net/${"r".repeat(43)}` };
const signature = "5".repeat(88);

/** One notice of every kind (the compiler keeps the list honest through `Notice`). */
const NOTICES: Notice[] = [
  { kind: "CampaignCreated", campaign: ref, researcher: randomAddress(), goal: 10n ** 12n, deadline: 1_900_000_000, milestoneCount: 3 },
  { kind: "CampaignCreated", campaign: ref, researcher: randomAddress(), goal: 10n ** 12n, deadline: 1_900_000_000, milestoneCount: 3, raising: true },
  { kind: "FundraisingOpened", campaign: ref, goal: 1n, deadline: 1_900_000_000 },
  { kind: "FundraisingClosed", campaign: ref, raised: 1n, goal: 2n, succeeded: false },
  { kind: "FundraisingClosed", campaign: ref, raised: 2n, goal: 2n, succeeded: true },
  {
    kind: "MilestoneSubmitted",
    campaign: ref,
    milestone: m,
    evidence: { id: "e".repeat(43), url: `https://arweave.net/${"e".repeat(43)}`, sha256: "f".repeat(64), type: "Dataset" },
    windowEnd: 1_900_000_000,
    flagThreshold: 1_000_000n,
    quorumWeight: 90_000_000n,
  },
  {
    kind: "ReviewWindowClosingSoon",
    campaign: ref,
    milestone: m,
    windowEnd: 1_900_000_000,
    evidence: { id: "e".repeat(43), url: `https://arweave.net/${"e".repeat(43)}` },
    flagWeight: 40_000_000n,
    quorumWeight: 90_000_000n,
  },
  { kind: "FlagSubmitted", campaign: ref, milestone: m, flagger: randomAddress(), weight: 5n, totalWeight: 50n, quorumWeight: 90n, rationale: link },
  { kind: "QuorumReached", campaign: ref, milestone: m, totalWeight: 90n },
  { kind: "WindowClosed", campaign: ref, milestone: m, flagWeight: 1n, quorumReached: false },
  { kind: "TrancheReleased", campaign: ref, milestone: m, amount: 300_000_000n, recipient: randomAddress(), releasedTotal: 300_000_000n },
  { kind: "DisputeOpened", campaign: ref, milestone: m, deadline: 1_900_000_000 },
  { kind: "DisputeResolved", campaign: ref, milestone: m, approved: false, reason: link },
  { kind: "DisputeDeadlineNear", campaign: ref, milestone: m, deadline: 1_900_000_000 },
  { kind: "BehindSchedule", campaign: ref, milestone: m, estimatedCompletion: 1_800_000_000, staleAt: 1_900_000_000 },
  { kind: "StaleEligible", campaign: ref, milestone: m, staleAt: 1_900_000_000 },
  { kind: "StaleReviewOpened", campaign: ref, round: 1, milestone: m, endsAt: 1_900_000_000, quorumWeight: 90n },
  { kind: "StaleSupportAdded", campaign: ref, round: 1, supporter: randomAddress(), weight: 5n, supportWeight: 10n, quorumWeight: 90n },
  { kind: "StaleReviewEnded", campaign: ref, round: 1, outcome: "rejected", supportWeight: 10n },
  { kind: "CampaignAbandoned", campaign: ref, round: 1, escrow: 700_000_000n, backerSupply: 900n },
  { kind: "RefundsSummary", campaign: ref, refundedTotal: 1n, refundable: 2n },
  { kind: "CampaignCompleted", campaign: ref, releasedTotal: 10n },
  { kind: "ResearcherUpdate", campaign: ref, text: "Fish arrived <b>today</b>", stored: link },
  { kind: "FlagOutcome", campaign: ref, milestone: m, outcome: { status: "failed", code: "WindowClosed", signature: null } },
  { kind: "FlagOutcome", campaign: ref, milestone: m, outcome: { status: "confirmed", signature, rationale: link } },
  { kind: "SigningOutcome", campaign: ref, action: { kind: "disputeResolve", milestoneIndex: 1, approve: true }, outcome: { status: "confirmed", signature } },
  { kind: "SigningOutcome", campaign: ref, action: { kind: "holderWithdraw" }, outcome: { status: "failed", code: "TransactionExpired", signature: null } },
  { kind: "WalletLinked", address: randomAddress() },
  { kind: "WalletMovedAway", address: randomAddress() },
];

const text = (notice: Notice): string => {
  const r = noticeReply(notice, settings);
  return [r.title ?? [], ...r.lines].map(plain).join("\n");
};

describe("GIVEN every notice kind", () => {
  it.each(NOTICES.map((n) => [n.kind, n] as const))("%s THEN a title, the campaign's label, and button ids that fit 64 bytes", (_kind, notice) => {
    const r = noticeReply(notice, settings);
    expect(plain(r.title ?? [])).not.toBe("");
    if ("campaign" in notice) expect(text(notice)).toContain(ref.label);
    for (const button of r.buttons) {
      expect(findCommand(button.run.command), button.run.command).toBeDefined();
      expect(Buffer.byteLength(encodeInvocation(commandForButton(button.run.command), button.run))).toBeLessThanOrEqual(64);
    }
  });

  const actions = (notice: Notice) => noticeReply(notice, settings).buttons.filter((b) => b.run.command !== "campaign").map((b) => [b.label, b.run]);
  const evidenceLinks = (notice: Notice) => noticeReply(notice, settings).links.filter((l) => l.kind === "evidence").map((l) => [l.label, l.url]);
  const only = (kind: Notice["kind"], where: (n: Notice) => boolean = () => true) => NOTICES.find((n) => n.kind === kind && where(n)) as Notice;
  const evidenceUrl = `https://arweave.net/${"e".repeat(43)}`;

  it("a submission and its window closing soon THEN Flag (that submission) and View evidence", () => {
    for (const kind of ["MilestoneSubmitted", "ReviewWindowClosingSoon"] as const) {
      expect(actions(only(kind))).toEqual([["Flag", { command: "flag", params: { campaign: address, milestone: 1, attempt: 2 } }]]);
      expect(evidenceLinks(only(kind))).toEqual([["View evidence", evidenceUrl]]);
    }
    expect(text(only("ReviewWindowClosingSoon"))).toContain("after that it can no longer be flagged");
  });

  it("a raise opening (or a creation read while raising) THEN Contribute and Follow; a creation before approval THEN Follow only", () => {
    const contribute = ["Contribute", { command: "contribute", params: { campaign: address } }];
    const follow = ["Follow", { command: "follow", params: { campaign: address } }];
    expect(actions(only("FundraisingOpened"))).toEqual([contribute, follow]);
    expect(actions(only("CampaignCreated", (n) => n.kind === "CampaignCreated" && n.raising === true))).toEqual([contribute, follow]);
    expect(actions(only("CampaignCreated"))).toEqual([follow]);
  });

  it("a failed raise, an abandonment and the refunds summary THEN Claim refund; a met goal THEN none", () => {
    const claim = [["Claim refund", { command: "refund", params: { campaign: address } }]];
    expect(actions(only("FundraisingClosed", (n) => n.kind === "FundraisingClosed" && !n.succeeded))).toEqual(claim);
    expect(actions(only("CampaignAbandoned"))).toEqual(claim);
    expect(actions(only("RefundsSummary"))).toEqual(claim);
    expect(actions(only("FundraisingClosed", (n) => n.kind === "FundraisingClosed" && n.succeeded))).toEqual([]);
  });

  it("a submission THEN its evidence link, its hash, and a Flag button naming that submission", () => {
    const notice = only("MilestoneSubmitted");
    const r = noticeReply(notice, settings);
    expect(urlsOf(r)).toContain(`https://arweave.net/${"e".repeat(43)}`);
    expect(text(notice)).toContain("f".repeat(64));
    expect(r.buttons[0]?.run).toEqual({ command: "flag", params: { campaign: address, milestone: 1, attempt: 2 } });
    expect(r.visibility).toBe("public");
  });

  it("a failed flag outcome THEN private, in words, not the bare code", () => {
    const failed = NOTICES.find((n) => n.kind === "FlagOutcome" && n.outcome.status === "failed") as Notice;
    const r = noticeReply(failed, settings);
    expect(r.visibility).toBe("private");
    expect(text(failed)).toContain("review window of this submission has closed");
    expect(text(failed)).not.toContain("WindowClosed");
  });

  it("a signed transaction's outcome THEN private, what was signed in words, its explorer page or why it failed", () => {
    const [landed, failed] = NOTICES.filter((n) => n.kind === "SigningOutcome");
    expect(noticeReply(landed as Notice, settings).visibility).toBe("private");
    expect(text(landed as Notice)).toContain("Your dispute decision (approve) on milestone 2 is on-chain");
    expect(urlsOf(noticeReply(landed as Notice, settings))).toEqual([`https://explorer.solana.com/tx/${signature}?cluster=devnet`]);
    expect(text(failed as Notice)).toContain("Your withdrawal of deposited backer tokens did not go through");
    expect(text(failed as Notice)).toContain("expired before it landed");
  });

  it("a researcher's update THEN its text as plain words and its Arweave link, announced publicly", () => {
    const update = NOTICES.find((n) => n.kind === "ResearcherUpdate") as Notice;
    const r = noticeReply(update, settings);
    expect(r.visibility).toBe("public");
    expect(r.lines.some((l) => l.length === 1 && l[0]?.kind === "text" && l[0].text === "Fish arrived <b>today</b>")).toBe(true);
    expect(urlsOf(r)).toEqual([link.url]);
  });

  it("a landed flag THEN its explorer page on the cluster and its rationale", () => {
    const landed = NOTICES.find((n) => n.kind === "FlagOutcome" && n.outcome.status === "confirmed") as Notice;
    expect(urlsOf(noticeReply(landed, settings))).toEqual([`https://explorer.solana.com/tx/${signature}?cluster=devnet`, link.url]);
  });
});

describe("GIVEN the web server's public base URL", () => {
  const withPage = { ...settings, publicBaseUrl: "https://pepfund.example/" };

  it.each(NOTICES.filter((n) => "campaign" in n).map((n) => [n.kind, n] as const))("%s THEN its last link is the campaign's page", (_kind, notice) => {
    const r = noticeReply(notice, withPage);
    expect(r.links.at(-1)).toEqual({ kind: "page", label: "Campaign page", url: `https://pepfund.example/c/${address}` });
    expect(r.links.filter((l) => l.kind === "page")).toHaveLength(1);
  });

  it("an account notice (no campaign) THEN no page link; without a base URL THEN none either", () => {
    for (const notice of NOTICES.filter((n) => !("campaign" in n))) expect(noticeReply(notice, withPage).links).toEqual([]);
    for (const notice of NOTICES) expect(noticeReply(notice, settings).links.some((l) => l.kind === "page")).toBe(false);
  });

  it("a signed pool action's outcome THEN it names the reward pool, links the pool page and /pool, never a campaign", () => {
    const pool = randomAddress();
    const notice: Notice = { kind: "SigningOutcome", campaign: { address: pool, label: pool }, action: { kind: "poolClaim" }, outcome: { status: "confirmed", signature } };
    const r = noticeReply(notice, withPage);
    expect(text(notice)).toContain("Your reward claim is on-chain");
    expect(text(notice)).toContain(`Reward pool ${pool}`);
    expect(text(notice)).not.toContain("Campaign");
    expect(r.links.find((l) => l.kind === "page")?.url).toMatch(new RegExp(`/p/${pool}$`));
    expect(r.buttons.map((b) => b.run)).toEqual([{ command: "pool", params: { pool } }]);
  });

  it("the admin's KPI dispute decision's outcome THEN it names the decision, the KPI and the reward pool, never a campaign", () => {
    const pool = randomAddress();
    const action = { kind: "poolDisputeResolve", milestoneIndex: 0, approve: true } as const;
    const notice: Notice = { kind: "SigningOutcome", campaign: { address: pool, label: pool }, action, outcome: { status: "confirmed", signature } };
    expect(text(notice)).toContain("Your dispute decision (approve) on KPI 1 is on-chain");
    expect(text(notice)).toContain(`Reward pool ${pool}`);
    expect(text(notice)).not.toContain("Campaign");
    expect(noticeReply(notice, withPage).links.find((l) => l.kind === "page")?.url).toMatch(new RegExp(`/p/${pool}$`));
  });
});
