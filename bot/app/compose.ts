/**
 * The composition root: builds every adapter from the configuration and wires them to the
 * core. The database, the chain (or the localnet) and evidence storage always start; the web
 * pages and chat adapters unless PEPFUND_ROLE=workers, the background workers unless
 * PEPFUND_ROLE=chat (docs/OPERATIONS.md). Chat adapters start only when their token is
 * configured, the console chat when the caller gives it a terminal.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Keypair } from "@solana/web3.js";
import type { Readable, Writable } from "node:stream";
import { naclVerifier } from "../chain/signature-verifier.js";
import type { ChatNotifier, ChatPlatforms, ChatTarget, Clock, Platform, RandomSource } from "../core/ports.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import type { ChatDeps } from "../chat/deps.js";
import { openDatabase, redactUrl, type Database } from "../store/database.js";
import { prismaStore } from "../store/prisma-store.js";
import { prismaRelayJournal } from "../store/relay-journal.js";
import { pruneExpired, retentionPolicy } from "../store/retention.js";
import { chatSessionStorage, chatUpdateLog, discordInteractionClaims } from "../store/chat-state.js";
import { campaignAddress } from "../chain/pdas.js";
import { AnchorChainReader } from "../chain/reader.js";
import { AnchorPoolReader } from "../chain/pool-reader.js";
import { ChainRelayer } from "../chain/relayer/relayer.js";
import type { RelayJournal } from "../chain/relayer/journal.js";
import { ChainWalletTransactions } from "../chain/relayer/wallet-transactions.js";
import { startIndexer } from "../chain/indexer/indexer.js";
import { titledChain } from "../core/usecases/titled-chain.js";
import { createTelegramBot } from "../telegram/bot.js";
import type { ConversationState } from "../telegram/context.js";
import { startTelegram, type TelegramHandle } from "../telegram/start.js";
import { TelegramNotifier } from "../telegram/notifier.js";
import { FloodPacer } from "../telegram/pacing.js";
import { telegramPlatform } from "../telegram/platform.js";
import { caip2BlockchainId } from "../web/actions.js";
import { campaignPageDeps } from "../web/campaign-page.js";
import { createWebServer } from "../web/server.js";
import { startDiscord, type DiscordHandle } from "../discord/bot.js";
import { startDiscordSender } from "../discord/rest-sender.js";
import { discordPlatform } from "../discord/platform.js";
import { discordSettings } from "../discord/settings.js";
import { consolePlatform } from "../console/platform.js";
import type { ConsoleChat, LocalSigner } from "../console/chat.js";
import { localSigner, startConsole } from "./console-setup.js";
import { readKeypair } from "./keys.js";
import { setUpChain, type ChainSetup } from "./chain-setup.js";
import { ensureDemoWorld, type DemoWorld } from "../demo/world.js";
import { feeSettings, redactedConfig, shardOf, type Config } from "./config.js";
import { setUpEvidence, type EvidenceSetup } from "./evidence-setup.js";
import type { Logger } from "./logger.js";
import { ChainClock, chainTime } from "./scheduler.js";
import { startWorkers } from "./workers.js";
import { setUpObservability } from "./observability-setup.js";
import { meteredRelayer } from "../observability/relay-metrics.js";

/** The running application. */
export interface App {
  readonly database: Database;
  readonly webUrl: string;
  readonly rpcUrl: string;
  /** The chain's WebSocket URL (the localnet's own when this app started it). */
  readonly wsUrl: string;
  /** Arweave gateway origin ("" without evidence storage). */
  readonly gatewayUrl: string;
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
  /** Background workers running (outbox, flag-resume, scheduler, indexer). */
  readonly workers: readonly string[];
  /** Announcement senders of the running chat adapters, for the outbox's delivery loop. */
  readonly notifiers: Partial<Record<Platform, ChatNotifier>>;
  /** The console chat, when started (its `whenClosed` ends on /quit). */
  readonly console: ConsoleChat | null;
  /** The demo world `ensureDemoWorld` built or found (`npm start` with nothing configured), else null. */
  readonly demo: DemoWorld | null;
  /** Stops every part, newest first (workers before the adapters and database they use). */
  stop(): Promise<void>;
  /** The part being stopped right now, or null: what to name when a stop hangs. */
  stopping(): string | null;
}

