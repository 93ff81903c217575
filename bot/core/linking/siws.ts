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

