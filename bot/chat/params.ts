/**
 * Parameters from what users typed or picked, checked against the declaration before a
 * command runs. Every value that later goes into a button or modal id is checked here
 * first (an address is base58, a milestone a small integer), so text a user typed can never
 * change which campaign or milestone a button acts on.
 */
import type { AnyCommand, ChatFile, ParamKind, ParamSpec, ParamSpecs } from "./command.js";
import type { Invocation } from "./reply.js";

/** A base58 Solana address. */
export const ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
/** Most milestones a roadmap has (the program's MAX_MILESTONES). */
export const MAX_MILESTONES = 10;

/** A value as an adapter received it: Discord's typed option, or a word typed in Telegram or the console. */
export type RawValue = string | number | boolean | ChatFile;

/** Why a parameter was refused: its name, for the words and the usage line. */
export interface ParamProblem {
  readonly param: string;
}

/** Checked values by parameter name. */
export type CheckedParams = Record<string, string | number | boolean | ChatFile>;

function isFile(v: RawValue): v is ChatFile {
  return typeof v === "object" && v !== null && "read" in v;
}

/**
 * One value checked against its spec. Typed text (`typed: true`) counts milestones from 1
 * as users do; Discord's picked values are already indices.
 */
export function checkValue(spec: ParamSpec, raw: RawValue, typed: boolean): string | number | boolean | ChatFile | null {
  switch (spec.kind) {
    case "file":
      return isFile(raw) ? raw : null;
    case "milestone": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,2}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      const index = typed && typeof raw === "string" ? n - 1 : n;
      return Number.isInteger(index) && index >= 0 && index < MAX_MILESTONES ? index : null;
    }
    case "integer": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      return Number.isInteger(n) && n >= (spec.min ?? 0) && n <= (spec.max ?? Number.MAX_SAFE_INTEGER) ? n : null;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (typeof raw !== "string") return null;
      const t = raw.trim().toLowerCase();
      return ["on", "yes", "true", "1"].includes(t) ? true : ["off", "no", "false", "0"].includes(t) ? false : null;
    }
    default: {
      if (typeof raw !== "string" && typeof raw !== "number") return null;
      const t = String(raw).trim();
      if (spec.kind === "address") return ADDRESS.test(t) ? t : null;
      // A campaign may be named ("#3", words of its title): dispatch resolves it to an address.
      if (spec.kind === "campaign") return spec.reserved?.find((r) => r.value === t.toLowerCase())?.value ?? (t.length >= 1 && t.length <= 100 ? t : null);
      if (spec.kind === "choice") return spec.choices?.find((c) => c.value === t.toLowerCase() || c.value === t)?.value ?? null;
      if (t.length < (spec.minLength ?? (spec.required ? 1 : 0)) || t.length > (spec.maxLength ?? 2000)) return null;
      return t;
    }
  }
}

/**
 * Checks every parameter: required ones present, each of its kind. Missing optional ones are
 * left out; so is a missing parameter typed in a form (the command then asks for it).
 */
export function checkParams(
  params: ParamSpecs,
  raw: Readonly<Record<string, RawValue | undefined>>,
  typed: boolean,
): { ok: true; values: CheckedParams; missing: string[] } | { ok: false; problem: ParamProblem } {
  const values: CheckedParams = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(params)) {
    const given = raw[name];
    if (given === undefined || given === "") {
      if (spec.required) missing.push(name);
      continue;
    }
    const value = checkValue(spec, given, typed);
    if (value === null) return { ok: false, problem: { param: name } };
    values[name] = value;
  }
  return { ok: true, values, missing };
}

/**
 * Splits typed arguments over the parameters in declared order; the last text parameter
 * takes the rest of the line (a reason, a rationale). Files never come from text.
 */
