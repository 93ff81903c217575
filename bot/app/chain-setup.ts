/**
 * Where the chain is and which keys act on it. With SOLANA_RPC_URL unset the app starts the
 * PepFund localnet (localnet/) for the one-command local run, with demo keys funded by
 * airdrop; with a configured URL it uses the configured keys, and generates demo keys only
 * when the URL names this machine (the configuration refuses a remote URL without keys).
 */
import { join } from "node:path";
import type { Keypair } from "@solana/web3.js";
import { startLocalnet } from "../../localnet/launch.js";
import { pepfundProgram, type PepfundProgram } from "../chain/program.js";
import { relayConnection, websocketUrl, type RpcObserver } from "../chain/relayer/rpc.js";
import { isLocalHost, type Config } from "./config.js";
import { airdropAtLeast, demoKeypair, readKeypair } from "./keys.js";
import type { Logger } from "./logger.js";

/** The chain the app acts on. */
export interface ChainSetup {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  /** True for the localnet or a validator on this machine. */
  readonly local: boolean;
  /** True when this setup started the PepFund localnet (SOLANA_RPC_URL unset). */
  readonly startedLocalnet: boolean;
  readonly feePayer: Keypair;
  readonly authority: Keypair;
  /** The client over a connection with timeouts and visible 429s; its wallet is the fee payer. */
  readonly program: PepfundProgram;
  /** Stops the localnet this setup started, if any. */
  stop(): Promise<void>;
}

async function keys(config: Config, local: boolean): Promise<{ feePayer: Keypair; authority: Keypair; demo: boolean }> {
  const { RELAYER_FEE_PAYER_KEYPAIR: fee, RELAY_AUTHORITY_KEYPAIR: auth } = config;
  if (fee !== undefined && auth !== undefined) {
    return {
      feePayer: await readKeypair(fee, "RELAYER_FEE_PAYER_KEYPAIR"),
      authority: await readKeypair(auth, "RELAY_AUTHORITY_KEYPAIR"),
      demo: false,
    };
  }
  if (!local) throw new Error("RELAYER_FEE_PAYER_KEYPAIR and RELAY_AUTHORITY_KEYPAIR are required for a remote cluster");
  return {
    feePayer: fee === undefined ? await demoKeypair(config.DATA_DIR, "fee-payer") : await readKeypair(fee, "RELAYER_FEE_PAYER_KEYPAIR"),
    authority: auth === undefined ? await demoKeypair(config.DATA_DIR, "relay-authority") : await readKeypair(auth, "RELAY_AUTHORITY_KEYPAIR"),
    demo: true,
  };
}

/** Connects to (or starts) the chain and loads the relayer's keys. */
export async function setUpChain(config: Config, log: Logger, rpcObserver?: RpcObserver): Promise<ChainSetup> {
  let rpcUrl = config.SOLANA_RPC_URL;
  let wsUrl = config.SOLANA_WS_URL;
  let stop = () => Promise.resolve();
  let started = false;
  if (rpcUrl === undefined) {
    log.info("chain: SOLANA_RPC_URL not set: starting the PepFund localnet (the first run builds it with cargo, which takes a few minutes)");
    // The demo upgrade authority is the one key that may initialise the program's config
    // (the demo world does it); the ledger keeps the chain across restarts, next to the
    // PGlite database that remembers what the chain holds.
    const upgradeAuthority = await demoKeypair(config.DATA_DIR, "upgrade-authority");
    const ledgerDir = join(config.DATA_DIR, "localnet");
    const localnet = await startLocalnet({
      log: (line) => log.debug(`localnet: ${line}`),
      buildProgress: (line) => log.info(line),
      upgradeAuthority: upgradeAuthority.publicKey.toBase58(),
      ledgerDir,
    });
    log.info(`chain: localnet pid ${localnet.pid ?? "?"}, ledger in ${ledgerDir}`);
    ({ rpcUrl, wsUrl } = localnet);
    started = true;
    stop = () => localnet.stop();
  }
  // Path and query kept (an API key lives there); only the origin is ever logged.
  wsUrl ??= websocketUrl(rpcUrl);
  const local = isLocalHost(rpcUrl);
  const { feePayer, authority, demo } = await keys(config, local);
  const connection = relayConnection(rpcUrl, { wsUrl, ...(rpcObserver === undefined ? {} : { observer: rpcObserver }) });
  if (demo) {
    log.warn(`chain: demo relayer keys under ${config.DATA_DIR}/keys, funded by airdrop (local validator only)`);
    // Not fatal: the bot still reads and links; relayed transactions fail until the keys hold SOL.
    await Promise.all([airdropAtLeast(connection, feePayer.publicKey, 10), airdropAtLeast(connection, authority.publicKey, 10)]).catch(
      (error: unknown) => log.warn(`chain: airdrop to the demo keys failed, relaying will fail until they hold SOL: ${(error as Error).message}`),
    );
  }
  log.info(`chain: ${new URL(rpcUrl).origin} (fee payer ${feePayer.publicKey.toBase58()}, relay authority ${authority.publicKey.toBase58()})`);
  return { rpcUrl, wsUrl, local, startedLocalnet: started, feePayer, authority, program: pepfundProgram(connection, feePayer), stop };
}
