/**
 * The core's event union stays the program's: every `#[event]` struct in events.rs, in its
 * order, with every field camelCased as Anchor TS decodes it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROGRAM_EVENT_FIELDS, PROGRAM_EVENT_NAMES } from "../../../bot/core/events.js";

const source = readFileSync(new URL("../../../programs/pepfund/src/events.rs", import.meta.url), "utf8");

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `#[event] pub struct Name { pub field: Type, ... }` blocks, in source order. */
const rustEvents = [...source.matchAll(/#\[event\]\s*pub struct (\w+) \{([^}]*)\}/g)].map((m) => ({
  name: m[1] ?? "",
  fields: [...(m[2] ?? "").matchAll(/pub (\w+):/g)].map((f) => camel(f[1] ?? "")),
}));

describe("ProgramEvent mirrors events.rs", () => {
  it("GIVEN events.rs THEN it declares events (the parser works)", () => {
    expect(rustEvents.length).toBeGreaterThan(20);
  });

  it("GIVEN every #[event] struct THEN the core names the same events in the same order", () => {
    expect([...PROGRAM_EVENT_NAMES]).toEqual(rustEvents.map((e) => e.name));
  });

  it.each(rustEvents)("GIVEN $name THEN the core has its fields, camelCased, in order", ({ name, fields }) => {
    expect(PROGRAM_EVENT_FIELDS[name as keyof typeof PROGRAM_EVENT_FIELDS]).toEqual(fields);
  });
});
