/**
 * How a chat adapter tells the outbox why a notice did not go out. Anything else thrown is
 * an outage and is retried with backoff.
 */

/** The platform asked us to wait (Discord 429 `retry_after`, Telegram 429 `parameters.retry_after`). */
export class RetryAfterError extends Error {
  override readonly name = "RetryAfterError";
  /** @param retryAfterMs how long the platform asked us to wait, in milliseconds. */
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited: retry after ${retryAfterMs} ms`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The platform will never take this notice (the chat is gone, the bot was removed or may not
 * post there). The entry is kept, marked failed, not retried.
 */
export class DeliveryRefusedError extends Error {
  override readonly name = "DeliveryRefusedError";
}
