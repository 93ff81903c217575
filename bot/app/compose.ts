/**
 * The composition root: builds every adapter from the configuration and wires them to the
 * core. Chat adapters start only when their token is configured; the web signing page and
 * the database always start.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { naclVerifier } from "../chain/signature-verifier.js";
import type { Clock, RandomSource } from "../core/ports.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import { openDatabase, redactUrl, type Database } from "../store/database.js";
import { prismaStore } from "../store/prisma-store.js";
import { chatSessionStorage, chatUpdateLog } from "../store/chat-state.js";
import { ChainUnavailableError } from "../chain/errors.js";
import { createTelegramBot } from "../telegram/bot.js";
import type { ConversationState } from "../telegram/context.js";
import { startTelegram, type TelegramHandle } from "../telegram/start.js";
import type { ChainReader, ChatNotifier, EvidenceStore, Platform, Relayer } from "../core/ports.js";
import { TelegramNotifier } from "../telegram/notifier.js";
import { FloodPacer } from "../telegram/pacing.js";
import { createWebServer } from "../web/server.js";
import { startDiscord, type DiscordHandle } from "../discord/bot.js";
import { discordSettings } from "../discord/settings.js";
import { redactedConfig, type Config } from "./config.js";
import type { Logger } from "./logger.js";

/** The running application. */
export interface App {
  readonly database: Database;
  readonly webUrl: string;
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
  /** Announcement senders of the running chat adapters, for the outbox's delivery loop. */
  readonly notifiers: Partial<Record<Platform, ChatNotifier>>;
  stop(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/**
 * Until the chain reader is composed (bot/chain's AnchorChainReader needs the RPC settings),
 * chain-backed commands answer that the chain is unavailable instead of guessing.
 */
const chainNotWired: ChainReader = new Proxy({} as ChainReader, {
  get: (_target, operation) => () =>
    Promise.reject(new ChainUnavailableError(String(operation), { cause: new Error("no chain reader configured") })),
});

/** Until the relayer and the evidence store are composed, their commands fail with a clear error. */
const notComposed = (role: string) => () => Promise.reject(new Error(`${role} is not configured in this build`));
const relayerNotWired: Relayer = {
  authority: "",
  flag: notComposed("relayer"),
  staleOpen: notComposed("relayer"),
  staleSupport: notComposed("relayer"),
  finalizeMilestone: notComposed("relayer"),
  finalizeStale: notComposed("relayer"),
};
const evidenceNotWired: EvidenceStore = { upload: notComposed("evidence store"), fetch: notComposed("evidence store"), read: notComposed("evidence store") };

/** Starts the database, the web page and every configured chat adapter. */
export async function startApp(config: Config, log: Logger): Promise<App> {
  log.info(`configuration ${JSON.stringify(redactedConfig(config))}`);
  const database = await openDatabase(
    config.DATABASE_URL === undefined
      ? { kind: "pglite", dataDir: config.DATA_DIR }
      : { kind: "postgres", url: config.DATABASE_URL },
  );
  log.info(
    `database: ${database.kind === "postgres" ? `PostgreSQL ${redactUrl(config.DATABASE_URL ?? "")}` : `embedded PGlite in ${config.DATA_DIR}`}` +
      ` (${database.applied.length} migration(s) applied now)`,
  );
  const deps: LinkDeps = {
    store: prismaStore(database.prisma),
    clock: systemClock,
    random: systemRandom,
    verifier: naclVerifier,
    settings: {
      domain: config.linkDomain,
      baseUrl: config.PUBLIC_BASE_URL,
      chainId: config.SOLANA_CLUSTER,
      ttlSeconds: config.LINK_TTL_SECONDS,
    },
  };
  const web = createWebServer(deps, (m) => log.warn(m));
  await new Promise<void>((resolve, reject) => {
    web.once("error", reject);
    web.listen(config.WEB_PORT, config.WEB_HOST, () => resolve());
  });
  const address = web.address() as AddressInfo;
  const webUrl = `http://${config.WEB_HOST}:${address.port}`;
  log.info(`web: signing page listening on ${webUrl} (public URL ${config.PUBLIC_BASE_URL})`);

  const enabled: string[] = ["web", "database"];
  const disabled: string[] = [];
  const notifiers: Partial<Record<Platform, ChatNotifier>> = {};
  let telegram: TelegramHandle | null = null;
  if (config.TELEGRAM_BOT_TOKEN === undefined) {
    disabled.push("telegram (TELEGRAM_BOT_TOKEN not set)");
  } else {
    // One flood budget for replies and announcements.
    const pacer = new FloodPacer();
    const apiRoot = config.TELEGRAM_API_ROOT === undefined ? {} : { apiRoot: config.TELEGRAM_API_ROOT };
    notifiers.TELEGRAM = new TelegramNotifier(config.TELEGRAM_BOT_TOKEN, { ...apiRoot, pacer });
    const bot = createTelegramBot(
      {
        ...deps,
        store: prismaStore(database.prisma),
        chain: chainNotWired,
        relayer: relayerNotWired,
        evidence: evidenceNotWired,
        maxEvidenceBytes: 20 * 1024 * 1024,
        signing: { baseUrl: config.PUBLIC_BASE_URL, ttlSeconds: 900 },
        team: { TELEGRAM: config.TELEGRAM_TEAM_USER_IDS },
        teamUserIds: config.TELEGRAM_TEAM_USER_IDS,
      },
      {
        token: config.TELEGRAM_BOT_TOKEN,
        ...apiRoot,
        pacer,
        updates: chatUpdateLog(database.prisma),
        sessions: chatSessionStorage<ConversationState>(database.prisma),
      },
    );
    telegram = await startTelegram(
      bot,
      config.TELEGRAM_WEBHOOK_URL === undefined || config.TELEGRAM_WEBHOOK_SECRET === undefined
        ? { mode: "polling" }
        : { mode: "webhook", url: config.TELEGRAM_WEBHOOK_URL, secretToken: config.TELEGRAM_WEBHOOK_SECRET, host: config.WEB_HOST, port: config.TELEGRAM_WEBHOOK_PORT },
      log,
    );
    enabled.push("telegram");
  }
  let discord: DiscordHandle | null = null;
  if (config.DISCORD_TOKEN === undefined) {
    disabled.push("discord (DISCORD_TOKEN not set)");
  } else {
    discord = await startDiscord(config.DISCORD_TOKEN, { ...deps, chain: chainNotWired, relayer: "", writes: null }, discordSettings({ managerRoleId: config.DISCORD_MANAGER_ROLE_ID, teamRoleId: config.DISCORD_TEAM_ROLE_ID, cluster: config.SOLANA_CLUSTER }), log, {
      ...(config.DISCORD_API_BASE === undefined ? {} : { apiBase: config.DISCORD_API_BASE }),
    });
    notifiers.DISCORD = discord.notifier;
    enabled.push("discord");
  }
  for (const name of disabled) log.warn(`adapter disabled: ${name}`);

  return {
    database,
    webUrl,
    enabled,
    disabled,
    notifiers,
    stop: async () => {
      await telegram?.stop();
      await discord?.stop();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await database.close();
    },
  };
}
