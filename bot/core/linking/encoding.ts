/**
 * Strict decoders for what users paste: base58 (Solana addresses, CLI signatures) and
 * base64 (what browser wallets return). Every decoder caps its input length first, so a
 * huge paste costs nothing, and returns `null` instead of throwing.
 */

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Encodes bytes as base58 (Bitcoin alphabet, as Solana uses). */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (const byte of bytes.subarray(zeros)) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return "1".repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]).join("");
}

/** Decodes base58, or `null` when the text is empty, too long or not base58. */
export function base58Decode(text: string, maxChars = 128): Uint8Array | null {
  if (text.length === 0 || text.length > maxChars) return null;
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  const bytes: number[] = [];
  for (const char of text.slice(zeros)) {
    const value = INDEX.get(char);
    if (value === undefined) return null;
    let carry = value;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  out.set(bytes.reverse(), zeros);
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical padded base64, or `null` when malformed or longer than `maxChars`. */
export function base64Decode(text: string, maxChars = 128): Uint8Array | null {
  if (text.length === 0 || text.length > maxChars || !BASE64.test(text)) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Decodes a 32-byte Solana address, or `null`. */
export function decodeAddress(text: string): Uint8Array | null {
  const bytes = base58Decode(text, 44);
  return bytes !== null && bytes.length === 32 ? bytes : null;
}

/**
 * Decodes a 64-byte ed25519 signature given as base58 (the Solana CLI) or base64 (browser
 * wallets, `signature` bytes encoded by the signing page), or `null`.
 */
export function decodeSignature(text: string): Uint8Array | null {
  const trimmed = text.trim();
  // Padded base64 of 64 bytes always ends with "=="; base58 never contains "=".
  const bytes = trimmed.endsWith("=") ? base64Decode(trimmed, 88) : base58Decode(trimmed, 90);
  return bytes !== null && bytes.length === 64 ? bytes : null;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
