/**
 * The background work of one bot process: outbox delivery, the flag relay resumer, the
 * signing resumer, the scheduler, the campaign directory, pruning of expired rows, and the
 * chain indexer when its module is present. Each is a loop (loop.ts) stopped by App.stop.
 * All are safe with several replicas: delivery claims outbox messages under a lease (taken
 * over at once from a dead process on the same host); flag requests advance by conditional
 * writes and relay by idempotency key, as signed transactions are sent by theirs; cranks are
 * keyed in the relayer's journal and notices by outbox dedupe keys.
 */
import type { ChainReader, ChatNotifier, ChatPlatforms, ChatTarget, Clock, EvidenceStore, Platform, Relayer, Store, WalletTransactions } from "../core/ports.js";
import { ownerIsDead, thisProcess } from "../core/process-owner.js";
import { deliverOutbox, releaseDeadSenders } from "../core/usecases/deliver-outbox.js";
import { resumeFlags } from "../core/usecases/flag-relay.js";
import { resumeSigning } from "../core/usecases/signing-requests.js";
import type { Config } from "./config.js";
import { startDirectoryWorker } from "./directory-worker.js";
import type { Logger } from "./logger.js";
import { type Loop, startLoop } from "./loop.js";
import { type CrankRetries, schedulerPass } from "./scheduler.js";
import type { PoolReader } from "../core/pools.js";

/** Messages claimed per delivery pass. */
const DELIVERY_BATCH = 50;
/** Flag requests resumed per pass. */
const RESUME_BATCH = 20;
/** Signing requests resumed per pass. */
const SIGNING_RESUME_BATCH = 20;
/** Expired rows are pruned this often (bot/store/retention.ts says what and why). */
const RETENTION_INTERVAL_MS = 3_600_000;

export interface WorkerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly chain: ChainReader;
  /** Reward pools: the scheduler cranks their KPI windows and disputes too, and resumed KPI flags name their pool. */
  readonly pools?: Pick<PoolReader, "listPools" | "getPool">;
  readonly relayer: Relayer;
  /** Sends wallet-signed transactions: the signing resumer finishes those a dead process had claimed. */
  readonly wallet: WalletTransactions;
  /** `null` without evidence storage: flags cannot upload rationales, so none are resumed. */
  readonly evidence: EvidenceStore | null;
  readonly gatewayUrl: string;
  readonly notifiers: Partial<Record<Platform, ChatNotifier>>;
  readonly chainNow: () => Promise<number>;
  readonly teamChats: readonly ChatTarget[];
  /** How each platform is reached: subscriptions, and the requester of a resumed flag or signing. */
  readonly platforms: ChatPlatforms;
  /** Deletes rows past their retention at `now`, returning how many of each kind. */
  readonly pruneExpired: (now: Date) => Promise<Readonly<Record<string, number>>>;
  /** Starts the chain indexer (bot/chain/indexer) when it is composed; returns its stop. */
  readonly startIndexer: (() => Promise<() => Promise<void>>) | null;
}

/** The running workers. */
export interface Workers {
  readonly loops: readonly Loop[];
  /** Names of every started worker (the indexer included). */
  readonly started: readonly string[];
  stop(): Promise<void>;
}

export async function startWorkers(deps: WorkerDeps, config: Config, log: Logger): Promise<Workers> {
  const loops: Loop[] = [];
  const owner = thisProcess();
  loops.push(
    startLoop("outbox", config.OUTBOX_INTERVAL_MS, async () => {
      const delivery = { store: deps.store, notifiers: deps.notifiers, clock: deps.clock, owner };
      // A sender that died on this host (this process's previous run, say) would hold its chats
      // back until its leases end: free them first.
      const released = await releaseDeadSenders(delivery, (other) => ownerIsDead(other, owner));
      if (released > 0) log.info(`outbox: took over ${released} message(s) of a dead sender`);
      const report = await deliverOutbox(delivery, DELIVERY_BATCH);
      if (report.sent + report.retried + report.failed > 0) log.info(`outbox: ${JSON.stringify(report)}`);
    }, log),
  );
  const evidence = deps.evidence;
  if (evidence === null) {
    log.warn("worker flag-resume: disabled (no evidence storage to upload rationales)");
  } else {
    loops.push(
      startLoop("flag-resume", config.FLAG_RESUME_INTERVAL_MS, async () => {
        const finished = await resumeFlags(
          { store: deps.store, evidence, relayer: deps.relayer, clock: deps.clock, gatewayUrl: deps.gatewayUrl, chain: deps.chain, platforms: deps.platforms, ...(deps.pools === undefined ? {} : { pools: deps.pools }) },
          { staleAfterMs: config.FLAG_RESUME_AFTER_MS, limit: RESUME_BATCH },
        );
        if (finished > 0) log.info(`flag-resume: finished ${finished} request(s)`);
      }, log),
    );
  }
  loops.push(
    startLoop("signing-resume", config.SIGNING_RESUME_INTERVAL_MS, async () => {
      const finished = await resumeSigning(
        { store: deps.store, clock: deps.clock, wallet: deps.wallet, chain: deps.chain, platforms: deps.platforms },
        { staleAfterMs: config.SIGNING_RESUME_AFTER_MS, limit: SIGNING_RESUME_BATCH },
      );
      if (finished > 0) log.info(`signing-resume: finished ${finished} request(s)`);
    }, log),
  );
  const retries: CrankRetries = new Map();
  loops.push(
    startLoop("scheduler", config.SCHEDULER_INTERVAL_MS, async () => {
      const report = await schedulerPass({ ...deps, now: deps.chainNow, log, retries });
      if (report.cranks + report.notices > 0) log.info(`scheduler: ${JSON.stringify(report)}`);
    }, log),
  );
  loops.push(startDirectoryWorker(deps, log));
  loops.push(
    startLoop("retention", RETENTION_INTERVAL_MS, async () => {
      const pruned = await deps.pruneExpired(deps.clock.now());
      if (Object.values(pruned).some((n) => n > 0)) log.info(`retention: pruned ${JSON.stringify(pruned)}`);
    }, log),
  );
  const started = loops.map((l) => l.name);
  let stopIndexer: (() => Promise<void>) | null = null;
  if (deps.startIndexer === null) {
    log.warn("worker indexer: not composed in this build (bot/chain/indexer not present)");
  } else {
    stopIndexer = await deps.startIndexer();
    started.push("indexer");
    log.info("worker indexer: started");
  }
  return {
    loops,
    started,
    stop: async () => {
      await stopIndexer?.();
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
