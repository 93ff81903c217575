/**
 * Queuing one notice for one chat: the outbox kind per platform, a person's private chat, and
 * the dedupe key that makes each (cause, chat) one message. Announcements (announce.ts) and
 * personal notices (follows, researchers, outcomes) all queue through here.
 */
import { encodeNotice } from "../notice-codec.js";
import type { Notice } from "../notices.js";
import type { ChatPlatforms, ChatTarget, NewOutboxMessage, Platform, Repositories } from "../ports.js";

/** Outbox kind of a notice for `platform`: each process claims only the platforms it runs. */
export function noticeKind(platform: Platform): string {
  return `notice:${platform}`;
}

/**
 * Where a notice for one person goes (their flag landed, their wallet was linked): their
 * direct chat when their platform can write to them unasked, else the chat where they asked.
 */
export function personalTarget(
  platforms: ChatPlatforms,
  person: { readonly platform: Platform; readonly userId: string; readonly chatId: string },
): ChatTarget {
  return platforms[person.platform]?.directTarget(person.userId) ?? { platform: person.platform, chatId: person.chatId };
}

function targetKey(target: ChatTarget): string {
  return `${target.platform}:${target.chatId}:${target.threadId ?? ""}`;
}

/** The outbox message of `notice` for `target`: its kind, its key (the cause's plus the chat), its chat's order. */
function message(target: ChatTarget, encoded: ReturnType<typeof encodeNotice>, dedupeKey: string) {
  const key = targetKey(target);
  return { kind: noticeKind(target.platform), dedupeKey: `${dedupeKey}|${key}`, payload: { target: { ...target }, notice: encoded }, orderKey: key };
}

/**
 * The outbox message of `notice` for one chat, to queue with the write of its cause
 * (`FlagRequestRepository.finish`); held until `until` when given ({@link HeldNotice}).
 */
export function noticeMessage(target: ChatTarget, notice: Notice, dedupeKey: string, until?: Date): NewOutboxMessage {
  return { ...message(target, encodeNotice(notice), dedupeKey), ...(until === undefined ? {} : { availableAt: until }) };
}

/**
 * Queues `notice` for many chats at once (every follower of a campaign, every following
 * channel), in a few statements rather than one per chat: the indexer writes these in its
 * own transaction. Chats already told of this cause are skipped; returns how many were new.
 */
export async function notifyAll(
  deps: { readonly store: Pick<Repositories, "outbox"> },
  targets: readonly ChatTarget[],
  notice: Notice,
  dedupeKey: string,
): Promise<number> {
  if (targets.length === 0) return 0;
  const encoded = encodeNotice(notice);
  return deps.store.outbox.enqueueMany(targets.map((target) => message(target, encoded, dedupeKey)));
}

/** Queues `notice` for one chat (a direct answer, a team reminder); false when already queued. */
export async function notify(
  deps: { readonly store: Pick<Repositories, "outbox"> },
  target: ChatTarget,
  notice: Notice,
  dedupeKey: string,
): Promise<boolean> {
  return deps.store.outbox.enqueue(noticeMessage(target, notice, dedupeKey));
}

/**
 * A notice queued as the fallback of a command's own answer: it goes out at `until` unless
 * the answer was delivered first ({@link withdrawHeldNotice}). Queued with the outcome's
 * record, it survives a crash between the outcome and the answer, and is sent then.
 */
export interface HeldNotice {
  readonly dedupeKey: string;
  readonly until: Date;
}

/** The held notice a queued message is: the key and hold its withdrawal needs. */
export function heldNotice(message: NewOutboxMessage): HeldNotice | null {
  return message.availableAt === undefined ? null : { dedupeKey: message.dedupeKey, until: message.availableAt };
}

/**
 * The command's answer reached the user: its held notice is not sent. False when a sender
 * had already taken it (the answer came after the hold): then the user may hear it twice.
 */
export async function withdrawHeldNotice(deps: { readonly store: Pick<Repositories, "outbox">; readonly clock: { now(): Date } }, held: HeldNotice): Promise<boolean> {
  return deps.store.outbox.withdraw(held.dedupeKey, held.until, deps.clock.now());
}
