/**
 * Program events from a transaction's log messages, as the core's `ProgramEvent`s. Anchor's
 * `EventParser` reads the `Program data:` lines of our program's invocations; each field is
 * then converted by its IDL type (the committed IDL), so a new event or field needs no code
 * here: u64 -> bigint, i64 and small integers -> number, pubkey -> base58 (a default
 * delegate -> null), `[u8; 32]` -> Arweave id (base64url) or, for `evidenceHash`, hex,
 * enums -> variant name.
 */
import anchor, { type BN, type Idl } from "@coral-xyz/anchor";
import { convertIdlToCamelCase, type IdlField, type IdlType } from "@coral-xyz/anchor/dist/cjs/idl.js";
import type { PublicKey } from "@solana/web3.js";
import { arweaveIdFromBytes, hexFromBytes } from "../../core/evidence-ids.js";
import { PROGRAM_EVENT_NAMES, type ProgramEvent } from "../../core/events.js";
import { optionalKey } from "../decode.js";
import { EventParser, PEPFUND_IDL, PROGRAM_ID } from "../program.js";

interface FieldSpec {
  readonly name: string;
  readonly camel: string;
  readonly type: IdlType;
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Field specs per event name, from the committed IDL's type definitions. */
const IDL = PEPFUND_IDL as unknown as Idl;
const EVENT_FIELDS: ReadonlyMap<string, readonly FieldSpec[]> = new Map(
  (IDL.events ?? []).map((event) => {
    const def = (IDL.types ?? []).find((t) => t.name === event.name);
    if (def === undefined || def.type.kind !== "struct") throw new Error(`IDL has no struct for event ${event.name}`);
    const fields = (def.type.fields ?? []) as readonly IdlField[];
    return [event.name, fields.map((f) => ({ name: f.name, camel: camelCase(f.name), type: f.type }))];
  }),
);

const KNOWN = new Set<string>(PROGRAM_EVENT_NAMES);

function variantName(value: object): string {
  const [name] = Object.keys(value);
  if (name === undefined) throw new TypeError("decoded enum has no variant");
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function convert(field: FieldSpec, value: unknown): unknown {
  const { type } = field;
  if (type === "u64") return BigInt((value as BN).toString());
  if (type === "i64") return (value as BN).toNumber();
  if (type === "pubkey") return field.camel === "delegate" ? optionalKey(value as PublicKey) : (value as PublicKey).toBase58();
  if (typeof type === "object" && "array" in type) {
    const bytes = Uint8Array.from(value as number[]);
    return field.camel === "evidenceHash" ? hexFromBytes(bytes) : arweaveIdFromBytes(bytes);
  }
  if (typeof type === "object" && "defined" in type) return variantName(value as object);
  return value; // u8/u16/u32 numbers and bools decode as they are
}

/** The core event for one decoded Anchor event; `null` for an event the core does not know. */
export function toProgramEvent(name: string, data: Record<string, unknown>): ProgramEvent | null {
  const fields = EVENT_FIELDS.get(name);
  if (fields === undefined || !KNOWN.has(name)) return null;
  const event: Record<string, unknown> = { name };
  for (const field of fields) event[field.camel] = convert(field, data[field.camel]);
  return event as ProgramEvent;
}

// `Program` decodes with the camelCased IDL; so does this parser (fields arrive camelCased).
const parser = new EventParser(PROGRAM_ID, new anchor.BorshCoder(convertIdlToCamelCase(IDL)));

/** Our program's events in `logs`, in emission order. */
export function decodeProgramEvents(logs: readonly string[]): ProgramEvent[] {
  const events: ProgramEvent[] = [];
  for (const decoded of parser.parseLogs([...logs])) {
    // The camelCased IDL names events `campaignCreated`; the core uses the Rust name.
    const name = decoded.name.charAt(0).toUpperCase() + decoded.name.slice(1);
    const event = toProgramEvent(name, decoded.data as Record<string, unknown>);
    if (event !== null) events.push(event);
  }
  return events;
}
