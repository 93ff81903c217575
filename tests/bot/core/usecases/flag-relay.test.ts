/**
 * Carrying out accepted flags on the real database and a real local Arweave gateway, with
 * the chain helper's Relayer at the network edge replaced by an idempotent double. Crashes
 * are injected between every pair of steps; after resuming, the flag went out once and the
 * rationale was stored (at most one orphan upload when the crash fell between upload and
 * recording it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNotice } from "../../../../bot/core/notice-codec.js";
import type { ChatRef, Relayer, Store } from "../../../../bot/core/ports.js";
import { carryOutFlag, resumeFlags, type FlagRelayDeps } from "../../../../bot/core/usecases/flag-relay.js";
import { requestFlag } from "../../../../bot/core/usecases/flag-request.js";
import { createMetrics } from "../../../../bot/observability/metrics.js";
import { meteredRelayer } from "../../../../bot/observability/relay-metrics.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence, withPost } from "../../support/evidence.js";
import { FakeChain, ManualClock } from "../../support/fakes.js";
import { flaggingHolder } from "../../support/flagger.js";
import { FakeRelayer } from "../../support/relayer.js";
import { PLATFORMS } from "../../support/platforms.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal.stop();
});

let nextUser = 8000;

/** Gauge sources for metrics whose gauges no test reads. */
const NO_GAUGES = {
  outbox: () => Promise.resolve({ depth: 0, oldestAgeSeconds: 0 }),
  indexer: () => Promise.resolve({ lagSlots: 0, cursorAgeSeconds: 0 }),
  balances: () => Promise.resolve({ fee_payer: 1, relay_authority: 1 }),
};

