/**
 * /submit, /dispute list|resolve and /stale in the chat layer, by meaning: the wallet and
 * page to sign with its deadline, the evidence and reason at the configured gateway, the
 * transaction on the explorer, refusals by code, nothing stored or relayed when refused.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyCommand, Caller, ChatFile } from "../../../bot/chat/command.js";
import { disputeListCommand, disputeResolveCommand } from "../../../bot/chat/commands/dispute.js";
import { staleCommand } from "../../../bot/chat/commands/stale.js";
import { submitCommand } from "../../../bot/chat/commands/submit.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { RawValue } from "../../../bot/chat/params.js";
import { urlsOf, type Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import type { EvidenceStore, PreparedUpload } from "../../../bot/core/ports.js";
import { campaign, kpiMilestone, milestone, pool } from "../support/campaigns.js";
import { randomAddress, type FakePools } from "../support/fakes.js";
import { FakeRelayer } from "../support/relayer.js";
import { startChat, type ChatFixture } from "./fixture.js";

const GATEWAY = "https://gateway.pepfund.test";

/** Uploads kept in memory, with their tags; reads serve what was uploaded. */
class MemoryEvidence implements EvidenceStore {
  readonly uploads: { id: string; bytes: Uint8Array; tags: Readonly<Record<string, string>> }[] = [];
  upload(bytes: Uint8Array, _type: string, tags: Readonly<Record<string, string>> = {}): Promise<{ id: string; sha256: string }> {
    const id = `${"u".repeat(40)}${String(this.uploads.length).padStart(3, "0")}`;
    this.uploads.push({ id, bytes, tags });
    return Promise.resolve({ id, sha256: sha(bytes) });
  }
  /** Posted, it is stored as `upload` stores it (under the id it is posted with). */
  prepare(bytes: Uint8Array, _type: string, tags: Readonly<Record<string, string>> = {}): Promise<PreparedUpload> {
    const id = `${"p".repeat(40)}${String(this.prepared++).padStart(3, "0")}`;
    const post = () => Promise.resolve(void this.uploads.push({ id, bytes, tags }));
    return Promise.resolve({ id, sha256: sha(bytes), post });
  }
  private prepared = 0;
  fetch(id: string): Promise<Uint8Array> {
    return Promise.resolve(this.uploads.find((u) => u.id === id)?.bytes ?? new Uint8Array());
  }
  read(id: string): Promise<{ bytes: Uint8Array; sha256: string; contentType: string | null }> {
    const bytes = this.uploads.find((u) => u.id === id)?.bytes ?? new Uint8Array();
    return Promise.resolve({ bytes, sha256: sha(bytes), contentType: "text/plain" });
  }
}

const sha = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const text = (r: Reply): string => [r.title ?? [], ...r.lines, ...r.sections.flatMap((s) => [s.title, ...s.lines]), r.footer ?? []].map(plain).join("\n");

let f: ChatFixture;
let deps: ChatDeps;
const evidence = new MemoryEvidence();
const relayer = new FakeRelayer();
const TEAM = "777";

beforeAll(async () => {
  f = await startChat();
  deps = { ...f.deps, relayAuthority: relayer.authority, writes: { relayer, evidence, gatewayUrl: GATEWAY }, evidence, gatewayUrl: GATEWAY, team: { TELEGRAM: [TEAM] } };
});
afterAll(async () => {
  await f.stop();
});

/** A caller in a group, on the team or not. */
function caller(userId = String(Math.floor(Math.random() * 1e9)), team = false): Caller {
  return { ...f.caller({ userId, group: "-100" }), isTeamMember: () => Promise.resolve(team) };
}

const run = (command: AnyCommand, who: Caller, raw: Record<string, RawValue>, with_: ChatDeps = deps): Promise<Reply> =>
  dispatch(with_, who, { command, raw, typed: true });