/** What only the caller of `startApp` knows: whether a person sits at a terminal. */
export interface StartOptions {
  /** Run the console chat on these streams (main.ts: stdin/stdout). */
  readonly console?: { readonly input: Readable; readonly output: Writable };
  /**
   * Build the demo world (config, USDC mint, campaigns, funded wallets; bot/demo/world.ts) on
   * the localnet this app starts, and give the console its `you` wallet. main.ts sets it when
   * nothing is configured; ignored against a configured RPC or without evidence storage.
   */
  readonly demoWorld?: boolean;
  /**
   * Console chats the caller runs itself (`npm run demo`: several people and channels in one
   * process, on streams of its own) instead of one on a terminal.
   */
  readonly consoleHost?: ConsoleHost;
}

/** Console chats run by the caller over this app's chat layer (bot/demo/chat-stage.ts). */
export interface ConsoleHost {
  /** Console user ids of the PepFund team (/approve, /dispute resolve). */
  readonly team: readonly string[];
  /** Gets the chat dependencies and a signer for a development wallet; returns the notifier that prints the console chats' notices. */
  attach(deps: ChatDeps, signer: (keypair: Keypair) => LocalSigner): ChatNotifier;
}

/** One part to stop, named for the log and for a stop that hangs. */
interface Stop {
  readonly name: string;
  readonly stop: () => Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** Largest evidence file accepted (Telegram's Bot API download limit). */
const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
/** Lifetime of a signing page link. */
const SIGNING_TTL_SECONDS = 900;

/**
 * The server URL and schema of DATABASE_URL: Prisma's `?schema=<name>` picks a schema other
 * than "public" (several bots, or test runs, in one database); the driver never sees it.
 */
export function postgresTarget(databaseUrl: string): { url: string; schema?: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  if (schema === null) return { url: databaseUrl };
  url.searchParams.delete("schema");
  return { url: url.toString(), schema };
}

/** Starts the database, the chain, evidence storage, the web pages, the chat adapters and the workers. */
export async function startApp(config: Config, log: Logger, options: StartOptions = {}): Promise<App> {
  log.info(`configuration ${JSON.stringify(redactedConfig(config))}`);
  const stops: Stop[] = [];
  let current: string | null = null;
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      current = name;
      log.info(`stopping ${name}`);
      await stop().catch((error: unknown) => log.error(`stop of ${name} failed: ${(error as Error).message}`));
    }
    current = null;
    stops.length = 0;
  };
  try {
    return await compose(config, log, stops, { stop: stopAll, stopping: () => current }, options);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function compose(config: Config, log: Logger, stops: Stop[], stopper: Pick<App, "stop" | "stopping">, options: StartOptions): Promise<App> {
  const database = await openDatabase(
    config.DATABASE_URL === undefined ? { kind: "pglite", dataDir: config.DATA_DIR } : { kind: "postgres", ...postgresTarget(config.DATABASE_URL) },
  );
  stops.push({ name: "database", stop: () => database.close() });
  log.info(
    `database: ${database.kind === "postgres" ? `PostgreSQL ${redactUrl(config.DATABASE_URL ?? "")}` : `embedded PGlite in ${config.DATA_DIR}`}` +
      ` (${database.applied.length} migration(s) applied now)`,
  );
  const store = prismaStore(database.prisma, {
    relayRateLimits: {
      perUser: config.RELAY_RATE_LIMIT_PER_USER,
      perWallet: config.RELAY_RATE_LIMIT_PER_WALLET,
      windowSeconds: config.RELAY_RATE_WINDOW_SECONDS,
    },
  });

  const observability = setUpObservability(database.prisma, log);
  const chainSetup = await setUpChain(config, log, observability.rpc);
  stops.push({ name: "chain (localnet)", stop: () => chainSetup.stop() });
  const evidenceSetup = await setUpEvidence(config, log);
  stops.push({ name: "evidence (arlocal)", stop: () => evidenceSetup.stop() });
  const demo = options.demoWorld === true ? await buildDemoWorld(config, chainSetup, evidenceSetup, log) : null;
  const journal: RelayJournal = prismaRelayJournal(database.prisma);
  const { program, feePayer, authority } = chainSetup;
  const chain = new AnchorChainReader(program);
  // Replies and signing pages name campaigns by the directory's verified titles.
  const namedChain = titledChain(chain, store);
  observability.attachChain({ connection: program.provider.connection, keys: { fee_payer: feePayer.publicKey, relay_authority: authority.publicKey }, indexer: true });
  const fees = feeSettings(config);
  const relayer = meteredRelayer(new ChainRelayer({ program, feePayer, authority, journal, fees }), observability.metrics);
  const wallet = new ChainWalletTransactions({ program, feePayer, journal, fees });
  const { gatewayUrl } = evidenceSetup;
  // Chat answers mirror the program's rules (windows, stale dates) at the program's clock;
  // the scheduler's passes (the first one at start) keep it in step with the chain.
  const clock = new ChainClock();
  // In step with the chain before any chat answers: the demo world moves the localnet's clock
  // days ahead, and a sign-in challenge issued at wall time would expire at the scheduler's
  // first pass (seen in the fresh-clone test under load). An unreadable chain leaves wall time.
  await chainTime(program.provider.connection).then(
    (seconds) => clock.observe(seconds),
    () => log.warn("chain clock: not read at start; the scheduler's first pass sets it"),
  );
  const signing = { baseUrl: config.PUBLIC_BASE_URL, ttlSeconds: SIGNING_TTL_SECONDS };

  // The platforms this process runs: how the core reaches their users and subscriptions.
  const platforms: ChatPlatforms = {
    ...(config.DISCORD_TOKEN === undefined ? {} : { DISCORD: discordPlatform }),
    ...(config.TELEGRAM_BOT_TOKEN === undefined ? {} : { TELEGRAM: telegramPlatform }),
    ...(options.console === undefined && options.consoleHost === undefined ? {} : { CONSOLE: consolePlatform }),
  };
  const deps: LinkDeps = {
    store,
    clock,
    random: systemRandom,
    verifier: naclVerifier,
    settings: {
      domain: config.linkDomain,
      baseUrl: config.PUBLIC_BASE_URL,
      chainId: config.SOLANA_CLUSTER,
      ttlSeconds: config.LINK_TTL_SECONDS,
    },
    platforms,
  };
  // One dependency record for every chat adapter (bot/chat/deps.ts).
  const chatDeps: ChatDeps = {
    store,
    chain: namedChain,
    pools: new AnchorPoolReader(program),
    clock,
    random: systemRandom,
    verifier: naclVerifier,
    link: deps.settings,
    signing,
    relayAuthority: relayer.authority,
    writes: evidenceSetup.store === null ? null : { relayer, evidence: evidenceSetup.store, gatewayUrl },
    evidence: evidenceSetup.store,
    gatewayUrl: evidenceSetup.store === null ? null : gatewayUrl,
    maxEvidenceBytes: MAX_EVIDENCE_BYTES,
    team: { TELEGRAM: config.TELEGRAM_TEAM_USER_IDS, ...(options.consoleHost === undefined ? {} : { CONSOLE: options.consoleHost.team }) },
    explorer: { cluster: config.SOLANA_CLUSTER, rpcUrl: chainSetup.rpcUrl },
    platforms,
    log,
    metrics: observability.commandMetrics,
  };
  // The campaign form stores texts on Arweave: without an evidence store it is not served.
  const create = evidenceSetup.store === null ? null : { store, chain, clock, random: systemRandom, evidence: evidenceSetup.store, signing, campaignAddress, log: (m: string) => log.warn(m) };
  // Solana Actions name their cluster by its genesis hash (CAIP-2): read on the first Action
  // request and kept, so an RPC down at start delays only the Actions, not the chat bots.
  let genesis: Promise<string> | null = null;
  const blockchainId = () =>
    (genesis ??= program.provider.connection.getGenesisHash().then(caip2BlockchainId, (error: unknown) => {
      genesis = null;
      throw error;
    }));
  const actions = { store, chain: namedChain, clock, wallet, baseUrl: config.PUBLIC_BASE_URL, blockchainId };
  const signingPage = { store, clock, wallet, chain: namedChain, pools: chatDeps.pools, cluster: config.SOLANA_CLUSTER, rpcUrl: chainSetup.rpcUrl };
  // PEPFUND_ROLE (docs/OPERATIONS.md): `chat` serves people (chat adapters, web pages),
  // `workers` the background loops with REST-only announcement senders, `all` both. Every role
  // serves /healthz, /readyz and /metrics; a workers replica serves nothing else.
  const runChat = config.PEPFUND_ROLE !== "workers";
  const runWorkers = config.PEPFUND_ROLE !== "chat";
  log.info(`role: ${config.PEPFUND_ROLE}`);
  const operations = { metrics: () => observability.metrics.scrape(), readiness: () => observability.readiness() };
  const web = createWebServer(
    deps,
    runChat
      ? { log: (m) => log.warn(m), signing: signingPage, create, actions, page: campaignPageDeps(chatDeps), pool: { pools: chatDeps.pools, clock }, observability: operations }
      : { log: (m) => log.warn(m), observability: operations, operatorOnly: true },
  );
  await new Promise<void>((resolve, reject) => {
    web.once("error", reject);
    web.listen(config.WEB_PORT, config.WEB_HOST, () => resolve());
  });
  stops.push({
    name: "web server",
    stop: () =>
      new Promise<void>((resolve) => {
        web.close(() => resolve());
        // Keep-alive sockets (a browser tab) would hold close() open until they time out.
        web.closeIdleConnections();
      }),
  });
  const address = web.address() as AddressInfo;
  const webUrl = `http://${config.WEB_HOST}:${address.port}`;
  log.info(runChat ? `web: link and signing pages listening on ${webUrl} (public URL ${config.PUBLIC_BASE_URL})` : `web: /healthz, /readyz and /metrics on ${webUrl}`);

  const enabled: string[] = [runChat ? "web" : "web (operations only)", "database", "chain", ...(evidenceSetup.store === null ? [] : ["evidence"])];
  const disabled: string[] = evidenceSetup.store === null ? ["evidence (storage not configured)"] : [];
  if (!runChat) disabled.push("chat adapters and web pages (PEPFUND_ROLE=workers)");
  const notifiers: Partial<Record<Platform, ChatNotifier>> = {};
  if (config.TELEGRAM_BOT_TOKEN === undefined) {
    disabled.push("telegram (TELEGRAM_BOT_TOKEN not set)");
  } else if (!runChat) {
    // Announcements are plain Bot API calls: no polling, no webhook in a workers replica.
    const apiRoot = config.TELEGRAM_API_ROOT === undefined ? {} : { apiRoot: config.TELEGRAM_API_ROOT };
    notifiers.TELEGRAM = new TelegramNotifier(config.TELEGRAM_BOT_TOKEN, { ...apiRoot, pacer: new FloodPacer(), cluster: config.SOLANA_CLUSTER, rpcUrl: chainSetup.rpcUrl, publicBaseUrl: config.PUBLIC_BASE_URL });
    enabled.push("telegram (announcements only)");
  } else {
    // One flood budget for replies and announcements.
    const pacer = new FloodPacer();
    const apiRoot = config.TELEGRAM_API_ROOT === undefined ? {} : { apiRoot: config.TELEGRAM_API_ROOT };
    notifiers.TELEGRAM = new TelegramNotifier(config.TELEGRAM_BOT_TOKEN, { ...apiRoot, pacer, cluster: config.SOLANA_CLUSTER, rpcUrl: chainSetup.rpcUrl, publicBaseUrl: config.PUBLIC_BASE_URL });
    const bot = createTelegramBot(
      chatDeps,
      {
        token: config.TELEGRAM_BOT_TOKEN,
        ...apiRoot,
        pacer,
        updates: chatUpdateLog(database.prisma),
        sessions: chatSessionStorage<ConversationState>(database.prisma),
        log,
      },
    );
    const telegram: TelegramHandle = await startTelegram(
      bot,
      config.TELEGRAM_WEBHOOK_URL === undefined || config.TELEGRAM_WEBHOOK_SECRET === undefined
        ? { mode: "polling" }
        : { mode: "webhook", url: config.TELEGRAM_WEBHOOK_URL, secretToken: config.TELEGRAM_WEBHOOK_SECRET, host: config.WEB_HOST, port: config.TELEGRAM_WEBHOOK_PORT },
      log,
    );
    stops.push({ name: "telegram", stop: () => telegram.stop() });
    observability.addCheck("telegram", () => Promise.resolve(telegram.isRunning() ? null : "not receiving updates"));
    enabled.push("telegram");
  }
  const shard = config.DISCORD_SHARD === undefined ? null : shardOf(config.DISCORD_SHARD);
  const discordOptions = {
    ...(config.DISCORD_API_BASE === undefined ? {} : { apiBase: config.DISCORD_API_BASE }),
    ...(shard === null ? {} : { shard }),
  };
  if (config.DISCORD_TOKEN === undefined) {
    disabled.push("discord (DISCORD_TOKEN not set)");
  } else if (!runChat) {
    // No gateway session: Discord would dispatch interactions to it, and workers answer none.
    const sender = await startDiscordSender(config.DISCORD_TOKEN, chatDeps, discordOptions);
    stops.push({ name: "discord (announcements)", stop: () => sender.stop() });
    notifiers.DISCORD = sender.notifier;
    enabled.push("discord (announcements only)");
  } else {
    const discord: DiscordHandle = await startDiscord(
      config.DISCORD_TOKEN,
      chatDeps,
      discordSettings({ managerRoleId: config.DISCORD_MANAGER_ROLE_ID, teamRoleId: config.DISCORD_TEAM_ROLE_ID }),
      log,
      discordOptions,
      discordInteractionClaims(database.prisma),
    );
    stops.push({ name: "discord", stop: () => discord.stop() });
    notifiers.DISCORD = discord.notifier;
    observability.addCheck("discord", () => Promise.resolve(discord.client.isReady() ? null : "gateway not ready"));
    enabled.push("discord");
  }
  let consoleChat: ConsoleChat | null = null;
  if (options.console !== undefined && runChat) {
    // /sign with a development wallet: local clusters only, where its keys are throwaway.
    // The demo world's `you` wallet, unless CONSOLE_WALLET_KEYPAIR names another.
    const devWallet =
      config.SOLANA_CLUSTER !== "localnet"
        ? null
        : config.CONSOLE_WALLET_KEYPAIR !== undefined
          ? await readKeypair(config.CONSOLE_WALLET_KEYPAIR, "CONSOLE_WALLET_KEYPAIR")
          : (demo?.you ?? null);
    const handle = startConsole(chatDeps, {
      ...options.console,
      greeting: demo === null ? null : tryThis(demo, devWallet),
      userId: config.CONSOLE_USER_ID,
      dataDir: config.DATA_DIR,
      signLocally: devWallet === null ? null : localSigner({ store, clock, wallet, chain }, devWallet),
    });
    stops.push({ name: "console", stop: () => Promise.resolve(handle.chat.close()) });
    notifiers.CONSOLE = handle.notifier;
    consoleChat = handle.chat;
    enabled.push("console");
  }
  if (options.consoleHost !== undefined && runChat && config.SOLANA_CLUSTER === "localnet") {
    notifiers.CONSOLE = options.consoleHost.attach(chatDeps, (keypair) => localSigner({ store, clock, wallet, chain }, keypair));
    enabled.push("console (hosted)");
  }
  for (const name of disabled) log.warn(`disabled: ${name}`);

  // Dispute-deadline reminders: each Telegram team member directly, and the Discord team channel.
  const teamChats: ChatTarget[] = [
    ...config.TELEGRAM_TEAM_USER_IDS.map((id): ChatTarget => ({ platform: "TELEGRAM", chatId: id })),
    ...(config.DISCORD_TEAM_CHANNEL_ID === undefined || config.DISCORD_TOKEN === undefined ? [] : [{ platform: "DISCORD" as const, chatId: config.DISCORD_TEAM_CHANNEL_ID }]),
  ];
  const connection = program.provider.connection;
  if (!runWorkers) {
    log.info("workers: none in this process (PEPFUND_ROLE=chat; a workers replica delivers and indexes)");
    return { database, webUrl, rpcUrl: chainSetup.rpcUrl, wsUrl: chainSetup.wsUrl, gatewayUrl, enabled, disabled, workers: [], notifiers, console: consoleChat, demo, ...stopper };
  }
  const workers = await startWorkers(
    {
      store,
      clock: systemClock,
      chain: namedChain,
      pools: chatDeps.pools,
      relayer,
      wallet,
      evidence: evidenceSetup.store,
      gatewayUrl,
      notifiers,
      chainNow: async () => {
        const seconds = await chainTime(connection);
        clock.observe(seconds);
        return seconds;
      },
      teamChats,
      platforms,
      pruneExpired: (now) => pruneExpired(database.prisma, now, retentionPolicy(config.RELAY_RATE_WINDOW_SECONDS)),
      startIndexer: () => {
        const indexer = startIndexer({ connection, store, chain, pools: chatDeps.pools, gatewayUrl, platforms, log });
        return Promise.resolve(() => indexer.stop());
      },
    },
    config,
    log,
  );
  // Workers stop first (stops run in reverse), while the chat adapters and database still serve them.
  stops.push({ name: "workers", stop: () => workers.stop() });
  observability.addWorkers(workers.loops, config.READY_WORKER_INTERVALS);

  return {
    database,
    webUrl,
    rpcUrl: chainSetup.rpcUrl,
    wsUrl: chainSetup.wsUrl,
    gatewayUrl,
    enabled,
    disabled,
    workers: workers.started,
    notifiers,
    console: consoleChat,
    demo,
    ...stopper,
  };
}

/** The demo world on the localnet this app started; null (and why, in the log) elsewhere. */
async function buildDemoWorld(config: Config, chain: ChainSetup, evidence: EvidenceSetup, log: Logger): Promise<DemoWorld | null> {
  if (!chain.startedLocalnet) {
    log.info("demo world: not built (SOLANA_RPC_URL is set: the chain is not this app's localnet)");
    return null;
  }
  if (evidence.store === null) {
    log.warn("demo world: not built (no evidence storage: campaign texts live on Arweave)");
    return null;
  }
  const world = await ensureDemoWorld({ rpcUrl: chain.rpcUrl, wsUrl: chain.wsUrl, dataDir: config.DATA_DIR, evidence: evidence.store, gatewayUrl: evidence.gatewayUrl, log });
  log.info(`demo world: ${world.campaigns.length} campaign(s): ${world.campaigns.map((c) => `${c.title} (${c.state})`).join(", ")}`);
  return world;
}

/** The console's first words in the demo: what to type, naming the demo's campaigns. */
export function tryThis(world: DemoWorld, devWallet: Keypair | null): string {
  // A typed campaign is one word: the start of its address (titles have spaces).
  const ref = (c: { address: string }) => c.address.slice(0, 8);
  const named = (state: RegExp) => {
    const found = world.campaigns.find((c) => state.test(c.state)) ?? world.campaigns[0];
    return found === undefined ? "<campaign>" : ref(found);
  };
  // The campaign each command makes sense on: the demo's active campaign has milestone 1 under
  // review (bot/demo/world.ts) for /flag, the fundraising one takes /contribute.
  const inReview = named(/^Active$/);
  const raising = named(/^Fundraising$/);
  const lines = [
    "Demo world on the local chain (data in DATA_DIR; `npm start -- --reset` starts over).",
    ...(world.campaigns.length === 0 ? ["No demo campaign yet."] : ["Campaigns:", ...world.campaigns.map((c) => `  - ${ref(c)}  ${c.title} (${c.state})`)]),
    ...(devWallet === null ? [] : [`Your development wallet: ${devWallet.publicKey.toBase58()} (/sign signs with it).`]),
    "Try this:",
    devWallet === null ? "  /link <wallet address>  link your wallet" : `  /link ${devWallet.publicKey.toBase58()}   link your development wallet`,
    "  /campaigns             the campaigns and their states",
    `  /campaign ${inReview}        its status: milestone 1 under review, flags, escrow`,
    `  /contribute ${raising} 10   then /sign last`,
    `  /deposit ${inReview}   then /sign last, then /flag ${inReview} 1`,
    "  /help                  every command; /quit leaves",
  ];
  return `${lines.join("\n")}\n`;
}
