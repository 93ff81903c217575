/**
 * The Sign-In-With-Solana style message the server issues. Every field is checked against
 * a strict pattern before it is written, so no input (a chat id, a user id, an address) can
 * carry a newline or a second "Nonce:" line into the text: field injection is refused at
 * the point where the text is built.
 */
import { decodeAddress } from "./encoding.js";

/** Chat platforms the bot serves. */
export type Platform = "DISCORD" | "TELEGRAM" | "CONSOLE";

/** Solana clusters a message may name in its Chain ID field. */
export const CHAIN_IDS = ["mainnet", "devnet", "testnet", "localnet"] as const;
/** A Solana cluster name. */
export type ChainId = (typeof CHAIN_IDS)[number];

/** Everything a link message states. */
export interface LinkMessageFields {
  /** RFC 3986 authority of the bot's web origin, e.g. `pepfund.example:443`. */
  readonly domain: string;
  /** Base58 wallet address. */
  readonly address: string;
  /** Origin of the signing page, e.g. `https://pepfund.example`. */
  readonly uri: string;
  readonly chainId: ChainId;
  /** At least 96 bits of randomness, base58. */
  readonly nonce: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly platform: Platform;
  /** Platform user id (decimal digits). */
  readonly userId: string;
  /** Chat where the link was requested (decimal digits, Telegram group ids negative). */
  readonly chatId: string;
}

/** Platform ids are decimal integers: Discord snowflakes, Telegram user and chat ids. */
export const CHAT_ID_PATTERN = /^-?[0-9]{1,20}$/;
const DOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?$/i;
/** Nonces are base58, 16 to 44 characters (96 to 256 bits). */
export const NONCE_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{16,44}$/;

const PLATFORM_NAMES: Record<Platform, string> = { DISCORD: "Discord", TELEGRAM: "Telegram", CONSOLE: "Console" };

/** The name of the first field that may not go into a message, or `null` when all may. */
export function invalidField(fields: LinkMessageFields): keyof LinkMessageFields | null {
  if (!DOMAIN_PATTERN.test(fields.domain)) return "domain";
  if (decodeAddress(fields.address) === null) return "address";
  if (!isPlainHttpOrigin(fields.uri)) return "uri";
  if (!CHAIN_IDS.includes(fields.chainId)) return "chainId";
  if (!NONCE_PATTERN.test(fields.nonce)) return "nonce";
  if (Number.isNaN(fields.issuedAt.getTime())) return "issuedAt";
  if (Number.isNaN(fields.expiresAt.getTime()) || fields.expiresAt <= fields.issuedAt) return "expiresAt";
  if (!(fields.platform in PLATFORM_NAMES)) return "platform";
  if (!CHAT_ID_PATTERN.test(fields.userId)) return "userId";
  if (!CHAT_ID_PATTERN.test(fields.chatId)) return "chatId";
  return null;
}

/** An http(s) origin with an ASCII host name or a bracketed IPv6 address, and a port at most. */
const ORIGIN_PATTERN = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function isPlainHttpOrigin(uri: string): boolean {
  if (!ORIGIN_PATTERN.test(uri) || uri.length > 200) return false;
  try {
    const url = new URL(uri);
    return url.origin === uri;
  } catch {
    return false;
  }
}

/**
 * Builds the message text. Throws `RangeError` naming the field when any field fails its
 * pattern; use cases check {@link invalidField} first and answer `MalformedInput`.
 */
