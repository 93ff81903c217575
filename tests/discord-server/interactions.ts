/**
 * The life of one interaction as Discord tracks it: created when dispatched, acknowledged
 * once by a callback within 3 seconds (else the user sees "This interaction failed" and the
 * token refuses the callback), then its original response edited and follow-ups sent with
 * the token for 15 minutes. Every call is recorded with its time for assertions.
 */
import { EventEmitter } from "node:events";

type Json = Record<string, unknown>;

/** Discord's initial-response deadline. */
export const ACK_DEADLINE_MS = 3000;

/** Interaction callback types (developer docs: Interaction Callback Type). */
export const Callback = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** One thing the bot did with an interaction's token. */
export interface InteractionCall {
  readonly kind: "callback" | "edit-original" | "followup" | "delete-original";
  /** Callback type, for `callback`. */
  readonly type?: number;
  readonly body: Json;
  /** Milliseconds after the interaction was dispatched. */
  readonly afterMs: number;
}

export class InteractionRecord extends EventEmitter {
  readonly calls: InteractionCall[] = [];
  /** Set when no callback arrived within {@link ACK_DEADLINE_MS}: the user saw "This interaction failed". */
  failed = false;
  acknowledged = false;
  /** Id of the original response message, once there is one. */
  originalMessageId: string | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly payload: Json,
    readonly dispatchedAt: number,
    onFailed: (record: InteractionRecord) => void,
  ) {
    super();
    this.timer = setTimeout(() => {
      if (!this.acknowledged) {
        this.failed = true;
        onFailed(this);
        this.emit("failed");
      }
    }, ACK_DEADLINE_MS);
    this.timer.unref();
  }

  record(call: Omit<InteractionCall, "afterMs">): InteractionCall {
    const full = { ...call, afterMs: Date.now() - this.dispatchedAt };
    if (call.kind === "callback") {
      this.acknowledged = true;
      clearTimeout(this.timer);
    }
    this.calls.push(full);
    this.emit("call", full);
    return full;
  }

  /** The initial callback, once the bot sends it (rejects when the interaction failed). */
  firstResponse(timeoutMs = 10_000): Promise<InteractionCall> {
    return this.waitFor((c) => c.kind === "callback", timeoutMs);
  }

  /** The first call matching `predicate`, already made or yet to come. */
  waitFor(predicate: (call: InteractionCall) => boolean, timeoutMs = 10_000): Promise<InteractionCall> {
    const found = this.calls.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("call", onCall);
        reject(new Error(`interaction ${JSON.stringify((this.payload.data as Json | undefined)?.name ?? this.id)}: no matching call in ${timeoutMs} ms; calls: ${JSON.stringify(this.calls)}`));
      }, timeoutMs);
      const onCall = (call: InteractionCall): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.off("call", onCall);
        resolve(call);
      };
      this.on("call", onCall);
    });
  }

  /** The message the user finally sees: the last of the reply/update and its edits. */
  visible(): Json | null {
    let last: Json | null = null;
    for (const call of this.calls) {
      if (call.kind === "callback" && (call.type === 4 || call.type === 7)) last = call.body.data as Json;
      if (call.kind === "edit-original") last = { ...(last ?? {}), ...call.body };
    }
    return last;
  }
}
