/** Starts the signing page on a random port over a fresh embedded database. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { LinkDeps } from "../../../bot/core/usecases/link-wallet.js";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { webHandler } from "../../../bot/web/server.js";
import { ManualClock, secureRandom } from "./fakes.js";
import { PLATFORMS } from "./platforms.js";

/** A running signing page and what it runs on. */
export async function startTestWeb() {
  const database = await openDatabase({ kind: "pglite" });
  const clock = new ManualClock(new Date());
  // The page's origin is only known once listening, and the message names it.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const deps: LinkDeps = {
    store: prismaStore(database.prisma),
    clock,
    random: secureRandom,
    verifier: naclVerifier,
    settings: { domain: new URL(base).host, baseUrl: base, chainId: "devnet", ttlSeconds: 600 },
    platforms: PLATFORMS,
  };
  server.on("request", webHandler(deps));
  return {
    base,
    deps,
    clock,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
