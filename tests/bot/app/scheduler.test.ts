/**
 * The scheduler's crank on the localnet, with the real AnchorChainReader and ChainRelayer:
 * a finalize sent before the program's clock reached the window's end is refused
 * (`WindowOpen`) and the relayer journals that refusal under the crank's key, so the same
 * key would answer it forever; a later pass must try again with a fresh key and release the
 * tranche once the window has really ended. The window-closing reminder reaches the channel,
 * the follower and the campaign's timeline once, in one transaction (a failed pass leaves none).
 */
import { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChainClock, type CrankRetries, schedulerPass } from "../../../bot/app/scheduler.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { InMemoryRelayJournal } from "../../../bot/chain/relayer/journal.js";
import { ChainRelayer } from "../../../bot/chain/relayer/relayer.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import type { Repositories } from "../../../bot/core/ports.js";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { CampaignFixture, USDC } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import { MemoryLogger } from "../telegram/harness.js";
import { PLATFORMS } from "../support/platforms.js";

let chain: TestChain;
let protocol: Protocol;
let database: Database;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  database = await openDatabase({ kind: "pglite" });
}, 180_000);

afterAll(async () => {
  await database?.close();
  await chain?.stop();
});

describe("GIVEN a crank the program refused as not yet due", () => {
  it("WHEN a later pass finds it due THEN it is sent again under a fresh key and the tranche is released", async () => {
    const campaign = await CampaignFixture.active(protocol, [4_000, 3_000, 3_000], [100n * USDC]);
    await campaign.submitMilestone(0);
    const feePayer = await chain.fundedKeypair();
    const relayer = new ChainRelayer({
      program: pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer),
      feePayer,
      authority: protocol.relay,
      journal: new InMemoryRelayJournal(),
      pollIntervalMs: 100,
    });
    const log = new MemoryLogger();
    const retries: CrankRetries = new Map();
    const deps = {
      store: prismaStore(database.prisma),
      chain: new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate())),
      relayer,
      teamChats: [],
      gatewayUrl: "https://arweave.net",
      platforms: PLATFORMS,
      log,
      retries,
    };
    const windowEnd = (await campaign.fetch()).milestones[0]!.windowEnd.toNumber();

    // A scheduler whose clock runs ahead of the program's: the crank goes out too early. The
    // two allocation claims are due too and wait (nobody opened an allocation-token account).
    const early = await schedulerPass({ ...deps, now: () => Promise.resolve(windowEnd) });
    expect(early).toMatchObject({ cranks: 3, confirmed: 0 });
    expect(log.lines.join("\n")).toContain("WindowOpen");
    expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(0n);

    await chain.advanceClock(windowEnd - (await chain.now()));
    const due = await schedulerPass({ ...deps, now: () => chain.now() });
    expect(due).toMatchObject({ cranks: 3, confirmed: 1 });
    expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(40n * USDC);
    expect(Object.keys((await campaign.fetch()).milestones[0]!.status)).toEqual(["released"]);
    // Only "not yet" refusals spend keys; a missing account spends none.
    expect(retries.size).toBe(0);
  }, 180_000);
});

describe("GIVEN a follower of a campaign whose submission is in review", () => {
  it("WHEN passes run in the window's last 24 hours THEN the follower and the channel are reminded once; after the window closed, never", async () => {
    const campaign = await CampaignFixture.active(protocol, [4_000, 3_000, 3_000], [100n * USDC]);
    await campaign.submitMilestone(0);
    const address = campaign.address.toBase58();
    const store = prismaStore(database.prisma);
    await store.follows.add({ platform: "TELEGRAM", userId: "7001", chatId: "7001", campaign: address });
    await store.subscriptions.add({ campaign: address, platform: "TELEGRAM", scopeId: "-1007001", channelId: "", createdBy: "1" });
    const feePayer = await chain.fundedKeypair();
    const deps = {
      store,
      chain: new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate())),
      relayer: new ChainRelayer({
        program: pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer),
        feePayer,
        authority: protocol.relay,
        journal: new InMemoryRelayJournal(),
        pollIntervalMs: 100,
      }),
      teamChats: [],
      gatewayUrl: "https://arweave.net",
      platforms: PLATFORMS,
      log: new MemoryLogger(),
      now: () => chain.now(),
    };
    /** The reminders queued for this campaign, as (chat, submission) pairs. */
    const reminders = async () =>
      (await store.outbox.pending(new Date(Date.now() + 3_600_000), 1_000))
        .map((m) => m.payload as { target: { chatId: string }; notice: { kind: string; campaign: { address: string }; milestone: { attempt: number } } })
        .filter((p) => p.notice.kind === "ReviewWindowClosingSoon" && p.notice.campaign.address === address)
        .map((p) => [p.target.chatId, p.notice.milestone.attempt]);

    const windowEnd = (await campaign.fetch()).milestones[0]!.windowEnd.toNumber();
    await schedulerPass(deps);
    expect(await reminders()).toEqual([]);
    await chain.advanceClock(windowEnd - 23 * 3_600 - (await chain.now()));
    // A pass that fails midway (the followers cannot be read) leaves nothing behind: the
    // timeline entry and the channel's message commit with the followers' messages or not at all.
    const failing = {
      ...store,
      transaction: <T>(work: (tx: Repositories) => Promise<T>) =>
        store.transaction((tx) => work({ ...tx, follows: { ...tx.follows, listByCampaign: () => Promise.reject(new Error("connection lost")) } })),
    };
    await expect(schedulerPass({ ...deps, store: failing })).rejects.toThrow("connection lost");
    expect(await reminders()).toEqual([]);
    expect((await store.timeline.latest(address, 10)).filter((e) => e.notice.kind === "ReviewWindowClosingSoon")).toEqual([]);
    const remindedAt = await chain.now();
    await schedulerPass(deps);
    await schedulerPass(deps);
    expect((await reminders()).sort()).toEqual([
      ["-1007001", 1],
      ["7001", 1],
    ]);
    // The reminder is on the campaign's timeline once, dated by the chain's clock (not the machine's).
    const reminded = (await store.timeline.latest(address, 10)).filter((e) => e.notice.kind === "ReviewWindowClosingSoon");
    expect(reminded).toHaveLength(1);
    expect(Math.abs((reminded[0]?.at.getTime() ?? 0) / 1000 - remindedAt)).toBeLessThan(60);

    await chain.advanceClock(windowEnd + 1 - (await chain.now()));
    await schedulerPass(deps);
    expect(Object.keys((await campaign.fetch()).milestones[0]!.status)).toEqual(["released"]);
    await schedulerPass(deps);
    expect(await reminders()).toHaveLength(2);
  }, 180_000);
});

describe("GIVEN the chain clock the chat answers use", () => {
  it("THEN it follows the chain's jumps but not the jitter of whole-second reads, so it never steps back", () => {
    const clock = new ChainClock();
    const wall = Math.floor(Date.now() / 1000);
    clock.observe(wall);
    const first = clock.now().getTime();
    clock.observe(wall - 1);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(first);
    clock.observe(wall + 90 * 86_400);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(90 * 86_400_000 - 5_000);
  });
});
