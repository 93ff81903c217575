/**
 * A Solana Action client for tests, written to the Actions spec (solana-developers/
 * solana-actions, actions-spec README), not to PepFund's code: it resolves a shared link
 * (a website URL through the origin's `/actions.json` rules, or a `solana-action:` URL),
 * GETs the metadata, POSTs `{ account }`, and treats the returned transaction as untrusted:
 * it must be unsigned or carry valid signatures, expect no signature but the account's, and
 * call only the programs the caller allows. Then it signs with a Keypair, sends and confirms,
 * as a wallet would. Every response must carry `Access-Control-Allow-Origin: *`.
 */
import { type Connection, type Keypair, type PublicKey, Transaction } from "@solana/web3.js";
import nacl from "tweetnacl";

/** The spec's ActionGetResponse, the parts a client reads. */
export interface ActionMetadata {
  readonly type?: string;
  readonly icon: string;
  readonly title: string;
  readonly description: string;
  readonly label: string;
  readonly disabled?: boolean;
  readonly error?: { readonly message: string };
  readonly links?: { readonly actions: readonly LinkedAction[] };
}

export interface LinkedAction {
  readonly type?: string;
  readonly href: string;
  readonly label: string;
  readonly parameters?: readonly { readonly name: string; readonly type?: string; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly pattern?: string }[];
}

/** An Action response that is not 2xx: its status and the spec's `{ message }`. */
export class ActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function fetchJson(url: string, init?: RequestInit): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await fetch(url, { ...init, headers: { Accept: "application/json", "Accept-Encoding": "gzip, deflate", ...init?.headers } });
  if (response.headers.get("access-control-allow-origin") !== "*") throw new Error(`${url}: no Access-Control-Allow-Origin: * (the spec requires it)`);
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) {
    if (typeof body.message !== "string") throw new Error(`${url}: error ${response.status} not in the spec's { message } shape`);
    throw new ActionError(response.status, body.message);
  }
  return { response, body };
}

/**
 * A rule's `pathPattern` as a regular expression: `*` one path segment, `**` anything (only
 * last); the captures fill the `apiPath`'s wildcards in order.
 */
function ruleRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const body = escaped
    .split("**")
    .map((part) => part.replace(/\*/g, "([^/]+)"))
    .join("(.*)");
  return new RegExp(`^${body}$`);
}

/** Applies the first matching `actions.json` rule to `url`; the query string is kept. */
export function applyRules(rules: readonly { pathPattern: string; apiPath: string }[], url: URL): URL | null {
  for (const rule of rules) {
    const pattern = rule.pathPattern.startsWith("http") ? new URL(rule.pathPattern).pathname : rule.pathPattern;
    const match = ruleRegex(pattern).exec(url.pathname);
    if (match === null) continue;
    const captures = match.slice(1);
    let i = 0;
    const path = rule.apiPath.replace(/\*\*|\*/g, () => captures[i++] ?? "");
    const mapped = new URL(path, url.origin);
    for (const [k, v] of url.searchParams) mapped.searchParams.append(k, v);
    return mapped;
  }
  return null;
}

/**
 * The Action API URL behind a shared link: `solana-action:<link>` (URL-decoded) directly, or a
 * website URL through `<origin>/actions.json`. `allowHttp` admits the local test server (the
 * spec asks for HTTPS).
 */
export async function resolveActionUrl(shared: string, allowHttp = false): Promise<URL> {
  const check = (u: URL) => {
    if (u.protocol !== "https:" && !(allowHttp && u.protocol === "http:")) throw new Error(`${u.href} is not an absolute HTTPS URL: malformed`);
    return u;
  };
  if (shared.startsWith("solana-action:")) return check(new URL(decodeURIComponent(shared.slice("solana-action:".length))));
  const page = check(new URL(shared));
  const { body } = await fetchJson(`${page.origin}/actions.json`);
  const rules = body.rules as { pathPattern: string; apiPath: string }[];
  const mapped = applyRules(rules, page);
  if (mapped === null) throw new Error(`no actions.json rule maps ${page.pathname}`);
  return mapped;
}

export async function getAction(url: URL): Promise<ActionMetadata> {
  const { body } = await fetchJson(url.href);
  for (const field of ["icon", "title", "description", "label"]) {
    if (typeof body[field] !== "string") throw new Error(`GET ${url.href}: ${field} is not a string`);
  }
  return body as unknown as ActionMetadata;
}

/** A linked action's href with its parameters filled in, resolved against the Action URL. */
export function linkedHref(actionUrl: URL, linked: LinkedAction, values: Readonly<Record<string, string>> = {}): URL {
  const href = linked.href.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ""));
  return new URL(href, actionUrl);
}

/** POSTs `{ account }`; the spec's ActionPostResponse. */
export async function postAction(url: URL, account: PublicKey): Promise<{ transaction: string; message?: string; type?: string }> {
  const { body } = await fetchJson(url.href, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ account: account.toBase58() }) });
  if (typeof body.transaction !== "string") throw new Error(`POST ${url.href}: transaction is not a base64 string`);
  return body as { transaction: string; message?: string; type?: string };
}

/**
 * The returned transaction, checked as untrusted and made ready for `signer`: unsigned means
 * the client sets fee payer (the account) and a fresh blockhash, then serializes and
 * deserializes it; partially signed means it keeps both and verifies every signature. Either
 * way no signature but the account's may be expected, and only `programs` may be called.
 */
export async function checkedTransaction(connection: Connection, base64: string, signer: PublicKey, programs: readonly PublicKey[]): Promise<Transaction> {
  let tx = Transaction.from(Buffer.from(base64, "base64"));
  const signed = tx.signatures.filter((s) => s.signature !== null);
  if (signed.length === 0) {
    tx.feePayer = signer;
    tx.recentBlockhash = (await connection.getLatestBlockhash("confirmed")).blockhash;
    tx = Transaction.from(tx.serialize({ requireAllSignatures: false, verifySignatures: false }));
  } else {
    const message = tx.serializeMessage();
    for (const s of signed) {
      if (!nacl.sign.detached.verify(message, s.signature!, s.publicKey.toBytes())) throw new Error("malformed: an existing signature does not verify");
    }
  }
  const expected = tx.compileMessage().accountKeys.slice(0, tx.compileMessage().header.numRequiredSignatures);
  const others = expected.filter((k) => !k.equals(signer) && !signed.some((s) => s.publicKey.equals(k)));
  if (others.length > 0) throw new Error(`malicious: the transaction expects a signature from ${others.map((k) => k.toBase58()).join(", ")}`);
  for (const ix of tx.instructions) {
    if (!programs.some((p) => p.equals(ix.programId))) throw new Error(`the transaction calls ${ix.programId.toBase58()}, not an expected program`);
  }
  return tx;
}

/** Signs with the account's key, sends, and waits until it is confirmed; the signature. */
export async function signAndSend(connection: Connection, tx: Transaction, signer: Keypair, timeoutMs = 30_000): Promise<string> {
  tx.partialSign(signer);
  const signature = await connection.sendRawTransaction(tx.serialize());
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const { value } = await connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status?.err) throw new Error(`the transaction failed: ${JSON.stringify(status.err)}`);
    if (status?.confirmationStatus === "confirmed" || status?.confirmationStatus === "finalized") return signature;
  }
  throw new Error(`${signature} was not confirmed within ${timeoutMs} ms`);
}
