/**
 * Linking a chat account to a Solana wallet by a signed message (docs/LINKING.md).
 *
 * Rules, enforced here:
 * - one wallet per chat account: a new link replaces the old one (the old one is revoked);
 * - a wallet is linked to at most one account per platform: a fresh signature by the
 *   wallet moves it to the signer's new account, and the old account is told. The wallet's
 *   key is the only authority over it; refusing would lock a wallet to a lost chat account.
 * - a nonce is consumed once, atomically with the link it creates.
 */
import type { LinkErrorCode } from "../codes.js";
import { base58Encode, base64Decode, bytesEqual, decodeAddress, decodeSignature } from "../linking/encoding.js";
import { signableForms } from "../linking/offchain.js";
import { buildLinkMessage, CHAT_ID_PATTERN, NONCE_PATTERN, oneLineForm, parseSiwsMessage, siwsMismatch, type ChainId, type SiwsFields } from "../linking/siws.js";
import type {
  ChatPlatforms,
  ChatRef,
  Clock,
  Platform,
  RandomSource,
  SignatureVerifier,
  Store,
  WalletLinkRecord,
} from "../ports.js";
import { StoreConflictError } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { notify } from "./announce.js";

/** Deployment settings of linking. */
export interface LinkSettings {
  /** Authority (host[:port]) the messages name; must match this server's. */
  readonly domain: string;
  /** Origin of the signing page, e.g. `https://pepfund.example`. */
  readonly baseUrl: string;
  readonly chainId: ChainId;
  /** Lifetime of a challenge, seconds (default 600). */
  readonly ttlSeconds: number;
}

/** What the linking use cases need. */
export interface LinkDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly verifier: SignatureVerifier;
  readonly settings: LinkSettings;
  /** How each platform reaches a user directly (the link and move-away notices). */
  readonly platforms: ChatPlatforms;
}

/**
 * The one-line form of an issued message. Every issued message has one (its fields are
 * space-free ASCII, and the longest possible message is under the restricted-ASCII limit:
 * tests/bot/core/linking/siws.test.ts), so a missing one is a bug, not a refusal.
 */
function oneLineOf(message: string): string {
  const line = oneLineForm(message);
  if (line === null) throw new RangeError("issued link message has no one-line form");
  return line;
}

/** The fields of an issued message; every issued message is a SIWS message, so none is a bug. */
function siwsFieldsOf(message: string): SiwsFields {
  const fields = parseSiwsMessage(message);
  if (fields === null) throw new RangeError("issued link message is not a SIWS message");
  return fields;
}

/** Nonce entropy: 128 bits, above SIWS's 96-bit minimum. */
const NONCE_BYTES = 16;

/** An issued challenge, ready to show. */
export interface IssuedChallenge {
  readonly nonce: string;
  readonly message: string;
  /**
   * The same message on one line of printable ASCII (`oneLineForm`), for the Solana CLI and
   * hardware wallets: a Ledger shows it in clear, where the multi-line text needs blind signing.
   */
  readonly oneLine: string;
  readonly expiresAt: Date;
  /** Signing page for this challenge. */
  readonly pageUrl: string;
}

/**
 * Issues a sign-in message for `address`, bound to the asking user and chat. Earlier
 * unconsumed challenges of the same user are cancelled, so at most one is live.
 */
