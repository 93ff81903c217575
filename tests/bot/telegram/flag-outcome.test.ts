/**
 * A relayed flag's outcome in Telegram, sent by the real TelegramNotifier to the local Bot
 * API server: with the cluster configured (as bot/app does) the user gets the transaction's
 * explorer page as a visible link, as Discord's answer has; without it, mainnet's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import { TelegramNotifier } from "../../../bot/telegram/notifier.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { randomAddress } from "../support/fakes.js";

const SIGNATURE = "5".repeat(87);

const outcome: Notice = {
  kind: "FlagOutcome",
  campaign: { address: randomAddress(), label: "#4" },
  milestone: { index: 0, title: "Synthesis", attempt: 1 },
  outcome: { status: "confirmed", signature: SIGNATURE, rationale: { id: "R".repeat(43), url: `https://arweave.net/${"R".repeat(43)}` } },
};

let server: TelegramTestServer;

beforeAll(async () => {
  server = await TelegramTestServer.start({ flood: false });
  server.addChat({ id: 41, type: "private", title: "Ada" });
  server.addChat({ id: 42, type: "private", title: "Bob" });
});

afterAll(async () => {
  await server.stop();
});

describe("GIVEN a confirmed relayed flag", () => {
  it("WHEN the notifier knows the cluster THEN the message shows the explorer page of the transaction", async () => {
    await new TelegramNotifier(server.token, { apiRoot: server.apiRoot, cluster: "devnet" }).send({ platform: "TELEGRAM", chatId: "41" }, outcome);
    const [message] = server.sentMessages(41);
    expect(message?.text).toContain("Your flag on Milestone 1 (Synthesis) is on-chain");
    expect(message?.text).toContain(`Transaction: https://explorer.solana.com/tx/${SIGNATURE}?cluster=devnet`);
  });

  it("WHEN it is not told THEN the mainnet explorer page (no cluster parameter)", async () => {
    await new TelegramNotifier(server.token, { apiRoot: server.apiRoot }).send({ platform: "TELEGRAM", chatId: "42" }, outcome);
    const [message] = server.sentMessages(42);
    expect(message?.text).toContain(`Transaction: https://explorer.solana.com/tx/${SIGNATURE}\n`);
    expect(message?.text).not.toContain("cluster=");
  });

  it("WHEN the cluster is a localnet THEN the explorer page opens its RPC URL", async () => {
    server.addChat({ id: 43, type: "private", title: "Cy" });
    await new TelegramNotifier(server.token, { apiRoot: server.apiRoot, cluster: "localnet", rpcUrl: "http://127.0.0.1:8899" }).send({ platform: "TELEGRAM", chatId: "43" }, outcome);
    expect(server.sentMessages(43)[0]?.text).toContain(`https://explorer.solana.com/tx/${SIGNATURE}?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899`);
  });
});
