/** An evidence store over a real arlocal that counts what it was asked to do. */
import type { EvidenceStore } from "../../../bot/core/ports.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import type { RunningArlocal } from "./arlocal.js";

/** The Arweave store on `arlocal`, counting uploads stored (by `upload` or a prepared upload's `post`) and reads. */
export function countingEvidence(arlocal: RunningArlocal) {
  const real = arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10 });
  const counts = { uploads: 0, reads: 0 };
  const posting = withPost(real, (post) => {
    counts.uploads += 1;
    return post();
  });
  const store: EvidenceStore = {
    upload: (...args) => {
      counts.uploads += 1;
      return real.upload(...args);
    },
    prepare: (...args) => posting.prepare(...args),
    read: (...args) => {
      counts.reads += 1;
      return real.read(...args);
    },
    fetch: (...args) => real.fetch(...args),
  };
  return { store, counts };
}

/**
 * `evidence` whose prepared uploads post through `post` (given the real posting, to call or
 * not), and whose `prepare` is heard by `onPrepare` when it is called.
 */
export function withPost(evidence: EvidenceStore, post: (posting: () => Promise<void>) => Promise<void>, onPrepare?: () => void): EvidenceStore {
  return {
    ...evidence,
    prepare: async (...args) => {
      onPrepare?.();
      const prepared = await evidence.prepare(...args);
      return { ...prepared, post: () => post(() => prepared.post()) };
    },
  };
}
