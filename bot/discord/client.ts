/**
 * The discord.js Client as PepFund runs it: Gateway mode with the Guilds intent only (slash
 * commands, guild roles and channels; no message content, no member list), and mentions
 * disabled by default on everything it sends.
 */
import { Client, GatewayIntentBits, disableValidators, type RESTOptions } from "discord.js";
import { unpaceInteractionWebhooks } from "./interaction-rest.js";
import { NO_MENTIONS } from "./render.js";

/** Where Discord is; tests point `apiBase` at the local server (e.g. `http://127.0.0.1:PORT/api`). */
export interface ClientOptions {
  readonly apiBase?: string;
  /**
   * A 429 asking to wait longer than this is not waited for in the REST queue but thrown, so
   * an announcement goes back to the outbox with the platform's retry_after.
   */
  readonly maxRateLimitWaitMs?: number;
  /** This replica's shard [shard_id, num_shards] (DISCORD_SHARD); one unsharded session without it. */
  readonly shard?: readonly [number, number];
}

export function createDiscordClient(options: ClientOptions = {}): Client {
  // The builders' runtime validation costs about 1 ms per embed, on the thread that must
  // acknowledge interactions within 3 s. The presenters keep Discord's limits themselves
  // (every text is cut to its field's size) and the tests prove it against the local
  // Discord, which refuses anything over a limit with 50035 as Discord does.
  disableValidators();
  const maxWait = options.maxRateLimitWaitMs ?? 10_000;
  const rest: Partial<RESTOptions> = {
    ...(options.apiBase === undefined ? {} : { api: options.apiBase }),
    rejectOnRateLimit: (limit) => limit.retryAfter > maxWait,
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(options.shard === undefined ? {} : { shards: [options.shard[0]], shardCount: options.shard[1] }),
    rest,
  });
  // Final answers must not wait behind the bot's 50-per-second budget, which Discord does not apply to them.
  unpaceInteractionWebhooks(client, rest);
  return client;
}
