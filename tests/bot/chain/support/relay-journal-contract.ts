/**
 * The RelayJournal contract as tests, for every implementation (in-memory here, the
 * PostgreSQL one in bot/store): call `describeRelayJournal(name, makeJournal)` in a test file.
 */
import { describe, expect, it } from "vitest";
import type { RelayAttempt, RelayJournal } from "../../../../bot/chain/relayer/journal.js";

function attempt(signature: string, height = 100n): RelayAttempt {
  return { transaction: new Uint8Array([1, 2, 3, signature.length]), signature, lastValidBlockHeight: height };
}

export function describeRelayJournal(name: string, makeJournal: () => Promise<RelayJournal>): void {
  describe(`RelayJournal contract: ${name}`, () => {
    it("GIVEN a new key THEN begin stores the attempt and get returns it, with no outcome", async () => {
      const journal = await makeJournal();
      expect(await journal.get("k")).toBeNull();
      const entry = await journal.begin("k", attempt("sig-1"));
      expect(entry).toMatchObject({ key: "k", signature: "sig-1", lastValidBlockHeight: 100n, outcome: null });
      expect(Array.from((await journal.get("k"))!.transaction)).toEqual([1, 2, 3, 5]);
    });

    it("GIVEN two begins of one key (also concurrent) THEN the first attempt wins for both", async () => {
      const journal = await makeJournal();
      const [a, b] = await Promise.all([journal.begin("k", attempt("sig-a")), journal.begin("k", attempt("sig-b"))]);
      expect(a.signature).toBe(b.signature);
      expect((await journal.begin("k", attempt("sig-c"))).signature).toBe(a.signature);
    });

    it("GIVEN replace with the current signature THEN replaced; with a stale one THEN unchanged", async () => {
      const journal = await makeJournal();
      await journal.begin("k", attempt("sig-1"));
      expect((await journal.replace("k", "sig-1", attempt("sig-2", 200n))).signature).toBe("sig-2");
      expect((await journal.replace("k", "sig-1", attempt("sig-3"))).signature).toBe("sig-2");
      expect((await journal.get("k"))!.lastValidBlockHeight).toBe(200n);
    });

    it("GIVEN an outcome THEN get returns it and replace no longer changes the entry", async () => {
      const journal = await makeJournal();
      await journal.begin("k", attempt("sig-1"));
      const outcome = { status: "confirmed", signature: "sig-1", slot: 7n } as const;
      await journal.finish("k", outcome);
      expect((await journal.get("k"))!.outcome).toEqual(outcome);
      expect((await journal.replace("k", "sig-1", attempt("sig-2"))).signature).toBe("sig-1");
    });
  });
}
