/**
 * Where evidence is stored. With ARWEAVE_GATEWAYS: those gateways, paid by the ARWEAVE_WALLET
 * JWK. Without: arlocal (a local Arweave gateway, a devDependency) in this process for the
 * one-command local run (the configuration refuses a remote SOLANA_RPC_URL without gateways),
 * mined every few seconds as Arweave would; if arlocal is not
 * installed, no store, and the evidence commands say storage is not configured.
 */
import { mkdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import Arweave from "arweave";
import type { JWKInterface } from "arweave/node/lib/wallet.js";
import type { EvidenceStore } from "../core/ports.js";
import { arweaveEvidenceStore } from "../evidence/arweave-store.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/** The evidence store, or why there is none. */
export interface EvidenceSetup {
  readonly store: EvidenceStore | null;
  /** Gateway origin for plain links ("" without a store). */
  readonly gatewayUrl: string;
  stop(): Promise<void>;
}

/** How often the in-process arlocal mines pending uploads. */
const ARLOCAL_MINE_MS = 2_000;

async function freePort(): Promise<number> {
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

interface ArLocalInstance {
  start(): Promise<void>;
  stop(): Promise<void>;
}
type ArLocalClass = new (port?: number, showLogs?: boolean, dbPath?: string, persist?: boolean) => ArLocalInstance;

/** arlocal's class, or null when the package is not installed (a production install). */
async function loadArlocal(): Promise<ArLocalClass | null> {
  try {
    // CommonJS with `exports.default`: under ESM the class may sit one or two levels down.
    const loaded: unknown = await import("arlocal");
    let candidate: unknown = loaded;
    for (let i = 0; i < 2 && typeof candidate !== "function"; i++) candidate = (candidate as { default?: unknown }).default;
    return typeof candidate === "function" ? (candidate as ArLocalClass) : null;
  } catch {
    return null;
  }
}

async function startLocalGateway(config: Config, log: Logger): Promise<EvidenceSetup> {
  const ArLocal = await loadArlocal();
  if (ArLocal === null) {
    log.warn("evidence: ARWEAVE_GATEWAYS not set and arlocal is not installed: evidence storage is not configured");
    return { store: null, gatewayUrl: "", stop: () => Promise.resolve() };
  }
  const port = await freePort();
  const dbPath = join(config.DATA_DIR, "arlocal");
  await mkdir(dbPath, { recursive: true });
  const arlocal = new ArLocal(port, false, dbPath, true);
  await arlocal.start();
  const url = `http://127.0.0.1:${port}`;
  const arweave = Arweave.init({ host: "127.0.0.1", port, protocol: "http", logging: false });
  const wallet = await arweave.wallets.generate();
  const minted = await fetch(`${url}/mint/${await arweave.wallets.jwkToAddress(wallet)}/100000000000000`);
  if (!minted.ok) throw new Error(`arlocal: mint failed (${minted.status})`);
  const miner = setInterval(() => {
    fetch(`${url}/mine`).catch((error: unknown) => log.warn(`evidence: arlocal mine failed: ${(error as Error).message}`));
  }, ARLOCAL_MINE_MS);
  log.warn(`evidence: ARWEAVE_GATEWAYS not set: local Arweave gateway (arlocal) at ${url}, data in ${dbPath}; not for production`);
  return {
    store: arweaveEvidenceStore({ gateways: [url], wallet }),
    gatewayUrl: url,
    stop: async () => {
      clearInterval(miner);
      await arlocal.stop();
    },
  };
}

/** The Arweave JWK wallet at `path`; the error names the variable, never the key. */
export async function readWallet(path: string): Promise<JWKInterface> {
  try {
    const jwk = JSON.parse(await readFile(path, "utf8")) as JWKInterface;
    if (typeof jwk.n !== "string" || typeof jwk.d !== "string") throw new Error("not an RSA JWK");
    return jwk;
  } catch {
    throw new Error("ARWEAVE_WALLET: cannot read an Arweave JWK wallet from that file");
  }
}

/** Builds the evidence store from the configuration. */
export async function setUpEvidence(config: Config, log: Logger): Promise<EvidenceSetup> {
  if (config.ARWEAVE_GATEWAYS.length === 0) return startLocalGateway(config, log);
  const wallet = await readWallet(config.ARWEAVE_WALLET ?? "");
  log.info(`evidence: Arweave gateways ${config.ARWEAVE_GATEWAYS.join(", ")}`);
  return {
    store: arweaveEvidenceStore({ gateways: config.ARWEAVE_GATEWAYS, wallet }),
    gatewayUrl: config.ARWEAVE_GATEWAYS[0] ?? "",
    stop: () => Promise.resolve(),
  };
}
