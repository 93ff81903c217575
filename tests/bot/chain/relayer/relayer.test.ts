/**
 * ChainRelayer against the localnet: what it signs, exactly once per key (concurrently,
 * again, and after a restart), and recovery from dropped transactions, RPC errors,
 * 429s and timeouts (the localnet's fault hooks).
 */
import { ComputeBudgetProgram, type Connection, type Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TxOutcome } from "../../../../bot/core/ports.js";
import { flagPda, staleVotePda, vaultPda } from "../../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../../bot/chain/program.js";
import type { FeeSettings } from "../../../../bot/chain/relayer/compute-budget.js";
import { InMemoryRelayJournal, type RelayJournal } from "../../../../bot/chain/relayer/journal.js";
import { ChainRelayer } from "../../../../bot/chain/relayer/relayer.js";
import { relayConnection, sleep } from "../../../../bot/chain/relayer/rpc.js";
import { CampaignFixture, DAY, USDC, bytes32 } from "../support/campaign.js";
import { TestChain } from "../support/localnet.js";
import { Protocol } from "../support/protocol.js";

const LONG = 180_000;
const RATIONALE = Buffer.alloc(32, 5).toString("base64url");

let chain: TestChain;
let protocol: Protocol;
let feePayer: Keypair;
let campaign: CampaignFixture;
let attempt: number;

function relayer(
  journal: RelayJournal = new InMemoryRelayJournal(),
  timeoutMs = 2_000,
  tune: { connection?: Connection; pollIntervalMs?: number; fees?: FeeSettings } = {},
): ChainRelayer {
  const connection = tune.connection ?? relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl, timeoutMs });
  return new ChainRelayer({
    program: pepfundProgram(connection, feePayer),
    feePayer,
    authority: protocol.relay,
    journal,
    pollIntervalMs: tune.pollIntervalMs ?? 100,
    retry: { attempts: 8, baseDelayMs: 50, maxDelayMs: 1_000 },
    ...(tune.fees === undefined ? {} : { fees: tune.fees }),
  });
}

/** The compute-unit limit and price a confirmed transaction carried, read back from the chain. */
async function computeBudgetOf(signature: string): Promise<{ limit: number | null; price: bigint | null; first: string[]; used: number; fee: number }> {
  const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  const { message } = tx!.transaction;
  const programOf = (ix: { programIdIndex: number }) => message.staticAccountKeys[ix.programIdIndex]!;
  let limit: number | null = null;
  let price: bigint | null = null;
  for (const ix of message.compiledInstructions) {
    if (!programOf(ix).equals(ComputeBudgetProgram.programId)) continue;
    const data = Buffer.from(ix.data);
    if (data[0] === 2) limit = data.readUInt32LE(1);
    if (data[0] === 3) price = data.readBigUInt64LE(1);
  }
  const first = message.compiledInstructions.slice(0, 2).map((ix) => programOf(ix).toBase58());
  return { limit, price, first, used: tx!.meta!.computeUnitsConsumed ?? 0, fee: tx!.meta!.fee };
}

type Counted = "getLatestBlockhash" | "sendRawTransaction" | "getSignatureStatuses" | "getBlockHeight" | "simulateTransaction";

