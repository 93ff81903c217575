/**
 * `npm run demo`: a narrated campaign life on a fresh local stack of its own, through the
 * product's own interfaces. The app starts as `npm start` starts it (startApp: embedded
 * PGlite, the PepFund localnet, arlocal, the web pages and the workers: indexer, outbox,
 * scheduler) on a temporary data directory; the people act in console chats and two
 * channels show the announcements (life.ts). Prints each step, what each channel shows and
 * the balances, then machine-readable `channel <name> [json]` lines (one per channel) and
 * `final balances {json}` lines and the elapsed time. Exit 0 only when the final balances
 * are what the rules say (docs/DEMO.md).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PollingConnection } from "../chain/polling-connection.js";
import { startApp, type App } from "../app/compose.js";
import { loadConfig } from "../app/config.js";
import { createLogger } from "../app/logger.js";
import { balancesJson, differences, expectedFinalBalances } from "./balances.js";
import { ChatStage } from "./chat-stage.js";
import { CONTRIBUTIONS, liveCampaign } from "./life.js";
import { POOL_REWARD, POOL_STAKES } from "./pool-life.js";

/** KPI 1's tranche (30% of the reward), shared pro rata to stake: what each staker must have claimed. */
function poolDifferences(rewards: readonly bigint[]): string[] {
  const staked = POOL_STAKES.reduce((a, b) => a + b, 0n);
  const tranche = (POOL_REWARD * 3_000n) / 10_000n;
  return POOL_STAKES.flatMap((stake, i) => {
    const expected = (tranche * stake) / staked;
    return rewards[i] === expected ? [] : [`staker ${i + 1} claimed ${String(rewards[i])} reward base units, expected ${expected}`];
  });
}
import { DEMO_WALLET_USDC, WorldBuilder, demoWallets } from "./world.js";

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const print = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => print(`  … ${line} (${elapsed()})`);

/** The team's console user id (the app's chat layer checks it for /approve and /dispute resolve). */
const TEAM_USER_ID = "900";

/**
 * The workers' pace: fast enough that a crank or an announcement follows a step within a
 * second (npm start's defaults are for a real cluster).
 */
const DEMO_ENV = {
  OUTBOX_INTERVAL_MS: "100",
  SCHEDULER_INTERVAL_MS: "250",
  WEB_PORT: "0",
};

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), "pepfund-demo-"));
  // Warnings, and the first run's localnet build progress (logged at info by the app's chain setup).
  const log = createLogger("info", {
    format: "pretty",
    write: (line) => {
      if (/^\S+ INFO /.test(line) && !line.includes("localnet build:")) return;
      progress(line.replace(/^\S+ \w+ /, "").trimEnd());
    },
  });
  const chats = new ChatStage([TEAM_USER_ID]);
  let app: App | null = null;
  try {
    print("PepFund demo: one campaign's life through the chat, on the app's own local stack (the real program on a localnet, arlocal for Arweave)");
    const wallets = await demoWallets(dataDir);
    progress("starting the app: database, localnet (the first run builds it with cargo: minutes), arlocal, web, workers");
    app = await startApp(loadConfig({ ...DEMO_ENV, DATA_DIR: dataDir }), log, { consoleHost: chats });
    progress(`app ready: ${app.enabled.join(", ")}; workers ${app.workers.join(", ")}`);
    const connection = new PollingConnection(app.rpcUrl, { commitment: "confirmed", wsEndpoint: app.wsUrl });
    const evidence = chats.evidence();
    if (evidence === null) throw new Error("arlocal is not installed (npm ci installs it): the demo stores texts and evidence on a local Arweave");
    const builder = new WorldBuilder(
      { rpcUrl: app.rpcUrl, wsUrl: app.wsUrl, dataDir, evidence, gatewayUrl: app.gatewayUrl, log },
      connection,
      wallets,
    );
    const usdcMint = await builder.configure();
    progress("config init (CLI); funding the researcher, the team and three backers (SOL; 10,000 USDC per backer)");
    await Promise.all([wallets.researcher, ...wallets.backers].map((w) => builder.fund(w.publicKey, usdcMint, w === wallets.researcher ? 0n : DEMO_WALLET_USDC)));

    const life = await liveCampaign({
      builder,
      chats,
      evidence,
      usdcMint,
      webUrl: app.webUrl,
      rpcUrl: app.rpcUrl,
      narrate: { step: (t) => print(`\n${t}  [${elapsed()}]`), line: (t) => print(`   ${t}`) },
    });
    const expected = expectedFinalBalances(DEMO_WALLET_USDC, CONTRIBUTIONS);
    print("");
    print(`campaign ${life.campaign}`);
    // One machine-readable line per channel: each announcement it showed, in order, its lines joined by " / ".
    for (const channel of life.channels) {
      const shown = chats.deliveries.filter((d) => d.to === channel).map((d) => d.text.split("\n").map((l) => l.trim()).join(" / "));
      print(`channel ${channel} ${JSON.stringify(shown)}`);
    }
    print(`final balances ${balancesJson(life.balances)}`);
    print(`expected balances ${balancesJson(expected)}`);
    print(`pool ${life.pool.pool} rewards ${JSON.stringify(life.pool.rewards.map(String))}`);
    print(`elapsed ${elapsed()}`);
    const wrong = [...differences(life.balances, expected), ...poolDifferences(life.pool.rewards)];
    if (wrong.length > 0) {
      print(`FAILED: the final balances differ from the rules:\n  ${wrong.join("\n  ")}`);
      return 1;
    }
    print("OK: the final balances are what the rules say.");
    return 0;
  } finally {
    chats.close();
    await app?.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
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
