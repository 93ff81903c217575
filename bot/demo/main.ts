/**
 * `npm run demo`: a narrated campaign life on a fresh local stack of its own (the PepFund
 * localnet with a temporary upgrade authority, arlocal for Arweave, a temporary data
 * directory), through the product's CLI and wallet actions. Prints each step and the
 * balances, then a machine-readable `final balances {json}` line and the elapsed time.
 * Exit 0 only when the final balances are what the rules say (docs/DEMO.md).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection } from "@solana/web3.js";
import { loadConfig } from "../app/config.js";
import { setUpEvidence } from "../app/evidence-setup.js";
import { createLogger } from "../app/logger.js";
import { startLocalnet } from "../../localnet/launch.js";
import { DEMO_WALLET_USDC, WorldBuilder, demoWallets } from "./world.js";
import { type Balances, expectedFinalBalances, liveCampaign } from "./life.js";

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const print = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => print(`  … ${line} (${elapsed()})`);

const CONTRIBUTIONS = [400_000_000n, 300_000_000n, 300_000_000n];

/** The balances as JSON numbers of USDC base units (they fit: at most 10^10). */
const asJson = (b: Balances) => JSON.stringify({ researcher: Number(b.researcher), escrow: Number(b.escrow), treasury: Number(b.treasury), backers: b.backers.map(Number) });

/** The differences between what ended and what the rules say, in words. */
export function differences(actual: Balances, expected: Balances): string[] {
  const out: string[] = [];
  const check = (name: string, a: bigint | undefined, e: bigint | undefined) => {
    if (a !== e) out.push(`${name}: ${String(a)} base units, expected ${String(e)}`);
  };
  check("researcher", actual.researcher, expected.researcher);
  check("escrow", actual.escrow, expected.escrow);
  check("treasury", actual.treasury, expected.treasury);
  expected.backers.forEach((e, i) => check(`backer ${i + 1}`, actual.backers[i], e));
  return out;
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), "pepfund-demo-"));
  const log = createLogger("info", { format: "pretty", write: (line) => progress(line.replace(/^\S+ INFO /, "")) });
  const quiet = createLogger("warn", { format: "pretty", write: (line) => progress(line.replace(/^\S+ \w+ /, "")) });
  const stops: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  try {
    print("PepFund demo: one campaign's life on a local chain (the real program), arlocal for Arweave");
    const wallets = await demoWallets(dataDir);
    progress("starting the localnet (the first run builds it with cargo: minutes)");
    const localnet = await startLocalnet({ upgradeAuthority: wallets.admin.publicKey.toBase58() });
    stops.unshift(() => localnet.stop());
    const evidence = await setUpEvidence(loadConfig({ DATA_DIR: dataDir }), quiet);
    stops.unshift(() => evidence.stop());
    if (evidence.store === null) throw new Error("arlocal is not installed (npm ci installs it): the demo stores texts and evidence on a local Arweave");
    progress(`localnet ${localnet.rpcUrl}, arlocal ${evidence.gatewayUrl}`);
    const connection = new Connection(localnet.rpcUrl, { commitment: "confirmed", wsEndpoint: localnet.wsUrl });
    const builder = new WorldBuilder(
      { rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, dataDir, evidence: evidence.store, gatewayUrl: evidence.gatewayUrl, log },
      connection,
      wallets,
    );
    const usdcMint = await builder.configure();
    progress("funding the researcher and three backers (SOL; 10,000 USDC per backer)");
    await Promise.all([wallets.researcher, ...wallets.backers].map((w) => builder.fund(w.publicKey, usdcMint, w === wallets.researcher ? 0n : DEMO_WALLET_USDC)));

    const { campaign, balances } = await liveCampaign(builder, { step: (t) => print(`\n${t}  [${elapsed()}]`), line: (t) => print(`   ${t}`) }, usdcMint);
    const expected = expectedFinalBalances(DEMO_WALLET_USDC, CONTRIBUTIONS);
    print("");
    print(`campaign ${campaign}`);
    print(`final balances ${asJson(balances)}`);
    print(`expected balances ${asJson(expected)}`);
    print(`elapsed ${elapsed()}`);
    const wrong = differences(balances, expected);
    if (wrong.length > 0) {
      print(`FAILED: the final balances differ from the rules:\n  ${wrong.join("\n  ")}`);
      return 1;
    }
    print("OK: the final balances are what the rules say.");
    return 0;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

// Exits explicitly: web3.js keeps reconnecting its WebSocket to the stopped localnet.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    print(`FAILED: ${(error as Error).message}`);
    process.exit(1);
  },
);
