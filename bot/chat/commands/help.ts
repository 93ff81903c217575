/** /help: every command the caller can use here, from the same declarations the platforms register. */
import type { AnyCommand } from "../command.js";
import { defineCommand } from "../command.js";
import { privateReply } from "../reply.js";
import { command, line } from "../text.js";

/** Builds /help over the registry (given, so the registry can include /help itself). */
export function helpCommand(all: () => readonly AnyCommand[]) {
  return defineCommand({
    name: "help",
    description: "What PepFund's commands do",
    params: {},
    audience: "everyone",
    place: "both",
    private: true,
    run: (_deps, caller) =>
      Promise.resolve(
        privateReply({
          title: line`PepFund commands`,
          lines: [
            ...all()
              .filter((c) => c.place === "both" || c.place === caller.place)
              .map((c) => line`${command(c.name)} — ${c.description}`),
            [],
            line`Link your wallet first (${command("link")}) to flag, submit or support a stale review. Announcements come in chats that ${command("subscribe")} to a campaign.`,
            line`Your own tokens: ${command("deposit")} locks backer tokens as flag weight (a first deposit also lets the relayer flag for you), ${command("consent")} turns that on or off, ${command("withdraw")} takes a deposit back, ${command("refund")} claims USDC from a failed or abandoned campaign. Each gives a signing page where your wallet signs; the answer is only shown to you.`,
          ],
        }),
      ),
  });
}
