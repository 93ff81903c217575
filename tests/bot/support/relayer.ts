/**
 * Doubles for the chain helper's Relayer and WalletTransactions ports (the network edge the
 * core tests do not reach): idempotent by key as the real ones promise, recording every call,
 * and able to "crash" right after a transaction went out, as a process killed at that point.
 */
import { randomBytes } from "node:crypto";
import { base58Encode } from "../../../bot/core/linking/encoding.js";
import type { RelayOptions, Relayer, TxOutcome, WalletAction, WalletTransactions } from "../../../bot/core/ports.js";
import { signerOf } from "../../../bot/core/usecases/signing-requests.js";
import { randomAddress } from "./fakes.js";

function signature(): string {
  return base58Encode(new Uint8Array(randomBytes(64)));
}

/** A relayer whose transactions land (or fail with a chosen code), once per key. */
export class FakeRelayer implements Relayer {
  readonly authority = randomAddress();
  /** Transactions sent, by idempotency key. */
  readonly sent = new Map<string, { method: string; input: unknown; outcome: TxOutcome }>();
  /** Every call, including repeats of a key. */
  readonly calls: { method: string; key: string }[] = [];
  /** The next new transaction fails with this program code. */
  failWith: Extract<TxOutcome, { status: "failed" }>["code"] | null = null;
  /** The next call sends its transaction, then throws as if the process died. */
  crashAfterSend = false;
  /** The next call throws before sending (RPC down). */
  downBeforeSend = false;

  private send(method: string, input: unknown, key: string): Promise<TxOutcome> {
    this.calls.push({ method, key });
    if (this.downBeforeSend) {
      this.downBeforeSend = false;
      return Promise.reject(new Error("ChainUnavailable: RPC down"));
    }
    let sent = this.sent.get(key);
    if (sent === undefined) {
      const sig = signature();
      const outcome: TxOutcome =
        this.failWith === null
          ? { status: "confirmed", signature: sig, slot: 42n }
          : { status: "failed", signature: sig, code: this.failWith, message: `program refused: ${this.failWith}` };
      this.failWith = null;
      sent = { method, input, outcome };
      this.sent.set(key, sent);
    }
    if (this.crashAfterSend) {
      this.crashAfterSend = false;
      return Promise.reject(new Error("process killed after broadcast"));
    }
    return Promise.resolve(sent.outcome);
  }
  /** As the real relayer: nothing is sent before `sendAfter`, nothing at all if it rejects. */
  async flag(input: Parameters<Relayer["flag"]>[0], key: string, options: RelayOptions = {}) {
    await options.sendAfter;
    return this.send("flag", input, key);
  }
  staleOpen(input: Parameters<Relayer["staleOpen"]>[0], key: string) {
    return this.send("staleOpen", input, key);
  }
  staleSupport(input: Parameters<Relayer["staleSupport"]>[0], key: string) {
    return this.send("staleSupport", input, key);
  }
  finalizeMilestone(input: Parameters<Relayer["finalizeMilestone"]>[0], key: string) {
    return this.send("finalizeMilestone", input, key);
  }
  finalizeStale(input: Parameters<Relayer["finalizeStale"]>[0], key: string) {
    return this.send("finalizeStale", input, key);
  }
  closeFundraising(input: Parameters<Relayer["closeFundraising"]>[0], key: string) {
    return this.send("closeFundraising", input, key);
  }
  claimAllocation(input: Parameters<Relayer["claimAllocation"]>[0], key: string) {
    return this.send("claimAllocation", input, key);
  }
  lapseDispute(input: Parameters<Relayer["lapseDispute"]>[0], key: string) {
    return this.send("lapseDispute", input, key);
  }

  async poolFlag(input: Parameters<Relayer["poolFlag"]>[0], key: string, options: RelayOptions = {}) {
    await options.sendAfter;
    return this.send("poolFlag", input, key);
  }

  finalizePool(input: Parameters<Relayer["finalizePool"]>[0], key: string) {
    return this.send("finalizePool", input, key);
  }

  lapsePoolDispute(input: Parameters<Relayer["lapsePoolDispute"]>[0], key: string) {
    return this.send("lapsePoolDispute", input, key);
  }
}

/**
 * Wallet transactions: `prepare` returns the action's bytes; `submitSigned` accepts only
 * `signedBy(action)` bytes (as the real one checks the expected wallet's signature), sending
 * once per key.
 */
export class FakeWalletTransactions implements WalletTransactions {
  readonly sent = new Map<string, { action: WalletAction; outcome: TxOutcome }>();
  readonly prepared: WalletAction[] = [];
  /** The next submission throws before sending (RPC down). */
  downBeforeSend = false;

  static signedBy(signer: string): Uint8Array {
    return new TextEncoder().encode(`signed-by:${signer}`);
  }
  prepare(action: WalletAction) {
    this.prepared.push(action);
    return Promise.resolve({ transaction: new TextEncoder().encode(JSON.stringify({ kind: action.kind })), lastValidBlockHeight: 100n });
  }
  prepareUnsigned(action: WalletAction) {
    return Promise.resolve({ transaction: new TextEncoder().encode(JSON.stringify({ kind: action.kind, unsigned: true })), lastValidBlockHeight: 100n });
  }
  submitSigned(action: WalletAction, signed: Uint8Array, key: string): Promise<TxOutcome> {
    if (this.downBeforeSend) {
      this.downBeforeSend = false;
      return Promise.reject(new Error("ChainUnavailable: RPC down"));
    }
    const signer = signerOf(action);
    if (Buffer.from(signed).toString() !== `signed-by:${signer}`) {
      return Promise.resolve({ status: "failed", signature: null, code: "TransactionFailed", message: "not signed by the expected wallet" });
    }
    let sent = this.sent.get(key);
    if (sent === undefined) {
      sent = { action, outcome: { status: "confirmed", signature: signature(), slot: 7n } };
      this.sent.set(key, sent);
    }
    return Promise.resolve(sent.outcome);
  }
}
