/**
 * The log an operator reads and ships: one JSON object a line, the request each line belongs
 * to, and no secret even when an object holding them is logged.
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../bot/app/logger.js";
import { withLogContext } from "../../../bot/observability/log-context.js";

function collect(level: "debug" | "info" | "warn" | "error" = "debug", format: "json" | "pretty" = "json") {
  const lines: string[] = [];
  return { lines, log: createLogger(level, { format, write: (line) => lines.push(line) }) };
}

const SECRETS = {
  discordToken: "MTA5ODc2NTQzMjEwOTg3NjU0.GabcDE.discord-secret-token-value",
  telegramToken: "123456789:AAH-telegram-secret-token-value",
  keypair: "[12,34,56,78,90,secret-keypair-bytes]",
  signedTx: "AQAAAAAAsigned-transaction-base64-bytes",
  databasePassword: "pg-secret-password",
  arweaveJwk: "arweave-wallet-private-d-value",
  webhookSecret: "telegram-webhook-secret-value",
};

describe("GIVEN the pino logger", () => {
  it("THEN an object holding every kind of secret is logged with none of them", () => {
    const { lines, log } = collect();
    log.error("relay failed", {
      config: {
        DISCORD_TOKEN: SECRETS.discordToken,
        TELEGRAM_BOT_TOKEN: SECRETS.telegramToken,
        RELAYER_FEE_PAYER_KEYPAIR: SECRETS.keypair,
        DATABASE_URL: `postgresql://bot:${SECRETS.databasePassword}@db:5432/pepfund`,
        ARWEAVE_WALLET: { kty: "RSA", d: SECRETS.arweaveJwk },
        TELEGRAM_WEBHOOK_SECRET: SECRETS.webhookSecret,
      },
      request: { signedTransaction: SECRETS.signedTx, keypair: { secretKey: SECRETS.keypair } },
      token: SECRETS.telegramToken,
      campaign: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
    });
    const text = lines.join("\n");
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const line = JSON.parse(lines[0] ?? "{}") as Record<string, Record<string, unknown>>;
    // What is not secret stays readable, and the redaction is visible.
    expect(line.campaign).toBe("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin");
    expect(line.config?.DISCORD_TOKEN).toBe("[redacted]");
    expect(line.level).toBe("error");
    expect(line.msg).toBe("relay failed");
  });

  it("THEN every line written inside a request's context carries its id, and lines outside carry none", async () => {
    const { lines, log } = collect();
    log.info("before");
    await withLogContext({ update_id: 4242 }, async () => {
      log.info("first");
      await new Promise((resolve) => setTimeout(resolve, 5));
      await withLogContext({ console_line: 3 }, () => Promise.resolve(log.warn("nested")));
      log.error("after an await");
    });
    log.info("after");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.msg, p.update_id])).toEqual([
      ["before", undefined],
      ["first", 4242],
      ["nested", 4242],
      ["after an await", 4242],
      ["after", undefined],
    ]);
    expect(parsed[2]?.console_line).toBe(3);
    for (const p of parsed) expect(typeof p.time).toBe("string");
  });

  it("THEN LOG_LEVEL drops lower lines and LOG_FORMAT=pretty writes one readable line, still redacted", () => {
    const { lines, log } = collect("warn", "pretty");
    log.info("dropped");
    log.warn("kept", { token: SECRETS.telegramToken, chat: 7 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ WARN kept \{"token":"\[redacted\]","chat":7\}$/);
  });
});
