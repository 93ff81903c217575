import { describe, expect, it } from "vitest";
import { ConfigError, feeSettings, loadConfig, redactedConfig } from "../../../bot/app/config.js";
import { explorerTxUrl } from "../../../bot/chat/format.js";

const ARWEAVE = { ARWEAVE_GATEWAYS: "https://arweave.net", ARWEAVE_WALLET: "/k/arweave.json" };
const REMOTE = { SOLANA_RPC_URL: "https://rpc.example/v1?api-key=k", RELAYER_FEE_PAYER_KEYPAIR: "/k/fee.json", RELAY_AUTHORITY_KEYPAIR: "/k/auth.json" };

describe("loadConfig", () => {
  it("GIVEN a remote SOLANA_RPC_URL without ARWEAVE_GATEWAYS THEN a ConfigError naming it (no silent arlocal); a local RPC THEN arlocal allowed", () => {
    expect(() => loadConfig(REMOTE)).toThrow(ConfigError);
    expect(() => loadConfig(REMOTE)).toThrow(/ARWEAVE_GATEWAYS: is required with a non-local SOLANA_RPC_URL/);
    expect(loadConfig({ ...REMOTE, ...ARWEAVE }).ARWEAVE_GATEWAYS).toEqual(["https://arweave.net"]);
    expect(loadConfig({ SOLANA_RPC_URL: "http://127.0.0.1:8899" }).ARWEAVE_GATEWAYS).toEqual([]);
    expect(loadConfig({ SOLANA_RPC_URL: "http://localhost:8899" }).ARWEAVE_GATEWAYS).toEqual([]);
    expect(loadConfig({}).ARWEAVE_GATEWAYS).toEqual([]);
  });
  it("GIVEN no fee settings THEN auto price capped at 1,000,000 micro-lamports, 75th percentile, auto limit", () => {
    const config = loadConfig({});
    expect(feeSettings(config)).toEqual({ price: "auto", maxPrice: 1_000_000, percentile: 75, unitLimit: "auto" });
    const blank = { PRIORITY_FEE_MICROLAMPORTS: "", PRIORITY_FEE_MAX_MICROLAMPORTS: " ", PRIORITY_FEE_PERCENTILE: "", COMPUTE_UNIT_LIMIT: "" };
    expect(feeSettings(loadConfig(blank))).toEqual(feeSettings(config));
  });
  it("GIVEN fixed fee settings THEN parsed as numbers; a price above the cap, a limit above 1.4 M or garbage THEN named", () => {
    const config = loadConfig({ PRIORITY_FEE_MICROLAMPORTS: "5000", PRIORITY_FEE_MAX_MICROLAMPORTS: "20000", PRIORITY_FEE_PERCENTILE: "50", COMPUTE_UNIT_LIMIT: "300000" });
    expect(feeSettings(config)).toEqual({ price: 5_000, maxPrice: 20_000, percentile: 50, unitLimit: 300_000 });
    expect(() => loadConfig({ PRIORITY_FEE_MICROLAMPORTS: "30000", PRIORITY_FEE_MAX_MICROLAMPORTS: "20000" })).toThrow(
      /PRIORITY_FEE_MICROLAMPORTS: must not exceed PRIORITY_FEE_MAX_MICROLAMPORTS/,
    );
    expect(() => loadConfig({ COMPUTE_UNIT_LIMIT: "1400001" })).toThrow(/COMPUTE_UNIT_LIMIT:/);
    expect(() => loadConfig({ PRIORITY_FEE_MICROLAMPORTS: "fast" })).toThrow(/PRIORITY_FEE_MICROLAMPORTS: must be auto or micro-lamports per compute unit/);
    expect(() => loadConfig({ PRIORITY_FEE_PERCENTILE: "101" })).toThrow(/PRIORITY_FEE_PERCENTILE:/);
  });
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
  it("GIVEN a remote SOLANA_RPC_URL without both keypairs THEN refused; a local one THEN demo keys allowed", () => {
    expect(() => loadConfig({ SOLANA_RPC_URL: "https://api.devnet.solana.com" })).toThrow(/RELAYER_FEE_PAYER_KEYPAIR:.*RELAY_AUTHORITY_KEYPAIR/);
    expect(() => loadConfig({ SOLANA_RPC_URL: "https://api.devnet.solana.com", RELAYER_FEE_PAYER_KEYPAIR: "/k/fee.json" })).toThrow(ConfigError);
    expect(loadConfig({ SOLANA_RPC_URL: "http://127.0.0.1:8899" }).RELAYER_FEE_PAYER_KEYPAIR).toBeUndefined();
    const remote = loadConfig({ SOLANA_RPC_URL: "https://rpc.example", RELAYER_FEE_PAYER_KEYPAIR: "/k/fee.json", RELAY_AUTHORITY_KEYPAIR: "/k/auth.json", ...ARWEAVE });
    expect(remote.SOLANA_RPC_URL).toBe("https://rpc.example");
  });
  it("GIVEN no SOLANA_RPC_URL (the app starts its own localnet) THEN the cluster is localnet, even when SOLANA_CLUSTER says otherwise", () => {
    expect(loadConfig({}).SOLANA_CLUSTER).toBe("localnet");
    expect(loadConfig({ SOLANA_CLUSTER: "devnet" }).SOLANA_CLUSTER).toBe("localnet");
  });
  it("GIVEN a configured SOLANA_RPC_URL THEN SOLANA_CLUSTER is kept (devnet by default)", () => {
    const keys = { RELAYER_FEE_PAYER_KEYPAIR: "/k/fee.json", RELAY_AUTHORITY_KEYPAIR: "/k/auth.json", ...ARWEAVE };
    expect(loadConfig({ SOLANA_RPC_URL: "https://rpc.example", ...keys }).SOLANA_CLUSTER).toBe("devnet");
    expect(loadConfig({ SOLANA_RPC_URL: "https://rpc.example", SOLANA_CLUSTER: "mainnet", ...keys }).SOLANA_CLUSTER).toBe("mainnet");
    expect(loadConfig({ SOLANA_RPC_URL: "http://127.0.0.1:8899", SOLANA_CLUSTER: "localnet" }).SOLANA_CLUSTER).toBe("localnet");
  });
  it("GIVEN a localnet THEN explorer links open Solana Explorer's custom cluster at its RPC URL; public clusters by name", () => {
    const rpc = "http://127.0.0.1:41234";
    const custom = `?cluster=custom&customUrl=${encodeURIComponent(rpc)}`;
    expect(explorerTxUrl("SIG", { cluster: "localnet", rpcUrl: rpc })).toBe(`https://explorer.solana.com/tx/SIG${custom}`);
    expect(new URL(explorerTxUrl("SIG", { cluster: "localnet", rpcUrl: rpc })).searchParams.get("customUrl")).toBe(rpc);
    expect(explorerTxUrl("SIG", { cluster: "devnet", rpcUrl: rpc })).toBe("https://explorer.solana.com/tx/SIG?cluster=devnet");
    expect(explorerTxUrl("SIG", { cluster: "mainnet", rpcUrl: rpc })).toBe("https://explorer.solana.com/tx/SIG");
  });
  it("GIVEN ARWEAVE_GATEWAYS THEN parsed in order, ARWEAVE_WALLET required, bad origins named", () => {
    expect(() => loadConfig({ ARWEAVE_GATEWAYS: "https://arweave.net" })).toThrow(/ARWEAVE_WALLET:/);
    expect(() => loadConfig({ ARWEAVE_GATEWAYS: "arweave.net", ARWEAVE_WALLET: "/w.json" })).toThrow(/ARWEAVE_GATEWAYS:/);
    const config = loadConfig({ ARWEAVE_GATEWAYS: "https://arweave.net/, https://ar-io.net", ARWEAVE_WALLET: "/w.json" });
    expect(config.ARWEAVE_GATEWAYS).toEqual(["https://arweave.net", "https://ar-io.net"]);
    expect(loadConfig({}).ARWEAVE_GATEWAYS).toEqual([]);
  });
  it("GIVEN keypairs, a wallet path and an RPC URL with an API key THEN none of them is printable", () => {
    const secret = JSON.stringify(Array.from({ length: 64 }, (_, i) => i));
    const config = loadConfig({
      SOLANA_RPC_URL: "https://rpc.example/v1/?api-key=topsecretkey",
      RELAYER_FEE_PAYER_KEYPAIR: secret,
      RELAY_AUTHORITY_KEYPAIR: "/secrets/authority.json",
      ARWEAVE_GATEWAYS: "https://arweave.net",
      ARWEAVE_WALLET: "/secrets/arweave.json",
    });
    const printed = JSON.stringify(redactedConfig(config));
    for (const hidden of ["topsecretkey", "v1", secret, "/secrets/authority.json", "/secrets/arweave.json"]) expect(printed).not.toContain(hidden);
    expect(printed).toContain("https://rpc.example/***");
  });
});
