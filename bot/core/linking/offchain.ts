/**
 * Solana off-chain message envelopes, so wallets that refuse to sign raw bytes (hardware
 * wallets, `solana sign-offchain-message`) can still link. The server never parses what a
 * client sends: it wraps the text it issued in each accepted envelope and checks the
 * signature against those exact bytes.
 */

/** `b"\xffsolana offchain"`: a byte that cannot start a transaction message, then a tag. */
export const SIGNING_DOMAIN = Uint8Array.from([0xff, ...new TextEncoder().encode("solana offchain")]);

/** Body limits of the v0 formats (solana-offchain-message 2.x): a Ledger-sized packet. */
const MAX_LEN_LEDGER = 1212;
const MAX_LEN = 65515;

/** 0 restricted ASCII, 1 limited UTF-8, 2 extended UTF-8, chosen as the Solana CLI does. */
export function messageFormat(body: Uint8Array): 0 | 1 | 2 {
  if (body.length <= MAX_LEN_LEDGER) {
    return body.every((b) => b >= 0x20 && b <= 0x7e) ? 0 : 1;
  }
  return 2;
}

function u16le(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}

/**
 * The envelope `solana sign-offchain-message` (CLI 1.x and 2.x) and the Ledger app's
 * legacy mode sign: domain, version 0, format, u16 LE length, body.
 */
export function legacyEnvelope(body: Uint8Array): Uint8Array {
  if (body.length === 0 || body.length > MAX_LEN) throw new RangeError("off-chain message length");
  return Uint8Array.from([...SIGNING_DOMAIN, 0, messageFormat(body), ...u16le(body.length), ...body]);
}

/**
 * The envelope of the off-chain message specification's v0 header: domain, version 0,
 * 32-byte application domain (zeros: wallets' default), format, one signer (the wallet),
 * u16 LE length, body.
 */
export function v0Envelope(body: Uint8Array, signer: Uint8Array): Uint8Array {
  if (body.length === 0 || body.length > MAX_LEN) throw new RangeError("off-chain message length");
  if (signer.length !== 32) throw new RangeError("signer must be 32 bytes");
  return Uint8Array.from([
    ...SIGNING_DOMAIN,
    0,
    ...new Uint8Array(32),
    messageFormat(body),
    1,
    ...signer,
    ...u16le(body.length),
    ...body,
  ]);
}

/** Every byte string a wallet may have signed for `text`: raw, then each envelope. */
export function signableForms(text: string, signer: Uint8Array): Uint8Array[] {
  const body = new TextEncoder().encode(text);
  return [body, legacyEnvelope(body), v0Envelope(body, signer)];
}
