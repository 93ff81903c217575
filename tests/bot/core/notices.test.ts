/**
 * Program events become the notices channels get: the right kind, the campaign's label and
 * milestone titles, amounts exact, evidence as a plain gateway link with its hash; events no
 * channel cares about give no notice; notices survive the outbox's JSON unchanged.
 */
import { describe, expect, it } from "vitest";
import type { ProgramEvent } from "../../../bot/core/events.js";
import { decodeNotice, encodeNotice } from "../../../bot/core/notice-codec.js";
import { noticeForEvent, quorumWeightOf, signingOutcomeNotice, type Notice } from "../../../bot/core/notices.js";
import { campaign } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";

const view = campaign({ id: 7n });
const context = { campaign: view, gatewayUrl: "https://arweave.example/" };
const label = `#7 by ${view.researcher.slice(0, 4)}…${view.researcher.slice(-4)} — Milestone 1`;
const evidenceId = "A".repeat(42) + "E";
const hash = "ab".repeat(32);

describe("noticeForEvent", () => {
  it("GIVEN a submission THEN the notice names the campaign, milestone and attempt and links the evidence plainly with its hash", () => {
    const notice = noticeForEvent(
      {
        name: "MilestoneSubmitted",
        campaign: view.address,
        milestoneIndex: 1,
        attempt: 2,
        evidenceType: "Dataset",
        evidenceId,
        evidenceHash: hash,
        windowEnd: 1_900_000_000,
        backerSupplySnapshot: 1_000_001n,
        flagThreshold: 1_001n,
      },
      context,
    );
    expect(notice).toEqual({
      kind: "MilestoneSubmitted",
      campaign: { address: view.address, label },
      milestone: { index: 1, title: "Milestone 2", attempt: 2 },
      evidence: { id: evidenceId, url: `https://arweave.example/${evidenceId}`, sha256: hash, type: "Dataset" },
      windowEnd: 1_900_000_000,
      flagThreshold: 1_001n,
      quorumWeight: 100_001n,
    });
  });

  it("GIVEN a flag THEN the notice carries its weight against quorum and the rationale link", () => {
    const owner = randomAddress();
    const notice = noticeForEvent(
      {
        name: "FlagSubmitted",
        campaign: view.address,
        milestoneIndex: 0,
        attempt: 1,
        owner,
        weight: 5n,
        rationale: evidenceId,
        totalWeight: 9n,
        quorumWeight: 10n,
      },
      context,
    );
    expect(notice).toMatchObject({ kind: "FlagSubmitted", flagger: owner, weight: 5n, totalWeight: 9n, quorumWeight: 10n });
    expect(notice?.kind === "FlagSubmitted" && notice.rationale.url).toBe(`https://arweave.example/${evidenceId}`);
  });

  it("GIVEN a campaign that cannot be read THEN the notice still goes out, labelled by address, titles unknown", () => {
    const notice = noticeForEvent(
      { name: "TrancheReleased", campaign: view.address, milestoneIndex: 0, amount: 300n, recipient: view.researcher, releasedTotal: 300n },
      { campaign: null, gatewayUrl: "https://arweave.net" },
    );
    expect(notice).toEqual({
      kind: "TrancheReleased",
      campaign: { address: view.address, label: view.address },
      milestone: { index: 0, title: null },
      amount: 300n,
      recipient: view.researcher,
      releasedTotal: 300n,
    });
  });

  const announced: [ProgramEvent, Notice["kind"]][] = [
    [{ name: "CampaignCreated", campaign: view.address, researcher: view.researcher, id: 7n, goal: 1n, deadline: 1, milestoneCount: 3 }, "CampaignCreated"],
    [{ name: "CampaignApproved", campaign: view.address, admin: randomAddress() }, "FundraisingOpened"],
    [{ name: "FundraisingClosed", campaign: view.address, raised: 1n, goal: 2n, status: "Failed" }, "FundraisingClosed"],
    [{ name: "QuorumReached", campaign: view.address, milestoneIndex: 0, attempt: 1, totalWeight: 10n }, "QuorumReached"],
    [{ name: "WindowClosed", campaign: view.address, milestoneIndex: 0, attempt: 1, flagWeight: 0n, quorumReached: false }, "WindowClosed"],
    [{ name: "DisputeOpened", campaign: view.address, milestoneIndex: 0, attempt: 1, deadline: 5 }, "DisputeOpened"],
    [{ name: "DisputeResolved", campaign: view.address, milestoneIndex: 0, attempt: 1, approved: false, reason: evidenceId, resolver: randomAddress() }, "DisputeResolved"],
    [{ name: "CampaignCompleted", campaign: view.address, releasedTotal: 9n }, "CampaignCompleted"],
    [{ name: "StaleReviewOpened", campaign: view.address, round: 1, milestoneIndex: 0, endsAt: 9, backerSupplySnapshot: 100n }, "StaleReviewOpened"],
    [{ name: "StaleSupportAdded", campaign: view.address, round: 1, owner: randomAddress(), weight: 3n, supportWeight: 3n }, "StaleSupportAdded"],
    [{ name: "StaleReviewCancelled", campaign: view.address, round: 1 }, "StaleReviewEnded"],
    [{ name: "StaleReviewRejected", campaign: view.address, round: 1, supportWeight: 2n }, "StaleReviewEnded"],
    [{ name: "CampaignAbandoned", campaign: view.address, round: 1, escrow: 5n, backerSupply: 6n }, "CampaignAbandoned"],
    [{ name: "RefundClaimed", campaign: view.address, backer: randomAddress(), tokensBurned: 1n, amount: 1n, refundedTotal: 4n }, "RefundsSummary"],
  ];
  it.each(announced)("GIVEN %o THEN channels get a %s notice", (event, kind) => {
    expect(noticeForEvent(event, context)?.kind).toBe(kind);
  });

  const silent: ProgramEvent[] = [
    { name: "ConfigInitialized", admin: randomAddress(), usdcMint: randomAddress(), treasury: randomAddress() },
    { name: "ContributionMade", campaign: view.address, backer: randomAddress(), amount: 1n, raised: 1n },
    { name: "HolderDeposited", campaign: view.address, owner: randomAddress(), amount: 1n, deposited: 1n },
    { name: "HolderDelegateSet", campaign: view.address, owner: randomAddress(), delegate: null },
  ];
  it.each(silent)("GIVEN %o THEN no channel is told", (event) => {
    expect(noticeForEvent(event, context)).toBeNull();
  });

  it("GIVEN a refund claim THEN the summary says the total refunded and how much is refundable in all", () => {
    const notice = noticeForEvent(
      { name: "RefundClaimed", campaign: view.address, backer: randomAddress(), tokensBurned: 1n, amount: 1n, refundedTotal: 4n },
      context,
    );
    expect(notice).toMatchObject({ refundedTotal: 4n, refundable: view.raised - view.released });
  });

  it("GIVEN a backer supply of 1,000 THEN quorum is 100; of 1,001 it rounds up to 101; of 0 it is one unit", () => {
    expect([quorumWeightOf(1_000n), quorumWeightOf(1_001n), quorumWeightOf(0n)]).toEqual([100n, 101n, 1n]);
  });
});

