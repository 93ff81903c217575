/**
 * Expected outcomes are values, not exceptions: a use case returns `ok(value)` or
 * `fail(code)`, and adapters turn the code into words for users. Bugs and outages throw.
 */

/** A successful outcome carrying a value. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** An expected refusal, identified by a code from {@link ./codes}. */
export interface Fail<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  /** Facts an adapter may show (numbers as strings, never secrets). */
  readonly details?: Readonly<Record<string, string>>;
}

/** Either a value or an expected refusal. */
export type Result<T, C extends string = string> = Ok<T> | Fail<C>;

/** Wraps a value as a success. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Builds a refusal with an optional set of displayable facts. */
export function fail<C extends string>(code: C, details?: Record<string, string>): Fail<C> {
  return details === undefined ? { ok: false, code } : { ok: false, code, details };
}
