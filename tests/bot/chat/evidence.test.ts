/**
 * /evidence in the chat layer: "verified" only when the bytes hash to the on-chain SHA-256;
 * a mismatch names the bytes' real hash; an outage or a file over the limit verifies nothing.
 * The evidence is a link (its gateway URL), never its content. Refusals by code.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceCommand } from "../../../bot/chat/commands/evidence.js";
import type { Reply } from "../../../bot/chat/reply.js";
import { urlsOf } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { EvidenceTooLargeError } from "../../../bot/core/evidence-errors.js";
import type { CampaignView } from "../../../bot/core/ports.js";
import { campaign, milestone } from "../support/campaigns.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
beforeAll(async () => {
  f = await startChat();
});
afterAll(async () => {
  await f.stop();
});

const text = (r: Reply): string => [r.title ?? [], ...r.lines].map(plain).join("\n");
const sha = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");

/** A campaign whose first milestone is under review with `bytes` stored and `committed` on-chain. */
function inReview(bytes: Uint8Array, committed = sha(bytes)): { c: CampaignView; id: string } {
  const id = `${"e".repeat(42)}${f.evidence.files.size}`;
  f.evidence.files.set(id, bytes);
  const c = campaign({ milestones: [milestone(0, { status: "InReview", attempts: 1, evidenceId: id, evidenceHash: committed }), milestone(1)] });
  f.chain.campaigns.set(c.address, c);
  return { c, id };
}

describe("GIVEN /evidence on the milestone under review", () => {
  it("THEN verified with size and type, the gateway link, the committed SHA-256, and progress shown first", async () => {
    const bytes = new TextEncoder().encode("<script>alert(1)</script>");
    const { c, id } = inReview(bytes);
    f.evidence.failure = null;
    const before = f.progress.length;
    const answer = await f.run(evidenceCommand, f.caller(), { campaign: c.address });
    expect(f.progress.length).toBe(before + 1);
    expect(answer.tone).toBe("good");
    expect(text(answer)).toContain("Verified: the evidence matches what the researcher committed on-chain");
    expect(text(answer)).toContain(`Size ${bytes.length} bytes; declared type text/csv`);
    expect(text(answer)).toContain(`SHA-256 committed on-chain: ${sha(bytes)}`);
    expect(answer.links).toEqual([{ kind: "evidence", label: "Open evidence", url: `https://gateway.pepfund.test/${id}` }]);
    expect(urlsOf(answer)).toEqual([`https://gateway.pepfund.test/${id}`]);
    expect(JSON.stringify(answer)).not.toContain("<script>");
  });

  it("THEN other stored bytes do NOT match and name their hash; an outage and an oversized file verify nothing", async () => {
    const bytes = new TextEncoder().encode("the real data");
    const { c } = inReview(bytes, sha("what was promised"));
    f.evidence.failure = null;
    const mismatch = text(await f.run(evidenceCommand, f.caller(), { campaign: c.address, milestone: "1" }));
    expect(mismatch).toContain("Does NOT match");
    expect(mismatch).toContain(`they hash to ${sha(bytes)}`);
    expect(mismatch).not.toContain("Verified");

    f.evidence.failure = new Error("gateways down");
    const down = text(await f.run(evidenceCommand, f.caller(), { campaign: c.address }));
    expect(down).toContain("Arweave could not be reached, so nothing was verified");
    f.evidence.failure = new EvidenceTooLargeError(5_000, 1_000);
    const large = text(await f.run(evidenceCommand, f.caller(), { campaign: c.address }));
    expect(large).toContain("The evidence is 5,000 bytes, over the 1,000 bytes this bot checks");
    for (const t of [down, large]) expect(t).not.toContain("Verified");
    f.evidence.failure = null;
  });
});

describe("GIVEN /evidence refusals", () => {
  it("THEN no submission yet is NoEvidenceSubmitted, nothing in review NothingInReview, milestone 0 the usage", async () => {
    const { c } = inReview(new Uint8Array([1]));
    expect((await f.run(evidenceCommand, f.caller(), { campaign: c.address, milestone: "2" })).refusal?.code).toBe("NoEvidenceSubmitted");
    const idle = campaign();
    f.chain.campaigns.set(idle.address, idle);
    expect((await f.run(evidenceCommand, f.caller(), { campaign: idle.address })).refusal?.code).toBe("NothingInReview");
    expect((await f.run(evidenceCommand, f.caller(), { campaign: idle.address, milestone: "0" })).refusal).toEqual({
      code: "ParameterInvalid",
      details: { param: "milestone", usage: "/evidence <campaign address> [milestone number]" },
    });
  });

  it("THEN without an evidence store it says it cannot check, and reads nothing", async () => {
    const g = await startChat({ evidence: false });
    try {
      const c = campaign();
      g.chain.campaigns.set(c.address, c);
      const answer = await g.run(evidenceCommand, g.caller(), { campaign: c.address });
      expect(plain(answer.lines[0] ?? [])).toContain("no Arweave gateway configured");
      expect(g.progress).toEqual([]);
    } finally {
      await g.stop();
    }
  });
});
