/**
 * The core's `WalletTransactions`: actions only the user's own wallet may sign (they move
 * its tokens, or the program requires that signer). `prepare` builds the transaction with
 * the relayer's fee key as fee payer; the signing page has the wallet sign it; then
 * `submitSigned` checks the bytes are exactly that action, signed by exactly that wallet,
 * adds the fee payer's signature, and settles it like a relayed transaction (journaled,
 * rebroadcast until it lands or expires). A wallet signature cannot be remade here, so an
 * expired one ends as `TransactionExpired` and the user signs again.
 */
import { type Keypair, PublicKey, Transaction, type TransactionInstruction } from "@solana/web3.js";
import bs58 from "bs58";
import nacl from "tweetnacl";
import type { EvidenceType, TxOutcome, WalletAction, WalletTransactions } from "../../core/ports.js";
import { BN, type PepfundProgram } from "../program.js";
import {
  campaignApprove,
  campaignCreate,
  campaignEdit,
  campaignSubmitForReview,
  disputeResolve,
  holderDeposit,
  holderSetDelegate,
  holderWithdraw,
  type MilestoneInput,
  milestoneSubmit,
  refundClaim,
} from "../instructions.js";
import { campaignPda, configPda } from "../pdas.js";
import type { CampaignTerms } from "../../core/wallet-actions.js";
import type { RelayJournal } from "./journal.js";
import { assertRelayable } from "./policy.js";
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from "./rpc.js";
import { RelayInputError, readAccount, settle } from "./settle.js";

/** Blocks a blockhash stays valid: an upper bound on a valid blockhash's last height. */
const MAX_PROCESSING_AGE = 150;

export interface ChainWalletTransactionsOptions {
  readonly program: PepfundProgram;
  /** The relayer's fee key: fee payer of every prepared transaction, nothing else. */
  readonly feePayer: Keypair;
  readonly journal: RelayJournal;
  readonly retry?: RetryPolicy;
  readonly pollIntervalMs?: number;
}

function key(address: string): PublicKey {
  try {
    return new PublicKey(address);
  } catch {
    throw new RelayInputError(`${address} is not a Solana address`);
  }
}

function bytes32(text: string, encoding: "base64url" | "hex", what: string): number[] {
  const bytes = Buffer.from(text, encoding);
  if (bytes.length !== 32 || bytes.toString(encoding) !== text) throw new RelayInputError(`${what} is not 32 bytes of ${encoding}`);
  return [...bytes];
}

export class ChainWalletTransactions implements WalletTransactions {
  constructor(private readonly options: ChainWalletTransactionsOptions) {}

  async prepare(action: WalletAction): Promise<{ transaction: Uint8Array; lastValidBlockHeight: bigint }> {
    const { instructions, signer } = await this.build(action);
    const { connection } = this.options.program.provider;
    const { blockhash, lastValidBlockHeight } = await withRetries(
      "getLatestBlockhash",
      () => connection.getLatestBlockhash("confirmed"),
      this.retry,
    );
    const tx = new Transaction({ feePayer: this.options.feePayer.publicKey, blockhash, lastValidBlockHeight }).add(...instructions);
    assertRelayable(tx, this.options.feePayer.publicKey, signer);
    return {
      transaction: tx.serialize({ requireAllSignatures: false, verifySignatures: false }),
      lastValidBlockHeight: BigInt(lastValidBlockHeight),
    };
  }

  submitSigned(action: WalletAction, signed: Uint8Array, idempotencyKey: string): Promise<TxOutcome> {
    const { program } = this.options;
    const options = {
      connection: program.provider.connection,
      journal: this.options.journal,
      retry: this.retry,
      pollIntervalMs: this.options.pollIntervalMs ?? 400,
      maxResigns: 0,
    };
    return settle(options, idempotencyKey, snake(action.kind), () => this.countersign(action, signed), null);
  }

  /** Checks `signed` is the action's transaction with the wallet's valid signature, then adds the fee payer's. */
  private async countersign(action: WalletAction, signed: Uint8Array) {
    const { feePayer } = this.options;
    let tx: Transaction;
    try {
      tx = Transaction.from(signed);
    } catch {
      throw new RelayInputError("the signed transaction cannot be decoded");
    }
    const { instructions, signer } = await this.build(action);
    if (!tx.feePayer?.equals(feePayer.publicKey)) throw new RelayInputError("the fee payer is not the relayer's fee key");
    const blockhash = tx.recentBlockhash;
    if (blockhash === undefined) throw new RelayInputError("the signed transaction has no blockhash");
    // Byte for byte the message `prepare` compiles for this action under the signed blockhash:
    // the same instructions in order, nothing added, dropped or reordered. Compared compiled,
    // because a message keeps one signer/writable flag per account, not per instruction.
    const expected = new Transaction({ feePayer: feePayer.publicKey });
    expected.recentBlockhash = blockhash;
    const message = tx.serializeMessage();
    if (!expected.add(...instructions).serializeMessage().equals(message)) {
      throw new RelayInputError("the signed transaction is not the prepared action");
    }
    assertRelayable(tx, feePayer.publicKey, signer);
    const signatures = tx.signatures;
    const wallet = signatures.find((s) => s.publicKey.equals(signer));
    if (signatures.length !== 2 || !wallet?.signature || !nacl.sign.detached.verify(message, wallet.signature, signer.toBytes())) {
      throw new RelayInputError("the transaction does not carry a valid signature of the expected wallet");
    }
    const { connection } = this.options.program.provider;
    const valid = await withRetries("isBlockhashValid", () => connection.isBlockhashValid(blockhash, { commitment: "confirmed" }), this.retry);
    if (!valid.value) throw new RelayInputError("the signed transaction's blockhash has expired: sign it again");
    const height = await withRetries("getBlockHeight", () => connection.getBlockHeight("confirmed"), this.retry);
    tx.partialSign(feePayer);
    return {
      transaction: tx.serialize(),
      signature: bs58.encode(tx.signature!),
      // The exact height is not in the bytes; a valid blockhash expires at most this late.
      lastValidBlockHeight: BigInt(height + MAX_PROCESSING_AGE),
    };
  }

