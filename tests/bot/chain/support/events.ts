/** Program events two ways: live through `addEventListener` (logsSubscribe) and from `getTransaction` logs. */
import type { PepfundProgram } from "../../../../bot/chain/program.js";
import { EventParser, PROGRAM_ID } from "../../../../bot/chain/program.js";

/** A decoded event as Anchor TS gives it (camelCase name and fields). */
export interface DecodedEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
}

/** The events of a confirmed transaction, parsed from its log messages. */
export async function transactionEvents(program: PepfundProgram, signature: string): Promise<DecodedEvent[]> {
  const tx = await program.provider.connection.getTransaction(signature, {
    commitment: "confirmed",
    maxSupportedTransactionVersion: 0,
  });
  const logs = tx?.meta?.logMessages;
  if (!logs) throw new Error(`no logs for ${signature}`);
  const parser = new EventParser(PROGRAM_ID, program.coder);
  return [...parser.parseLogs(logs)].map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}

/**
 * Waits until every WebSocket subscription of the program's connection is acknowledged by the
 * node. web3.js 1.x keeps that state only in a private field (`_subscriptionsByHash`, frozen
 * in the 1.x line); 'subscribed' is its word for acknowledged.
 */
async function subscriptionsLive(program: PepfundProgram, timeoutMs: number): Promise<void> {
  const subscriptions = (program.provider.connection as unknown as { _subscriptionsByHash: Record<string, { state: string }> })._subscriptionsByHash;
  const deadline = Date.now() + timeoutMs;
  const live = () => Object.values(subscriptions).length > 0 && Object.values(subscriptions).every((s) => s.state === "subscribed");
  while (!live()) {
    if (Date.now() > deadline) throw new Error(`the event subscription was not acknowledged within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Events heard live while `work` runs, collected until `count` arrived (or `timeoutMs`). */
export async function listen<T>(
  program: PepfundProgram,
  eventName: Parameters<PepfundProgram["addEventListener"]>[0],
  count: number,
  work: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<{ result: T; heard: { data: Record<string, unknown>; signature: string }[] }> {
  const heard: { data: Record<string, unknown>; signature: string }[] = [];
  const listener = program.addEventListener(eventName, (event, _slot, signature) => {
    heard.push({ data: event, signature });
  });
  try {
    // A subscriber hears only what lands after the node acknowledged its subscription; the
    // work's transactions confirm by polling, which does not wait for the WebSocket.
    await subscriptionsLive(program, timeoutMs);
    const result = await work();
    const deadline = Date.now() + timeoutMs;
    while (heard.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { result, heard };
  } finally {
    await program.removeEventListener(listener);
  }
}
