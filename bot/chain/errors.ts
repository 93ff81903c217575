/** The chain adapter's failure layer: the RPC node could not answer. */

/**
 * The RPC endpoint failed (network error, timeout, HTTP 5xx/429 after web3.js's own
 * retries, or a JSON-RPC error) while reading or sending. Callers answer "try again later";
 * nothing was decided on-chain because of it.
 */
export class ChainUnavailableError extends Error {
  override readonly name = "ChainUnavailableError";

  constructor(
    /** What the adapter was doing, e.g. `getCampaign`. */
    readonly operation: string,
    options: { cause: unknown },
  ) {
    super(`${operation}: the Solana RPC endpoint did not answer (${describe(options.cause)})`, options);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Runs one RPC read; any failure becomes a {@link ChainUnavailableError}. */
export async function rpcCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new ChainUnavailableError(operation, { cause });
  }
}
