/** A chat notifier that records what it was asked to send and fails when told to. */
import type { ChatNotifier, ChatTarget, Notice } from "../../../bot/core/ports.js";

/** One delivered notice. */
export interface Delivered {
  readonly target: ChatTarget;
  readonly notice: Notice;
}

/** Records deliveries; `failNext` makes the next sends throw the given errors, in order. */
export class RecordingNotifier implements ChatNotifier {
  readonly delivered: Delivered[] = [];
  private readonly failures: Error[] = [];
  /** Calls, successful or not. */
  calls = 0;
  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }
  send(target: ChatTarget, notice: Notice): Promise<void> {
    this.calls += 1;
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    this.delivered.push({ target, notice });
    return Promise.resolve();
  }
}
