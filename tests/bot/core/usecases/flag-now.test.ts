/**
 * A chat flag's outcome reaches the flagger once even when the process dies between recording
 * the outcome and answering: the outcome's notice is queued, held for the answer, before the
 * request is final; the delivered answer withdraws it, a lost answer leaves it to the outbox.
 * Real database and a real local Arweave gateway; the relayer at the network edge is the
 * idempotent double the relay tests use.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeNotice } from "../../../../bot/core/notice-codec.js";
import type { ChatRef, NewOutboxMessage, Store } from "../../../../bot/core/ports.js";
import { ANSWER_GRACE_MS, flagNow, type FlagProgress } from "../../../../bot/core/usecases/flag-now.js";
import { resumeFlags, type FlagResumeDeps } from "../../../../bot/core/usecases/flag-relay.js";
import { noticeKind, withdrawHeldNotice } from "../../../../bot/core/usecases/notify.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence, withPost } from "../../support/evidence.js";
import { FakeChain, ManualClock } from "../../support/fakes.js";
import { flaggingHolder } from "../../support/flagger.js";
import { PLATFORMS } from "../../support/platforms.js";
import { FakeRelayer } from "../../support/relayer.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal.stop();
});

let nextUser = 9100;
const KIND = noticeKind("TELEGRAM");
const LEASE_MS = 60_000;

describe.each(databaseKinds)("a chat flag's answer and its held notice on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** A linked holder of a milestone under review; `flag()` runs the chat command's use case. */
  async function holder() {
    const relayer = new FakeRelayer();
    nextUser += 1;
    const chat: ChatRef = { platform: "TELEGRAM", userId: String(nextUser), chatId: `-100${nextUser}` };
    const { view } = await flaggingHolder({ store, chain, clock }, chat, relayer.authority);
    const relay: FlagResumeDeps = { store, evidence: countingEvidence(arlocal).store, relayer, clock, gatewayUrl: arlocal.url, chain, platforms: PLATFORMS };
    const quiet: FlagProgress = { onStage: () => Promise.resolve(), onProgressFailed: () => undefined, onInterrupted: () => undefined };
    const flag = (deps: FlagResumeDeps = relay, progress: FlagProgress = quiet) =>
      flagNow(
        { request: { store, chain, clock, relayer: relayer.authority }, relay: deps },
        { chat, campaign: view.address, milestoneIndex: 0, rationale: "The dataset link is dead." },
        progress,
      );
    return { chat, relay, flag, view };
  }

  /** The flagger's outcome notices in the outbox. */
  const notices = (requestId: string) => db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `flag-outcome:${requestId}|` } } });
  /** Claims the flagger's chat's notices as the Telegram sender would at `at`. */
  const claimAt = (at: Date) => store.outbox.claim([KIND], at, 100, new Date(at.getTime() + LEASE_MS));

  it("GIVEN a flag confirmed on the command's path THEN its notice was queued held with the request's final record, and the delivered answer withdraws it", async () => {
    const { relay, flag, view } = await holder();
    // The notice the request was recorded final with.
    let finishedWith: NewOutboxMessage | undefined;
    const watching: FlagResumeDeps = {
      ...relay,
      store: {
        ...store,
        flagRequests: {
          ...store.flagRequests,
          finish: async (id, end, notice) => {
            finishedWith = notice;
            return store.flagRequests.finish(id, end, notice);
          },
        },
      },
    };
    const result = await flag(watching);
    if (!result.ok || result.value.relay === null || result.value.heldNotice === null) throw new Error(`not relayed and held: ${JSON.stringify(result)}`);
    const { heldNotice, relay: relayed } = result.value;
    expect(finishedWith?.dedupeKey).toBe(heldNotice.dedupeKey);
    const queued = await notices(relayed.requestId);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.availableAt.getTime()).toBe(clock.now().getTime() + ANSWER_GRACE_MS);
    const payload = queued[0]?.payload as { target: unknown; notice: unknown };
    expect(payload.target).toEqual({ platform: "TELEGRAM", chatId: String(nextUser) });
    // Named from the campaign the request's checks read.
    expect(decodeNotice(payload.notice)).toMatchObject({
      kind: "FlagOutcome",
      campaign: { address: view.address },
      milestone: { index: 0, title: "Milestone 1", attempt: 1 },
      outcome: { status: "confirmed", signature: relayed.outcome.signature },
    });

    // Not sent while held; withdrawn once the answer is delivered, and never sent after.
    expect((await claimAt(clock.now())).filter((m) => m.dedupeKey === heldNotice.dedupeKey)).toEqual([]);
    expect(await withdrawHeldNotice({ store, clock }, heldNotice)).toBe(true);
    const later = new Date(clock.now().getTime() + ANSWER_GRACE_MS + 1_000);
    expect((await claimAt(later)).filter((m) => m.dedupeKey === heldNotice.dedupeKey)).toEqual([]);
    expect((await notices(relayed.requestId)).map((m) => m.status)).toEqual(["SENT"]);
  });

  it("GIVEN the answer lost (the process died after the outcome was recorded) THEN the notice goes out when its hold ends, once, and the resume worker adds none", async () => {
    const { relay, flag } = await holder();
    const result = await flag();
    if (!result.ok || result.value.relay === null || result.value.heldNotice === null) throw new Error(`not relayed and held: ${JSON.stringify(result)}`);
    const { heldNotice, relay: relayed } = result.value;
    // Nothing withdraws it. A resume pass finds nothing to finish and queues nothing.
    expect(await resumeFlags(relay, { staleAfterMs: 0, limit: 100 })).toBe(0);
    const due = new Date(heldNotice.until.getTime() + 1);
    const claimed = (await claimAt(due)).filter((m) => m.dedupeKey === heldNotice.dedupeKey);
    expect(claimed).toHaveLength(1);
    expect(await notices(relayed.requestId)).toHaveLength(1);
    // A late answer finds the notice taken: it is not marked sent for the sender.
    expect(await withdrawHeldNotice({ store, clock }, heldNotice)).toBe(false);
    expect((await notices(relayed.requestId)).map((m) => m.status)).toEqual(["PENDING"]);
  });

  it("GIVEN the relay interrupted before the outcome THEN nothing is held: the resume worker finishes the request and tells the flagger at once", async () => {
    const { relay, flag } = await holder();
    (relay.relayer as FakeRelayer).downBeforeSend = true;
    const result = await flag();
    if (!result.ok) throw new Error(result.code);
    expect([result.value.relay, result.value.heldNotice]).toEqual([null, null]);
    (relay.relayer as FakeRelayer).downBeforeSend = false;
    // Resuming compares the row's updatedAt (the database's clock) with this clock.
    clock.advance(60);
    const [request] = await db.prisma.flagRequest.findMany({ where: { userId: String(nextUser) } });
    expect(await resumeFlags(relay, { staleAfterMs: 0, limit: 100 })).toBeGreaterThanOrEqual(1);
    const told = await notices(request?.id ?? "?");
    expect(told).toHaveLength(1);
    expect(told[0]?.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("GIVEN the platform slow to show the progress THEN the rationale uploads meanwhile, and the flag's answer comes only after the progress", async () => {
    const { relay, flag } = await holder();
    const events: string[] = [];
    let showProgress = () => undefined as void;
    const watching: FlagResumeDeps = { ...relay, evidence: withPost(relay.evidence, (post) => (events.push("upload"), post())) };
    const progress: FlagProgress = {
      onStage: () => new Promise<void>((resolve) => (showProgress = () => (events.push("progress shown"), resolve()))),
      onProgressFailed: () => undefined,
      onInterrupted: () => undefined,
    };
    const answered = flag(watching, progress).then((result) => (events.push("answer"), result));
    await vi.waitFor(() => expect(events).toContain("upload"));
    // Confirmed meanwhile; the answer still waits for the progress message.
    await vi.waitFor(async () => expect((await db.prisma.flagRequest.findMany({ where: { userId: String(nextUser) } }))[0]?.status).toBe("CONFIRMED"));
    expect(events).toEqual(["upload"]);
    showProgress();
    const result = await answered;
    expect(events).toEqual(["upload", "progress shown", "answer"]);
    expect(result.ok && result.value.relay?.outcome.status).toBe("confirmed");
  });

  it("GIVEN a flag THEN its rationale's upload is signed once the request is stored, and posted once; a double click signs and posts nothing", async () => {
    const { relay, flag } = await holder();
    const events: string[] = [];
    const counting: FlagResumeDeps = {
      ...relay,
      evidence: withPost(relay.evidence, (post) => (events.push("posted"), post()), () => events.push("signed")),
    };
    // The progress is shown once the request is stored, as the upload starts.
    const progress: FlagProgress = { onStage: () => Promise.resolve(void events.push("stored")), onProgressFailed: () => undefined, onInterrupted: () => undefined };
    const first = await flag(counting, progress);
    expect(first.ok && first.value.relay?.outcome.status).toBe("confirmed");
    expect(events).toEqual(["stored", "signed", "posted"]);
    expect(await flag(counting, progress)).toEqual({ ok: false, code: "FlagAlreadyRequested" });
    expect(events).toHaveLength(3);
  });

  it("GIVEN the platform refusing the progress message THEN the flag is relayed all the same and the failure is reported", async () => {
    const { flag, relay } = await holder();
    const failures: string[] = [];
    const result = await flag(relay, {
      onStage: () => Promise.reject(new Error("Unknown interaction")),
      onProgressFailed: (error) => failures.push(error.message),
      onInterrupted: () => undefined,
    });
    expect(result.ok && result.value.relay?.outcome.status).toBe("confirmed");
    expect(failures).toEqual(["Unknown interaction"]);
  });
});
