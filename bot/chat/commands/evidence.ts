/**
 * /evidence: a holder checks a submission's evidence before flagging. The core fetches the
 * bytes and compares them with the SHA-256 committed on-chain; only that comparison says
 * "verified", every other outcome says nothing was verified. The evidence is only ever a
 * plain link (a link button, previews off): its content is never shown or attached
 * (SECURITY.md, Evidence).
 */
import type { EvidenceCheck, EvidenceVerdict } from "../../core/usecases/verify-evidence.js";
import { verifyEvidence } from "../../core/usecases/verify-evidence.js";
import { defineCommand } from "../command.js";
import { refusal } from "../replies.js";
import { privateReply, type Reply, type Tone } from "../reply.js";
import { clip, code, line, link, type Line } from "../text.js";

const bytes = (n: number): string => `${n.toLocaleString("en-US")} bytes`;

/** Headline, tone and finding of each outcome (also the public campaign page's words). */
export function verdict(check: EvidenceVerdict & { readonly evidence: Pick<EvidenceCheck["evidence"], "type"> }): { title: Line; tone: Tone; finding: Line } {
  switch (check.outcome) {
    case "verified":
      return {
        title: line`✅ Verified: the evidence matches what the researcher committed on-chain`,
        tone: "good",
        finding: line`Size ${bytes(check.size)}; declared type ${code(clip(check.contentType ?? "none", 100))} (${check.evidence.type}). It is a link only: open it with care.`,
      };
    case "mismatch":
      return {
        title: line`❌ Does NOT match what the researcher committed on-chain`,
        tone: "bad",
        finding:
          check.cause === "stored"
            ? line`The bytes stored under this Arweave id are not what the researcher committed on-chain: they hash to ${code(check.actualSha256 ?? "?")}.`
            : line`The bytes the Arweave gateways served are not what the researcher committed on-chain (nor the transaction's own data). Do not trust what a gateway shows for it.`,
      };
    case "notFound":
      return {
        title: line`⚠️ Not found on Arweave yet: nothing verified`,
        tone: "warn",
        finding: line`No Arweave gateway has this evidence yet (it may still be propagating). Nothing was verified: try again later.`,
      };
    case "unavailable":
      return {
        title: line`⚠️ Arweave could not be reached: nothing verified`,
        tone: "warn",
        finding: line`Arweave could not be reached, so nothing was verified. Try again in a moment.`,
      };
    case "tooLarge":
      return {
        title: line`⚠️ Too large to check here: nothing verified`,
        tone: "warn",
        finding: line`The evidence is ${bytes(check.size)}, over the ${bytes(check.limit)} this bot checks: not downloaded, not verified. Download it and compare its SHA-256 yourself (e.g. sha256sum).`,
      };
  }
}

/** The verdict, what was checked, and the evidence as a link. */
export function evidenceReply(check: EvidenceCheck): Reply {
  const { title, tone, finding } = verdict(check);
  const m = check.milestone;
  return privateReply({
    tone,
    title,
    lines: [
      finding,
      line`Milestone ${m.index + 1} “${m.title}” (submission ${m.attempt}) of ${check.campaign.label}`,
      line`Evidence: ${link(check.evidence.url)}`,
      line`SHA-256 committed on-chain: ${code(check.evidence.sha256)}`,
    ],
    links: [{ kind: "evidence", label: "Open evidence", url: check.evidence.url }],
    footer: line`Campaign ${check.campaign.address}`,
  });
}

export const evidenceCommand = defineCommand({
  name: "evidence",
  description: "Check a submission's evidence against the SHA-256 committed on-chain",
  params: {
    campaign: { kind: "campaign", description: "Campaign (type to search)", required: true },
    milestone: { kind: "milestone", description: "Milestone (default: the one under review)", required: false },
  },
  audience: "everyone",
  place: "both",
  private: true,
  async run(deps, caller, p) {
    if (deps.evidence === null || deps.gatewayUrl === null) {
      return privateReply({ tone: "warn", lines: [line`This PepFund bot has no Arweave gateway configured, so it cannot check evidence. Ask its operators.`] });
    }
    await caller.progress(privateReply({ lines: [line`⏳ Fetching the evidence from Arweave and checking it against the on-chain SHA-256…`] }));
    const result = await verifyEvidence(
      { chain: deps.chain, evidence: deps.evidence, maxEvidenceBytes: deps.maxEvidenceBytes, gatewayUrl: deps.gatewayUrl },
      { campaign: p.campaign, ...(p.milestone === undefined ? {} : { milestoneIndex: p.milestone }) },
    );
    return result.ok ? evidenceReply(result.value) : refusal(result.code, result.details);
  },
});
