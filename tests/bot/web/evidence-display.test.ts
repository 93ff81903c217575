/**
 * The signing page shows evidence as text (SECURITY.md "Evidence": HTML/JS shown as a link,
 * never rendered): what it says about a milestone submission is the Arweave id and the hash,
 * and its scripts put every server-given string into the page as text, never as markup.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeAction } from "../../../bot/chat/words/actions.js";
import { randomAddress } from "../support/fakes.js";

const PUBLIC = join(process.cwd(), "bot/web/public");

describe("evidence on the signing page", () => {
  it("GIVEN a milestone submission THEN the page's lines name the evidence by Arweave id and hash only", () => {
    const id = "e".repeat(43);
    const { lines } = describeAction({
      kind: "milestoneSubmit",
      campaign: randomAddress(),
      researcher: randomAddress(),
      milestoneIndex: 0,
      evidenceId: id,
      evidenceSha256: "b".repeat(64),
    });
    expect(lines).toContain(`Evidence (Arweave): ${id}`);
    expect(lines).toContain(`Evidence SHA-256: ${"b".repeat(64)}`);
  });

  it("GIVEN the page's scripts THEN none turns a string into markup (innerHTML, outerHTML, insertAdjacentHTML, document.write)", async () => {
    const scripts = (await readdir(PUBLIC)).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const source = await readFile(join(PUBLIC, script), "utf8");
      expect(source, script).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
    }
    expect(await readFile(join(PUBLIC, "sign.js"), "utf8")).toMatch(/\.textContent = line/);
  });
});
