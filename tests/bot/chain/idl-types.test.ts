import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IDL_JSON_PATH, IDL_TYPES_PATH, renderIdlTypes } from "../../../bot/chain/idl/generate.js";

describe("The IDL's TypeScript type", () => {
  it("GIVEN the committed IDL THEN bot/chain/idl/pepfund.ts is exactly what `npm run idl:types` renders", () => {
    expect(readFileSync(IDL_TYPES_PATH, "utf8")).toBe(renderIdlTypes(readFileSync(IDL_JSON_PATH, "utf8")));
  });

  it("GIVEN an IDL with one more instruction THEN the rendering differs (the check can fail)", () => {
    const idl = JSON.parse(readFileSync(IDL_JSON_PATH, "utf8")) as { instructions: { name: string }[] };
    idl.instructions.push({ ...idl.instructions[0]!, name: "extra_instruction" });
    const rendered = renderIdlTypes(JSON.stringify(idl));
    expect(rendered).not.toBe(readFileSync(IDL_TYPES_PATH, "utf8"));
    expect(rendered).toContain('"name": "extraInstruction"');
  });
});