async function link(who: Caller, address = randomAddress()): Promise<string> {
  await f.deps.store.links.insert({ platform: "TELEGRAM", userId: who.chat.userId, address, chatId: who.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
  return address;
}

function file(bytes: Uint8Array, name = "results.csv"): ChatFile & { reads: number } {
  return {
    name,
    size: bytes.length,
    contentType: "text/csv",
    reads: 0,
    read(max) {
      this.reads += 1;
      if (bytes.length > max) return Promise.reject(new Error("too large"));
      return Promise.resolve(bytes);
    },
  };
}

describe("GIVEN /submit", () => {
  it("a researcher's file THEN stored with the milestone's type, progress shown, and their wallet's signing page with its deadline", async () => {
    const who = caller();
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    await link(who, c.researcher);
    const bytes = new TextEncoder().encode("assay,1,2\n");
    const before = f.progress.length;
    const answer = await run(submitCommand, who, { campaign: c.address, milestone: "1", file: file(bytes) });
    const stored = evidence.uploads.at(-1);
    expect(stored?.tags).toMatchObject({ Type: "milestone-evidence", Milestone: "0", "Evidence-Type": c.milestones[0]?.evidenceType });
    expect(f.progress.slice(before).map((r) => plain(r.lines[0] ?? []))).toEqual(
      expect.arrayContaining([expect.stringContaining("Storing the evidence on Arweave"), expect.stringContaining("Preparing the signing page")]),
    );
    expect(text(answer)).toContain(`SHA-256 ${sha(bytes)}`);
    expect(text(answer)).toContain(`Sign it with your wallet ${c.researcher} before`);
    const page = answer.links.find((l) => l.kind === "signing")?.url ?? "";
    expect(page).toMatch(/^https:\/\/pepfund\.test\/sign\/[0-9a-f-]{36}$/);
    expect(urlsOf(answer)).toEqual(expect.arrayContaining([page, `${GATEWAY}/${stored?.id ?? "?"}`]));
    const requests = await f.db.prisma.signingRequest.findMany({ where: { signer: c.researcher } });
    expect(requests).toMatchObject([{ kind: "milestoneSubmit", status: "PENDING" }]);
  });

  it("neither or both of a file and an Arweave id THEN how to give it, for this campaign and milestone; a file over the limit THEN EvidenceTooLarge unread", async () => {
    const who = caller();
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    await link(who, c.researcher);
    const none = await run(submitCommand, who, { campaign: c.address, milestone: "2" });
    expect(none.refusal?.code).toBe("EvidenceMissing");
    expect(text(none)).toContain(`/submit ${c.address} 2`);
    const both = await run(submitCommand, who, { campaign: c.address, milestone: "1", arweave_id: "a".repeat(43), file: file(new Uint8Array([1])) });
    expect(both.refusal?.code).toBe("EvidenceMissing");
    const big = file(new Uint8Array(deps.maxEvidenceBytes + 1));
    const refused = await run(submitCommand, who, { campaign: c.address, milestone: "1", file: big });
    expect(refused.refusal).toEqual({ code: "EvidenceTooLarge", details: { size: String(deps.maxEvidenceBytes + 1), limit: String(deps.maxEvidenceBytes) } });
    expect(big.reads).toBe(0);
  });

  it("someone else THEN NotResearcher and nothing uploaded; no relayer or evidence store THEN WritesNotConfigured", async () => {
    const who = caller();
    await link(who);
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const uploads = evidence.uploads.length;
    expect((await run(submitCommand, who, { campaign: c.address, milestone: "1", file: file(new Uint8Array([1])) })).refusal?.code).toBe("NotResearcher");
    expect(evidence.uploads).toHaveLength(uploads);
    expect((await run(submitCommand, who, { campaign: c.address, milestone: "1", arweave_id: "a".repeat(43) }, { ...deps, writes: null })).refusal?.code).toBe("WritesNotConfigured");
  });
});

describe("GIVEN /dispute", () => {
  function disputed() {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    const c = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + 7200, flagWeight: 12_500_000n, evidenceId: "E".repeat(43) }), milestone(1)] });
    f.chain.campaigns.set(c.address, c);
    return c;
  }

  it("list THEN the team sees each open dispute with its deadline, weight, evidence link and address; others are refused", async () => {
    const c = disputed();
    expect((await run(disputeListCommand, caller(), {})).refusal?.code).toBe("NotTeamMember");
    const list = await run(disputeListCommand, caller(TEAM, true), {});
    expect(text(list)).toContain(`milestone 1`);
    expect(text(list)).toContain(c.address);
    expect(text(list)).toContain("Flag weight 12.5");
    expect(text(list)).toContain("Decide by");
    expect(urlsOf(list)).toContain(`${GATEWAY}/${"E".repeat(43)}`);
  });

  it("list while the reward pools cannot be read THEN the campaign disputes are still listed, and the answer says the KPI disputes are missing", async () => {
    const c = disputed();
    const pools = deps.pools as FakePools;
    pools.listingFails = new Error("429 Too Many Requests");
    try {
      const list = text(await run(disputeListCommand, caller(TEAM, true), {}));
      expect(list).toContain(c.address);
      expect(list).toContain("The reward pools could not be read just now: their KPI disputes are not in this list.");
    } finally {
      pools.listingFails = null;
    }
    expect(text(await run(disputeListCommand, caller(TEAM, true), {}))).not.toContain("could not be read");
  });

  it("resolve THEN the reason is stored and the admin wallet's signing page given; not the admin THEN NotAdmin; not the team THEN NotTeamMember, nothing stored", async () => {
    const c = disputed();
    const team = caller(TEAM, true);
    const admin = await link(team);
    f.chain.admin = randomAddress();
    expect((await run(disputeResolveCommand, team, { campaign: c.address, milestone: "1", decision: "reject", reason: "No controls" })).refusal?.code).toBe("NotAdmin");
    const uploads = evidence.uploads.length;
    expect((await run(disputeResolveCommand, caller(), { campaign: c.address, milestone: "1", decision: "reject", reason: "x" })).refusal?.code).toBe("NotTeamMember");
    expect(evidence.uploads).toHaveLength(uploads);
    f.chain.admin = admin;
    const answer = await run(disputeResolveCommand, team, { campaign: c.address, milestone: "1", decision: "approve", reason: "Data checks out" });
    const stored = evidence.uploads.at(-1);
    expect(new TextDecoder().decode(stored?.bytes)).toBe("Data checks out");
    expect(stored?.tags).toMatchObject({ Type: "dispute-reason", Decision: "approve" });
    expect(text(answer)).toContain("approval");
    expect(text(answer)).toContain(`Sign it with your wallet ${admin} before`);
    expect(urlsOf(answer)).toContain(`${GATEWAY}/${stored?.id ?? "?"}`);
    expect(await f.db.prisma.signingRequest.count({ where: { signer: admin, kind: "disputeResolve" } })).toBe(1);
  });

  it("on a reward pool's KPI THEN the list names the pool, the KPI's target and its stake-token weight, and resolve with the pool's address prepares pool_dispute_resolve", async () => {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    const p = pool({ milestones: [kpiMilestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + 3_600, flagWeight: 2_500_000n }), kpiMilestone(1)] });
    const pools = deps.pools as FakePools;
    pools.pools.set(p.address, p);
    const team = caller(TEAM, true);
    // The team member linked the admin wallet in the case before, or links it now.
    const admin = (await f.deps.store.links.findByUser("TELEGRAM", TEAM))?.address ?? (await link(team));
    f.chain.admin = admin;
    const list = text(await run(disputeListCommand, team, {}));
    expect(list).toContain("KPI 1 KPI 1: tvl_usd ≥ 1000000");
    expect(list).toContain("Flag weight 2.5");
    expect(list).toContain(p.address);
    expect((await run(disputeResolveCommand, team, { campaign: p.address, milestone: "2", decision: "approve", reason: "Met" })).refusal?.code).toBe("NoOpenDispute");
    const answer = await run(disputeResolveCommand, team, { campaign: p.address, milestone: "1", decision: "approve", reason: "The target is met" });
    expect(evidence.uploads.at(-1)?.tags).toMatchObject({ Type: "dispute-reason", Pool: p.address, Milestone: "0", Decision: "approve" });
    expect(text(answer)).toContain("Sign the resolution (approve) of KPI 1 with the admin wallet");
    expect(await f.db.prisma.signingRequest.count({ where: { signer: admin, kind: "poolDisputeResolve" } })).toBe(1);
    pools.pools.delete(p.address);
  });
});

