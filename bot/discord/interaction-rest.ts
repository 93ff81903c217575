/**
 * Interaction answers outside the bot's global request budget.
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
 */
import { REST, type Client, type RESTOptions } from "discord.js";

type Request = Parameters<REST["queueRequest"]>[0];

/** `/webhooks/{id}/{token}` and `/webhooks/{id}/{token}/messages/{message}`; captures the id. */
const WEBHOOK_WITH_TOKEN = /^\/webhooks\/(\d+)\/[^/]+(?:\/messages\/[^/]+)?$/;

/** True for a request to this application's interaction webhook (sent with the interaction token, no bot token). */
export function isInteractionWebhook(request: Pick<Request, "fullRoute" | "auth">, applicationId: string | undefined): boolean {
  const id = WEBHOOK_WITH_TOKEN.exec(request.fullRoute)?.[1];
  return request.auth === false && id !== undefined && id === applicationId;
}

/**
 * Routes `client`'s interaction webhook requests to a REST of their own (same options, no
 * global budget); everything else stays on the shared, paced one. Returns that REST.
 */
export function unpaceInteractionWebhooks(client: Client, options: Partial<RESTOptions>): REST {
  const interactions = new REST({ ...options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  const shared = client.rest.queueRequest.bind(client.rest);
  client.rest.queueRequest = async (request) =>
    isInteractionWebhook(request, client.application?.id) ? interactions.queueRequest(request) : shared(request);
  return interactions;
}