  /** The instructions of `action`, in order, and the wallet that must sign them. */
  private async build(action: WalletAction): Promise<{ instructions: TransactionInstruction[]; signer: PublicKey }> {
    const { program } = this.options;
    const campaign = key(action.campaign);
    switch (action.kind) {
      case "campaignCreate": {
        const researcher = key(action.researcher);
        // The address is derived, never trusted: a request naming another campaign is refused.
        if (!campaignPda(researcher, action.id).equals(campaign)) throw new RelayInputError("the campaign address is not the researcher's campaign with that id");
        const create = await campaignCreate(program, {
          researcher,
          usdcMint: await this.usdcMint(),
          args: { id: new BN(action.id.toString()), ...terms(action.terms) },
        }).instruction();
        return { instructions: [create, ...(await this.submitted(action.submit, campaign, researcher))], signer: researcher };
      }
      case "campaignEdit": {
        const researcher = key(action.researcher);
        const edit = await campaignEdit(program, { campaign, researcher, args: terms(action.terms) }).instruction();
        return { instructions: [edit, ...(await this.submitted(action.submit, campaign, researcher))], signer: researcher };
      }
      case "campaignSubmitForReview": {
        const researcher = key(action.researcher);
        return { instructions: await this.submitted(true, campaign, researcher), signer: researcher };
      }
      case "campaignApprove": {
        const admin = key(action.admin);
        return { instructions: [await campaignApprove(program, { campaign, admin }).instruction()], signer: admin };
      }
      case "milestoneSubmit": {
        const researcher = key(action.researcher);
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
        const admin = key(action.admin);
        const [{ researcher }, usdcMint] = await Promise.all([
          readAccount<{ researcher: PublicKey }>(program, "campaign", campaign, this.retry),
          this.usdcMint(),
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
        const owner = key(action.owner);
        // Consent first: holder_set_delegate creates the holder record the deposit then fills.
        const consent =
          action.delegate === undefined
            ? []
            : [await holderSetDelegate(program, { campaign, owner, delegate: key(action.delegate) }).instruction()];
        const deposit = await holderDeposit(program, { campaign, owner, amount: new BN(action.amount.toString()) }).instruction();
        return { instructions: [...consent, deposit], signer: owner };
      }
      case "holderSetDelegate": {
        const owner = key(action.owner);
        const delegate = action.delegate === null ? PublicKey.default : key(action.delegate);
        const instruction = await holderSetDelegate(program, { campaign, owner, delegate }).instruction();
        return { instructions: [instruction], signer: owner };
      }
      case "holderWithdraw": {
        const owner = key(action.owner);
        const instruction = await holderWithdraw(program, { campaign, owner, amount: new BN(action.amount.toString()) }).instruction();
        return { instructions: [instruction], signer: owner };
      }
      case "refundClaim": {
        const backer = key(action.owner);
        // The deposit comes back to the wallet first, so the refund burns it with the rest.
        const withdraw =
          action.withdraw === undefined
            ? []
            : [await holderWithdraw(program, { campaign, owner: backer, amount: new BN(action.withdraw.toString()) }).instruction()];
        const refund = await refundClaim(program, {
          campaign,
          backer,
          usdcMint: await this.usdcMint(),
          tokens: new BN(action.tokens.toString()),
        }).instruction();
        return { instructions: [...withdraw, refund], signer: backer };
      }
    }
  }

  /** `campaign_submit_for_review`, when asked for. */
  private async submitted(submit: boolean, campaign: PublicKey, researcher: PublicKey): Promise<TransactionInstruction[]> {
    return submit ? [await campaignSubmitForReview(this.options.program, { campaign, researcher }).instruction()] : [];
  }

  private async usdcMint(): Promise<PublicKey> {
    return (await readAccount<{ usdcMint: PublicKey }>(this.options.program, "config", configPda(), this.retry)).usdcMint;
  }

  private get retry(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
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

/** `holderDeposit` -> `holder_deposit`: the IDL name, for error mapping. */
function snake(kind: WalletAction["kind"]): string {
  return kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
