/**
 * The real bot process (`tsx bot/app/main.ts`, what `npm start` runs) as a child of the test,
 * configured only through its environment, as an operator would: the test's localnet (RPC and
 * WebSocket), the relayer's two keys and the Arweave wallet as files, arlocal as the gateway,
 * the test's PostgreSQL schema, the local Telegram and Discord servers, and short worker
 * intervals. Everything it talks to lives in the test process and survives its deaths.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DiscordTestServer } from "../../discord-server/server.js";
import type { TelegramTestServer } from "../../telegram-server/server.js";
import type { World } from "./world.js";

const MAIN = join(process.cwd(), "bot/app/main.ts");
/**
 * Node itself with tsx as a loader, not the `tsx` command: that one runs the script in a
 * second process, which a SIGKILL of the first would leave running.
 */
export const NODE_WITH_TSX = [process.execPath, "--import", "tsx"] as const;

/** One run of the bot: killed by the test, or left to run. */
export interface BotRun {
  readonly child: ChildProcess;
  /** Resolves once the app logged "ready" (every adapter and worker started). */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Everything it wrote (its log goes to stderr). */
  readonly output: string[];
  kill(): Promise<void>;
}

/**
 * The environment of the bot (keys written to files in `dir`, readable by the owner only).
 * `webPort` is fixed across restarts so signing links stay valid.
 */
export async function botEnvironment(
  world: World,
  servers: { readonly telegram: TelegramTestServer; readonly discord: DiscordTestServer },
  dir: string,
  webPort: number,
): Promise<Record<string, string>> {
  const target = world.database.target;
  if (target === null) throw new Error("the bot process needs PostgreSQL (a database two processes share)");
  const file = async (name: string, value: unknown) => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(value), { mode: 0o600 });
    return path;
  };
  const database = new URL(target.url);
  database.searchParams.set("schema", target.schema);
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    DATABASE_URL: database.toString(),
    DATA_DIR: dir,
    PUBLIC_BASE_URL: `http://127.0.0.1:${webPort}`,
    WEB_HOST: "127.0.0.1",
    WEB_PORT: String(webPort),
    SOLANA_CLUSTER: "localnet",
    SOLANA_RPC_URL: world.chain.rpcUrl,
    SOLANA_WS_URL: world.chain.wsUrl,
    RELAYER_FEE_PAYER_KEYPAIR: await file("fee-payer.json", [...world.feePayer.secretKey]),
    RELAY_AUTHORITY_KEYPAIR: await file("relay-authority.json", [...world.protocol.relay.secretKey]),
    ARWEAVE_GATEWAYS: world.arlocal.url,
    ARWEAVE_WALLET: await file("arweave-wallet.json", world.arlocal.wallet),
    TELEGRAM_BOT_TOKEN: servers.telegram.token,
    TELEGRAM_API_ROOT: servers.telegram.apiRoot,
    DISCORD_TOKEN: servers.discord.token,
    DISCORD_APPLICATION_ID: servers.discord.applicationId,
    DISCORD_API_BASE: servers.discord.apiBase,
    OUTBOX_INTERVAL_MS: "200",
    FLAG_RESUME_INTERVAL_MS: "500",
    FLAG_RESUME_AFTER_MS: "1000",
    SIGNING_RESUME_INTERVAL_MS: "500",
    SIGNING_RESUME_AFTER_MS: "2000",
    SCHEDULER_INTERVAL_MS: "5000",
    LOG_LEVEL: "info",
  };
}

/** Spawns the bot with `env`. */
export function startBot(env: Record<string, string>): BotRun {
  const [node, ...loader] = NODE_WITH_TSX;
  const child = spawn(node, [...loader, MAIN], { env, cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  let tail = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    // The line may arrive in pieces: look at the end of what came before too.
    tail = (tail + text).slice(-500);
    // JSON logs (the default off a terminal) or LOG_FORMAT=pretty lines.
    if (/"msg":"ready: | INFO ready: /.test(tail)) onReady();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    ready,
    exited,
    output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
