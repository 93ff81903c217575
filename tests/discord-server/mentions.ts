/**
 * Who a message would ping, by Discord's rules (developer docs: Allowed Mentions): mentions
 * are parsed from `content` only (never embeds); without `allowed_mentions` every kind is
 * parsed; with it, only the kinds in `parse` plus the listed `users` and `roles` ping.
 */
type Json = Record<string, unknown>;

/** The pings a message causes. */
export interface Pings {
  readonly everyone: boolean;
  readonly users: string[];
  readonly roles: string[];
}

export function pingsOf(body: Json): Pings {
  const content = typeof body.content === "string" ? body.content : "";
  const allowed = body.allowed_mentions as { parse?: string[]; users?: string[]; roles?: string[] } | undefined;
  const parse = new Set(allowed === undefined ? ["everyone", "users", "roles"] : (allowed.parse ?? []));
  const users = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] as string);
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] as string);
  return {
    everyone: parse.has("everyone") && /@(everyone|here)/.test(content),
    users: users.filter((id) => parse.has("users") || (allowed?.users ?? []).includes(id)),
    roles: roles.filter((id) => parse.has("roles") || (allowed?.roles ?? []).includes(id)),
  };
}

/** True when nothing would be pinged. */
export function pingsNobody(pings: Pings): boolean {
  return !pings.everyone && pings.users.length === 0 && pings.roles.length === 0;
}