export async function requestLink(
  deps: LinkDeps,
  request: ChatRef & { readonly address: string },
): Promise<Result<IssuedChallenge, LinkErrorCode>> {
  const address = request.address.trim();
  if (
    decodeAddress(address) === null ||
    !CHAT_ID_PATTERN.test(request.userId) ||
    !CHAT_ID_PATTERN.test(request.chatId)
  ) {
    return fail("MalformedInput");
  }
  const issuedAt = deps.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + deps.settings.ttlSeconds * 1000);
  const nonce = base58Encode(deps.random.bytes(NONCE_BYTES));
  const message = buildLinkMessage({
    domain: deps.settings.domain,
    address,
    uri: deps.settings.baseUrl,
    chainId: deps.settings.chainId,
    nonce,
    issuedAt,
    expiresAt,
    platform: request.platform,
    userId: request.userId,
    chatId: request.chatId,
  });
  await deps.store.transaction(async (tx) => {
    await tx.challenges.cancelPending(request.platform, request.userId, issuedAt);
    await tx.challenges.insert({
      nonce,
      platform: request.platform,
      userId: request.userId,
      chatId: request.chatId,
      address,
      domain: deps.settings.domain,
      message,
      issuedAt,
      expiresAt,
      consumedAt: null,
      cancelledAt: null,
    });
    await tx.audit.record({
      at: issuedAt,
      action: "link.challenge_issued",
      platform: request.platform,
      userId: request.userId,
      subject: address,
      details: { nonce, chatId: request.chatId },
    });
  });
  return ok({ nonce, message, oneLine: oneLineOf(message), expiresAt, pageUrl: `${deps.settings.baseUrl}/link/${nonce}` });
}

/**
 * Who hands in a signature: a chat user (the `/verify` command), who must be the user and
 * chat the challenge names, or the signing page, which holds the challenge's own link and
 * so completes it for the user and chat the challenge names.
 */
export type Submitter = { readonly via: "chat"; readonly chat: ChatRef } | { readonly via: "page" };

/** A signature handed in for a challenge. */
export interface LinkProof {
  readonly nonce: string;
  /** 64-byte ed25519 signature, base58 or base64. */
  readonly signature: string;
  /** The key the wallet says it signed with, when it says so (browser wallets do). */
  readonly publicKey?: string;
  /**
   * Base64 of the bytes a `solana:signIn` wallet says it signed (its `signedMessage`). The
   * wallet writes the message itself from the fields it was given, so the signature is checked
   * over these bytes, and these are then read as a SIWS message that must state every field
   * the issued one does, and nothing else.
   */
  readonly signedMessage?: string;
  readonly submitter: Submitter;
}

/** Longest signed message accepted: an issued message is under 1,300 bytes. */
const MAX_SIGNED_MESSAGE_BYTES = 2048;

/** A completed link. */
export interface LinkOutcome {
  readonly address: string;
  readonly platform: Platform;
  readonly userId: string;
  /** The wallet this account was linked to before, now revoked. */
  readonly replacedAddress: string | null;
  /** The account of the same platform that held this wallet before, now unlinked. */
  readonly movedFromUserId: string | null;
}

