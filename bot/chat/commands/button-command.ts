/**
 * The command a button runs. A notice may offer an action whose command this deployment does
 * not have (yet): Contribute before /contribute exists, or a message that outlived a command.
 * Adapters render and route every button through {@link commandForButton}, so such a button is
 * still shown and pressing it gets a clear answer from dispatch instead of silence.
 */
import { defineCommand, type AnyCommand } from "../command.js";
import { privateReply } from "../reply.js";
import { command, line } from "../text.js";
import { findCommand } from "./index.js";

/** The declared command `name`, or a stand-in that says it is not available here. */
export function commandForButton(name: string): AnyCommand {
  return findCommand(name) ?? unavailable(name);
}

function unavailable(name: string): AnyCommand {
  return defineCommand({
    name,
    description: "Not available in this deployment",
    params: {},
    audience: "everyone",
    place: "both",
    private: true,
    run: () => Promise.resolve(privateReply({ tone: "warn", lines: [line`That action (/${name}) is not available here yet; nothing was done. ${command("help")} lists what is.`] })),
  });
}
