/**
 * `npm start`: load the configuration (stop with a named variable if it is wrong), start
 * everything, stop cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, loadConfig } from "./config.js";
import { startApp } from "./compose.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, log);
  log.info(`ready: ${app.enabled.join(", ")}`);
  const shutdown = (signal: string) => {
    log.info(`${signal}: stopping`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(`stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