/** Checks a signature over an issued challenge and, when every check passes, links the wallet. */
export async function completeLink(deps: LinkDeps, proof: LinkProof): Promise<Result<LinkOutcome, LinkErrorCode>> {
  if (!NONCE_PATTERN.test(proof.nonce)) return fail("MalformedInput", { field: "nonce" });
  const signature = decodeSignature(proof.signature);
  if (signature === null) return fail("MalformedInput", { field: "signature" });
  const claimedKey = proof.publicKey === undefined ? undefined : decodeAddress(proof.publicKey);
  if (claimedKey === null) return fail("MalformedInput", { field: "publicKey" });
  const signedBytes = proof.signedMessage === undefined ? undefined : base64Decode(proof.signedMessage, Math.ceil(MAX_SIGNED_MESSAGE_BYTES / 3) * 4);
  if (signedBytes === null) return fail("MalformedInput", { field: "signedMessage" });

  const challenge = await deps.store.challenges.find(proof.nonce);
  if (challenge === null) return fail("ChallengeNotFound");
  if (challenge.consumedAt !== null) return fail("ChallengeConsumed");
  if (challenge.cancelledAt !== null) return fail("ChallengeCancelled");
  if (challenge.domain !== deps.settings.domain) return fail("WrongDomain");
  if (proof.submitter.via === "chat") {
    const who = proof.submitter.chat;
    if (who.platform !== challenge.platform) return fail("WrongPlatform");
    if (who.userId !== challenge.userId) return fail("WrongUser");
    if (who.chatId !== challenge.chatId) return fail("WrongChat");
  }
  const now = deps.clock.now();
  if (now < challenge.issuedAt) return fail("ChallengeNotYetValid");
  if (now >= challenge.expiresAt) return fail("ChallengeExpired");

  // The verifying key is the address the message names, never a key the client supplies.
  const walletKey = decodeAddress(challenge.address);
  if (walletKey === null) return fail("MalformedInput", { field: "address" });
  if (claimedKey !== undefined && !bytesEqual(claimedKey, walletKey)) return fail("AddressMismatch");
  if (signedBytes !== undefined) {
    const refused = checkSignedMessage(deps, challenge.message, signedBytes, signature, walletKey);
    if (refused !== null) return refused;
  } else {
    // The issued text or its one-line form, raw or in an off-chain envelope: nothing else.
    const verified = [challenge.message, oneLineForm(challenge.message)]
      .flatMap((text) => (text === null ? [] : signableForms(text, walletKey)))
      .some((bytes) => deps.verifier.verify(bytes, signature, walletKey));
    if (!verified) return fail("SignatureInvalid");
  }

  try {
    return await deps.store.transaction(async (tx) => {
      if (!(await tx.challenges.consume(challenge.nonce, now))) return fail("ChallengeConsumed");
      const previous = await tx.links.remove(challenge.platform, challenge.userId);
      const holder = await tx.links.findByAddress(challenge.platform, challenge.address);
      if (holder !== null) await tx.links.remove(holder.platform, holder.userId);
      const link: WalletLinkRecord = {
        platform: challenge.platform,
        userId: challenge.userId,
        address: challenge.address,
        chatId: challenge.chatId,
        challengeNonce: challenge.nonce,
        linkedAt: now,
      };
      await tx.links.insert(link);
      if (previous !== null && previous.address !== challenge.address) {
        await tx.audit.record({
          at: now,
          action: "link.revoked",
          platform: previous.platform,
          userId: previous.userId,
          subject: previous.address,
          details: { reason: "relinked", replacedBy: challenge.address },
        });
      }
      if (holder !== null) {
        await tx.audit.record({
          at: now,
          action: "link.revoked",
          platform: holder.platform,
          userId: holder.userId,
          subject: holder.address,
          details: { reason: "claimed_by_other_account", newUserId: challenge.userId },
        });
        // Told directly where their platform can write to them unasked; elsewhere /wallet shows it.
        const direct = deps.platforms[holder.platform]?.directTarget(holder.userId) ?? null;
        if (direct !== null) {
          await notify({ store: tx }, direct, { kind: "WalletMovedAway", address: holder.address }, `link.moved_away:${challenge.nonce}`);
        }
      }
      await tx.audit.record({
        at: now,
        action: "link.created",
        platform: challenge.platform,
        userId: challenge.userId,
        subject: challenge.address,
        details: { nonce: challenge.nonce, chatId: challenge.chatId, via: proof.submitter.via },
      });
      // Signed on the page: the bot confirms to the user directly (a /verify in chat is answered there).
      const confirmTo = proof.submitter.via === "page" ? (deps.platforms[challenge.platform]?.directTarget(challenge.userId) ?? null) : null;
      if (confirmTo !== null) {
        await notify({ store: tx }, confirmTo, { kind: "WalletLinked", address: challenge.address }, `link.completed:${challenge.nonce}`);
      }
      return ok<LinkOutcome>({
        address: challenge.address,
        platform: challenge.platform,
        userId: challenge.userId,
        replacedAddress: previous !== null && previous.address !== challenge.address ? previous.address : null,
        movedFromUserId: holder?.userId ?? null,
      });
    });
  } catch (error) {
    if (error instanceof StoreConflictError) return fail("LinkConflict");
    throw error;
  }
}

