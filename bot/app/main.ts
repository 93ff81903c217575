/**
 * `npm start`: load the configuration (stop with a named variable if it is wrong), start
 * everything, stop cleanly on SIGINT/SIGTERM or the console's /quit. The console chat runs on
 * this terminal with `--console` (`npm run console`), or when no chat token is set and stdin
 * is a terminal.
 */
import { ConfigError, loadConfig } from "./config.js";
import { startApp } from "./compose.js";
import { loadEnvFile } from "./env-file.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  let config;
  try {
    loadEnvFile(); // .env or ENV_FILE; the real environment wins
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT ?? (process.stderr.isTTY ? "pretty" : "json") });
  const noChat = config.DISCORD_TOKEN === undefined && config.TELEGRAM_BOT_TOKEN === undefined;
  const onTerminal = process.argv.includes("--console") || (noChat && process.stdin.isTTY);
  const app = await startApp(config, log, onTerminal ? { console: { input: process.stdin, output: process.stdout } } : {});
  log.info(`ready: ${app.enabled.join(", ")}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(`stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: under plain node (the container) a listener from a dependency re-raises
  // SIGTERM once ours is gone, which killed `node dist/bot/app/main.js` (exit 143) mid-stop.
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  void app.console?.whenClosed().then(() => shutdown("console closed"));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