/** A relay connection that counts its calls of the `Counted` methods (and the bytes sent, and whether the node was asked to simulate them first). */
function countingConnection(wsUrl = chain.wsUrl) {
  const calls: Record<Counted, number> = { getLatestBlockhash: 0, sendRawTransaction: 0, getSignatureStatuses: 0, getBlockHeight: 0, simulateTransaction: 0 };
  const sent: string[] = [];
  const preflights: boolean[] = [];
  const connection = new Proxy(relayConnection(chain.rpcUrl, { wsUrl, timeoutMs: 2_000 }), {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || !(key in calls)) return value;
      return (...args: unknown[]) => {
        calls[key as Counted] += 1;
        if (key === "sendRawTransaction") {
          sent.push(Buffer.from(args[0] as Uint8Array).toString("base64"));
          preflights.push((args[1] as { skipPreflight?: boolean } | undefined)?.skipPreflight !== true);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { connection, calls, sent, preflights };
}

/** Small backers not used yet (contributions close before the milestone is submitted). */
let spare: Keypair[];
/** Each small backer's contribution: above the 0.1% flag minimum, far below the 10% quorum. */
const SMALL = 20n * USDC;
const SMALL_BACKERS = 34;
const RAISED = 10_000n * USDC + BigInt(SMALL_BACKERS) * SMALL;

/** An unused backer who deposits everything and, unless told not to, names the relay authority delegate. */
async function depositingBacker(delegate = true): Promise<Keypair> {
  const backer = spare.shift();
  if (backer === undefined) throw new Error("no spare backer left: add one to the fixture");
  await campaign.deposit(backer, SMALL);
  if (delegate) await campaign.setDelegate(backer, protocol.relay.publicKey);
  return backer;
}

function flagInput(owner: Keypair) {
  return { campaign: campaign.address.toBase58(), owner: owner.publicKey.toBase58(), milestoneIndex: 0, attempt, rationaleId: RATIONALE };
}

/** `journal` with some of its methods replaced (a crash, a race), the rest its own. */
function journalWith(journal: RelayJournal, replaced: Partial<RelayJournal>): RelayJournal {
  return {
    get: replaced.get ?? ((key) => journal.get(key)),
    begin: replaced.begin ?? ((key, signed) => journal.begin(key, signed)),
    replace: replaced.replace ?? ((key, previous, signed) => journal.replace(key, previous, signed)),
    finish: replaced.finish ?? ((key, outcome) => journal.finish(key, outcome)),
  };
}

function confirmed(outcome: TxOutcome): string {
  if (outcome.status !== "confirmed") throw new Error(`expected confirmed, got ${JSON.stringify(outcome)}`);
  return outcome.signature;
}

/** The fee payer is the first key, signs, and is named by no instruction; returns the transaction. */
async function expectFeeOnly(signature: string) {
  const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  const { message } = tx!.transaction;
  expect(message.staticAccountKeys[0]!.equals(feePayer.publicKey)).toBe(true);
  for (const ix of message.compiledInstructions) expect(ix.accountKeyIndexes).not.toContain(0);
  return tx!;
}

async function flagsOnChain(owner: Keypair): Promise<number> {
  const address = flagPda(campaign.address, 0, attempt, owner.publicKey);
  return (await chain.connection.getSignaturesForAddress(address)).length;
}

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  feePayer = await chain.fundedKeypair(1);
  campaign = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [10_000n * USDC, ...Array<bigint>(SMALL_BACKERS).fill(SMALL)]);
  spare = campaign.backers.slice(1);
  attempt = await campaign.submitMilestone(0);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

describe("ChainRelayer", () => {
  it("GIVEN a holder's delegation THEN the flag confirms; the fee payer pays only the fee and is in no instruction", async () => {
    const backer = await depositingBacker();
    const before = await chain.connection.getBalance(feePayer.publicKey);
    const signature = confirmed(await relayer().flag(flagInput(backer), "flag-1"));

    const tx = await expectFeeOnly(signature);
    expect(tx.transaction.signatures).toHaveLength(2); // fee payer + relay authority
    expect(before - (await chain.connection.getBalance(feePayer.publicKey))).toBe(tx.meta!.fee);
    const record = await protocol.as(protocol.relay).account.flagRecord.fetch(flagPda(campaign.address, 0, attempt, backer.publicKey));
    expect(record.owner.equals(backer.publicKey)).toBe(true);
    expect(Buffer.from(record.rationale).toString("base64url")).toBe(RATIONALE);
  });

  it("GIVEN default fees (auto) THEN the flag starts with a simulated unit limit above what it used, and the localnet's fee estimate (0)", async () => {
    const backer = await depositingBacker();
    const budget = await computeBudgetOf(confirmed(await relayer().flag(flagInput(backer), "flag-auto-fees")));
    expect(budget.first).toEqual([ComputeBudgetProgram.programId.toBase58(), ComputeBudgetProgram.programId.toBase58()]);
    expect(budget.price).toBe(0n);
    expect(budget.used).toBeGreaterThan(0);
    expect(budget.limit).toBeGreaterThan(budget.used);
    expect(budget.limit).toBeLessThan(200_000);
  });

  it("GIVEN a configured price and limit THEN the confirmed flag carries both, and the fee payer pays the priority fee on top", async () => {
    const backer = await depositingBacker();
    const fees = { price: 1_234, maxPrice: 10_000, percentile: 75, unitLimit: 150_000 };
    const before = await chain.connection.getBalance(feePayer.publicKey);
    const signature = confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { fees }).flag(flagInput(backer), "flag-fixed-fees"));
    const budget = await computeBudgetOf(signature);
    expect(budget).toMatchObject({ limit: 150_000, price: 1_234n });
    // Two signatures at 5,000 lamports, plus ceil(1,234 x 150,000 / 1,000,000) = 186 lamports.
    expect(budget.fee).toBe(2 * 5_000 + 186);
    expect(before - (await chain.connection.getBalance(feePayer.publicKey))).toBe(budget.fee);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN default fees THEN the simulation that chose the limit is the only one: the flag is sent without the node's preflight and confirms", async () => {
    const backer = await depositingBacker();
    const { connection, calls, preflights } = countingConnection();
    confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { connection }).flag(flagInput(backer), "flag-one-simulation"));
    expect(calls.simulateTransaction).toBe(1);
    expect(preflights).toEqual([false]);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN sendAfter THEN the flag is simulated and signed at once, journaled and sent only once it resolves, with one journal call before the send", async () => {
    const backer = await depositingBacker();
    const { connection, calls } = countingConnection();
    const journal = new InMemoryRelayJournal();
    const journaled: string[] = [];
    const watched = journalWith(journal, {
      get: (key) => (journaled.push("get"), journal.get(key)),
      begin: (key, signed) => (journaled.push("begin"), journal.begin(key, signed)),
    });
    let ready = () => undefined as void;
    const sendAfter = new Promise<void>((resolve) => (ready = resolve));
    const relaying = relayer(watched, 2_000, { connection }).flag(flagInput(backer), "flag-send-after", { sendAfter });
    await vi.waitFor(() => expect(calls.simulateTransaction).toBe(1));
    await sleep(100);
    expect([journaled, calls.sendRawTransaction, await flagsOnChain(backer)]).toEqual([[], 0, 0]);
    ready();
    confirmed(await relaying);
    // Already signed when it resolved: `begin` alone, no lookup first.
    expect(journaled).toEqual(["begin"]);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN sendAfter rejects THEN the flag rejects with its error, nothing is journaled or sent, and the key is free for a later flag", async () => {
    const backer = await depositingBacker();
    const { connection, calls } = countingConnection();
    const journal = new InMemoryRelayJournal();
    const r = relayer(journal, 2_000, { connection });
    const sendAfter = sleep(50).then(() => Promise.reject(new Error("rationale upload failed")));
    await expect(r.flag(flagInput(backer), "flag-send-after-fails", { sendAfter })).rejects.toThrow("rationale upload failed");
    expect([await journal.get("flag-send-after-fails"), calls.sendRawTransaction, await flagsOnChain(backer)]).toEqual([null, 0, 0]);
    confirmed(await r.flag(flagInput(backer), "flag-send-after-fails"));
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN a configured limit (nothing simulated before signing) THEN the node's preflight runs on the first send", async () => {
    const backer = await depositingBacker();
    const { connection, calls, preflights } = countingConnection();
    const fees = { price: 0, maxPrice: 10_000, percentile: 75, unitLimit: 150_000 };
    confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { connection, fees }).flag(flagInput(backer), "flag-preflight"));
    expect(calls.simulateTransaction).toBe(0);
    expect(preflights).toEqual([true]);
  });

  it("GIVEN a refusal in the simulation THEN the node's preflight reports the program's code, and nothing is broadcast", async () => {
    const backer = await depositingBacker(false);
    const { connection, preflights } = countingConnection();
    const outcome = await relayer(new InMemoryRelayJournal(), 2_000, { connection }).flag(flagInput(backer), "flag-refused-simulation");
    expect(outcome).toMatchObject({ status: "failed", signature: null, code: "NotHolderOrDelegate" });
    expect(preflights).toEqual([true]);
    expect(await flagsOnChain(backer)).toBe(0);
  });

  it("GIVEN the holder flags between the relayer's simulation and its send THEN the relayed flag lands failed as AlreadyFlagged, with its signature, and one flag counts", async () => {
    const backer = await depositingBacker();
    const journal = new InMemoryRelayJournal();
    const racing = journalWith(journal, {
      // Journaled after the simulation, before the first broadcast: the holder's own flag lands first.
      begin: async (key, signed) => {
        await campaign.flag(backer, 0, attempt, backer, bytes32(9));
        return journal.begin(key, signed);
      },
    });
    const flagsBefore = (await campaign.fetch()).milestones[0]!.flagCount;
    const outcome = await relayer(racing).flag(flagInput(backer), "flag-race");
    expect(outcome).toMatchObject({ status: "failed", code: "TransactionFailed", message: "AlreadyFlagged" });
    expect(outcome.signature).not.toBeNull();
    expect((await campaign.fetch()).milestones[0]!.flagCount).toBe(flagsBefore + 1);
    const record = await protocol.as(protocol.relay).account.flagRecord.fetch(flagPda(campaign.address, 0, attempt, backer.publicKey));
    expect(Buffer.from(record.rationale)).toEqual(Buffer.alloc(32, 9));
  });

  it("GIVEN a key whose outcome is journaled THEN that outcome is answered, even when the instruction can no longer be built", async () => {
    const backer = await depositingBacker();
    const journal = new InMemoryRelayJournal();
    const first = await relayer(journal).flag(flagInput(backer), "flag-known-key");
    confirmed(first);
    const { connection, calls } = countingConnection();
    expect(await relayer(journal, 2_000, { connection }).flag({ ...flagInput(backer), owner: "not-a-key" }, "flag-known-key")).toEqual(first);
    expect(calls.sendRawTransaction).toBe(0);
    // Nor does it wait for the node: a node that never answers does not hold up the stored outcome.
    const silent = new Proxy(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === "function" ? () => new Promise(() => undefined) : value;
      },
    });
    expect(await relayer(journal, 2_000, { connection: silent }).flag(flagInput(backer), "flag-known-key")).toEqual(first);
  });

  it("GIVEN a configured price above the cap THEN the cap is paid, never more", async () => {
    const backer = await depositingBacker();
    const fees = { price: 50_000, maxPrice: 2_000, percentile: 75, unitLimit: 100_000 };
    const signature = confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { fees }).flag(flagInput(backer), "flag-capped-fees"));
    expect(await computeBudgetOf(signature)).toMatchObject({ limit: 100_000, price: 2_000n });
  });

  it("GIVEN the same key twice at once and once more later THEN one transaction, one outcome", async () => {
    const backer = await depositingBacker();
    const r = relayer();
    const [a, b] = await Promise.all([r.flag(flagInput(backer), "flag-2"), r.flag(flagInput(backer), "flag-2")]);
    expect(b).toEqual(a);
    expect(await r.flag(flagInput(backer), "flag-2")).toEqual(a);
    confirmed(a);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN a crash after broadcast (journal kept, outcome not recorded) THEN a restarted relayer resumes the same signature", async () => {
    const backer = await depositingBacker();
    const journal = new InMemoryRelayJournal();
    const crashing = journalWith(journal, { finish: () => Promise.reject(new Error("process killed")) });
    await expect(relayer(crashing).flag(flagInput(backer), "flag-3")).rejects.toThrow("process killed");
    const journaled = await journal.get("flag-3");
    const outcome = await relayer(journal).flag(flagInput(backer), "flag-3");
    expect(confirmed(outcome)).toBe(journaled!.signature);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN the first relayer journaled the flag but never got it sent THEN a second sends those same bytes and they land", async () => {
    const backer = await depositingBacker();
    const journal = new InMemoryRelayJournal();
    // The first relayer's process dies as it sends: its send never happens and never returns.
    const dying = new Proxy(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl, timeoutMs: 2_000 }), {
      get(target, key, receiver) {
        if (key === "sendRawTransaction") return () => new Promise(() => undefined);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    void relayer(journal, 2_000, { connection: dying }).flag(flagInput(backer), "flag-unsent");
    let journaled = await journal.get("flag-unsent");
    while (journaled === null) {
      await sleep(50);
      journaled = await journal.get("flag-unsent");
    }
    expect(journaled.outcome).toBeNull();
    expect(await flagsOnChain(backer)).toBe(0);

    const { connection, sent } = countingConnection();
    const outcome = await relayer(journal, 2_000, { connection }).flag(flagInput(backer), "flag-unsent");
    expect(confirmed(outcome)).toBe(journaled.signature);
    expect(sent[0]).toBe(Buffer.from(journaled.transaction).toString("base64"));
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN the node drops the transaction THEN the same bytes are rebroadcast and land (no second signature)", async () => {
    const backer = await depositingBacker();
    const journal = new InMemoryRelayJournal();
    await chain.setFaults({ dropNextTransactions: 2 });
    const signature = confirmed(await relayer(journal).flag(flagInput(backer), "flag-4"));
    expect((await journal.get("flag-4"))!.signature).toBe(signature);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it(
    "GIVEN every broadcast dropped until the blockhash expires THEN the relayer re-signs once and the new transaction lands; the old one never does",
    async () => {
      const backer = await depositingBacker();
      const journal = new InMemoryRelayJournal();
      await chain.setFaults({ dropNextTransactions: 1_000_000 });
      const pending = relayer(journal).flag(flagInput(backer), "flag-expiry");
      let first: string | undefined;
      for (;;) {
        const entry = await journal.get("flag-expiry");
        first ??= entry?.signature;
        if (entry && entry.signature !== first) break;
        await sleep(200);
      }
      await chain.setFaults({ dropNextTransactions: 0 });
      const signature = confirmed(await pending);
      expect(signature).not.toBe(first);
      const { value } = await chain.connection.getSignatureStatuses([first!], { searchTransactionHistory: true });
      expect(value[0]).toBeNull();
      expect(await flagsOnChain(backer)).toBe(1);
    },
    LONG,
  );

  it("GIVEN dropped broadcasts (no notification can come) THEN the poll rebroadcasts the same bytes until they land", async () => {
    const backer = await depositingBacker();
    const { connection, sent } = countingConnection();
    await chain.setFaults({ dropNextTransactions: 2 });
    const signature = confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { connection }).flag(flagInput(backer), "flag-drop-sub"));
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sent).size).toBe(1);
    expect(await flagsOnChain(backer)).toBe(1);
    const landed = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(landed?.meta?.err).toBeNull();
  });

  it("GIVEN no WebSocket (notifications never come) THEN the status poll alone confirms the flag", async () => {
    const backer = await depositingBacker();
    const { connection, calls } = countingConnection("ws://127.0.0.1:9");
    confirmed(await relayer(new InMemoryRelayJournal(), 2_000, { connection }).flag(flagInput(backer), "flag-no-ws"));
    expect(calls.getSignatureStatuses).toBeGreaterThanOrEqual(1);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN a poll interval longer than the test THEN the WebSocket notification alone confirms the flag, with no status poll", async () => {
    const backer = await depositingBacker();
    const { connection, calls } = countingConnection();
    const outcome = await relayer(new InMemoryRelayJournal(), 2_000, { connection, pollIntervalMs: 3_600_000 }).flag(flagInput(backer), "flag-ws");
    confirmed(outcome);
    expect(calls.getSignatureStatuses).toBe(0);
    expect(calls.sendRawTransaction).toBe(1);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN eight flags at once THEN each lands once, and they share the blockhash instead of asking the node eight times", async () => {
    const backers = await Promise.all(Array.from({ length: 8 }, () => depositingBacker()));
    const { connection, calls } = countingConnection();
    const r = relayer(new InMemoryRelayJournal(), 2_000, { connection });
    const outcomes = await Promise.all(backers.map((backer, i) => r.flag(flagInput(backer), `flag-batch-${i}`)));
    expect(new Set(outcomes.map(confirmed)).size).toBe(8);
    expect(calls.sendRawTransaction).toBe(8);
    expect(calls.getLatestBlockhash).toBeLessThan(8);
    for (const backer of backers) expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN RPC errors, then 429s THEN the relayer retries and the flag lands once", async () => {
    for (const [faults, key] of [
      [{ failNextRequests: 3 }, "flag-5"],
      [{ rateLimitNextRequests: 3 }, "flag-6"],
    ] as const) {
      const backer = await depositingBacker();
      await chain.setFaults(faults);
      confirmed(await relayer().flag(flagInput(backer), key));
      expect(await flagsOnChain(backer)).toBe(1);
    }
  });

  it("GIVEN requests slower than the timeout for a while THEN the relayer retries and the flag lands once", async () => {
    const backer = await depositingBacker();
    await chain.setFaults({ delayMs: 1_500 });
    const pending = relayer(new InMemoryRelayJournal(), 500).flag(flagInput(backer), "flag-7");
    await sleep(1_000);
    await chain.setFaults({ delayMs: 0 });
    confirmed(await pending);
    expect(await flagsOnChain(backer)).toBe(1);
  });

  it("GIVEN a holder who did not name the relayer delegate THEN NotHolderOrDelegate, nothing broadcast", async () => {
    const backer = await depositingBacker(false);
    const outcome = await relayer().flag(flagInput(backer), "flag-8");
    expect(outcome).toMatchObject({ status: "failed", signature: null, code: "NotHolderOrDelegate" });
    expect(await flagsOnChain(backer)).toBe(0);
  });

  it("GIVEN inputs that name no account THEN a failed outcome, never a throw", async () => {
    const r = relayer();
    const bad = await r.flag({ ...flagInput(feePayer), owner: "not-a-key" }, "bad-1");
    expect(bad).toMatchObject({ status: "failed", code: "TransactionFailed", signature: null });
    const short = await r.flag({ ...flagInput(feePayer), rationaleId: "abc" }, "bad-2");
    expect(short).toMatchObject({ status: "failed", code: "TransactionFailed" });
    const missing = await r.finalizeMilestone({ campaign: PublicKey.default.toBase58(), milestoneIndex: 0 }, "bad-3");
    expect(missing).toMatchObject({ status: "failed", code: "TransactionFailed" });
  });

  it(
    "GIVEN the window closed THEN the finalize crank releases the tranche once, paid by the fee payer alone",
    async () => {
      const r = relayer();
      const early = await r.finalizeMilestone({ campaign: campaign.address.toBase58(), milestoneIndex: 0 }, "finalize-early");
      expect(early).toMatchObject({ status: "failed", code: "WindowOpen", signature: null });
      await chain.advanceClock(await campaign.windowLeft(0));
      const outcome = await r.finalizeMilestone({ campaign: campaign.address.toBase58(), milestoneIndex: 0 }, "finalize-0");
      const tx = await expectFeeOnly(confirmed(outcome));
      expect(tx.transaction.signatures).toHaveLength(1); // a crank: the fee payer's signature only
      const tranche = (RAISED * 3_000n) / 10_000n;
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(tranche);
      expect(await r.finalizeMilestone({ campaign: campaign.address.toBase58(), milestoneIndex: 0 }, "finalize-0")).toEqual(outcome);
      expect(await chain.tokenBalance(vaultPda(campaign.address))).toBe(RAISED - tranche);
    },
    LONG,
  );

  it(
    "GIVEN a researcher who never held USDC THEN the finalize crank opens their USDC account, paid by the relay authority, and releases the tranche into it",
    async () => {
      const fresh = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC], { researcherWithoutUsdc: true });
      expect(await chain.connection.getAccountInfo(fresh.researcherUsdc)).toBeNull();
      await fresh.submitMilestone(0);
      await chain.advanceClock(await fresh.windowLeft(0));
      const authorityBefore = await chain.connection.getBalance(protocol.relay.publicKey);
      const outcome = confirmed(await relayer().finalizeMilestone({ campaign: fresh.address.toBase58(), milestoneIndex: 0 }, "finalize-fresh-researcher"));
      const tx = await expectFeeOnly(outcome);
      expect(tx.transaction.signatures).toHaveLength(2); // the fee payer's, and the relay authority's for the rent
      expect(await chain.tokenBalance(fresh.researcherUsdc)).toBe((1_000n * USDC * 3_000n) / 10_000n);
      const rent = await chain.connection.getMinimumBalanceForRentExemption(165);
      expect(authorityBefore - (await chain.connection.getBalance(protocol.relay.publicKey))).toBe(rent);
    },
    LONG,
  );

  it(
    "GIVEN an overdue campaign THEN the relayer opens and supports a stale review for delegating holders and finalizes it",
    async () => {
      const stale = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
      const [alice, bob] = stale.backers;
      for (const backer of [alice!, bob!]) {
        await stale.deposit(backer, 100n * USDC);
        await stale.setDelegate(backer, protocol.relay.publicKey);
      }
      const due = (await stale.fetch()).milestones[0]!.estimatedCompletion.toNumber();
      await chain.advanceClock(due + 90 * DAY - (await chain.now()));
      const r = relayer();
      const address = stale.address.toBase58();
      confirmed(await r.staleOpen({ campaign: address, owner: alice!.publicKey.toBase58(), round: 1 }, "stale-open"));
      confirmed(await r.staleSupport({ campaign: address, owner: bob!.publicKey.toBase58(), round: 1 }, "stale-support"));
      const vote = await protocol.as(protocol.relay).account.staleVote.fetch(staleVotePda(stale.address, 1, bob!.publicKey));
      expect(vote.weight.toString()).toBe((100n * USDC).toString());
      await chain.advanceClock(7 * DAY);
      confirmed(await r.finalizeStale({ campaign: address }, "stale-finalize"));
      expect((await stale.fetch()).status).toEqual({ abandoned: {} });
    },
    LONG,
  );
});
