/**
 * Every line of SECURITY.md "Wallet link", each its own test, against the embedded
 * database and (when reachable) the real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { naclVerifier } from "../../../../bot/chain/signature-verifier.js";
import type { ChatRef, Platform } from "../../../../bot/core/ports.js";
import {
  completeLink,
  linkedWallet,
  requestLink,
  unlink,
  type LinkDeps,
  type LinkSettings,
} from "../../../../bot/core/usecases/link-wallet.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { b58, b64, ManualClock, secureRandom, TestWallet } from "../../support/fakes.js";
import { PLATFORMS } from "../../support/platforms.js";

const SETTINGS: LinkSettings = {
  domain: "pepfund.test",
  baseUrl: "https://pepfund.test",
  chainId: "devnet",
  ttlSeconds: 600,
};

let nextId = 1000;
function chatUser(platform: Platform = "TELEGRAM", chatId = "-100200300"): ChatRef {
  nextId += 1;
  return { platform, userId: String(nextId), chatId };
}

describe.each(databaseKinds)("wallet linking on $name", (kind) => {
  let db: TestDatabase;
  let clock: ManualClock;
  let deps: LinkDeps;

  beforeAll(async () => {
    db = await kind.open();
    clock = new ManualClock();
    deps = { store: prismaStore(db.prisma), clock, random: secureRandom, verifier: naclVerifier, settings: SETTINGS, platforms: PLATFORMS };
  });
  afterAll(async () => {
    await db.dispose();
  });

  async function issue(user: ChatRef, wallet: TestWallet) {
    const issued = await requestLink(deps, { ...user, address: wallet.address });
    if (!issued.ok) throw new Error(`requestLink refused: ${issued.code}`);
    return issued.value;
  }

  describe("GIVEN a message signed by the wallet", () => {
    it("THEN a browser-wallet signature (base64, raw bytes) links it and the link is stored", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b64(wallet.signRaw(message)),
        publicKey: wallet.address,
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: true, value: { address: wallet.address, userId: user.userId } });
      const stored = await linkedWallet(deps, user);
      expect(stored).toMatchObject({ ok: true, value: { address: wallet.address, chatId: user.chatId } });
    });
  });

  describe("Replayed signed message", () => {
    it("GIVEN a used message WHEN it is submitted again THEN ChallengeConsumed", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const proof = { nonce, signature: b58(wallet.signRaw(message)), submitter: { via: "chat" as const, chat: user } };
      expect((await completeLink(deps, proof)).ok).toBe(true);
      expect(await completeLink(deps, proof)).toMatchObject({ ok: false, code: "ChallengeConsumed" });
    });

    it("GIVEN one message WHEN it is submitted twice at the same moment THEN exactly one links (atomic consume)", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const proof = { nonce, signature: b58(wallet.signRaw(message)), submitter: { via: "page" as const } };
      const results = await Promise.all([completeLink(deps, proof), completeLink(deps, proof), completeLink(deps, proof)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ code: "ChallengeConsumed" });
      const audit = await deps.store.audit.listBySubject(wallet.address);
      expect(audit.filter((e) => e.action === "link.created")).toHaveLength(1);
    });
  });

  describe("Message signed for user A or chat X, submitted by user B or in chat Y", () => {
    it("GIVEN A's message WHEN user B submits it THEN WrongUser and nothing is linked", async () => {
      const alice = chatUser();
      const bob = { ...chatUser(), chatId: alice.chatId };
      const wallet = new TestWallet();
      const { nonce, message } = await issue(alice, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signRaw(message)),
        submitter: { via: "chat", chat: bob },
      });
      expect(result).toMatchObject({ ok: false, code: "WrongUser" });
      expect(await linkedWallet(deps, bob)).toMatchObject({ ok: false, code: "NotLinked" });
      expect(await linkedWallet(deps, alice)).toMatchObject({ ok: false, code: "NotLinked" });
    });

    it("GIVEN a message requested in chat X WHEN submitted in chat Y THEN WrongChat", async () => {
      const user = chatUser("TELEGRAM", "-1001");
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signRaw(message)),
        submitter: { via: "chat", chat: { ...user, chatId: "-1002" } },
      });
      expect(result).toMatchObject({ ok: false, code: "WrongChat" });
    });

    it("GIVEN a Telegram message WHEN the same user id submits it on Discord THEN WrongPlatform", async () => {
      const user = chatUser("TELEGRAM");
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signRaw(message)),
        submitter: { via: "chat", chat: { ...user, platform: "DISCORD" } },
      });
      expect(result).toMatchObject({ ok: false, code: "WrongPlatform" });
    });
  });

  describe("Expired, not-yet-valid, or wrong-domain message", () => {
    it("GIVEN a 10-minute message WHEN submitted at its expiration second THEN ChallengeExpired, one second earlier it links", async () => {
      const wallet = new TestWallet();
      const late = chatUser();
      const first = await issue(late, wallet);
      const lateProof = { nonce: first.nonce, signature: b58(wallet.signRaw(first.message)), submitter: { via: "page" as const } };
      clock.advance(600);
      expect(await completeLink(deps, lateProof)).toMatchObject({ ok: false, code: "ChallengeExpired" });

      const onTime = chatUser();
      const second = await issue(onTime, wallet);
      clock.advance(599);
      const result = await completeLink(deps, {
        nonce: second.nonce,
        signature: b58(wallet.signRaw(second.message)),
        submitter: { via: "page" },
      });
      expect(result.ok).toBe(true);
    });

    it("GIVEN a message issued in the future of the verifying clock THEN ChallengeNotYetValid", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      clock.advance(-1);
      const result = await completeLink(deps, { nonce, signature: b58(wallet.signRaw(message)), submitter: { via: "page" } });
      clock.advance(1);
      expect(result).toMatchObject({ ok: false, code: "ChallengeNotYetValid" });
    });

    it("GIVEN a message issued for another domain WHEN this server verifies it THEN WrongDomain", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const staging = { ...deps, settings: { ...SETTINGS, domain: "staging.pepfund.test" } };
      const issued = await requestLink(staging, { ...user, address: wallet.address });
      if (!issued.ok) throw new Error(issued.code);
      expect(issued.value.message.startsWith("staging.pepfund.test wants you")).toBe(true);
      const result = await completeLink(deps, {
        nonce: issued.value.nonce,
        signature: b58(wallet.signRaw(issued.value.message)),
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "WrongDomain" });
    });
  });

  describe("Address in the message differs from the verifying key", () => {
    it("GIVEN another key signs and says so WHEN submitted THEN AddressMismatch", async () => {
      const user = chatUser();
      const named = new TestWallet();
      const other = new TestWallet();
      const { nonce, message } = await issue(user, named);
      const result = await completeLink(deps, {
        nonce,
        signature: b64(other.signRaw(message)),
        publicKey: other.address,
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "AddressMismatch" });
    });

    it("GIVEN another key signs and claims to be the named wallet THEN SignatureInvalid (the key is the message's)", async () => {
      const user = chatUser();
      const named = new TestWallet();
      const other = new TestWallet();
      const { nonce, message } = await issue(user, named);
      const result = await completeLink(deps, {
        nonce,
        signature: b64(other.signRaw(message)),
        publicKey: named.address,
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "SignatureInvalid" });
      expect(await linkedWallet(deps, user)).toMatchObject({ ok: false, code: "NotLinked" });
    });

    it("GIVEN the named wallet signs a different text THEN SignatureInvalid", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signRaw(message.replace("Version: 1", "Version: 2"))),
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "SignatureInvalid" });
    });
  });

  describe("Newline or field injection through user-controlled text", () => {
    it.each([
      ["userId", { userId: "1\nNonce: attacker" }],
      ["chatId", { chatId: "-5\nURI: https://evil.example" }],
      ["address", {}, "\nChain ID: mainnet"],
    ])("GIVEN a %s carrying a newline and a field THEN MalformedInput and no challenge is stored", async (_field, patch, suffix = "") => {
      const wallet = new TestWallet();
      const result = await requestLink(deps, { ...chatUser(), ...patch, address: wallet.address + suffix });
      expect(result).toMatchObject({ ok: false, code: "MalformedInput" });
    });

    it("GIVEN a valid request THEN the message has each field exactly once, from the server", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { message, nonce } = await issue(user, wallet);
      for (const field of ["URI:", "Version:", "Chain ID:", "Nonce:", "Issued At:", "Expiration Time:"]) {
        expect(message.split("\n").filter((line) => line.startsWith(field))).toHaveLength(1);
      }
      expect(message).toContain(`Nonce: ${nonce}`);
      expect(message).toContain(`pepfund:telegram:user:${user.userId}`);
    });
  });

  describe("Malformed signature, key or message", () => {
    const huge = "A".repeat(1_000_000);
    it.each([
      ["empty signature", { signature: "" }],
      ["63-byte signature", { signature: b58(new Uint8Array(63).fill(7)) }],
      ["65-byte signature", { signature: b64(new Uint8Array(65).fill(7)) }],
      ["bad base58 (0, O, I, l)", { signature: "0OIl".repeat(22) }],
      ["bad base64", { signature: "@@@@".repeat(21) + "@@==" }],
      ["huge signature", { signature: huge }],
      ["malformed public key", { publicKey: "not-a-key" }],
      ["31-byte public key", { publicKey: b58(new Uint8Array(31).fill(9)) }],
      ["huge nonce", { nonce: huge }],
      ["empty nonce", { nonce: "" }],
    ])("GIVEN a %s THEN MalformedInput, no throw", async (_name, patch) => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signRaw(message)),
        submitter: { via: "page" },
        ...patch,
      });
      expect(result).toMatchObject({ ok: false, code: "MalformedInput" });
    });

    it.each([["empty", ""], ["huge", "1".repeat(100_000)], ["not base58", "0x1234"], ["33 bytes", b58(new Uint8Array(33).fill(1))]])(
      "GIVEN a %s wallet address on /link THEN MalformedInput",
      async (_name, address) => {
        expect(await requestLink(deps, { ...chatUser(), address })).toMatchObject({ ok: false, code: "MalformedInput" });
      },
    );

    it("GIVEN a well-formed nonce never issued THEN ChallengeNotFound", async () => {
      const wallet = new TestWallet();
      const result = await completeLink(deps, {
        nonce: "1111111111111111111111",
        signature: b58(wallet.signRaw("x")),
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "ChallengeNotFound" });
    });
  });

  describe("Hardware wallets that cannot sign plain messages", () => {
    it("GIVEN a `solana sign-offchain-message` signature (legacy envelope, base58) THEN it links", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signOffchainLegacy(message)),
        submitter: { via: "chat", chat: user },
      });
      expect(result).toMatchObject({ ok: true, value: { address: wallet.address } });
    });

    it("GIVEN an off-chain v0 envelope signature (application domain, signer list) THEN it links", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, { nonce, signature: b58(wallet.signOffchainV0(message)), submitter: { via: "page" } });
      expect(result.ok).toBe(true);
    });

    it("GIVEN a Ledger signature over the one-line form (restricted ASCII, legacy envelope) THEN it links", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const issued = await issue(user, wallet);
      expect(issued.oneLine).not.toContain("\n");
      expect(issued.oneLine).toContain(`Nonce: ${issued.nonce}`);
      const result = await completeLink(deps, {
        nonce: issued.nonce,
        signature: b58(wallet.signOffchainLegacy(issued.oneLine)),
        submitter: { via: "chat", chat: user },
      });
      expect(result).toMatchObject({ ok: true, value: { address: wallet.address } });
    });

    it("GIVEN the one-line form signed raw or in the v0 envelope THEN it links", async () => {
      for (const sign of [(w: TestWallet, t: string) => w.signRaw(t), (w: TestWallet, t: string) => w.signOffchainV0(t)]) {
        const user = chatUser();
        const wallet = new TestWallet();
        const issued = await issue(user, wallet);
        const result = await completeLink(deps, { nonce: issued.nonce, signature: b64(sign(wallet, issued.oneLine)), submitter: { via: "page" } });
        expect(result.ok).toBe(true);
      }
    });

    it("GIVEN a one-line text joined differently (other separator, extra field) THEN SignatureInvalid", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const issued = await issue(user, wallet);
      for (const text of [
        issued.oneLine.replaceAll(" ; ", " | "),
        issued.message.split("\n").join(" ; "),
        `${issued.oneLine} ; Nonce: 1111111111111111`,
      ]) {
        const result = await completeLink(deps, {
          nonce: issued.nonce,
          signature: b58(wallet.signOffchainLegacy(text)),
          submitter: { via: "page" },
        });
        expect(result).toMatchObject({ ok: false, code: "SignatureInvalid" });
      }
    });

    it("GIVEN an envelope around another text THEN SignatureInvalid", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, {
        nonce,
        signature: b58(wallet.signOffchainLegacy(`${message} `)),
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "SignatureInvalid" });
    });
  });

  describe("Re-link, unlink, and one wallet on two chat accounts", () => {
    async function link(user: ChatRef, wallet: TestWallet) {
      const { nonce, message } = await issue(user, wallet);
      const result = await completeLink(deps, { nonce, signature: b58(wallet.signRaw(message)), submitter: { via: "chat", chat: user } });
      if (!result.ok) throw new Error(result.code);
      return result.value;
    }

    it("GIVEN a linked account WHEN it links another wallet THEN the old link is revoked", async () => {
      const user = chatUser();
      const first = new TestWallet();
      const second = new TestWallet();
      await link(user, first);
      const outcome = await link(user, second);
      expect(outcome.replacedAddress).toBe(first.address);
      expect(await linkedWallet(deps, user)).toMatchObject({ ok: true, value: { address: second.address } });
      expect(await deps.store.links.findByAddress(user.platform, first.address)).toBeNull();
      const audit = await deps.store.audit.listBySubject(first.address);
      expect(audit.at(-1)).toMatchObject({ action: "link.revoked", details: { reason: "relinked" } });
    });

    it("GIVEN a linked account WHEN it unlinks THEN the link is gone and a pending message can no longer link", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      await link(user, wallet);
      const pending = await issue(user, wallet);
      expect(await unlink(deps, user)).toMatchObject({ ok: true, value: { address: wallet.address } });
      expect(await linkedWallet(deps, user)).toMatchObject({ ok: false, code: "NotLinked" });
      const late = await completeLink(deps, {
        nonce: pending.nonce,
        signature: b58(wallet.signRaw(pending.message)),
        submitter: { via: "chat", chat: user },
      });
      expect(late).toMatchObject({ ok: false, code: "ChallengeCancelled" });
      expect(await unlink(deps, user)).toMatchObject({ ok: false, code: "NotLinked" });
    });

    it("GIVEN two /link requests WHEN the older message is signed THEN ChallengeCancelled (one live message per user)", async () => {
      const user = chatUser();
      const wallet = new TestWallet();
      const older = await issue(user, wallet);
      await issue(user, new TestWallet());
      const result = await completeLink(deps, {
        nonce: older.nonce,
        signature: b58(wallet.signRaw(older.message)),
        submitter: { via: "page" },
      });
      expect(result).toMatchObject({ ok: false, code: "ChallengeCancelled" });
    });

    it("GIVEN a wallet linked to account A WHEN account B on the same platform proves it THEN it moves to B and A is told in their private chat", async () => {
      const alice = chatUser("TELEGRAM");
      const bob = chatUser("TELEGRAM");
      const wallet = new TestWallet();
      await link(alice, wallet);
      const outcome = await link(bob, wallet);
      expect(outcome.movedFromUserId).toBe(alice.userId);
      expect(await linkedWallet(deps, alice)).toMatchObject({ ok: false, code: "NotLinked" });
      expect(await linkedWallet(deps, bob)).toMatchObject({ ok: true, value: { address: wallet.address } });
      const outbox = await deps.store.outbox.pending(new Date("2100-01-01"), 1000);
      const told = outbox.filter((m) => m.kind === "notice:TELEGRAM" && (m.payload as { notice: { kind: string } }).notice.kind === "WalletMovedAway");
      expect(told.map((m) => m.payload)).toEqual([{ target: { platform: "TELEGRAM", chatId: alice.userId }, notice: { kind: "WalletMovedAway", address: wallet.address } }]);
    });

    it("GIVEN a wallet linked on Telegram WHEN its owner links it on Discord too THEN both links stand", async () => {
      const onTelegram = chatUser("TELEGRAM");
      const onDiscord = chatUser("DISCORD");
      const wallet = new TestWallet();
      await link(onTelegram, wallet);
      const outcome = await link(onDiscord, wallet);
      expect(outcome.movedFromUserId).toBeNull();
      expect(await linkedWallet(deps, onTelegram)).toMatchObject({ ok: true, value: { address: wallet.address } });
      expect(await linkedWallet(deps, onDiscord)).toMatchObject({ ok: true, value: { address: wallet.address } });
    });
  });
});
