/**
 * Each update handled once. Telegram delivers an update again when a webhook answer was
 * late or failed, or when the bot restarts before confirming its offset; the update id is
 * claimed in the database before any handler runs, and a second delivery stops there.
 */
import type { Context, MiddlewareFn } from "grammy";

/** Update ids already handled, per source; `claim` is atomic (one of two concurrent calls wins). */
export interface UpdateLog {
  /** Records the update; false when it was recorded before. */
  claim(source: string, updateId: number): Promise<boolean>;
}

/** Middleware that stops an update whose id was already claimed. */
export function handleOnce(log: UpdateLog, source: () => string): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!(await log.claim(source(), ctx.update.update_id))) return;
    await next();
  };
}
