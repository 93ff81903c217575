/**
 * The instructions of each wallet-signed action, in order, and the wallet that must sign
 * them. One function for every path that turns a `WalletAction` into a transaction: the
 * signing page's (fee paid by the relayer, `wallet-transactions.ts`) and the multisig's and
 * the CLI's (fee paid by the signer itself, `unsigned.ts`), so they can never build two
 * different transactions for the same action.
 */
import { PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { isPoolAction, type CampaignTerms, type WalletAction } from "../../core/wallet-actions.js";
import { addressKey, bytes32 } from "./action-inputs.js";
import { poolActionInstructions } from "./pool-action-instructions.js";
import type { EvidenceType } from "../../core/views.js";
import {
  campaignApprove,
  campaignCreate,
  campaignEdit,
  campaignSubmitForReview,
  contribute,
  disputeResolve,
  holderDeposit,
  holderSetDelegate,
  holderWithdraw,
  type MilestoneInput,
  milestoneSubmit,
  refundClaim,
} from "../instructions.js";
import { backerMintPda, campaignPda, configPda } from "../pdas.js";
import { createAssociatedTokenAccountIdempotent } from "../token.js";
import { BN, type PepfundProgram } from "../program.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./rpc.js";
import { RelayInputError, readAccount } from "./settle.js";

/** An action's instructions and its one signer (besides whoever pays the fee). */
export interface ActionInstructions {
  readonly instructions: TransactionInstruction[];
  readonly signer: PublicKey;
}

/** The configured USDC mint (campaign accounts and dispute payouts name it). */
export async function configuredUsdcMint(program: PepfundProgram, retry: RetryPolicy = DEFAULT_RETRY): Promise<PublicKey> {
  return (await readAccount<{ usdcMint: PublicKey }>(program, "config", configPda(), retry)).usdcMint;
}

/** The instructions of `action`, in order, and the wallet that must sign them. */
export async function actionInstructions(
  program: PepfundProgram,
  action: WalletAction,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<ActionInstructions> {
  if (isPoolAction(action)) return poolActionInstructions(program, action, retry);
  const campaign = addressKey(action.campaign);
  const submitted = async (submit: boolean, researcher: PublicKey) =>
    submit ? [await campaignSubmitForReview(program, { campaign, researcher }).instruction()] : [];
  switch (action.kind) {
    case "campaignCreate": {
      const researcher = addressKey(action.researcher);
      // The address is derived, never trusted: a request naming another campaign is refused.
      if (!campaignPda(researcher, action.id).equals(campaign)) throw new RelayInputError("the campaign address is not the researcher's campaign with that id");
      const create = await campaignCreate(program, {
        researcher,
        usdcMint: await configuredUsdcMint(program, retry),
        args: { id: new BN(action.id.toString()), ...terms(action.terms) },
      }).instruction();
      return { instructions: [create, ...(await submitted(action.submit, researcher))], signer: researcher };
    }
    case "campaignEdit": {
      const researcher = addressKey(action.researcher);
      const edit = await campaignEdit(program, { campaign, researcher, args: terms(action.terms) }).instruction();
      return { instructions: [edit, ...(await submitted(action.submit, researcher))], signer: researcher };
    }
    case "campaignSubmitForReview": {
      const researcher = addressKey(action.researcher);
      return { instructions: await submitted(true, researcher), signer: researcher };
    }
    case "campaignApprove": {
      const admin = addressKey(action.admin);
      return { instructions: [await campaignApprove(program, { campaign, admin }).instruction()], signer: admin };
    }
    case "milestoneSubmit": {
      const researcher = addressKey(action.researcher);
      const instruction = await milestoneSubmit(program, {
        campaign,
        researcher,
        milestoneIndex: action.milestoneIndex,
        evidenceId: bytes32(action.evidenceId, "base64url", "the evidence id"),
        evidenceHash: bytes32(action.evidenceSha256, "hex", "the evidence SHA-256"),
      }).instruction();
      return { instructions: [instruction], signer: researcher };
    }
    case "disputeResolve": {
      const admin = addressKey(action.admin);
      const [{ researcher }, usdcMint] = await Promise.all([
        readAccount<{ researcher: PublicKey }>(program, "campaign", campaign, retry),
        configuredUsdcMint(program, retry),
      ]);
      const instruction = await disputeResolve(program, {
        campaign,
        researcher,
        usdcMint,
        admin,
        milestoneIndex: action.milestoneIndex,
        approve: action.approve,
        reason: bytes32(action.reasonId, "base64url", "the reason id"),
      }).instruction();
      return { instructions: [instruction], signer: admin };
    }
    case "holderDeposit": {
      const owner = addressKey(action.owner);
      // Consent first: holder_set_delegate creates the holder record the deposit then fills.
      const consent =
        action.delegate === undefined
          ? []
          : [await holderSetDelegate(program, { campaign, owner, delegate: addressKey(action.delegate) }).instruction()];
      const deposit = await holderDeposit(program, { campaign, owner, amount: new BN(action.amount.toString()) }).instruction();
      return { instructions: [...consent, deposit], signer: owner };
    }
    case "holderSetDelegate": {
      const owner = addressKey(action.owner);
      const delegate = action.delegate === null ? PublicKey.default : addressKey(action.delegate);
      const instruction = await holderSetDelegate(program, { campaign, owner, delegate }).instruction();
      return { instructions: [instruction], signer: owner };
    }
    case "holderWithdraw": {
      const owner = addressKey(action.owner);
      const instruction = await holderWithdraw(program, { campaign, owner, amount: new BN(action.amount.toString()) }).instruction();
      return { instructions: [instruction], signer: owner };
    }
    case "contribute": {
      const backer = addressKey(action.backer);
      // The backer-token account is opened (if missing) by the backer, who pays its rent: the
      // fee payer never pays rent (a fee key that pays rent can be drained: docs/SECURITY-MAP.md).
      const open = createAssociatedTokenAccountIdempotent(backer, backer, backerMintPda(campaign));
      const instruction = await contribute(program, {
        campaign,
        backer,
        usdcMint: await configuredUsdcMint(program, retry),
        amount: new BN(action.amount.toString()),
      }).instruction();
      return { instructions: [open, instruction], signer: backer };
    }
    case "refundClaim": {
      const backer = addressKey(action.owner);
      // The deposit comes back to the wallet first, so the refund burns it with the rest.
      const withdraw =
        action.withdraw === undefined
          ? []
          : [await holderWithdraw(program, { campaign, owner: backer, amount: new BN(action.withdraw.toString()) }).instruction()];
      const refund = await refundClaim(program, {
        campaign,
        backer,
        usdcMint: await configuredUsdcMint(program, retry),
        tokens: new BN(action.tokens.toString()),
      }).instruction();
      return { instructions: [...withdraw, refund], signer: backer };
    }
  }
}

/** The core's evidence types as the IDL's enum variants. */
const EVIDENCE_TYPES: Readonly<Record<EvidenceType, MilestoneInput["evidenceType"]>> = {
  Dataset: { dataset: {} },
  Paper: { paper: {} },
  ProtocolLog: { protocolLog: {} },
  ComputationalResults: { computationalResults: {} },
  EthicsApproval: { ethicsApproval: {} },
  Other: { other: {} },
};

/** A create's or edit's terms as the program's arguments; malformed ids or hashes are input errors. */
function terms(t: CampaignTerms) {
  return {
    metadata: bytes32(t.metadataId, "base64url", "the texts document's Arweave id"),
    metadataHash: bytes32(t.metadataSha256, "hex", "the texts document's SHA-256"),
    goal: new BN(t.goal.toString()),
    deadline: new BN(t.deadline),
    milestones: t.milestones.map((m) => ({
      title: m.title,
      descriptionHash: bytes32(m.descriptionSha256, "hex", "a description's SHA-256"),
      evidenceType: EVIDENCE_TYPES[m.evidenceType],
      shareBps: m.shareBps,
      estimatedCompletion: new BN(m.estimatedCompletion),
    })),
  };
}
