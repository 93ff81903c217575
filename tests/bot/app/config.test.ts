import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactedConfig } from "../../../bot/app/config.js";

describe("loadConfig", () => {
  it("GIVEN an empty environment THEN defaults: embedded database, localhost page, 10-minute links", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe(".data");
    expect(config.linkDomain).toBe("localhost:3000");
    expect(config.LINK_TTL_SECONDS).toBe(600);
  });
  it.each([
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "https://pepfund.example/path" }],
    ["WEB_PORT", { WEB_PORT: "70000" }],
    ["SOLANA_CLUSTER", { SOLANA_CLUSTER: "moonnet" }],
    ["LINK_TTL_SECONDS", { LINK_TTL_SECONDS: "5" }],
    ["TELEGRAM_BOT_TOKEN", { TELEGRAM_BOT_TOKEN: "nope" }],
    ["DISCORD_APPLICATION_ID", { DISCORD_APPLICATION_ID: "abc" }],
  ])("GIVEN a malformed %s THEN a ConfigError naming it", (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
  it("GIVEN secrets THEN the printable config hides tokens and the database password", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://bot:hunter2@db:5432/pepfund",
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      DISCORD_TOKEN: "discord-secret",
    });
    const printed = JSON.stringify(redactedConfig(config));
    expect(printed).not.toContain("hunter2");
    expect(printed).not.toContain("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    expect(printed).not.toContain("discord-secret");
    expect(printed).toContain("postgresql://bot:***@db:5432/pepfund");
  });
});
