/**
 * Interaction answers outside the bot's global request budget, after the acknowledgements.
 *
 * Discord: the interaction endpoints (the callback, and the interaction webhook
 * `/webhooks/{application.id}/{interaction.token}` with its `/messages/...`) "are not bound to
 * the application's Global Rate Limit" (developer docs, Receiving and Responding, Endpoints).
 * @discordjs/rest 2.6 sends the callback through its unpaced BurstHandler, but every other
 * request, `auth: false` included, through a SequentialHandler that takes one from the
 * client's single 50-per-second budget (`globalRemaining`). So under a burst of commands the
 * final answers (`editReply`, `followUp`) queued behind that budget: 500 at once took 10 s.
 *
 * The client's REST therefore hands interaction webhook requests to a second REST with no
 * global budget. That one still keeps each route's bucket from Discord's `X-RateLimit-*`
 * headers and waits out a 429 (a global one too), as the shared one does.
 *
 * Unpaced, 500 final answers would be sent while later interactions of the same burst still
 * wait for their acknowledgement, which has a 3-second deadline (measured: first response p99
 * 0.30 s became 0.36-0.58 s). So a webhook request first waits for the acknowledgement of every
 * interaction received before it, each for at most Discord's 3 seconds (one never answered,
 * e.g. another replica's, holds nothing longer).
 */
import { Events, REST, type Client, type RESTOptions } from "discord.js";

type Request = Parameters<REST["queueRequest"]>[0];

/** Discord's deadline for an interaction's first response. */
const ACK_DEADLINE_MS = 3000;

/** `/webhooks/{id}/{token}` and `/webhooks/{id}/{token}/messages/{message}`; captures the id. */
const WEBHOOK_WITH_TOKEN = /^\/webhooks\/(\d+)\/[^/]+(?:\/messages\/[^/]+)?$/;
const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** True for a request to this application's interaction webhook (sent with the interaction token, no bot token). */
export function isInteractionWebhook(request: Pick<Request, "fullRoute" | "auth">, applicationId: string | undefined): boolean {
  const id = WEBHOOK_WITH_TOKEN.exec(request.fullRoute)?.[1];
  return request.auth === false && id !== undefined && id === applicationId;
}

/** Interactions received and not yet acknowledged, each until its callback ends or its deadline passes. */
class PendingAcknowledgements {
  private readonly pending = new Map<string, { readonly done: Promise<void>; readonly end: () => void }>();

  received(id: string): void {
    if (this.pending.has(id)) return;
    let end = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => end(), ACK_DEADLINE_MS);
      timer.unref();
      end = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve();
      };
    });
    this.pending.set(id, { done, end });
  }

  acknowledged(id: string): void {
    this.pending.get(id)?.end();
  }

  /** Resolves once every interaction pending now is acknowledged (or past its deadline). */
  async settled(): Promise<void> {
    if (this.pending.size > 0) await Promise.all([...this.pending.values()].map((p) => p.done));
  }
}

/**
 * Routes `client`'s interaction webhook requests to a REST of their own (same options, no
 * global budget), each after the acknowledgements pending when it was made; everything else
 * stays on the shared, paced one. Returns that REST.
 */
export function unpaceInteractionWebhooks(client: Client, options: Partial<RESTOptions>): REST {
  const interactions = new REST({ ...options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  const acks = new PendingAcknowledgements();
  client.on(Events.InteractionCreate, (interaction) => acks.received(interaction.id));
  const shared = client.rest.queueRequest.bind(client.rest);
  client.rest.queueRequest = async (request) => {
    if (isInteractionWebhook(request, client.application?.id)) {
      await acks.settled();
      return interactions.queueRequest(request);
    }
    const callback = CALLBACK.exec(request.fullRoute)?.[1];
    if (callback === undefined) return shared(request);
    try {
      return await shared(request);
    } finally {
      acks.acknowledged(callback);
    }
  };
  return interactions;
}