describe.each(databaseKinds)("flag relay on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  // Real time: the rows' updatedAt, which resuming compares with, is the database client's clock.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** A fresh relay (its own relayer and counters) and an accepted request of a linked holder. */
  async function accepted(rationale = "Evidence link returns 404.") {
    const relayer = new FakeRelayer();
    const evidence = countingEvidence(arlocal);
    const deps: FlagRelayDeps = { store, evidence: evidence.store, relayer, clock, gatewayUrl: arlocal.url };
    nextUser += 1;
    const chat: ChatRef = { platform: "TELEGRAM", userId: String(nextUser), chatId: `-100${nextUser}` };
    const { wallet, view } = await flaggingHolder({ store, chain, clock }, chat, relayer.authority);
    const result = await requestFlag(
      { store, chain, clock, relayer: relayer.authority },
      { chat, campaign: view.address, milestoneIndex: 0, rationale },
    );
    if (!result.ok) throw new Error(`flag refused: ${result.code}`);
    return { deps, relayer, evidence, request: result.value.request, chat, wallet, view };
  }

  async function rowOf(id: string) {
    return db.prisma.flagRequest.findUniqueOrThrow({ where: { id } });
  }

  it("GIVEN an accepted request THEN the rationale is on Arweave, the flag is relayed with its id, and the row says CONFIRMED", async () => {
    const { deps, relayer, request, wallet, view } = await accepted("Figure 3 contradicts the raw data.");
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.outcome.status).toBe("confirmed");
    const [sent] = [...relayer.sent.values()];
    expect(sent?.input).toEqual({ campaign: view.address, owner: wallet, milestoneIndex: 0, attempt: 1, rationaleId: result.value.rationale.id });
    await arlocal.mine();
    const stored = await countingEvidence(arlocal).store.read(result.value.rationale.id, 10_000);
    expect(new TextDecoder().decode(stored.bytes)).toBe("Figure 3 contradicts the raw data.");
    expect(stored.contentType).toBe("text/plain; charset=utf-8");
    const row = await rowOf(request.id);
    expect([row.status, row.rationaleId, row.txSignature]).toEqual([
      "CONFIRMED",
      result.value.rationale.id,
      result.value.outcome.status === "confirmed" ? result.value.outcome.signature : null,
    ]);
  });

  it("GIVEN an accepted request THEN the relayer is asked while the rationale posts, and may send only once the rationale is stored and its id recorded SENT", async () => {
    const { deps, relayer, request } = await accepted();
    const events: string[] = [];
    let atSend: { status: string; rationaleId: string | null } | undefined;
    const watched: FlagRelayDeps = {
      ...deps,
      evidence: withPost(deps.evidence, (post) => post().then(() => void events.push("rationale stored"))),
      relayer: new Proxy(relayer, {
        get: (target, key, receiver): unknown =>
          key !== "flag"
            ? Reflect.get(target, key, receiver)
            : async (...[input, k, options]: Parameters<Relayer["flag"]>) => {
                events.push("relayer asked");
                await options?.sendAfter;
                const row = await rowOf(request.id);
                atSend = { status: row.status, rationaleId: row.rationaleId };
                return target.flag(input, k);
              },
      }),
    };
    const result = await carryOutFlag(watched, request.id);
    if (!result.ok) throw new Error(result.code);
    expect(events).toEqual(["relayer asked", "rationale stored"]);
    expect(atSend).toEqual({ status: "SENT", rationaleId: result.value.rationale.id });
    expect(relayer.sent.size).toBe(1);
  });

  it("GIVEN the rationale's upload fails THEN nothing is sent, the request stays ACCEPTED, and a later run uploads it and sends one flag", async () => {
    const { deps, relayer, evidence, request } = await accepted();
    const failing: FlagRelayDeps = { ...deps, evidence: withPost(deps.evidence, () => Promise.reject(new Error("every gateway failed"))) };
    await expect(carryOutFlag(failing, request.id)).rejects.toThrow("every gateway failed");
    expect([(await rowOf(request.id)).status, relayer.calls.length]).toEqual(["ACCEPTED", 0]);
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.outcome.status).toBe("confirmed");
    expect([evidence.counts.uploads, relayer.sent.size]).toEqual([1, 1]);
  });

  it("GIVEN the relayer metered as the app composes it AND the rationale's upload fails THEN still nothing is sent until a later run stored it", async () => {
    const { deps, relayer, request } = await accepted();
    const metered: FlagRelayDeps = { ...deps, relayer: meteredRelayer(relayer, createMetrics(NO_GAUGES)) };
    const failing: FlagRelayDeps = { ...metered, evidence: withPost(deps.evidence, () => Promise.reject(new Error("every gateway failed"))) };
    await expect(carryOutFlag(failing, request.id)).rejects.toThrow("every gateway failed");
    expect([(await rowOf(request.id)).status, relayer.calls.length]).toEqual(["ACCEPTED", 0]);
    const result = await carryOutFlag(metered, request.id);
    expect(result.ok && result.value.outcome.status).toBe("confirmed");
    expect([...relayer.sent.values()].map((s) => s.input)).toMatchObject([{ rationaleId: (await rowOf(request.id)).rationaleId }]);
  });

  it("GIVEN a finished request carried out again THEN nothing is uploaded or sent again and the same outcome comes back", async () => {
    const { deps, relayer, evidence, request } = await accepted();
    const first = await carryOutFlag(deps, request.id);
    const again = await carryOutFlag(deps, request.id);
    expect(evidence.counts.uploads).toBe(1);
    expect(relayer.calls).toHaveLength(1);
    expect(again.ok && again.value.outcome.signature).toBe(first.ok && first.value.outcome.signature);
  });

  it("GIVEN a crash after the upload but before its id was recorded THEN the resume uploads once more and still sends one flag", async () => {
    const { deps, relayer, evidence, request } = await accepted();
    const crashing: FlagRelayDeps = {
      ...deps,
      store: { ...store, flagRequests: { ...store.flagRequests, markSent: () => Promise.reject(new Error("killed")) } },
    };
    await expect(carryOutFlag(crashing, request.id)).rejects.toThrow("killed");
    expect((await rowOf(request.id)).status).toBe("ACCEPTED");
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.outcome.status).toBe("confirmed");
    expect(evidence.counts.uploads).toBe(2);
    expect(relayer.sent.size).toBe(1);
  });

  it("GIVEN a crash after the rationale id was recorded, before the relayer was asked THEN the resume never uploads it again and sends one flag", async () => {
    const { deps, relayer, evidence, request } = await accepted();
    relayer.downBeforeSend = true;
    await expect(carryOutFlag(deps, request.id)).rejects.toThrow("RPC down");
    const row = await rowOf(request.id);
    expect([row.status, row.rationaleId === null]).toEqual(["SENT", false]);
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.rationale.id).toBe(row.rationaleId);
    expect(evidence.counts.uploads).toBe(1);
    expect(relayer.sent.size).toBe(1);
  });

  it("GIVEN a request an earlier version left UPLOADED THEN it resumes as sent: no second upload, one flag, the row final", async () => {
    const { deps, relayer, evidence, request } = await accepted();
    relayer.downBeforeSend = true;
    await expect(carryOutFlag(deps, request.id)).rejects.toThrow("RPC down");
    await db.prisma.flagRequest.update({ where: { id: request.id }, data: { status: "UPLOADED" } });
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.outcome.status).toBe("confirmed");
    expect([evidence.counts.uploads, relayer.sent.size, (await rowOf(request.id)).status]).toEqual([1, 1, "CONFIRMED"]);
  });

  it("GIVEN a crash right after the transaction went out THEN the resume asks with the same key: one transaction, and the chat is told", async () => {
    clock.set(new Date());
    const { deps, relayer, request, chat } = await accepted();
    relayer.crashAfterSend = true;
    await expect(carryOutFlag(deps, request.id)).rejects.toThrow("killed");
    expect((await rowOf(request.id)).status).toBe("SENT");
    // Not yet stale: a live worker may still be on it.
    expect(await resumeFlags({ ...deps, chain, platforms: PLATFORMS }, { staleAfterMs: 60_000, limit: 100 })).toBe(0);
    clock.advance(61);
    const finished = await resumeFlags({ ...deps, chain, platforms: PLATFORMS }, { staleAfterMs: 60_000, limit: 100 });
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(relayer.sent.size).toBe(1);
    expect(relayer.calls.map((c) => c.key)).toEqual([request.idempotencyKey, request.idempotencyKey]);
    expect((await rowOf(request.id)).status).toBe("CONFIRMED");
    const told = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `flag-outcome:${request.id}` } } });
    expect(told.kind).toBe("notice:TELEGRAM");
    const payload = told.payload as { target: unknown; notice: unknown };
    // A personal outcome goes to the requester directly (a Telegram user's private chat), not the group they flagged in.
    expect(payload.target).toEqual({ platform: "TELEGRAM", chatId: chat.userId });
    expect(decodeNotice(payload.notice)).toMatchObject({ kind: "FlagOutcome", outcome: { status: "confirmed" } });
  });

  it("GIVEN the RPC down before sending THEN the request stays SENT and a later run confirms it once", async () => {
    const { deps, relayer, request } = await accepted();
    relayer.downBeforeSend = true;
    await expect(carryOutFlag(deps, request.id)).rejects.toThrow("RPC down");
    expect((await rowOf(request.id)).status).toBe("SENT");
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.outcome.status).toBe("confirmed");
    expect(relayer.sent.size).toBe(1);
  });

  it("GIVEN the program refuses the flag THEN the row is FAILED with the program's code and the outcome says so", async () => {
    const { deps, relayer, request } = await accepted();
    relayer.failWith = "WindowClosed";
    const result = await carryOutFlag(deps, request.id);
    expect(result.ok && result.value.outcome).toMatchObject({ status: "failed", code: "WindowClosed" });
    const row = await rowOf(request.id);
    expect([row.status, row.errorCode]).toEqual(["FAILED", "WindowClosed"]);
  });

  it("GIVEN two workers on the same request at once THEN one flag transaction, naming the rationale the row records", async () => {
    const { deps, relayer, request } = await accepted();
    const results = await Promise.allSettled([carryOutFlag(deps, request.id), carryOutFlag(deps, request.id)]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(relayer.sent.size).toBe(1);
    const row = await rowOf(request.id);
    expect(row.status).toBe("CONFIRMED");
    expect([...relayer.sent.values()][0]?.input).toMatchObject({ rationaleId: row.rationaleId });
  });

  it("GIVEN an id that was never accepted THEN NoSuchFlagRequest", async () => {
    const { deps } = await accepted();
    expect(await carryOutFlag(deps, "00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, code: "NoSuchFlagRequest" });
    expect(await carryOutFlag(deps, "not-a-uuid")).toEqual({ ok: false, code: "NoSuchFlagRequest" });
  });
});
