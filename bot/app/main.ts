/**
 * `npm start`: load the configuration (stop with a named variable if it is wrong), start
 * everything, stop cleanly on SIGINT/SIGTERM or the console's /quit.
 *
 * With nothing configured (no SOLANA_RPC_URL, no chat token) it is the local demo: the
 * localnet keeps its ledger in DATA_DIR, the demo world is built once (bot/demo/world.ts) and
 * the console chat opens on this terminal with a "try this" list. The console also runs with
 * `--console` (`npm run console`), or when no chat token is set and stdin is a terminal or a
 * pipe (a script typing into it); not when stdin is /dev/null (a service).
 * `npm start -- --reset` removes DATA_DIR first.
 */
import { fstatSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { startApp, type App } from "./compose.js";
import { stopOnUnhandledRejection } from "./crash-guard.js";
import { loadEnvFile } from "./env-file.js";
import { createLogger } from "./logger.js";
import { resetDataDir } from "./reset.js";

/** A stop that takes longer than this names the part that hung and exits 1. */
const STOP_DEADLINE_MS = 10_000;

function stdinIsInteractive(): boolean {
  if (process.stdin.isTTY) return true;
  try {
    // A pipe from a shell is a FIFO; one from Node's spawn is a socket pair.
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

function configOrExit(): Config {
  try {
    loadEnvFile(); // .env or ENV_FILE; the real environment wins
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (process.argv.includes("--reset")) await resetDataDir(config.DATA_DIR, (line) => process.stdout.write(`${line}\n`));
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT ?? (process.stderr.isTTY ? "pretty" : "json") });

  // Signals are handled from the first moment: one that arrives while the app starts (the
  // first cargo build takes minutes) stops it as soon as the started parts can be stopped.
  let app: App | null = null;
  let stopRequested: string | null = null;
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return log.info(`${reason}: already stopping (deadline ${STOP_DEADLINE_MS / 1000} s)`);
    if (app === null) {
      stopRequested ??= reason;
      log.info(`${reason}: stopping once started`);
      return;
    }
    const running = app;
    stopping = true;
    log.info(`${reason}: stopping`);
    const deadline = setTimeout(() => {
      log.error(`stop did not finish within ${STOP_DEADLINE_MS / 1000} s: ${running.stopping() ?? "unknown part"} hung`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    running.stop().then(
      () => process.exit(), // 0, or the exit code an unhandled rejection set
      (error: unknown) => {
        log.error(`stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: libraries using signal-exit re-raise a signal that finds no other
  // listener, which killed the process in the middle of its stop (exit by SIGTERM, the
  // localnet left running). Our listeners stay for the whole stop.
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  stopOnUnhandledRejection(process, log, shutdown);

  const noChat = config.DISCORD_TOKEN === undefined && config.TELEGRAM_BOT_TOKEN === undefined;
  const onTerminal = process.argv.includes("--console") || (noChat && stdinIsInteractive());
  const demoWorld = noChat && config.SOLANA_RPC_URL === undefined;
  app = await startApp(config, log, {
    ...(onTerminal ? { console: { input: process.stdin, output: process.stdout } } : {}),
    demoWorld,
  });
  log.info(`ready: ${app.enabled.join(", ")}`);
  if (stopRequested !== null) return shutdown(stopRequested);
  void app.console?.whenClosed().then(() => shutdown("console closed"));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
