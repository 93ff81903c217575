/**
 * /submit: a researcher hands in a milestone's evidence, either a file (a Discord attachment,
 * a Telegram document captioned with the command or replied to with it, a console path) or
 * an upload already on Arweave, named by its id (and, optionally, the SHA-256 it must have).
 * The core checks what the program would refuse before anything is stored; progress is
 * shown while the file is received and stored; the answer is the signing page where the
 * researcher's own wallet signs the submission, as the program requires.
 */
import type { EvidenceType } from "../../core/ports.js";
import { arweaveLink } from "../../core/notices.js";
import { prepareSubmission, type EvidenceInput, type SubmissionStage } from "../../core/usecases/submit-evidence.js";
import { defineWriteCommand, type Caller, type ChatFile } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { refusal, signingReply } from "../replies.js";
import { privateReply, reply, type Reply } from "../reply.js";
import { clip, code, line, link, type Line } from "../text.js";

/** The program's evidence types (state/milestone.rs EvidenceType), as choices. */
const EVIDENCE_TYPES: readonly { readonly label: string; readonly value: EvidenceType }[] = [
  { label: "Dataset", value: "Dataset" },
  { label: "Paper", value: "Paper" },
  { label: "Protocol log", value: "ProtocolLog" },
  { label: "Computational results", value: "ComputationalResults" },
  { label: "Ethics approval", value: "EthicsApproval" },
  { label: "Other", value: "Other" },
];

/** What the researcher sees while the slow parts run (each ends with an ellipsis: more is coming). */
const STAGE_WORDS: Readonly<Record<SubmissionStage, Line>> = {
  uploading: line`⏳ Storing the evidence on Arweave…`,
  uploaded: line`✅ Evidence stored on Arweave. Preparing the transaction…`,
  preparing: line`✅ Evidence stored on Arweave. ⏳ Preparing the signing page for your wallet…`,
};

const progressReply = (words: Line): Reply => privateReply({ lines: [words] });

/**
 * How to give the evidence, when none or both ways were used. Typed platforms name the
 * exact commands for this campaign and milestone; Discord names its two options.
 */
function evidenceHowTo(caller: Caller, campaign: string, milestone: number): Reply {
  const typed = `/submit ${campaign} ${milestone + 1}`;
  const words = caller.platform.typedCommands
    ? line`Give the evidence one way: send the file with the caption ${code(typed)}, reply ${code(typed)} to the file, or name an upload already on Arweave with ${code(`${typed} <Arweave id> [sha256]`)}.`
    : line`Give exactly one of ${code("file")} (attach the evidence) or ${code("arweave_id")} (an upload already on Arweave).`;
  return reply({ visibility: "private", tone: "bad", lines: [words], refusal: { code: "EvidenceMissing" } });
}

/** The evidence as the core takes it: a file's bytes (read only now, within the limit), or an Arweave id. */
async function evidenceOf(deps: ChatDeps, file: ChatFile | undefined, arweaveId: string, sha256: string | undefined): Promise<EvidenceInput> {
  if (file === undefined) return { kind: "arweave", id: arweaveId, ...(sha256 === undefined ? {} : { sha256 }) };
  return { kind: "bytes", bytes: await file.read(deps.maxEvidenceBytes), contentType: file.contentType, name: file.name };
}

export const submitCommand = defineWriteCommand({
  name: "submit",
  description: "Researchers: submit evidence for your current milestone (a file or an Arweave id)",
  params: {
    campaign: { kind: "campaign", description: "Campaign (type to search)", required: true },
    milestone: { kind: "milestone", description: "Milestone (type to search)", required: true },
    arweave_id: { kind: "text", description: "Or an upload already on Arweave: its transaction id", required: false, maxLength: 64 },
    sha256: { kind: "text", description: "With an Arweave id: the SHA-256 (hex) its bytes must have", required: false, maxLength: 100 },
    evidence_type: {
      kind: "choice",
      description: "What the evidence is (default: the milestone's declared type), tagged on Arweave",
      required: false,
      choices: EVIDENCE_TYPES,
    },
    file: { kind: "file", description: "The evidence file (stored on Arweave)", required: false },
  },
  audience: "everyone",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const { writes } = deps;
    if ((p.file === undefined) === (p.arweave_id === undefined)) return evidenceHowTo(caller, p.campaign, p.milestone);
    // Refused from the declared size, before anything is downloaded.
    if (p.file !== undefined && p.file.size > deps.maxEvidenceBytes) {
      return refusal("EvidenceTooLarge", { size: String(p.file.size), limit: String(deps.maxEvidenceBytes) });
    }
    await caller.progress(progressReply(p.file === undefined ? line`⏳ Reading the Arweave upload…` : line`⏳ Receiving the file…`));
    const result = await prepareSubmission(
      { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing, evidence: writes.evidence, maxEvidenceBytes: deps.maxEvidenceBytes },
      {
        chat: caller.chat,
        campaign: p.campaign,
        milestoneIndex: p.milestone,
        evidence: await evidenceOf(deps, p.file, p.arweave_id ?? "", p.sha256),
        ...(p.evidence_type === undefined ? {} : { evidenceType: p.evidence_type as EvidenceType }),
        onProgress: (stage) => caller.progress(progressReply(STAGE_WORDS[stage])),
      },
    );
    if (!result.ok) return refusal(result.code, result.details);
    const r = result.value;
    const evidence = arweaveLink(writes.gatewayUrl, r.evidenceId).url;
    const named = p.file === undefined ? "" : ` (${clip(p.file.name, 100)})`;
    const answer = signingReply({
      title: line`Sign the submission of milestone ${p.milestone + 1} with your researcher wallet`,
      lines: [line`Evidence stored on Arweave${named}: ${link(evidence)}`, line`SHA-256 ${code(r.sha256)}`],
      wallet: r.researcher,
      url: r.signingUrl,
      expiresAt: r.expiresAt,
      buttonLabel: "Sign the submission",
    });
    return { ...answer, tone: "good", links: [...answer.links, { kind: "evidence", label: "Evidence", url: evidence }] };
  },
});
