/**
 * Configuration, read once from the environment and validated by one schema. A missing or
 * malformed value stops the bot with a message naming the variable. `.env.example`
 * documents every variable; secrets never reach a log (see {@link redactedConfig}).
 */
import { z } from "zod";
import { isLocalHost } from "../core/local-host.js";
import {
  DEFAULT_MAX_PRIORITY_FEE,
  type FeeSettings,
  MAX_COMPUTE_UNITS,
  MAX_PRIORITY_FEE_CAP,
  MIN_COMPUTE_UNITS,
} from "../chain/relayer/compute-budget.js";
import { CHAIN_IDS } from "../core/linking/siws.js";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** An empty value takes the default (a blank line in .env must not coerce to 0: a zero fee cap). */
function blankIsDefault<T extends z.ZodType>(type: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), type);
}

/** Arweave gateway origins, comma-separated (shared with the CLI's settings, bot/app/cli/env.ts). */
export const arweaveGateways = z
  .string()
  .trim()
  .default("")
  .refine(
    (v) => v === "" || v.split(",").every((g) => /^https?:\/\/[^/\s]+$/.test(g.trim().replace(/\/+$/, ""))),
    "must be http(s) origins separated by commas, e.g. https://arweave.net,https://ar-io.net",
  )
  .transform((v) => (v === "" ? [] : v.split(",").map((g) => g.trim().replace(/\/+$/, ""))));

