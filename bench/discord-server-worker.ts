/**
 * The local Discord server in its own thread for bench/discord-commands.ts, so the bot's
 * event loop is measured alone (Discord's servers are not on the bot's machine). Messages:
 * `start` -> connection facts; `run` -> dispatches the interactions at once and reports, per
 * interaction, the time to the bot's first response and to its final answer.
 */
import { parentPort } from "node:worker_threads";
import { DiscordTestServer, type InteractionRecord } from "../tests/discord-server/server.js";

type Request =
  | { readonly type: "start" }
  | { readonly type: "run"; readonly count: number; readonly campaigns: readonly string[]; readonly addresses: readonly string[] };

if (parentPort === null) throw new Error("run as a worker");
const port = parentPort;
let server: DiscordTestServer | null = null;

function afterMs(p: Promise<{ afterMs: number }>): Promise<number | null> {
  return p.then((c) => c.afterMs).catch(() => null);
}

port.on("message", (request: Request) => {
  void (async () => {
    if (request.type === "start") {
      server = await DiscordTestServer.start();
      port.postMessage({ apiBase: server.apiBase, token: server.token, applicationId: server.applicationId, guildId: server.world.guildId });
      return;
    }
    const s = server;
    if (s === null) throw new Error("not started");
    await s.gateway.whenReady();
    const members = Array.from({ length: request.count }, (_, i) => s.addMember(`member${i}`));
    const failedBefore = s.failed.length;
    // A mix users would send: mostly status reads (chain), some /wallet (database + chain), some /link (database writes).
    const all: InteractionRecord[] = members.map((member, i) => {
      if (i % 10 === 0) return s.slash(member, "link", { address: request.addresses[i % request.addresses.length] ?? "" });
      if (i % 5 === 0) return s.slash(member, "wallet");
      return s.slash(member, "campaign", { campaign: request.campaigns[i % request.campaigns.length] ?? "" });
    });
    const first = await Promise.all(all.map((ix) => afterMs(ix.firstResponse(10_000))));
    const final = await Promise.all(all.map((ix) => afterMs(ix.waitFor((c) => c.kind === "edit-original", 60_000))));
    port.postMessage({ first, final, failed: s.failed.length - failedBefore });
  })().catch((error: unknown) => port.postMessage({ error: String(error) }));
});