describe("notice codec", () => {
  it("GIVEN a notice with amounts beyond 2^53 THEN it comes back from JSON exactly, bigints as bigints", () => {
    const notice: Notice = {
      kind: "TrancheReleased",
      campaign: { address: view.address, label: "x" },
      milestone: { index: 0, title: null },
      amount: 18_446_744_073_709_551_615n,
      recipient: view.researcher,
      releasedTotal: 9_007_199_254_740_993n,
    };
    const stored: unknown = JSON.parse(JSON.stringify(encodeNotice(notice)));
    expect(decodeNotice(stored)).toEqual(notice);
  });

  it("GIVEN a payload without a notice THEN reading it throws instead of delivering garbage", () => {
    expect(() => decodeNotice({ facts: {} })).toThrow(TypeError);
  });

  const outcomeRef = { address: view.address, label: "x" };
  const confirmed = { status: "confirmed", signature: "5".repeat(88), slot: 7n } as const;

  it("GIVEN a signing outcome THEN it carries the action's facts, not words, and survives the outbox", () => {
    const action = { kind: "disputeResolve", campaign: view.address, admin: randomAddress(), milestoneIndex: 1, approve: false, reasonId: "r".repeat(43) } as const;
    const notice = signingOutcomeNotice(outcomeRef, action, confirmed);
    expect(notice).toMatchObject({ kind: "SigningOutcome", action: { kind: "disputeResolve", milestoneIndex: 1, approve: false } });
    expect(decodeNotice(JSON.parse(JSON.stringify(encodeNotice(notice))))).toEqual(notice);
    const deposit = { kind: "holderDeposit", campaign: view.address, owner: randomAddress(), amount: 5n, delegate: randomAddress() } as const;
    expect(signingOutcomeNotice(outcomeRef, deposit, confirmed)).toMatchObject({ action: { kind: "holderDeposit", delegate: true } });
  });

  it.each([
    ["your evidence submission for milestone 2", { kind: "milestoneSubmit", milestoneIndex: 1 }],
    ["your dispute decision (approve) on milestone 3", { kind: "disputeResolve", milestoneIndex: 2, approve: true }],
    ["your deposit of backer tokens", { kind: "holderDeposit", delegate: false }],
    ["your relay delegate consent", { kind: "holderSetDelegate", delegate: true }],
    ["your relay delegate revocation", { kind: "holderSetDelegate", delegate: false }],
    ["your withdrawal of deposited backer tokens", { kind: "holderWithdraw" }],
    ["your refund claim", { kind: "refundClaim" }],
    ["something a newer version wrote", { kind: "unknown" }],
  ])("GIVEN an outcome queued by an older version as words (%s) THEN it is read back as its facts", (words, action) => {
    const stored = { kind: "SigningOutcome", campaign: outcomeRef, action: words, outcome: { status: "confirmed", signature: confirmed.signature } };
    expect(decodeNotice(stored)).toEqual({ ...stored, action });
  });
});
