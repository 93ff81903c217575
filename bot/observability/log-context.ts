/**
 * The request a log line belongs to: adapters run each Discord interaction, Telegram update,
 * console line and web request inside `withLogContext`, and the logger (bot/app/logger.ts)
 * adds these fields to every line written meanwhile, however deep in the core it is written.
 * AsyncLocalStorage carries them across awaits, so no logger is threaded through the core.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Fields naming what is being handled, e.g. `{ update_id: 42 }` or `{ interaction_id: "…" }`. */
export type LogContext = Readonly<Record<string, string | number>>;

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` added to every log line it writes (nested contexts merge). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** The fields of the request being handled, `{}` outside any. */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
