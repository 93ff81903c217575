/**
 * Notices travel through the outbox as JSON. JSON has no bigint, so every bigint is written
 * as `{"$bigint": "<decimal>"}` and read back exactly; nothing else changes. Payloads queued
 * by an older version are read into today's shape (see {@link legacySignedAction}).
 */
import type { Notice, SignedAction } from "./notices.js";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BIGINT_TAG = "$bigint";

/** The JSON form of any value made of plain objects, arrays, strings, numbers, booleans, null and bigints. */
export function toJson(value: unknown): Json {
  if (typeof value === "bigint") return { [BIGINT_TAG]: value.toString() };
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = toJson(field);
    return out;
  }
  throw new TypeError(`cannot store a ${typeof value} as JSON`);
}

/** Reads back what {@link toJson} wrote. */
export function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined && only[0] === BIGINT_TAG && typeof only[1] === "string") {
      return BigInt(only[1]);
    }
    return Object.fromEntries(entries.map(([key, field]) => [key, fromJson(field)]));
  }
  return value;
}

/** The stored form of a notice. */
export function encodeNotice(notice: Notice): Json {
  return toJson(notice);
}

/** A notice read back from the outbox (written by {@link encodeNotice}). */
export function decodeNotice(json: unknown): Notice {
  const value = fromJson(json);
  if (value === null || typeof value !== "object" || typeof (value as { kind?: unknown }).kind !== "string") {
    throw new TypeError("outbox payload holds no notice");
  }
  const notice = value as Notice;
  const action: unknown = notice.kind === "SigningOutcome" ? notice.action : undefined;
  if (notice.kind === "SigningOutcome" && typeof action === "string") return { ...notice, action: legacySignedAction(action) };
  return notice;
}

/**
 * A SigningOutcome's action as older versions stored it: English words
 * ("your dispute decision (approve) on milestone 2"). Those words were generated from a
 * fixed set, so each reads back into its facts; anything else is `unknown`, still delivered.
 */
export function legacySignedAction(words: string): SignedAction {
  const submit = /^your evidence submission for milestone (\d+)$/.exec(words);
  if (submit !== null) return { kind: "milestoneSubmit", milestoneIndex: Number(submit[1]) - 1 };
  const dispute = /^your dispute decision \((approve|reject)\) on milestone (\d+)$/.exec(words);
  if (dispute !== null) return { kind: "disputeResolve", approve: dispute[1] === "approve", milestoneIndex: Number(dispute[2]) - 1 };
  const fixed: Readonly<Record<string, SignedAction>> = {
    "your deposit of backer tokens": { kind: "holderDeposit", delegate: false },
    "your relay delegate revocation": { kind: "holderSetDelegate", delegate: false },
    "your relay delegate consent": { kind: "holderSetDelegate", delegate: true },
    "your withdrawal of deposited backer tokens": { kind: "holderWithdraw" },
    "your refund claim": { kind: "refundClaim" },
  };
  return fixed[words] ?? { kind: "unknown" };
}
