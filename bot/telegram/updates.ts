/**
 * Each update handled to the end once. Telegram delivers an update again when a webhook
 * answer was late or failed, or when the bot restarts before confirming its offset (a crash
 * mid-handler). The update id is claimed in the database with a lease before any handler
 * runs, the lease is renewed while the handler runs, and the claim is marked done after it.
 * A second delivery of a done update stops there; one whose claim is not done is waited for
 * while its owner may still be alive, and handled again once its owner is known dead (same
 * host, process gone) or its lease ran out. Handlers must make a second run harmless (flag
 * requests are keyed per holder and submission; a signing link is only a link). The one call
 * a second run cannot repeat is answering the button's callback query (Telegram refuses a
 * second answer): on a rerun that refusal is taken as done, so the handler carries on and
 * saves the conversation state the first run replied with but never stored.
 */
import type { Context, MiddlewareFn, Transformer } from "grammy";
import { ownerIsDead, processOwner } from "../core/process-owner.js";

/** What a claim found. */
export type UpdateClaim =
  /** `rerun`: the update was claimed before: its first run died part-way. */
  | { readonly state: "claimed"; readonly rerun: boolean }
  | { readonly state: "done" }
  | { readonly state: "held"; readonly owner: string | null; readonly leaseUntil: Date | null };

/** Update claims, per source; `claim` is atomic (one of two concurrent calls wins). */
export interface UpdateLog {
  claim(
    source: string,
    updateId: number,
    terms: { owner: string; now: Date; leaseUntil: Date; takeOverFrom?: string },
  ): Promise<UpdateClaim>;
  renew(source: string, updateId: number, owner: string, leaseUntil: Date): Promise<void>;
  finish(source: string, updateId: number, owner: string, at: Date): Promise<void>;
}

export interface HandleOnceOptions {
  /** How long a claim holds without renewal. Default 30 s; renewed every third of it. */
  readonly leaseMs?: number;
  /** This process's owner name; default `<host>/<pid>/<random>`. */
  readonly owner?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Telegram's refusal of a callback query answered before (or too late). */
const ANSWERED_BEFORE = /query is too old|query ID is invalid/i;

/** On a rerun: a callback query the first run already answered counts as answered. */
const answeredBefore: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (method === "answerCallbackQuery" && !result.ok && result.error_code === 400 && ANSWERED_BEFORE.test(result.description)) {
    return { ok: true, result: true } as unknown as typeof result;
  }
  return result;
};

/** Middleware that runs the rest of the chain for an update unless it was already handled. */
export function handleOnce(log: UpdateLog, source: () => string, options: HandleOnceOptions = {}): MiddlewareFn<Context> {
  const leaseMs = options.leaseMs ?? 30_000;
  const owner = options.owner ?? processOwner();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    const from = source();
    for (let takeOverFrom: string | undefined; ; ) {
      const now = new Date();
      const claim = await log.claim(from, id, { owner, now, leaseUntil: new Date(now.getTime() + leaseMs), ...(takeOverFrom === undefined ? {} : { takeOverFrom }) });
      if (claim.state === "done") return;
      if (claim.state === "claimed") {
        if (claim.rerun) ctx.api.config.use(answeredBefore);
        break;
      }
      if (claim.owner !== null && ownerIsDead(claim.owner, owner)) {
        takeOverFrom = claim.owner;
        continue;
      }
      // Another live (or unknown) owner is handling it: wait for it to finish or for its lease to run out.
      const left = (claim.leaseUntil?.getTime() ?? 0) - Date.now();
      await sleep(Math.max(50, Math.min(left, leaseMs / 10, 1_000)));
    }
    const renewal = setInterval(() => {
      log.renew(from, id, owner, new Date(Date.now() + leaseMs)).catch(() => undefined);
    }, leaseMs / 3);
    try {
      await next();
    } finally {
      clearInterval(renewal);
      // A handler that failed was answered (or logged) as failed: it is done, not retried.
      await log.finish(from, id, owner, new Date());
    }
  };
}