export function buildLinkMessage(fields: LinkMessageFields): string {
  const bad = invalidField(fields);
  if (bad !== null) throw new RangeError(`link message field ${bad} is not allowed`);
  const platform = PLATFORM_NAMES[fields.platform];
  const tag = fields.platform.toLowerCase();
  return [
    `${fields.domain} wants you to sign in with your Solana account:`,
    fields.address,
    "",
    `Link this wallet to ${platform} user ${fields.userId} for PepFund, requested in chat ${fields.chatId}. Sign only if you asked for this yourself.`,
    "",
    `URI: ${fields.uri}`,
    "Version: 1",
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt.toISOString()}`,
    `Expiration Time: ${fields.expiresAt.toISOString()}`,
    "Resources:",
    `- pepfund:${tag}:user:${fields.userId}`,
    `- pepfund:${tag}:chat:${fields.chatId}`,
  ].join("\n");
}

/**
 * Separates the lines of {@link oneLineForm}. No line of an issued message contains it: the
 * variable fields have no spaces (their patterns above), and the fixed text has no ";".
 */
export const ONE_LINE_SEPARATOR = " ; ";

/** Longest body the off-chain format shows on a Ledger ("restricted ASCII", format 0). */
export const MAX_RESTRICTED_ASCII_BYTES = 1212;

/**
 * The same message on one line of printable ASCII, for wallets that show only the
 * off-chain format's "restricted ASCII" in clear (the Ledger Solana app asks for blind
 * signing otherwise, because a newline is not restricted ASCII). Its non-empty lines are
 * joined by {@link ONE_LINE_SEPARATOR}; since no line contains the separator, the lines are
 * recovered exactly by splitting on it, so the one-line form states the same fields and
 * nothing more. `null` when the text cannot be written so (not an issued message).
 */
export function oneLineForm(message: string): string | null {
  const lines = message.split("\n").filter((line) => line !== "");
  if (lines.some((line) => line.includes(ONE_LINE_SEPARATOR.trim()))) return null;
  const text = lines.join(ONE_LINE_SEPARATOR);
  if (text.length > MAX_RESTRICTED_ASCII_BYTES || !/^[\x20-\x7e]+$/.test(text)) return null;
  return text;
}


/**
 * The fields of a Sign In With Solana message, as written in it (strings, unparsed), the way
 * `solana:signIn` wallets write them (Wallet Standard `SolanaSignInInput`; the text format of
 * phantom-io/sign-in-with-solana, after EIP-4361). Absent optional fields are absent.
 */
export interface SiwsFields {
  readonly domain: string;
  readonly address: string;
  readonly statement?: string;
  readonly uri?: string;
  readonly version?: string;
  readonly chainId?: string;
  readonly nonce?: string;
  readonly issuedAt?: string;
  readonly expirationTime?: string;
  readonly notBefore?: string;
  readonly requestId?: string;
  readonly resources?: readonly string[];
}

/** The tagged fields, in the one order the format allows. */
const SIWS_TAGS = [
  ["uri", "URI: "],
  ["version", "Version: "],
  ["chainId", "Chain ID: "],
  ["nonce", "Nonce: "],
  ["issuedAt", "Issued At: "],
  ["expirationTime", "Expiration Time: "],
  ["notBefore", "Not Before: "],
  ["requestId", "Request ID: "],
] as const;

const SIWS_HEADER = / wants you to sign in with your Solana account:$/;
/** A field value: printable, no leading or trailing space (the format has no padding). */
const SIWS_VALUE = /^[^\s](?:[^\r\n]*[^\s])?$/;

/**
 * Parses a SIWS message strictly, or `null` when it is not one: header, address, an optional
 * statement, then the tagged fields in the format's order, each at most once, with `\n` line
 * ends, single blank lines where the format puts them, no padding and nothing after the last
 * field. A reordered, repeated, unknown or padded line is not the format, so it is refused
 * rather than guessed at.
 */
export function parseSiwsMessage(text: string): SiwsFields | null {
  if (text.includes("\r")) return null;
  const lines = text.split("\n");
  const header = lines[0] ?? "";
  if (!SIWS_HEADER.test(header)) return null;
  const domain = header.replace(SIWS_HEADER, "");
  const address = lines[1] ?? "";
  if (!SIWS_VALUE.test(domain) || !SIWS_VALUE.test(address)) return null;
  const fields: Record<string, string | string[]> = { domain, address };
  let at = 2;
  if (lines.length === at) return fields as unknown as SiwsFields;
  if (lines[at] !== "") return null;
  at += 1;
  const isTagged = (line: string) => line === "Resources:" || SIWS_TAGS.some(([, tag]) => line.startsWith(tag));
  if (!isTagged(lines[at] ?? "")) {
    const statement = lines[at] ?? "";
    if (!SIWS_VALUE.test(statement)) return null;
    fields.statement = statement;
    at += 1;
    if (lines.length === at) return fields as unknown as SiwsFields;
    if (lines[at] !== "") return null;
    at += 1;
  }
  let next = 0;
  while (at < lines.length && lines[at] !== "Resources:") {
    const line = lines[at] ?? "";
    const index = SIWS_TAGS.findIndex(([, tag], i) => i >= next && line.startsWith(tag));
    if (index < 0) return null;
    const [name, tag] = SIWS_TAGS[index] ?? ["", ""];
    const value = line.slice(tag.length);
    if (!SIWS_VALUE.test(value)) return null;
    fields[name] = value;
    next = index + 1;
    at += 1;
  }
  if (at < lines.length) {
    const resources = lines.slice(at + 1);
    if (resources.length === 0 || !resources.every((r) => r.startsWith("- ") && SIWS_VALUE.test(r.slice(2)))) return null;
    fields.resources = resources.map((r) => r.slice(2));
  }
  if (Object.keys(fields).length === 2 && !("statement" in fields)) return null;
  return fields as unknown as SiwsFields;
}

/** Every field a signed message is compared on, in the order a mismatch is reported. */
export const SIWS_FIELD_NAMES = [
  "domain",
  "address",
  "statement",
  "uri",
  "version",
  "chainId",
  "nonce",
  "issuedAt",
  "expirationTime",
  "notBefore",
  "requestId",
  "resources",
] as const satisfies readonly (keyof SiwsFields)[];

/**
 * The first field on which the message a wallet signed differs from the issued one, or `null`
 * when they state the same: every field, including those the issued message leaves out (a
 * wallet may not add a "Not Before" or a resource of its own).
 */
export function siwsMismatch(signed: SiwsFields, issued: SiwsFields): (typeof SIWS_FIELD_NAMES)[number] | null {
  for (const name of SIWS_FIELD_NAMES) {
    const a = signed[name];
    const b = issued[name];
    const same = Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a ?? null) === JSON.stringify(b ?? null) : a === b;
    if (!same) return name;
  }
  return null;
}