const schema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  PUBLIC_BASE_URL: z
    .string()
    .trim()
    .default("http://localhost:3000")
    .refine((v) => {
      try {
        const url = new URL(v);
        return (url.protocol === "http:" || url.protocol === "https:") && url.origin === v;
      } catch {
        return false;
      }
    }, "must be an http(s) origin without a path or trailing slash, e.g. https://pepfund.example"),
  WEB_HOST: z.string().trim().min(1).default("127.0.0.1"),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SOLANA_CLUSTER: z.enum(CHAIN_IDS).default("devnet"),
  LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  // Per-user rate limits on relayed actions (flags, stale votes, signing requests): at most
  // this many per chat account and per wallet in a rolling window (bot/core/rules/rate-limit.ts).
  RELAY_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).max(10_000).default(10),
  RELAY_RATE_LIMIT_PER_WALLET: z.coerce.number().int().min(1).max(10_000).default(10),
  RELAY_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3_600),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(z.string().regex(/^[0-9]{5,20}$/, "must be a Discord snowflake").optional()),
  /** Role allowed to /subscribe and /unsubscribe besides members with Manage Server. */
  DISCORD_MANAGER_ROLE_ID: optionalText.pipe(z.string().regex(/^[0-9]{5,20}$/, "must be a Discord role id (snowflake)").optional()),
  /** The PepFund team role: may /dispute resolve. */
  DISCORD_TEAM_ROLE_ID: optionalText.pipe(z.string().regex(/^[0-9]{5,20}$/, "must be a Discord role id (snowflake)").optional()),
  /** Channel where the PepFund team is reminded of dispute deadlines (Telegram: TELEGRAM_TEAM_USER_IDS). */
  DISCORD_TEAM_CHANNEL_ID: optionalText.pipe(z.string().regex(/^[0-9]{5,20}$/, "must be a Discord channel id (snowflake)").optional()),
  /** Discord REST base (tests and proxies), e.g. http://127.0.0.1:PORT/api; Discord's own by default. */
  DISCORD_API_BASE: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z.string().regex(/^[0-9]+:[A-Za-z0-9_-]{20,}$/, "must look like 123456:ABC... from @BotFather").optional(),
  ),
  // Telegram delivery: long polling unless TELEGRAM_WEBHOOK_URL is set (docs/TELEGRAM.md).
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16-256 characters of A-Z a-z 0-9 _ -").optional(),
  ),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  TELEGRAM_TEAM_USER_IDS: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^[0-9]+(,[0-9]+)*$/.test(v), "must be Telegram user ids separated by commas")
    .transform((v) => (v === "" ? [] : v.split(","))),
  TELEGRAM_API_ROOT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** The console chat's local user id (decimal, like every platform's ids). */
  CONSOLE_USER_ID: z.string().trim().regex(/^[0-9]{1,20}$/, "must be a decimal user id").default("1"),
  /** Development wallet the console's /sign signs with, on a localnet only: a keypair file path or its JSON byte array. Never logged. */
  CONSOLE_WALLET_KEYPAIR: optionalText,
  /** Solana JSON-RPC; unset: the app starts the PepFund localnet (tools/localnet) for a local run. */
  SOLANA_RPC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Solana WebSocket; default: the RPC URL as web3.js derives it (ws/wss, port + 1 only when the URL names one; path and query kept). */
  SOLANA_WS_URL: optionalText.pipe(z.url({ protocol: /^wss?$/ }).optional()),
  /** Pays relayed fees only: a Solana CLI keypair file path or its JSON byte array. Never logged. */
  RELAYER_FEE_PAYER_KEYPAIR: optionalText,
  /** The holders' delegate for relayed flags and stale votes; same forms. Never logged. */
  RELAY_AUTHORITY_KEYPAIR: optionalText,
  /**
   * Priority fee of relayed and prepared transactions, micro-lamports per compute unit: `auto`
   * (a percentile of the node's recent fees on the transaction's writable accounts) or a number.
   * Never above PRIORITY_FEE_MAX_MICROLAMPORTS, which the relay policy also enforces.
   */
  PRIORITY_FEE_MICROLAMPORTS: blankIsDefault(
    z
      .union([z.literal("auto"), z.coerce.number().int().min(0).max(MAX_PRIORITY_FEE_CAP)], {
        error: `must be auto or micro-lamports per compute unit (0..${MAX_PRIORITY_FEE_CAP})`,
      })
      .default("auto"),
  ),
  PRIORITY_FEE_MAX_MICROLAMPORTS: blankIsDefault(z.coerce.number().int().min(0).max(MAX_PRIORITY_FEE_CAP).default(DEFAULT_MAX_PRIORITY_FEE)),
  PRIORITY_FEE_PERCENTILE: blankIsDefault(z.coerce.number().int().min(0).max(100).default(75)),
  /** Compute-unit limit: `auto` (simulate and add a margin) or a fixed number of units. */
  COMPUTE_UNIT_LIMIT: blankIsDefault(
    z
      .union([z.literal("auto"), z.coerce.number().int().min(MIN_COMPUTE_UNITS).max(MAX_COMPUTE_UNITS)], {
        error: `must be auto or a number of compute units (${MIN_COMPUTE_UNITS}..${MAX_COMPUTE_UNITS})`,
      })
      .default("auto"),
  ),
  /** Arweave gateway origins, comma-separated, tried in order; unset: arlocal in this process (local run only). */
  ARWEAVE_GATEWAYS: arweaveGateways,
  /** Path of the Arweave wallet (JWK JSON) paying for uploads. Never logged. */
  ARWEAVE_WALLET: optionalText,
  /** Outbox delivery pass interval. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  /** Flag relay resumer pass interval; it picks up requests untouched for FLAG_RESUME_AFTER_MS. */
  FLAG_RESUME_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(15_000),
  FLAG_RESUME_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  /**
   * Signing resumer pass interval; it sends the stored bytes of wallet-signed requests claimed
   * SIGNING_RESUME_AFTER_MS ago and still unfinished (their sender died). Longer than a live
   * send takes (a blockhash lives about 60-90 s), though a resumed live send is harmless.
   */
  SIGNING_RESUME_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(15_000),
  SIGNING_RESUME_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(120_000),
  /** Scheduler pass interval (cranks, reminders, behind-schedule and stale notices). */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** json (default off a terminal) or pretty one-line text (default on a terminal); docs/OBSERVABILITY.md. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Readiness (/readyz): a worker whose last good pass is older than this many intervals is failing. */
  READY_WORKER_INTERVALS: z.coerce.number().int().min(2).max(1000).default(5),
  // What this process runs when several share one PostgreSQL (docs/OPERATIONS.md).
  PEPFUND_ROLE: z.enum(["all", "chat", "workers"]).default("all"),
  // This replica's Discord shard "i/N" (0 <= i < N): Discord sends each guild's events to one shard.
  DISCORD_SHARD: optionalText.pipe(z.string().regex(/^[0-9]{1,4}\/[0-9]{1,4}$/, "must be i/N, e.g. 0/2").optional()),
}).refine((c) => c.SOLANA_RPC_URL === undefined || isLocalHost(c.SOLANA_RPC_URL) || (c.RELAYER_FEE_PAYER_KEYPAIR !== undefined && c.RELAY_AUTHORITY_KEYPAIR !== undefined), {
  path: ["RELAYER_FEE_PAYER_KEYPAIR"],
  message: "and RELAY_AUTHORITY_KEYPAIR are required with a non-local SOLANA_RPC_URL (demo keys are generated only for a local validator)",
}).refine((c) => c.SOLANA_RPC_URL === undefined || isLocalHost(c.SOLANA_RPC_URL) || c.ARWEAVE_GATEWAYS.length > 0, {
  path: ["ARWEAVE_GATEWAYS"],
  message: "is required with a non-local SOLANA_RPC_URL (arlocal, the local Arweave stand-in, keeps evidence on this machine only)",
}).refine((c) => c.PRIORITY_FEE_MICROLAMPORTS === "auto" || c.PRIORITY_FEE_MICROLAMPORTS <= c.PRIORITY_FEE_MAX_MICROLAMPORTS, {
  path: ["PRIORITY_FEE_MICROLAMPORTS"],
  message: "must not exceed PRIORITY_FEE_MAX_MICROLAMPORTS (the fee payer pays it on every relayed transaction)",
}).refine((c) => c.ARWEAVE_GATEWAYS.length === 0 || c.ARWEAVE_WALLET !== undefined, {
  path: ["ARWEAVE_WALLET"],
  message: "is required with ARWEAVE_GATEWAYS (the JWK file that pays for evidence uploads)",
}).refine((c) => c.TELEGRAM_WEBHOOK_URL === undefined || c.TELEGRAM_WEBHOOK_SECRET !== undefined, {
  path: ["TELEGRAM_WEBHOOK_SECRET"],
  message: "is required with TELEGRAM_WEBHOOK_URL (Telegram sends it with every update; others are refused)",
}).refine((c) => c.DISCORD_SHARD === undefined || shardOf(c.DISCORD_SHARD) !== null, {
  path: ["DISCORD_SHARD"],
  message: "must be i/N with 0 <= i < N (shard id below the shard count)",
}).refine((c) => c.PEPFUND_ROLE === "all" || c.DATABASE_URL !== undefined, {
  path: ["DATABASE_URL"],
  message: "is required with PEPFUND_ROLE chat or workers (replicas share one PostgreSQL; PGlite serves one process)",
});