export function splitTyped(params: ParamSpecs, text: string): Record<string, string> {
  const names = Object.entries(params).filter(([, s]) => s.kind !== "file" && s.hidden !== true);
  const out: Record<string, string> = {};
  let rest = text.trim();
  names.forEach(([name, spec], i) => {
    if (rest === "") return;
    const isLast = i === names.length - 1;
    if (spec.kind === "text" && isLast) {
      out[name] = rest;
      rest = "";
      return;
    }
    const match = /^(\S+)\s*(.*)$/s.exec(rest);
    out[name] = match?.[1] ?? "";
    rest = match?.[2] ?? "";
  });
  return out;
}

/** How a typed command is written: `/flag <campaign> <milestone> [rationale]`. */
export function usage(command: AnyCommand, prefix = "/"): string {
  const args = Object.entries(command.params as ParamSpecs)
    .filter(([, s]) => s.kind !== "file" && s.hidden !== true)
    .map(([name, s]) => {
      const shown = s.kind === "choice" && s.choices !== undefined ? s.choices.map((c) => c.value).join("|") : (s.placeholder ?? PLACEHOLDER[s.kind](name));
      return s.required && s.form === undefined ? `<${shown}>` : `[${shown}]`;
    });
  return [`${prefix}${command.name}`, ...args].join(" ");
}

const PLACEHOLDER: Readonly<Record<ParamKind, (name: string) => string>> = {
  campaign: () => "campaign address",
  milestone: () => "milestone number",
  address: (name) => `${name} address`,
  text: (name) => name,
  amount: () => "amount",
  choice: (name) => name,
  boolean: (name) => `${name} on|off`,
  file: (name) => name,
  integer: (name) => name,
};

/** Separates a button id's fields; no checked value other than text can contain it. */
const SEPARATOR = "|";

/**
 * A button's id: the command and its non-text values in declared order. Telegram allows 64
 * bytes of callback data and Discord 100 characters of custom_id; an address (44) fits.
 */
export function encodeInvocation(command: AnyCommand, run: Invocation): string {
  const fields = Object.entries(command.params as ParamSpecs).map(([name, spec]) => {
    const value = run.params[name];
    if (value === undefined) return "";
    if (spec.kind === "text" || spec.kind === "file") throw new Error(`/${command.name}: ${name} cannot travel in a button id`);
    if (typeof value === "boolean") return value ? "1" : "0";
    // A choice travels as its position: "approve" would push /dispute resolve's id past 64 bytes.
    if (spec.kind === "choice") {
      const at = spec.choices?.findIndex((c) => c.value === value) ?? -1;
      if (at < 0) throw new Error(`/${command.name}: ${name} is not one of its choices`);
      return String(at);
    }
    return String(value);
  });
  while (fields.at(-1) === "") fields.pop();
  return [command.name.replace(" ", "."), ...fields].join(SEPARATOR);
}

/** The command name and raw values of a button id (checked again like any input: ids come from clients). */
export function decodeInvocation(id: string): { command: string; raw: string[] } | null {
  const [name, ...raw] = id.split(SEPARATOR);
  if (name === undefined || !/^[a-z]+(\.[a-z]+)?$/.test(name)) return null;
  return { command: name.replace(".", " "), raw };
}

/**
 * Raw values of a decoded id by parameter name (milestones are indices, not typed numbers,
 * choices positions or values). Text and file fields are never read from an id: ids come
 * from clients, and a rationale or reason is only ever what the user typed in the form.
 */
export function rawFromId(command: AnyCommand, raw: readonly string[]): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  Object.entries(command.params as ParamSpecs).forEach(([name, spec], i) => {
    const v = raw[i];
    if (v === undefined || v === "" || spec.kind === "text" || spec.kind === "file") return;
    if (spec.kind === "choice" && /^\d{1,2}$/.test(v)) {
      const choice = spec.choices?.[Number(v)];
      if (choice !== undefined) out[name] = choice.value;
      return;
    }
    out[name] = spec.kind === "milestone" || spec.kind === "integer" ? Number(v) : v;
  });
  return out;
}
