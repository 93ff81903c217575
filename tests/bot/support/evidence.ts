/** An evidence store over a real arlocal that counts what it was asked to do. */
import type { EvidenceStore } from "../../../bot/core/ports.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import type { RunningArlocal } from "./arlocal.js";

/** The Arweave store on `arlocal`, counting uploads stored (by `upload` or a prepared upload's `post`) and reads. */
export function countingEvidence(arlocal: RunningArlocal) {
  const real = arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10 });
  const counts = { uploads: 0, reads: 0 };
  const store: EvidenceStore = {
    upload: (...args) => {
      counts.uploads += 1;
      return real.upload(...args);
    },
    prepare: async (...args) => {
      const prepared = await real.prepare(...args);
      return {
        ...prepared,
        post: () => {
          counts.uploads += 1;
          return prepared.post();
        },
      };
    },
    read: (...args) => {
      counts.reads += 1;
      return real.read(...args);
    },
    fetch: (...args) => real.fetch(...args),
  };
  return { store, counts };
}
