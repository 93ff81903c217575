/**
 * Notices travel through the outbox as JSON. JSON has no bigint, so every bigint is written
 * as `{"$bigint": "<decimal>"}` and read back exactly; nothing else changes.
 */
import type { Notice } from "./notices.js";

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
  return value as Notice;
}
