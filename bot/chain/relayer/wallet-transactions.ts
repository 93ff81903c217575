/**
 * The core's `WalletTransactions`: actions only the user's own wallet may sign (they move
 * its tokens, or the program requires that signer). `prepare` builds the transaction with
 * the relayer's fee key as fee payer; the signing page has the wallet sign it; then
 * `submitSigned` checks the bytes are exactly that action (after a bounded compute-unit limit
 * and priority fee), signed by exactly that wallet,
 * adds the fee payer's signature, and settles it like a relayed transaction (journaled,
 * rebroadcast until it lands or expires). A wallet signature cannot be remade here, so an
 * expired one ends as `TransactionExpired` and the user signs again.
 */
import { ComputeBudgetProgram, type Keypair, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import nacl from "tweetnacl";
import type { TxOutcome, WalletAction, WalletTransactions } from "../../core/ports.js";
import type { PepfundProgram } from "../program.js";
import { unsignedTransaction } from "../unsigned.js";
import { type ActionInstructions, actionInstructions } from "./action-instructions.js";
import type { RelayJournal } from "./journal.js";
import { DEFAULT_FEES, type FeeSettings, computeBudget } from "./compute-budget.js";
import { RelayPolicyError, assertRelayable } from "./policy.js";
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from "./rpc.js";
import { RelayInputError, settle } from "./settle.js";

/** The wallet signs for itself, so it may open its own token accounts (paying their rent); the fee key never does. */
const WALLET_ALLOWANCE = { signerOpensAccounts: true } as const;

/** Blocks a blockhash stays valid: an upper bound on a valid blockhash's last height. */
const MAX_PROCESSING_AGE = 150;

export interface ChainWalletTransactionsOptions {
  readonly program: PepfundProgram;
  /** The relayer's fee key: fee payer of every prepared transaction, nothing else. */
  readonly feePayer: Keypair;
  readonly journal: RelayJournal;
  readonly retry?: RetryPolicy;
  readonly pollIntervalMs?: number;
  /** Compute-unit limit and priority fee put first in every prepared transaction (default: both `auto`, capped). */
  readonly fees?: FeeSettings;
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
    const budget = (await computeBudget(connection, this.options.feePayer.publicKey, instructions, this.fees, this.retry)).instructions;
    const tx = new Transaction({ feePayer: this.options.feePayer.publicKey, blockhash, lastValidBlockHeight }).add(...budget, ...instructions);
    assertRelayable(tx, this.options.feePayer.publicKey, signer, this.allowance);
    return {
      transaction: tx.serialize({ requireAllSignatures: false, verifySignatures: false }),
      lastValidBlockHeight: BigInt(lastValidBlockHeight),
    };
  }

  async prepareUnsigned(action: WalletAction, options: { computeBudget?: boolean } = {}): Promise<{ transaction: Uint8Array; lastValidBlockHeight: bigint }> {
    const { instructions, signer } = await this.build(action);
    // The signer pays: a wallet that sends it itself (a Solana Action) gets the same limit and
    // price as a relayed transaction; a multisig's vault transaction gets none (its members see
    // only the action, and compute-budget instructions do nothing inside a vault transaction).
    const budget = options.computeBudget === true
      ? (await computeBudget(this.options.program.provider.connection, signer, instructions, this.fees, this.retry)).instructions
      : [];
    const unsigned = await unsignedTransaction(this.options.program, [...budget, ...instructions], signer);
    return { transaction: unsigned.bytes, lastValidBlockHeight: BigInt(unsigned.lastValidBlockHeight) };
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
    // because a message keeps one signer/writable flag per account, not per instruction. The
    // leading compute-budget instructions are taken as signed (the estimate may have moved
    // since `prepare`); the policy below bounds them (limit, price cap, nothing else).
    const budget = tx.instructions.slice(0, 2);
    if (!budget.every((ix) => ix.programId.equals(ComputeBudgetProgram.programId)) || budget.length !== 2) {
      throw new RelayInputError("the signed transaction is not the prepared action");
    }
    const expected = new Transaction({ feePayer: feePayer.publicKey });
    expected.recentBlockhash = blockhash;
    const message = tx.serializeMessage();
    if (!expected.add(...budget, ...instructions).serializeMessage().equals(message)) {
      throw new RelayInputError("the signed transaction is not the prepared action");
    }
    try {
      assertRelayable(tx, feePayer.publicKey, signer, this.allowance);
    } catch (error) {
      // The wallet's bytes, not a bug here: the user is told, nothing is sent.
      if (error instanceof RelayPolicyError) throw new RelayInputError(`the signed transaction is refused: ${error.message}`);
      throw error;
    }
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
  private build(action: WalletAction): Promise<ActionInstructions> {
    return actionInstructions(this.options.program, action, this.retry);
  }

  private get retry(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
  }

  private get fees(): FeeSettings {
    return this.options.fees ?? DEFAULT_FEES;
  }

  private get allowance() {
    return { ...WALLET_ALLOWANCE, maxComputeUnitPrice: this.fees.maxPrice };
  }
}

/** `holderDeposit` -> `holder_deposit`: the IDL name, for error mapping. */
function snake(kind: WalletAction["kind"]): string {
  return kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
