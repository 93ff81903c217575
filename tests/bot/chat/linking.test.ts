/**
 * /link, /verify, /unlink and /wallet in the chat layer, by meaning: the signing-page link,
 * the exact message and the /verify line with its nonce; a link by signature; the holdings
 * with their amounts; refusals by code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkCommand, unlinkCommand, verifyCommand } from "../../../bot/chat/commands/linking.js";
import { walletCommand } from "../../../bot/chat/commands/wallet.js";
import type { Reply } from "../../../bot/chat/reply.js";
import { urlsOf } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { campaign } from "../support/campaigns.js";
import { b58, randomAddress, TestWallet } from "../support/fakes.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
beforeAll(async () => {
  f = await startChat();
});
afterAll(async () => {
  await f.stop();
});

const text = (r: Reply): string => [r.title ?? [], ...r.lines, ...r.sections.flatMap((s) => [s.title, ...s.lines])].map(plain).join("\n");

/** The message to sign: every line after "What you are signing:". */
function signedMessage(r: Reply): string {
  const lines = r.lines.map(plain);
  return lines.slice(lines.indexOf("What you are signing:") + 1).join("\n");
}

describe("GIVEN /link with a wallet address", () => {
  it("THEN a private answer with the signing page, the /verify line and the exact message; /verify with its signature links the wallet", async () => {
    const wallet = new TestWallet();
    const caller = f.caller();
    const answer = await f.run(linkCommand, caller, { address: wallet.address });
    expect(answer.visibility).toBe("private");
    expect(answer.refusal).toBeUndefined();
    const page = answer.links.find((l) => l.kind === "link")?.url ?? "";
    expect(page).toMatch(/^https:\/\/pepfund\.test\/link\/\w+$/);
    expect(urlsOf(answer)).toContain(page);
    // For a phone: the same page in each wallet app's in-app browser.
    const tail = `${encodeURIComponent(page)}?ref=${encodeURIComponent("https://pepfund.test")}`;
    expect(answer.links.filter((l) => l.kind === "wallet")).toEqual([
      { kind: "wallet", label: "Open in Phantom", url: `https://phantom.app/ul/browse/${tail}` },
      { kind: "wallet", label: "Open in Solflare", url: `https://solflare.com/ul/v1/browse/${tail}` },
      { kind: "wallet", label: "Open in Backpack", url: `https://backpack.app/ul/v1/browse/${tail}` },
    ]);
    const nonce = /\/verify (\S+) <signature>/.exec(text(answer))?.[1] ?? "";
    expect(nonce).not.toBe("");
    const message = signedMessage(answer);
    expect(message.split("\n")[0]).toBe("pepfund.test wants you to sign in with your Solana account:");
    expect(message).toContain(wallet.address);

    const linked = await f.run(verifyCommand, caller, { nonce, signature: b58(wallet.signOffchainLegacy(message)) });
    expect(linked.refusal).toBeUndefined();
    expect(text(linked)).toContain(`Linked wallet ${wallet.address}`);
    expect(text(await f.run(unlinkCommand, caller))).toContain(`Unlinked wallet ${wallet.address}`);
  });

  it("THEN someone else's /verify is refused with WrongUser, and a malformed address with the usage", async () => {
    const wallet = new TestWallet();
    const answer = await f.run(linkCommand, f.caller({ group: "-100" }), { address: wallet.address });
    const nonce = /\/verify (\S+) <signature>/.exec(text(answer))?.[1] ?? "";
    const other = await f.run(verifyCommand, f.caller({ group: "-100" }), { nonce, signature: b58(wallet.signRaw(signedMessage(answer))) });
    expect(other.refusal?.code).toBe("WrongUser");
    const bad = await f.run(linkCommand, f.caller(), { address: "0".repeat(40) });
    expect(bad.refusal).toEqual({ code: "ParameterInvalid", details: { param: "address", usage: "/link <wallet address>" } });
  });
});

describe("GIVEN /wallet", () => {
  it("THEN for a linked holder each campaign's deposit, wallet balance, share and delegate", async () => {
    const caller = f.caller();
    const wallet = randomAddress();
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: caller.chat.userId, address: wallet, chatId: caller.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    const c = campaign({ raised: 1_000_000_000n });
    f.chain.campaigns.set(c.address, c);
    f.chain.setHolder(c.address, { owner: wallet, deposited: 100_000_000n, delegate: f.deps.relayAuthority, lockedUntil: 0 });
    f.chain.backerBalances.set(`${c.address}:${wallet}`, 50_000_000n);
    const answer = await f.run(walletCommand, caller);
    expect(answer.visibility).toBe("private");
    const shown = text(answer);
    expect(shown).toContain(wallet);
    expect(shown).toContain("Deposited (flag weight): 100");
    expect(shown).toContain("In wallet: 50");
    expect(shown).toContain("Share of the backer supply: 15% of 1,000");
    expect(shown).toContain("The PepFund relayer is your delegate");
  });

  it("THEN without a linked wallet NotLinked, and /unlink too", async () => {
    const caller = f.caller();
    expect((await f.run(walletCommand, caller)).refusal?.code).toBe("NotLinked");
    expect((await f.run(unlinkCommand, caller)).refusal?.code).toBe("NotLinked");
  });
});
