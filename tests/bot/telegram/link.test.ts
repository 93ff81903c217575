/**
 * Linking in Telegram, through the real bot, core and database, against the local Bot API
 * server: what the user reads is the text Telegram shows after parsing the bot's HTML.
 */
import { describe, expect, it } from "vitest";
import { linkedWallet } from "../../../bot/core/usecases/link-wallet.js";
import { databaseKinds } from "../support/databases.js";
import { b58, TestWallet } from "../support/fakes.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

/** The multi-line message a /link reply shows after "What you are signing:". */
function signedText(reply: string): string {
  const marker = "What you are signing:\n";
  expect(reply).toContain(marker);
  return reply.slice(reply.indexOf(marker) + marker.length);
}

describe.each(databaseKinds)("Telegram linking on $name", (kind) => {
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => (t = harness));

  it("GIVEN /link <address> THEN the page link, the /verify line and the exact message; /verify links; /wallet and /unlink", async () => {
    const ada = user();
    const group = t.group();
    const wallet = new TestWallet();
    const reply = TelegramHarness.text(await t.say(group, ada, `/link ${wallet.address}`));
    expect(reply).toMatch(/https:\/\/pepfund\.test\/link\/[1-9A-HJ-NP-Za-km-z]+/);
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    const message = signedText(reply);
    expect(message.split("\n")[0]).toBe("pepfund.test wants you to sign in with your Solana account:");
    expect(TelegramHarness.text(await t.say(group, ada, `/verify ${nonce} ${b58(wallet.signOffchainLegacy(message))}`))).toContain(
      `Linked wallet ${wallet.address}`,
    );
    expect(TelegramHarness.text(await t.say(group, ada, "/wallet"))).toContain(wallet.address);
    expect(TelegramHarness.text(await t.say(group, ada, "/unlink"))).toContain(`Unlinked wallet ${wallet.address}`);
    expect(TelegramHarness.text(await t.say(group, ada, "/wallet"))).toContain("No wallet is linked");
  });

  it("GIVEN /link THEN the CLI line signs the one-line form (Ledger shows it in clear) and /verify accepts it", async () => {
    const bob = user("Bob");
    const chat = t.privateChat(bob);
    const wallet = new TestWallet();
    const reply = TelegramHarness.text(await t.say(chat, bob, `/link ${wallet.address}`));
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    const oneLine = /^solana sign-offchain-message -k <KEYPAIR or usb:\/\/ledger> '([^'\n]+)'$/m.exec(reply)?.[1] ?? "";
    expect(oneLine).toBe(signedText(reply).split("\n").filter((l) => l !== "").join(" ; "));
    expect(TelegramHarness.text(await t.say(chat, bob, `/verify ${nonce} ${b58(wallet.signOffchainLegacy(oneLine))}`))).toContain(
      `Linked wallet ${wallet.address}`,
    );
  });

  it("GIVEN someone else's /verify THEN refused: issued to someone else, nothing linked", async () => {
    const [ada, eve] = [user(), user("Eve")];
    const group = t.group();
    const wallet = new TestWallet();
    const reply = TelegramHarness.text(await t.say(group, ada, `/link ${wallet.address}`));
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1] ?? "";
    expect(TelegramHarness.text(await t.say(group, eve, `/verify ${nonce} ${b58(wallet.signRaw(signedText(reply)))}`))).toContain(
      "issued to someone else",
    );
    expect(await linkedWallet(t.deps, { platform: "TELEGRAM", userId: String(eve.id) })).toMatchObject({ ok: false, code: "NotLinked" });
  });

  it("GIVEN /link without an address or /verify without a signature THEN the usage, no crash", async () => {
    const ada = user();
    const group = t.group();
    expect(TelegramHarness.text(await t.say(group, ada, "/link"))).toContain("Use /link <wallet address>");
    expect(TelegramHarness.text(await t.say(group, ada, "/verify abc"))).toContain("Use /verify <nonce> <signature>");
  });
});
