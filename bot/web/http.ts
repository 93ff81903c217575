/**
 * What every page and endpoint of bot/web answers with: the same security headers (one
 * script from this origin and nothing else, never framed, cached or sent as a referrer), and
 * JSON bodies capped before they are parsed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
} as const;

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));
}

/** A JSON body read with a cap: the value, or why not (`tooLarge`: over the cap, `malformed`: not JSON). */
export type JsonBody = { readonly kind: "json"; readonly value: unknown } | { readonly kind: "tooLarge" } | { readonly kind: "malformed" };

/** Reads a JSON body of at most `maxBytes`, refusing a larger declared length before reading anything. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) return { kind: "tooLarge" };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return { kind: "tooLarge" };
    chunks.push(chunk as Buffer);
  }
  try {
    return { kind: "json", value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { kind: "malformed" };
  }
}

/** Whether the request says its body is JSON. */
export function isJson(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").startsWith("application/json");
}