/** `i/N` as Discord's [shard_id, num_shards], or null when the shard id is not below the count. */
export function shardOf(text: string): [number, number] | null {
  const [id, count] = text.split("/").map(Number) as [number, number];
  return count >= 1 && id < count ? [id, count] : null;
}

export { isLocalHost };

/** Validated configuration. */
export type Config = z.infer<typeof schema> & {
  /** Authority (host[:port]) that link messages name, derived from PUBLIC_BASE_URL. */
  readonly linkDomain: string;
};

/** A variable that is missing or malformed; the message names it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads and validates the configuration; throws {@link ConfigError} naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  return {
    ...parsed.data,
    // Without SOLANA_RPC_URL the app starts its own localnet: sign-in messages and explorer
    // links must name that chain, whatever SOLANA_CLUSTER says (.env.example sets devnet).
    SOLANA_CLUSTER: parsed.data.SOLANA_RPC_URL === undefined ? "localnet" : parsed.data.SOLANA_CLUSTER,
    linkDomain: new URL(parsed.data.PUBLIC_BASE_URL).host,
  };
}

/** The compute-unit limit and priority fee settings of relayed and prepared transactions. */
export function feeSettings(config: Config): FeeSettings {
  return {
    price: config.PRIORITY_FEE_MICROLAMPORTS,
    maxPrice: config.PRIORITY_FEE_MAX_MICROLAMPORTS,
    percentile: config.PRIORITY_FEE_PERCENTILE,
    unitLimit: config.COMPUTE_UNIT_LIMIT,
  };
}

const SECRETS = [
  "DISCORD_TOKEN",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "RELAYER_FEE_PAYER_KEYPAIR",
  "RELAY_AUTHORITY_KEYPAIR",
  "ARWEAVE_WALLET",
  "CONSOLE_WALLET_KEYPAIR",
] as const;

/** The configuration with secrets replaced, safe to print. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRETS) if (copy[key] !== undefined) copy[key] = "***";
  // RPC providers put API keys in the path or query: print the origin only.
  for (const key of ["SOLANA_RPC_URL", "SOLANA_WS_URL"] as const) {
    if (typeof copy[key] === "string") copy[key] = `${new URL(copy[key]).origin}/***`;
  }
  if (typeof copy.DATABASE_URL === "string") {
    try {
      const url = new URL(copy.DATABASE_URL);
      if (url.password !== "") url.password = "***";
      copy.DATABASE_URL = url.toString();
    } catch {
      copy.DATABASE_URL = "***";
    }
  }
  return copy;
}