describe("GIVEN /stale", () => {
  async function holderOfStale() {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    const c = campaign({ milestones: [milestone(0, { estimatedCompletion: now - 91 * 86_400 }), milestone(1)] });
    f.chain.campaigns.set(c.address, c);
    const who = caller();
    const wallet = await link(who);
    f.chain.setHolder(c.address, { owner: wallet, deposited: 20_000_000n, delegate: relayer.authority, lockedUntil: 0 });
    return { c, who, wallet };
  }

  it("an overdue campaign THEN the holder opens round 1 with their weight and the transaction's explorer page; again THEN AlreadySupported", async () => {
    const { c, who, wallet } = await holderOfStale();
    const answer = await run(staleCommand, who, { campaign: c.address });
    expect(text(answer)).toContain("opened stale review round 1 with 20 deposited backer tokens");
    expect(relayer.calls).toContainEqual({ method: "staleOpen", key: `stale:${c.address}:1:${wallet}` });
    expect(answer.links.map((l) => l.kind)).toEqual(["explorer"]);
    expect(answer.links[0]?.url).toMatch(/^https:\/\/explorer\.solana\.com\/tx\/\w+\?cluster=devnet$/);
    f.chain.staleVotes.add(`${c.address}:1:${wallet}`);
    expect((await run(staleCommand, who, { campaign: c.address })).refusal?.code).toBe("AlreadySupported");
  });

  it("a failed transaction THEN its code in words; a campaign that is not stale THEN NotStale, nothing relayed", async () => {
    const { c, who, wallet } = await holderOfStale();
    relayer.failWith = "NotStale";
    const failed = await run(staleCommand, who, { campaign: c.address });
    expect(failed.refusal?.code).toBe("NotStale");
    expect(text(failed)).toContain("did not go through");
    const fresh = campaign();
    f.chain.campaigns.set(fresh.address, fresh);
    f.chain.setHolder(fresh.address, { owner: wallet, deposited: 20_000_000n, delegate: relayer.authority, lockedUntil: 0 });
    const calls = relayer.calls.length;
    expect((await run(staleCommand, who, { campaign: fresh.address })).refusal?.code).toBe("NotStale");
    expect(relayer.calls).toHaveLength(calls);
  });
});
