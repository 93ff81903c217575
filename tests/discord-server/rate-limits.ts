/**
 * Rate limits as Discord applies them (developer docs: Rate Limits): each route has a bucket
 * reported in `X-RateLimit-*` headers; going over answers 429 with `Retry-After` (seconds,
 * rounded up) and a JSON `retry_after` (seconds, fractional). On top, the global limit: "All
 * bots can make up to 50 requests per second", counted per bot token ("If no authorization
 * header is provided, then the limit is applied to the IP address"); over it, 429 with
 * `X-RateLimit-Global: true`, `X-RateLimit-Scope: global` and `"global": true`. Interaction
 * endpoints (the callback and the interaction webhook) "are not bound to the application's
 * Global Rate Limit" (Receiving and Responding, Endpoints): the caller passes no global key for
 * them. Tests can also inject 429s on a route or globally, as Discord does under load.
 */

/** Headers Discord sends with every rate-limited response. */
export type RateLimitHeaders = Record<string, string>;

/** A 429 to give: the headers and JSON body. */
export interface TooManyRequests {
  readonly headers: RateLimitHeaders;
  readonly body: { message: string; retry_after: number; global: boolean; code: number };
}

interface Bucket {
  readonly hash: string;
  readonly limit: number;
  readonly windowMs: number;
  remaining: number;
  resetAt: number;
}

/** An injected 429: the next `count` requests matching `route` (or every route when global). */
export interface Injection {
  readonly route?: RegExp;
  readonly global?: boolean;
  count: number;
  readonly retryAfter: number;
}

/** Discord's global limit: requests per window, per bot token. */
export const GLOBAL_LIMIT = 50;
const GLOBAL_WINDOW_MS = 1000;

/**
 * Bucket size per route family: [limit, window ms]. Interaction callbacks are not bucketed by
 * Discord. The interaction webhook has its own bucket per route and interaction token
 * ("Interactions webhooks share the same rate limit properties as normal webhooks"; Discord
 * publishes no figure, so 50 per second as other routes here; the headers tell the client).
 */
function bucketFor(routeKey: string): { limit: number; windowMs: number } | null {
  if (routeKey.includes("/interactions/")) return null;
  if (routeKey.startsWith("POST /channels/")) return { limit: 5, windowMs: 5000 };
  if (routeKey.includes("/webhooks/")) return { limit: 50, windowMs: 1000 };
  return { limit: 50, windowMs: 1000 };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** The global window of each bot token (or address), by that key. */
  private readonly globals = new Map<string, { remaining: number; resetAt: number }>();
  /** The limiter's clock; a test may stop it so that a window stays open however slow the machine. */
  now: () => number = Date.now;
  private readonly injections: Injection[] = [];
  /** Every 429 given, for assertions. */
  readonly given: { route: string; retryAfter: number; global: boolean; at: number }[] = [];

  /** Makes the next `count` matching requests fail with 429. */
  inject(injection: Injection): void {
    this.injections.push(injection);
  }

  /**
   * Accounts one request on `route` (method plus path with major parameters kept, e.g.
   * `POST /channels/123/messages`) against the global window of `globalKey` (the bot token,
   * or the address without one; `null` for interaction endpoints) and the route's bucket;
   * returns the headers to send, or the 429 to give.
   */
  take(route: string, globalKey: string | null): { headers: RateLimitHeaders } | { limited: TooManyRequests } {
    const now = this.now();
    const injected = this.injections.find((i) => i.count > 0 && (i.global === true || (i.route?.test(route) ?? false)));
    if (injected !== undefined) {
      injected.count -= 1;
      return { limited: this.tooMany(route, injected.retryAfter, injected.global === true, null) };
    }
    if (globalKey !== null) {
      let window = this.globals.get(globalKey);
      if (window === undefined || window.resetAt <= now) {
        window = { remaining: GLOBAL_LIMIT, resetAt: now + GLOBAL_WINDOW_MS };
        this.globals.set(globalKey, window);
      }
      // Discord's global 429 carries no bucket headers (its example response has none).
      if (window.remaining === 0) return { limited: this.tooMany(route, (window.resetAt - now) / 1000, true, null) };
      window.remaining -= 1;
    }
    const size = bucketFor(route);
    if (size === null) return { headers: {} };
    let bucket = this.buckets.get(route);
    if (bucket === undefined || bucket.resetAt <= now) {
      bucket = { hash: hashOf(route), ...size, remaining: size.limit, resetAt: now + size.windowMs };
      this.buckets.set(route, bucket);
    }
    if (bucket.remaining === 0) {
      return { limited: this.tooMany(route, (bucket.resetAt - now) / 1000, false, bucket) };
    }
    bucket.remaining -= 1;
    return { headers: headersOf(bucket, now) };
  }

  private tooMany(route: string, retryAfter: number, global: boolean, bucket: Bucket | null): TooManyRequests {
    this.given.push({ route, retryAfter, global, at: this.now() });
    const headers: RateLimitHeaders = {
      "retry-after": String(Math.ceil(retryAfter)),
      "x-ratelimit-scope": global ? "global" : "user",
    };
    if (global) headers["x-ratelimit-global"] = "true";
    if (bucket !== null) Object.assign(headers, headersOf(bucket, this.now()));
    return {
      headers,
      body: { message: "You are being rate limited.", retry_after: retryAfter, global, code: 0 },
    };
  }
}

function headersOf(bucket: Bucket, now: number): RateLimitHeaders {
  const resetAfter = Math.max(0, bucket.resetAt - now) / 1000;
  return {
    "x-ratelimit-limit": String(bucket.limit),
    "x-ratelimit-remaining": String(bucket.remaining),
    "x-ratelimit-reset": (bucket.resetAt / 1000).toFixed(3),
    "x-ratelimit-reset-after": resetAfter.toFixed(3),
    "x-ratelimit-bucket": bucket.hash,
  };
}

function hashOf(route: string): string {
  let h = 0;
  for (const ch of route.replace(/\/\d+/g, "/:id")) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, "0");
}
