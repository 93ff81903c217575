/**
 * Rate limits as Discord applies them (developer docs: Rate Limits): each route has a bucket
 * reported in `X-RateLimit-*` headers; going over answers 429 with `Retry-After` (seconds,
 * rounded up) and a JSON `retry_after` (seconds, fractional). Tests can also inject 429s on a
 * route or globally, as Discord does under load.
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

/** Bucket size per route family: [limit, window ms]. Interaction callbacks are not bucketed by Discord. */
function bucketFor(routeKey: string): { limit: number; windowMs: number } | null {
  if (routeKey.includes("/interactions/")) return null;
  if (routeKey.startsWith("POST /channels/")) return { limit: 5, windowMs: 5000 };
  if (routeKey.includes("/webhooks/")) return { limit: 50, windowMs: 1000 };
  return { limit: 50, windowMs: 1000 };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly injections: Injection[] = [];
  /** Every 429 given, for assertions. */
  readonly given: { route: string; retryAfter: number; global: boolean; at: number }[] = [];

  /** Makes the next `count` matching requests fail with 429. */
  inject(injection: Injection): void {
    this.injections.push(injection);
  }

  /**
   * Accounts one request on `route` (method plus path with major parameters kept, e.g.
   * `POST /channels/123/messages`); returns the headers to send, or the 429 to give.
   */
  take(route: string, now = Date.now()): { headers: RateLimitHeaders } | { limited: TooManyRequests } {
    const injected = this.injections.find((i) => i.count > 0 && (i.global === true || (i.route?.test(route) ?? false)));
    if (injected !== undefined) {
      injected.count -= 1;
      return { limited: this.tooMany(route, injected.retryAfter, injected.global === true, null) };
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
    this.given.push({ route, retryAfter, global, at: Date.now() });
    const headers: RateLimitHeaders = {
      "retry-after": String(Math.ceil(retryAfter)),
      "x-ratelimit-scope": global ? "global" : "user",
    };
    if (global) headers["x-ratelimit-global"] = "true";
    if (bucket !== null) Object.assign(headers, headersOf(bucket, Date.now()));
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
