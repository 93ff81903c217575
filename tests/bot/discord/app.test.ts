/**
 * The composed application starts the Discord adapter when DISCORD_TOKEN is set: it logs in
 * to the (local) Discord named by DISCORD_API_BASE and answers slash commands.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../bot/app/compose.js";
import { loadConfig } from "../../../bot/app/config.js";
import { deployCommands } from "../../../bot/discord/deploy-commands.js";
import { DiscordTestServer } from "../../discord-server/server.js";
import { randomAddress } from "../support/fakes.js";

let server: DiscordTestServer;
let app: App;
let dataDir: string;
const lines: string[] = [];

beforeAll(async () => {
  server = await DiscordTestServer.start();
  dataDir = await mkdtemp(join(tmpdir(), "pepfund-discord-app-"));
  await deployCommands(new REST({ api: server.apiBase }).setToken(server.token), server.applicationId, server.world.guildId);
  const config = loadConfig({
    DATA_DIR: dataDir,
    WEB_PORT: "0",
    // A local RPC URL nothing answers: no localnet is started, and chain reads are an outage.
    SOLANA_RPC_URL: "http://127.0.0.1:9",
    DISCORD_TOKEN: server.token,
    DISCORD_APPLICATION_ID: server.applicationId,
    DISCORD_API_BASE: server.apiBase,
  });
  const log = { debug: () => undefined, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  app = await startApp(config, log);
}, 60_000);

afterAll(async () => {
  await app.stop();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GIVEN DISCORD_TOKEN and DISCORD_API_BASE", () => {
  it("the app reports discord enabled and never logs the token", () => {
    expect(app.enabled).toContain("discord");
    expect(app.notifiers.DISCORD).toBeDefined();
    expect(lines.join("\n")).not.toContain(server.token);
  });

  it("/link answers through the composed core; /campaign answers the chain outage in words, deferred first", async () => {
    const member = server.addMember("app-user");
    const link = server.slash(member, "link", { address: randomAddress() });
    await link.waitFor((c) => c.kind === "edit-original");
    expect(JSON.stringify(link.visible())).toContain("/link/");
    const status = server.slash(member, "campaign", { campaign: randomAddress() });
    expect((await status.firstResponse()).type).toBe(5);
    await status.waitFor((c) => c.kind === "edit-original");
    expect(JSON.stringify(status.visible())).toContain("did not answer");
    expect(server.failed).toEqual([]);
  });
});
