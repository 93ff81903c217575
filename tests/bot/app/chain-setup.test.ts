/**
 * Where the chain is: the WebSocket URL derived from the RPC URL keeps its path and query
 * (providers put the API key there) exactly as web3.js derives it, and no log line prints
 * them. Against the localnet: the derived WebSocket delivers a notification.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpChain, type ChainSetup } from "../../../bot/app/chain-setup.js";
import { loadConfig } from "../../../bot/app/config.js";
import { createLogger } from "../../../bot/app/logger.js";
import { readCliEnv } from "../../../bot/app/cli/env.js";
import { websocketUrl } from "../../../bot/chain/relayer/rpc.js";
import { startLocalnet, type Localnet } from "../../../localnet/launch.js";

/** What web3.js itself connects to when given no wsEndpoint. */
function web3WebsocketUrl(rpcUrl: string): string {
  return (new Connection(rpcUrl) as unknown as { _rpcWsEndpoint: string })._rpcWsEndpoint;
}

describe("websocketUrl", () => {
  it.each([
    ["https://mainnet.helius-rpc.com/?api-key=abc123", "wss://mainnet.helius-rpc.com/?api-key=abc123"],
    ["https://solana-mainnet.g.alchemy.com/v2/KEY", "wss://solana-mainnet.g.alchemy.com/v2/KEY"],
    ["https://rpc.example:8899/v1/key?x=1&y=2", "wss://rpc.example:8900/v1/key?x=1&y=2"],
    ["http://127.0.0.1:8899", "ws://127.0.0.1:8900"],
    ["http://[::1]:8899/path", "ws://[::1]:8900/path"],
    ["https://api.devnet.solana.com", "wss://api.devnet.solana.com"],
  ])("GIVEN %s THEN %s, as web3.js derives it", (rpc, ws) => {
    expect(websocketUrl(rpc)).toBe(ws);
    expect(websocketUrl(rpc)).toBe(web3WebsocketUrl(rpc));
  });

  it("GIVEN the CLI's settings THEN the same derivation, or SOLANA_WS_URL when set", () => {
    expect(readCliEnv({ SOLANA_RPC_URL: "https://rpc.example/v1?api-key=k" }).wsUrl).toBe("wss://rpc.example/v1?api-key=k");
    expect(readCliEnv({ SOLANA_RPC_URL: "https://rpc.example/v1?api-key=k", SOLANA_WS_URL: "wss://ws.example/k" }).wsUrl).toBe("wss://ws.example/k");
    expect(() => readCliEnv({ SOLANA_WS_URL: "https://not-a-ws" })).toThrow(/SOLANA_WS_URL:/);
  });
});

describe("setUpChain with an RPC URL carrying an API key", () => {
  let localnet: Localnet;
  let dataDir: string;
  let setup: ChainSetup;
  const lines: string[] = [];

  beforeAll(async () => {
    localnet = await startLocalnet();
    dataDir = await mkdtemp(join(tmpdir(), "pepfund-chain-"));
    const config = loadConfig({ SOLANA_RPC_URL: `${localnet.rpcUrl}/rpc?api-key=topsecret`, DATA_DIR: dataDir, LOG_LEVEL: "debug" });
    setup = await setUpChain(config, createLogger("debug", (line) => lines.push(line)));
  }, 180_000);

  afterAll(async () => {
    await setup?.stop();
    await localnet?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it("GIVEN no SOLANA_WS_URL THEN the WebSocket keeps the path and query and works; no log line shows them", async () => {
    expect(setup.wsUrl).toBe(`${localnet.wsUrl}/rpc?api-key=topsecret`);
    const connection = setup.program.provider.connection;
    const watched = Keypair.generate().publicKey;
    const notified = new Promise<number>((resolve) => {
      connection.onAccountChange(watched, (account) => resolve(account.lamports), "confirmed");
    });
    // Give the subscription time to be registered before the change.
    await new Promise((r) => setTimeout(r, 500));
    await connection.requestAirdrop(watched, 1_000_000_000);
    expect(await notified).toBe(1_000_000_000);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(new URL(localnet.rpcUrl).origin))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain("topsecret");
      expect(line).not.toContain("/rpc");
    }
  }, 60_000);
});
