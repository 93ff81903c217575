/**
 * Structured JSON logs (pino), one object a line on stderr. Every line carries the request
 * being handled (bot/observability/log-context.ts), and the secret-bearing fields below are
 * replaced by "[redacted]" wherever an object holding them is logged. Messages themselves
 * must still hold no secret: configuration goes through `redactedConfig` first, and tokens
 * never leave the adapters that use them.
 */
import pino, { type DestinationStream } from "pino";
import { currentLogContext } from "../observability/log-context.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";

/** Extra fields of one line (logged as JSON properties, redacted as below). */
export type LogFields = Readonly<Record<string, unknown>>;

/** Logs at or above a level. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Field names that hold a secret anywhere in a logged object (any depth up to three): bot
 * tokens, key pairs and secret keys, signed transaction bytes, database URLs (their password),
 * the Arweave wallet (a JWK) and the Telegram webhook secret.
 */
export const SECRET_FIELDS = [
  "token",
  "botToken",
  "DISCORD_TOKEN",
  "TELEGRAM_BOT_TOKEN",
  "authorization",
  "keypair",
  "secretKey",
  "privateKey",
  "RELAYER_FEE_PAYER_KEYPAIR",
  "RELAY_AUTHORITY_KEYPAIR",
  "CONSOLE_WALLET_KEYPAIR",
  "signed",
  "signedTransaction",
  "transaction",
  "DATABASE_URL",
  "databaseUrl",
  "password",
  "ARWEAVE_WALLET",
  "ARWEAVE_WALLET_JWK",
  "arweaveWallet",
  "jwk",
  "TELEGRAM_WEBHOOK_SECRET",
  "webhookSecret",
  "secretToken",
  "secret",
];

/** pino redact paths: each field at the top level and nested up to three objects deep. */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

/** Where lines go: stderr by default; tests pass a function collecting them. */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  readonly format?: LogFormat;
  readonly write?: LogSink;
}

/** A pino logger behind the app's `Logger` port. */
export function createLogger(level: LogLevel, options: LoggerOptions | LogSink = {}): Logger {
  const { format = "json", write } = typeof options === "function" ? { write: options } : options;
  const destination: DestinationStream = write === undefined ? pino.destination({ dest: 2, sync: true }) : { write: (line: string) => write(line.replace(/\n$/, "")) };
  const base = pino(
    {
      level,
      base: { service: "pepfund" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      mixin: () => ({ ...currentLogContext() }),
    },
    format === "pretty" ? prettyStream(destination) : destination,
  );
  const at = (l: LogLevel) => (message: string, fields?: LogFields) => (fields === undefined ? base[l](message) : base[l](fields, message));
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** `time LEVEL message {fields}` lines for a terminal (LOG_FORMAT=pretty), from pino's JSON. */
function prettyStream(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      const { time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
      delete rest.service;
      const extra = Object.keys(rest).length === 0 ? "" : ` ${JSON.stringify(rest)}`;
      out.write(`${String(time)} ${String(level).toUpperCase()} ${String(msg)}${extra}\n`);
    },
  };
}
