/**
 * Queuing one notice for one chat: the outbox kind per platform, a person's private chat, and
 * the dedupe key that makes each (cause, chat) one message. Announcements (announce.ts) and
 * personal notices (follows, researchers, outcomes) all queue through here.
 */
import { encodeNotice } from "../notice-codec.js";
import type { Notice } from "../notices.js";
import type { ChatPlatforms, ChatTarget, Platform, Repositories } from "../ports.js";

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

/** Queues `notice` for one chat (a direct answer, a team reminder); false when already queued. */
export async function notify(
  deps: { readonly store: Pick<Repositories, "outbox"> },
  target: ChatTarget,
  notice: Notice,
  dedupeKey: string,
): Promise<boolean> {
  const key = targetKey(target);
  return deps.store.outbox.enqueue({
    kind: noticeKind(target.platform),
    dedupeKey: `${dedupeKey}|${key}`,
    payload: { target: { ...target }, notice: encodeNotice(notice) },
    orderKey: key,
  });
}
