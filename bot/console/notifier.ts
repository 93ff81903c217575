/**
 * Notices for the console, delivered by the outbox worker like any platform's (kind
 * `notice:CONSOLE`): announcements of the campaigns it follows and the local user's personal
 * outcomes, printed as they arrive in the chat layer's words (`noticeReply`).
 */
import { DeliveryRefusedError } from "../core/delivery-errors.js";
import type { ChatNotifier, ChatTarget, Notice } from "../core/ports.js";
import type { ConsoleChat } from "./chat.js";

/** The console side of the outbox. */
export class ConsoleNotifier implements ChatNotifier {
  constructor(private readonly chat: Pick<ConsoleChat, "showNotice">) {}

  /** Printing is immediate and local: no idempotency key to use. */
  send(target: ChatTarget, notice: Notice): Promise<void> {
    if (target.platform !== "CONSOLE") return Promise.reject(new DeliveryRefusedError(`not a console target: ${target.platform}`));
    this.chat.showNotice(notice);
    return Promise.resolve();
  }
}