/**
 * A `solana:signIn` proof: the signature must verify over the bytes the wallet signed, and
 * those bytes must be a SIWS message stating exactly the issued message's fields (domain,
 * address, statement naming the chat account, URI, version, chain, nonce, issued-at, expiry,
 * resources). `null` when it holds; the refusal otherwise.
 */
function checkSignedMessage(
  deps: Pick<LinkDeps, "verifier">,
  issuedText: string,
  signedBytes: Uint8Array,
  signature: Uint8Array,
  walletKey: Uint8Array,
): Result<never, LinkErrorCode> | null {
  if (signedBytes.length > MAX_SIGNED_MESSAGE_BYTES) return fail("MalformedInput", { field: "signedMessage" });
  if (!deps.verifier.verify(signedBytes, signature, walletKey)) return fail("SignatureInvalid");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(signedBytes);
  } catch {
    return fail("SignedMessageMalformed");
  }
  const signed = parseSiwsMessage(text);
  if (signed === null) return fail("SignedMessageMalformed");
  const field = siwsMismatch(signed, siwsFieldsOf(issuedText));
  return field === null ? null : fail("SignedMessageMismatch", { field });
}

/** Revokes the chat account's link and cancels its pending challenges. */
export async function unlink(
  deps: Pick<LinkDeps, "store" | "clock">,
  who: { readonly platform: Platform; readonly userId: string },
): Promise<Result<{ address: string }, LinkErrorCode>> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    await tx.challenges.cancelPending(who.platform, who.userId, now);
    const removed = await tx.links.remove(who.platform, who.userId);
    if (removed === null) return fail("NotLinked");
    await tx.audit.record({
      at: now,
      action: "link.revoked",
      platform: who.platform,
      userId: who.userId,
      subject: removed.address,
      details: { reason: "unlinked" },
    });
    return ok({ address: removed.address });
  });
}

/** The chat account's linked wallet, or `NotLinked`. */
export async function linkedWallet(
  deps: Pick<LinkDeps, "store">,
  who: { readonly platform: Platform; readonly userId: string },
): Promise<Result<WalletLinkRecord, LinkErrorCode>> {
  const link = await deps.store.links.findByUser(who.platform, who.userId);
  return link === null ? fail("NotLinked") : ok(link);
}

/** What the signing page shows before the wallet signs. */
export interface ChallengeView {
  readonly nonce: string;
  readonly address: string;
  readonly message: string;
  /** {@link IssuedChallenge.oneLine}. */
  readonly oneLine: string;
  readonly platform: Platform;
  readonly expiresAt: Date;
  /**
   * The issued message's fields, for a wallet offering `solana:signIn` (its
   * `SolanaSignInInput`): the wallet writes the message from them.
   */
  readonly signIn: SiwsFields;
}

/** A live challenge for the signing page, or why it cannot be signed any more. */
export async function challengeForPage(
  deps: Pick<LinkDeps, "store" | "clock">,
  nonce: string,
): Promise<Result<ChallengeView, LinkErrorCode>> {
  if (!NONCE_PATTERN.test(nonce)) return fail("MalformedInput", { field: "nonce" });
  const challenge = await deps.store.challenges.find(nonce);
  if (challenge === null) return fail("ChallengeNotFound");
  if (challenge.consumedAt !== null) return fail("ChallengeConsumed");
  if (challenge.cancelledAt !== null) return fail("ChallengeCancelled");
  const now = deps.clock.now();
  if (now < challenge.issuedAt) return fail("ChallengeNotYetValid");
  if (now >= challenge.expiresAt) return fail("ChallengeExpired");
  return ok({
    nonce,
    address: challenge.address,
    message: challenge.message,
    oneLine: oneLineOf(challenge.message),
    platform: challenge.platform,
    expiresAt: challenge.expiresAt,
    signIn: siwsFieldsOf(challenge.message),
  });
}
