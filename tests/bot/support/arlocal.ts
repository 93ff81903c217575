/**
 * A real local Arweave gateway (the `arlocal` package) on a free port, with a funded wallet:
 * what the evidence store, the chat adapters and the end-to-end tests upload to and read
 * from. `mine()` confirms what was posted, as a block would on Arweave.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ArLocalModule from "arlocal";
import Arweave from "arweave";
import type { JWKInterface } from "arweave/node/lib/wallet.js";

// arlocal is CommonJS with `exports.default`; under ESM its class may sit one level down.
type ArLocalClass = (typeof ArLocalModule)["default"];
const loaded: unknown = ArLocalModule;
const ArLocal = (typeof loaded === "function" ? loaded : (loaded as { default: unknown }).default) as ArLocalClass;

/** A running arlocal and a wallet with test AR. */
export interface RunningArlocal {
  /** Gateway origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly wallet: JWKInterface;
  readonly walletAddress: string;
  readonly arweave: Arweave;
  /** Mines pending transactions into a block. */
  mine(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * arlocal's constructor deletes `./logs` when it exists (`existsSync` then `unlinkSync`): two
 * test files starting it at the same moment in the two vitest workers can both see the file
 * and the second unlink throws ENOENT. The file is only its request log; try again once.
 */
function constructArlocal(port: number, dbPath: string): InstanceType<ArLocalClass> {
  try {
    return new ArLocal(port, false, dbPath, false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return new ArLocal(port, false, dbPath, false);
  }
}

/** Starts arlocal in this process with a fresh database and a wallet holding 100 test AR. */
export async function startArlocal(): Promise<RunningArlocal> {
  const port = await freePort();
  const dbPath = await mkdtemp(join(tmpdir(), "arlocal-"));
  const arlocal = constructArlocal(port, dbPath);
  await arlocal.start();
  const url = `http://127.0.0.1:${port}`;
  const arweave = Arweave.init({ host: "127.0.0.1", port, protocol: "http", logging: false });
  const wallet = await arweave.wallets.generate();
  const walletAddress = await arweave.wallets.jwkToAddress(wallet);
  const minted = await fetch(`${url}/mint/${walletAddress}/100000000000000`);
  if (!minted.ok) throw new Error(`arlocal mint failed: ${minted.status}`);
  return {
    url,
    wallet,
    walletAddress,
    arweave,
    mine: async () => {
      const mined = await fetch(`${url}/mine`);
      if (!mined.ok) throw new Error(`arlocal mine failed: ${mined.status}`);
    },
    stop: async () => {
      await arlocal.stop();
      await rm(dbPath, { recursive: true, force: true });
    },
  };
}
