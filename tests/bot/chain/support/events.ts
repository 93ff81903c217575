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
    const result = await work();
    const deadline = Date.now() + timeoutMs;
    while (heard.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { result, heard };
  } finally {
    await program.removeEventListener(listener);
  }
}
