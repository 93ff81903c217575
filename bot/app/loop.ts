/**
 * A background loop: runs one pass, waits the interval, runs the next. A failed pass is
 * logged (its message only: use cases never put secrets in errors) and the loop carries on;
 * `stop` ends the waiting at once and resolves when the pass in progress has finished.
 */
import type { Logger } from "./logger.js";

/** A running loop. */
export interface Loop {
  readonly name: string;
  /** Passes completed (failed ones included); for tests and health output. */
  readonly passes: number;
  readonly intervalMs: number;
  /** When the last pass succeeded (`null` before one has): /readyz fails a loop stuck or failing. */
  readonly lastSuccessAt: Date | null;
  stop(): Promise<void>;
}

export function startLoop(name: string, intervalMs: number, pass: () => Promise<void>, log: Logger): Loop {
  let stopped = false;
  let passes = 0;
  let lastSuccessAt: Date | null = null;
  // The pending wait, so `stop` can end it at once.
  const waiting: { timer?: NodeJS.Timeout; wake?: () => void } = {};
  const run = async () => {
    while (!stopped) {
      try {
        await pass();
        lastSuccessAt = new Date();
      } catch (error) {
        log.error(`worker ${name}: pass failed, retrying in ${intervalMs} ms: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      passes += 1;
      if (stopped) break;
      await new Promise<void>((resolve) => {
        waiting.wake = resolve;
        waiting.timer = setTimeout(resolve, intervalMs);
      });
    }
  };
  const running = run();
  log.info(`worker ${name}: started (every ${intervalMs} ms)`);
  return {
    name,
    intervalMs,
    get passes() {
      return passes;
    },
    get lastSuccessAt() {
      return lastSuccessAt;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(waiting.timer);
      waiting.wake?.();
      await running;
      log.info(`worker ${name}: stopped`);
    },
  };
}
