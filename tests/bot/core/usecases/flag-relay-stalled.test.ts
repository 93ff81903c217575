/**
 * A relay that cannot reach the chain for all of its retries answers `ChainUnavailable`:
 * nothing was decided on-chain, so the flag request must not end. It stays SENT, the resume
 * worker asks the relayer again with the same key, and the holder hears the outcome once.
 * Real arlocal for the rationale, PGlite for the store, a relayer double at the chain's edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRef, Relayer, Store, TxOutcome } from "../../../../bot/core/ports.js";
import { carryOutFlag, FlagRelayStalledError, resumeFlags } from "../../../../bot/core/usecases/flag-relay.js";
import { requestFlag } from "../../../../bot/core/usecases/flag-request.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence } from "../../support/evidence.js";
import { FakeChain, ManualClock } from "../../support/fakes.js";
import { flaggingHolder } from "../../support/flagger.js";
import { FakeRelayer } from "../../support/relayer.js";
import { PLATFORMS } from "../../support/platforms.js";

/** The relayer after its retries ran out: what `settle()` returns on ChainUnavailableError. */
class UnreachableThenFine extends FakeRelayer {
  unreachable = 1;
  override flag(input: Parameters<Relayer["flag"]>[0], key: string): Promise<TxOutcome> {
    if (this.unreachable > 0) {
      this.unreachable -= 1;
      this.calls.push({ method: "flag", key });
      return Promise.resolve({ status: "failed", signature: null, code: "ChainUnavailable", message: "getLatestBlockhash: no answer" });
    }
    return super.flag(input, key);
  }
}

const kind = databaseKinds[0];
if (kind === undefined) throw new Error("no database kind");

let arlocal: RunningArlocal;
let db: TestDatabase;
let store: Store;
beforeAll(async () => {
  arlocal = await startArlocal();
  db = await kind.open();
  store = prismaStore(db.prisma);
}, 60_000);
afterAll(async () => {
  await db.dispose();
  await arlocal.stop();
});

describe("GIVEN the chain unreachable for all of the relayer's retries", () => {
  it("THEN the request stays SENT, the resume sends it with the same key, and one outcome notice is queued", async () => {
    const clock = new ManualClock(new Date());
    const chain = new FakeChain();
    const relayer = new UnreachableThenFine();
    const chat: ChatRef = { platform: "TELEGRAM", userId: "61000", chatId: "61000" };
    const { view } = await flaggingHolder({ store, chain, clock }, chat, relayer.authority);
    const accepted = await requestFlag({ store, chain, clock, relayer: relayer.authority }, { chat, campaign: view.address, milestoneIndex: 0, rationale: "The assay was never blinded." });
    if (!accepted.ok) throw new Error(accepted.code);
    const id = accepted.value.request.id;
    const deps = { store, evidence: countingEvidence(arlocal).store, relayer, clock, gatewayUrl: arlocal.url, chain, platforms: PLATFORMS };

    await expect(carryOutFlag(deps, id)).rejects.toBeInstanceOf(FlagRelayStalledError);
    expect((await db.prisma.flagRequest.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");

    // The resume lists rows untouched since its clock's now; the rows carry the database's time.
    clock.set(new Date(Date.now() + 1_000));
    expect(await resumeFlags(deps, { staleAfterMs: 0, limit: 10 })).toBe(1);
    const row = await db.prisma.flagRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CONFIRMED");
    expect(relayer.calls.map((c) => c.key)).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(relayer.sent.size).toBe(1);
    expect(await db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: `flag-outcome:${id}` } } })).toBe(1);
  }, 60_000);
});
