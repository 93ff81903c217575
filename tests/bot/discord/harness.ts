/**
 * One PepFund Discord bot under test: the real discord.js Client logged in to the local
 * Discord server, the real core use cases over a freshly migrated database, the FakeChain
 * for chain reads (injectable: a test may slow it down), commands deployed by the real
 * deploy function, and members with the roles a test needs.
 */
import { REST } from "discord.js";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { ChainReader, Store } from "../../../bot/core/ports.js";
import { completeLink, requestLink } from "../../../bot/core/usecases/link-wallet.js";
import { startDiscord, type DiscordHandle } from "../../../bot/discord/bot.js";
import { linkDeps, type ChatDeps } from "../../../bot/chat/deps.js";
import { discordPlatform } from "../../../bot/discord/platform.js";
import type { DiscordSettings } from "../../../bot/discord/settings.js";
import { deployCommands } from "../../../bot/discord/deploy-commands.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { DiscordTestServer, Permission, type MemberRecord } from "../../discord-server/server.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { FakeRelayer } from "../support/relayer.js";
import { b58, FakeChain, FakePools, ManualClock, randomAddress, secureRandom, TestWallet } from "../support/fakes.js";
import { indexedStore } from "../support/directory.js";

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface Harness {
  readonly server: DiscordTestServer;
  readonly bot: DiscordHandle;
  readonly chain: FakeChain;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly deps: ChatDeps;
  readonly relayer: string;
  /** A member with Manage Server. */
  readonly manager: MemberRecord;
  /** A member holding the configured PepFund manager role (no Manage Server). */
  readonly roleManager: MemberRecord;
  /** A member of the PepFund team role. */
  readonly teamMember: MemberRecord;
  /** A plain member. */
  readonly member: MemberRecord;
  readonly errors: string[];
  readonly db: TestDatabase;
  readonly relayerDouble: FakeRelayer;
  readonly arlocal: RunningArlocal | null;
  stop(): Promise<void>;
}

/**
 * Starts everything; `chain` may wrap the FakeChain (e.g. a slow one). `writes` adds a real
 * Arweave (arlocal) evidence store and the FakeRelayer (the chain's network edge).
 */
export async function startHarness(options: { chain?: (fake: FakeChain) => ChainReader; maxRateLimitWaitMs?: number; writes?: boolean } = {}): Promise<Harness> {
  const server = await DiscordTestServer.start();
  const arlocal = options.writes === true ? await startArlocal() : null;
  const fakeRelayer = new FakeRelayer();
  const db: TestDatabase = await (databaseKinds[0] ?? (() => { throw new Error("no database"); })()).open();
  const fake = new FakeChain();
  const clock = new ManualClock(new Date());
  const relayer = arlocal === null ? randomAddress() : fakeRelayer.authority;
  const store = prismaStore(db.prisma);
  const evidence = arlocal === null ? null : arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10 });
  const errors: string[] = [];
  const log = { ...silent, error: (m: string) => errors.push(m) };
  const deps: ChatDeps = {
    store: indexedStore(store, fake),
    chain: options.chain === undefined ? fake : options.chain(fake),
    pools: new FakePools(),
    clock,
    random: secureRandom,
    verifier: naclVerifier,
    link: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
    signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 },
    relayAuthority: relayer,
    writes: evidence === null || arlocal === null ? null : { relayer: fakeRelayer, evidence, gatewayUrl: arlocal.url },
    evidence,
    gatewayUrl: arlocal?.url ?? null,
    maxEvidenceBytes: 1_000_000,
    team: {},
    explorer: { cluster: "devnet" },
    platforms: { DISCORD: discordPlatform },
    log,
  };
  const managerRole = server.world.addRole("PepFund manager");
  const teamRole = server.world.addRole("PepFund team");
  const adminRole = server.world.addRole("Admin", Permission.ManageGuild);
  const settings: DiscordSettings = { managerRoleId: managerRole.id, teamRoleId: teamRole.id };
  const people = {
    manager: server.addMember("manager", [adminRole.id]),
    roleManager: server.addMember("role-manager", [managerRole.id]),
    teamMember: server.addMember("team", [teamRole.id]),
    member: server.addMember("member"),
  };
  await deployCommands(new REST({ api: server.apiBase }).setToken(server.token), server.applicationId, server.world.guildId);
  const bot = await startDiscord(server.token, deps, settings, log, {
    apiBase: server.apiBase,
    ...(options.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: options.maxRateLimitWaitMs }),
  });
  return {
    server,
    bot,
    chain: fake,
    store,
    clock,
    deps,
    relayer,
    ...people,
    errors,
    db,
    relayerDouble: fakeRelayer,
    arlocal,
    stop: async () => {
      await bot.stop();
      await server.stop();
      await db.dispose();
      await arlocal?.stop();
    },
  };
}

/** Links a member's Discord account to a fresh wallet through the real linking use cases; returns the wallet. */
export async function linkWallet(h: Harness, member: MemberRecord): Promise<TestWallet> {
  const wallet = new TestWallet();
  const chat = { platform: "DISCORD" as const, userId: member.id, chatId: h.server.channel.id };
  const issued = await requestLink(linkDeps(h.deps), { ...chat, address: wallet.address });
  if (!issued.ok) throw new Error(issued.code);
  const done = await completeLink(linkDeps(h.deps), { nonce: issued.value.nonce, signature: b58(wallet.signRaw(issued.value.message)), submitter: { via: "page" } });
  if (!done.ok) throw new Error(done.code);
  return wallet;
}

/**
 * One harness for the whole test file, given to `use` once started; stopped after the file.
 * After every test: no interaction showed "This interaction failed", and nothing failed
 * unseen (no error logged by the bot).
 */
export function harnessPerFile(options: Parameters<typeof startHarness>[0], use: (harness: Harness) => void): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
    use(harness);
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  });
  afterEach(() => {
    expect(harness?.server.failed).toEqual([]);
    expect(harness?.errors).toEqual([]);
  });
}
