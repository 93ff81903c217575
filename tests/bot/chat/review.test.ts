/**
 * /review and /approve in the chat layer: the team sees the campaigns waiting for review with
 * their roadmaps (goal, deadline, each milestone's title, share, estimated date, evidence
 * type, description with its check) and an Approve button that runs /approve for that
 * campaign; /approve hands the admin wallet its signing page for `campaignApprove`.
 * Refusals by code, in the program's order; nothing stored when refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../../../bot/chat/command.js";
import { approveCommand, reviewCommand } from "../../../bot/chat/commands/review.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { RawValue } from "../../../bot/chat/params.js";
import { urlsOf, type Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import type { AnyCommand } from "../../../bot/chat/command.js";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../bot/core/campaign-texts.js";
import type { CampaignView } from "../../../bot/core/ports.js";
import { campaign, milestone } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
let deps: ChatDeps;
const TEAM = "4242";
const admin = randomAddress();

beforeAll(async () => {
  f = await startChat();
  deps = { ...f.deps, team: { TELEGRAM: [TEAM] } };
  f.chain.admin = admin;
  await f.deps.store.links.insert({ platform: "TELEGRAM", userId: TEAM, address: admin, chatId: TEAM, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
});
afterAll(async () => {
  await f.stop();
});

const team = (): Caller => f.caller({ userId: TEAM, team: true });
const run = (command: AnyCommand, who: Caller, raw: Record<string, RawValue> = {}): Promise<Reply> => dispatch(deps, who, { command, raw, typed: true });
const all = (r: Reply): string => [r.title ?? [], ...r.lines, ...r.sections.flatMap((s) => [s.title, ...s.lines]), r.footer ?? []].map(plain).join("\n");
const now = (): number => Math.floor(f.clock.now().getTime() / 1000);

/** A campaign pending review whose texts are stored; milestone 2's bound hash is of another text. */
function pending(overrides: Partial<CampaignView> = {}): CampaignView {
  const texts = {
    title: "Zebrafish sleep",
    summary: "Does sleep consolidate memory in zebrafish larvae?",
    milestones: [
      { title: "Pilot", description: "Raw recordings of 20 fish, as CSV." },
      { title: "Preprint", description: "A preprint on bioRxiv." },
    ],
  };
  const bytes = encodeCampaignTexts(texts);
  const id = randomAddress().slice(0, 43).padEnd(43, "x");
  f.evidence.files.set(id, bytes);
  const c = campaign({
    status: "PendingReview",
    raised: 0n,
    escrow: 0n,
    deadline: now() + 30 * 86_400,
    metadataId: id,
    metadataSha256: sha256Hex(bytes),
    milestones: [
      milestone(0, { title: "Pilot", shareBps: 4_000, evidenceType: "Dataset", descriptionSha256: descriptionSha256(texts.milestones[0]?.description ?? "") }),
      milestone(1, { title: "Preprint", shareBps: 6_000, descriptionSha256: descriptionSha256("another promise") }),
    ],
    ...overrides,
  });
  f.chain.campaigns.set(c.address, c);
  return c;
}

describe("GIVEN campaigns waiting for review", () => {
  it("/review by the team THEN the roadmap with each description's check, the goal and deadline, and an Approve button for it", async () => {
    for (const c of f.chain.campaigns.values()) f.chain.campaigns.delete(c.address);
    const c = pending();
    f.chain.campaigns.set("active", campaign());
    const answer = await run(reviewCommand, team());
    const text = all(answer);
    expect(plain(answer.title ?? [])).toBe("Campaigns waiting for review (1)");
    expect(text).toContain("Goal 1,000 USDC");
    expect(text).toContain("1. Pilot");
    expect(text).toContain("40% of the raise — evidence: Dataset — estimated");
    expect(text).toContain("Raw recordings of 20 fish, as CSV.");
    expect(text).toContain("✅ Description (matches its on-chain SHA-256)");
    expect(text).toContain("❌ Milestone 2's description does NOT match its on-chain SHA-256");
    expect(text).toContain("Does sleep consolidate memory in zebrafish larvae?");
    expect(answer.visibility).toBe("private");
    expect(answer.buttons).toContainEqual({ label: "Approve", style: "primary", run: { command: "approve", params: { campaign: c.address } } });
  });

  it("/review with none waiting THEN says so; by someone not on the team THEN NotTeamMember", async () => {
    for (const c of f.chain.campaigns.values()) f.chain.campaigns.delete(c.address);
    expect(all(await run(reviewCommand, team()))).toContain("No campaign is waiting for review.");
    expect((await run(reviewCommand, f.caller())).refusal?.code).toBe("NotTeamMember");
  });

  it("two waiting THEN one roadmap a page, the nearest deadline first, with Next", async () => {
    for (const c of f.chain.campaigns.values()) f.chain.campaigns.delete(c.address);
    const later = pending({ deadline: now() + 40 * 86_400 });
    const sooner = pending({ deadline: now() + 10 * 86_400 });
    const first = await run(reviewCommand, team());
    expect(first.buttons.map((b) => b.run)).toEqual([{ command: "approve", params: { campaign: sooner.address } }, { command: "review", params: { page: 2 } }]);
    const second = await run(reviewCommand, team(), { page: "2" });
    expect(second.buttons[0]?.run).toEqual({ command: "approve", params: { campaign: later.address } });
  });
});

describe("GIVEN /approve", () => {
  it("by a team member linked to the admin wallet THEN a signing request for campaignApprove signed by the admin, and its page", async () => {
    const c = pending();
    const answer = await run(approveCommand, team(), { campaign: c.address });
    expect(answer.refusal).toBeUndefined();
    const url = answer.links.find((l) => l.kind === "signing")?.url ?? "";
    expect(url).toMatch(/^https:\/\/pepfund\.test\/sign\/[0-9a-f-]{36}$/);
    expect(urlsOf(answer)).toContain(url);
    const stored = await f.deps.store.signingRequests.find(url.split("/").at(-1) ?? "");
    expect(stored?.action).toEqual({ kind: "campaignApprove", campaign: c.address, admin });
    expect(stored?.signer).toBe(admin);
    expect(all(answer)).toContain(admin);
  });

  it("refused in the program's order: not the team, not the admin, not pending review (in words), deadline passed; nothing stored", async () => {
    const c = pending();
    const count = async () => f.db.prisma.signingRequest.count();
    const before = await count();
    expect((await run(approveCommand, f.caller(), { campaign: c.address })).refusal?.code).toBe("NotTeamMember");
    const other = "9191";
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: other, address: randomAddress(), chatId: other, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    const notAdmin = await dispatch({ ...deps, team: { TELEGRAM: [TEAM, other] } }, f.caller({ userId: other, team: true }), { command: approveCommand, raw: { campaign: c.address }, typed: true });
    expect(notAdmin.refusal?.code).toBe("NotAdmin");
    const active = campaign();
    f.chain.campaigns.set(active.address, active);
    const wrongState = await run(approveCommand, team(), { campaign: active.address });
    expect(wrongState.refusal?.code).toBe("InvalidCampaignState");
    expect(all(wrongState)).toContain("it is Active, and only a campaign waiting for review can be approved");
    const late = pending({ deadline: now() });
    expect((await run(approveCommand, team(), { campaign: late.address })).refusal?.code).toBe("DeadlineInPast");
    expect(await count()).toBe(before);
  });
});
