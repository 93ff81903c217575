/**
 * The core's `Relayer`: signs and sends the transactions the program lets a delegate or
 * anyone send (flags and stale votes for holders who named the relay authority their
 * delegate; the permissionless cranks: milestone and stale-review finalization, closing
 * fundraising at its deadline, allocation claims, dispute lapses).
 *
 * Two keys, so the one holding SOL for fees can do nothing else: the fee payer signs only
 * as fee payer and appears in no instruction (checked by `assertRelayable` before every
 * signature); the relay authority is the holders' delegate and pays flag/vote record rent.
 * Every transaction starts with a compute-unit limit and a capped priority fee
 * (compute-budget.ts), chosen again whenever it is re-signed.
 *
 * Exactly once per key: the signed bytes are journaled before the first broadcast, a
 * repeated key resumes them (in this process, after a restart, or in another replica),
 * and a new signature is made only when the journaled one can no longer land.
 */
import {
  ComputeBudgetProgram,
  type Connection,
  type Keypair,
  type PublicKey,
  Transaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import bs58 from "bs58";
import type { RelayOptions, Relayer, TxOutcome } from "../../core/ports.js";
import {
  allocationClaim,
  disputeLapse,
  flagSubmit,
  fundraisingClose,
  milestoneFinalize,
  staleFinalize,
  staleOpen,
  staleSupport,
} from "../instructions.js";
import { allocationMintPda, configPda } from "../pdas.js";
import { poolDisputeLapse, poolFinalize, poolFlag } from "../pool-instructions.js";
import { associatedTokenAddress, createAssociatedTokenAccountIdempotent } from "../token.js";
import type { PepfundProgram } from "../program.js";
import { signTransaction } from "../ed25519.js";
import type { RelayEntry, RelayJournal } from "./journal.js";
import { RelayInputError, type SignedAttempt, readAccount, settle } from "./settle.js";
import { addressKey, bytes32 } from "./action-inputs.js";
import { assertRelayable } from "./policy.js";
import { DEFAULT_FEES, type FeeSettings, computeBudget } from "./compute-budget.js";
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from "./rpc.js";
import { ChainWatch } from "./watch.js";

export interface ChainRelayerOptions {
  /** The client; its connection should come from `relayConnection` (timeouts, visible 429s). */
  readonly program: PepfundProgram;
  /** Pays transaction fees and nothing else. */
  readonly feePayer: Keypair;
  /** The holders' delegate; pays the rent of the records it creates. */
  readonly authority: Keypair;
  readonly journal: RelayJournal;
  readonly retry?: RetryPolicy;
  /**
   * Pause between status checks and rebroadcasts while no confirmation is heard over the
   * WebSocket (default 400 ms, about a slot).
   */
  readonly pollIntervalMs?: number;
  /** Fresh signatures allowed after the first expires (default 2). */
  readonly maxResigns?: number;
  /** Compute-unit limit and priority fee of every transaction (default: both `auto`, capped). */
  readonly fees?: FeeSettings;
}

/** What `flag_submit` and `pool_flag` share. */
type FlagArgs = Parameters<typeof poolFlag>[2];

/** What one relay may sign beyond pepfund instructions: the relay authority opening a token account, paying its rent. */
interface Allowance {
  readonly opensAccounts?: boolean;
}

export class ChainRelayer implements Relayer {
  readonly authority: string;
  private readonly connection: Connection;
  private readonly inflight = new Map<string, Promise<TxOutcome>>();
  /** Shared by every transaction in flight: batched statuses, one blockhash, one block height. */
  private readonly watch: ChainWatch;

  constructor(private readonly options: ChainRelayerOptions) {
    this.authority = options.authority.publicKey.toBase58();
    this.connection = options.program.provider.connection;
    this.watch = new ChainWatch(this.connection, options.retry ?? DEFAULT_RETRY);
  }

  flag(
    input: { campaign: string; owner: string; milestoneIndex: number; attempt: number; rationaleId: string },
    key: string,
    options: RelayOptions = {},
  ): Promise<TxOutcome> {
    return this.relayFlag(key, "flag_submit", input, options, (flag) =>
      flagSubmit(this.options.program, { campaign: addressKey(input.campaign), ...flag }).instruction(),
    );
  }

  staleOpen(input: { campaign: string; owner: string; round: number }, key: string): Promise<TxOutcome> {
    return this.relay(key, "stale_open", () => staleOpen(this.options.program, this.voteAccounts(input)).instruction());
  }

  staleSupport(input: { campaign: string; owner: string; round: number }, key: string): Promise<TxOutcome> {
    return this.relay(key, "stale_support", () =>
      staleSupport(this.options.program, this.voteAccounts(input)).instruction(),
    );
  }

  finalizeMilestone(input: { campaign: string; milestoneIndex: number }, key: string): Promise<TxOutcome> {
    return this.relay(
      key,
      "milestone_finalize",
      async () => {
        const campaign = addressKey(input.campaign);
        const [researcher, usdcMint] = await Promise.all([this.researcherOf(campaign), this.usdcMint()]);
        const finalize = await milestoneFinalize(this.options.program, { campaign, researcher, usdcMint, milestoneIndex: input.milestoneIndex }).instruction();
        // A researcher who never held USDC has no account to be paid into, and the release
        // would fail at every pass with nobody told: the relay authority opens it (rent about
        // 0.002 SOL, once per researcher; campaigns exist only once the admin approved them).
        if (await this.accountExists(associatedTokenAddress(researcher, usdcMint), "researcher USDC account")) return [finalize];
        return [createAssociatedTokenAccountIdempotent(this.options.authority.publicKey, researcher, usdcMint), finalize];
      },
      { opensAccounts: true },
    );
  }

  finalizeStale(input: { campaign: string }, key: string): Promise<TxOutcome> {
    return this.relay(key, "stale_finalize", async () => {
      const campaign = addressKey(input.campaign);
      const researcher = await this.researcherOf(campaign);
      return staleFinalize(this.options.program, { campaign, researcher }).instruction();
    });
  }

  closeFundraising(input: { campaign: string }, key: string): Promise<TxOutcome> {
    // Any signer may close after the deadline; the relay authority signs, never the fee payer.
    return this.relay(key, "fundraising_close", async () =>
      fundraisingClose(this.options.program, {
        campaign: addressKey(input.campaign),
        authority: this.options.authority.publicKey,
      }).instruction(),
    );
  }

  claimAllocation(input: { campaign: string; protocol: boolean }, key: string): Promise<TxOutcome> {
    return this.relay(key, "allocation_claim", async () => {
      const campaign = addressKey(input.campaign);
      const recipient = input.protocol
        ? (await readAccount<{ treasury: PublicKey }>(this.options.program, "config", configPda(), this.retry)).treasury
        : await this.researcherOf(campaign);
      // Creating the account would need the ATA program, which the relay policy never signs
      // for: the owner opens it. Checked here so a missing one spends no idempotency key.
      const account = associatedTokenAddress(recipient, allocationMintPda(campaign));
      if (!(await this.accountExists(account, "allocation account"))) {
        throw new RelayInputError(`${recipient.toBase58()} has no allocation-token account (${account.toBase58()}) to receive the allocation`);
      }
      return allocationClaim(this.options.program, { campaign, recipient, protocol: input.protocol }).instruction();
    });
  }

  lapseDispute(input: { campaign: string; milestoneIndex: number }, key: string): Promise<TxOutcome> {
    return this.relay(key, "dispute_lapse", async () => {
      const campaign = addressKey(input.campaign);
      const researcher = await this.researcherOf(campaign);
      return disputeLapse(this.options.program, { campaign, researcher, milestoneIndex: input.milestoneIndex }).instruction();
    });
  }

  poolFlag(input: { pool: string; owner: string; milestoneIndex: number; attempt: number; rationaleId: string }, key: string, options: RelayOptions = {}): Promise<TxOutcome> {
    return this.relayFlag(key, "pool_flag", input, options, (flag) => poolFlag(this.options.program, addressKey(input.pool), flag).instruction());
  }

  finalizePool(input: { pool: string; milestoneIndex: number }, key: string): Promise<TxOutcome> {
    return this.relay(key, "pool_finalize", () => poolFinalize(this.options.program, addressKey(input.pool), input.milestoneIndex).instruction());
  }

  lapsePoolDispute(input: { pool: string; milestoneIndex: number }, key: string): Promise<TxOutcome> {
    return this.relay(key, "pool_dispute_lapse", () => poolDisputeLapse(this.options.program, addressKey(input.pool), input.milestoneIndex).instruction());
  }

  /**
   * A flag on a campaign's milestone or a pool's KPI: the relay authority signs for `owner` (its
   * delegate) and pays the flag record's rent; the rationale id must be an Arweave id.
   */
  private relayFlag(
    key: string,
    instruction: string,
    input: { owner: string; milestoneIndex: number; attempt: number; rationaleId: string },
    options: RelayOptions,
    build: (flag: FlagArgs) => Promise<TransactionInstruction>,
  ): Promise<TxOutcome> {
    const authority = this.options.authority.publicKey;
    const { milestoneIndex, attempt } = input;
    return this.relay(
      key,
      instruction,
      () => build({ owner: addressKey(input.owner), authority, payer: authority, milestoneIndex, attempt, rationale: bytes32(input.rationaleId, "base64url", "the rationale id") }),
      {},
      options,
    );
  }

  private voteAccounts(input: { campaign: string; owner: string; round: number }) {
    const authority = this.options.authority.publicKey;
    return {
      campaign: addressKey(input.campaign),
      owner: addressKey(input.owner),
      authority,
      payer: authority,
      round: input.round,
    };
  }

  /** Whether `account` exists at "confirmed" (RPC failures retried as every read). */
  private async accountExists(account: PublicKey, what: string): Promise<boolean> {
    return (await withRetries(`get ${what}`, () => this.connection.getAccountInfo(account, "confirmed"), this.retry)) !== null;
  }

  private async researcherOf(campaign: PublicKey): Promise<PublicKey> {
    return (await readAccount<{ researcher: PublicKey }>(this.options.program, "campaign", campaign, this.retry)).researcher;
  }

  private async usdcMint(): Promise<PublicKey> {
    return (await readAccount<{ usdcMint: PublicKey }>(this.options.program, "config", configPda(), this.retry)).usdcMint;
  }

  private get retry(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
  }

  /** One relay per key at a time in this process; the journal covers restarts and replicas. */
  private relay(
    key: string,
    instruction: string,
    build: () => Promise<TransactionInstruction | TransactionInstruction[]>,
    allow: Allowance = {},
    { sendAfter }: RelayOptions = {},
  ): Promise<TxOutcome> {
    // A run waiting for its caller (`sendAfter`) may fail with the caller's error: it neither
    // joins another caller's run nor is joined (the journal still lets one transaction out).
    if (sendAfter !== undefined) return this.run(key, instruction, build, allow, sendAfter);
    const running = this.inflight.get(key);
    if (running) return running;
    const run = this.run(key, instruction, build, allow).finally(() => this.inflight.delete(key));
    this.inflight.set(key, run);
    return run;
  }

  private run(
    key: string,
    instruction: string,
    build: () => Promise<TransactionInstruction | TransactionInstruction[]>,
    allow: Allowance,
    sendAfter?: Promise<unknown>,
  ): Promise<TxOutcome> {
    const options = {
      connection: this.connection,
      journal: this.options.journal,
      retry: this.retry,
      pollIntervalMs: this.options.pollIntervalMs ?? 400,
      maxResigns: this.options.maxResigns ?? 2,
      watch: this.watch,
    };
    // The old blockhash expired: the new one is asked of the node, never taken from the cache.
    const resign = (expired: RelayEntry) =>
      this.sign(
        Transaction.from(expired.transaction).instructions.filter((ix) => !ix.programId.equals(ComputeBudgetProgram.programId)),
        true,
        allow,
      );
    return settle(options, key, instruction, async () => this.sign([await build()].flat(), false, allow), resign, sendAfter);
  }

  /**
   * Signs a transaction of `instructions` after the policy check, with a recent blockhash
   * (shared for up to a second between new transactions; `freshBlockhash` asks the node).
   */
  private async sign(instructions: TransactionInstruction[], freshBlockhash: boolean, allow: Allowance): Promise<SignedAttempt> {
    const { feePayer, authority } = this.options;
    const { blockhash, lastValidBlockHeight } = await this.watch.latestBlockhash(freshBlockhash);
    const fees = this.options.fees ?? DEFAULT_FEES;
    const budget = await computeBudget(this.connection, feePayer.publicKey, instructions, fees, this.retry);
    const tx = new Transaction({ feePayer: feePayer.publicKey, blockhash, lastValidBlockHeight }).add(...budget.instructions, ...instructions);
    assertRelayable(tx, feePayer.publicKey, authority.publicKey, { maxComputeUnitPrice: fees.maxPrice, signerOpensAccounts: allow.opensAccounts === true });
    const needsAuthority = tx.instructions.some((ix) => ix.keys.some((k) => k.isSigner && k.pubkey.equals(authority.publicKey)));
    const signed = signTransaction(tx, needsAuthority ? [feePayer, authority] : [feePayer]);
    return {
      // Serialized with the message compiled once; the signatures just made are not verified
      // again (that would only check OpenSSL against itself).
      transaction: signed.wire,
      signature: bs58.encode(signed.signature),
      lastValidBlockHeight: BigInt(lastValidBlockHeight),
      simulated: budget.simulated,
    };
  }
}
