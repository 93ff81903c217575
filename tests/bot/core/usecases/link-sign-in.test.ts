/**
 * Linking through a wallet's `solana:signIn`: the wallet writes the message from the issued
 * fields and hands back the bytes it signed; the server checks the signature over those bytes
 * and every field in them, on the embedded database and (when reachable) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nacl from "tweetnacl";
import { naclVerifier } from "../../../../bot/chain/signature-verifier.js";
import type { ChatRef } from "../../../../bot/core/ports.js";
import { challengeForPage, completeLink, linkedWallet, requestLink, type LinkDeps } from "../../../../bot/core/usecases/link-wallet.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { b64, ManualClock, secureRandom, TestWallet } from "../../support/fakes.js";
import { PLATFORMS } from "../../support/platforms.js";

let nextId = 5000;
function chatUser(): ChatRef {
  nextId += 1;
  return { platform: "DISCORD", userId: String(nextId), chatId: "777" };
}

/** The message as a `solana:signIn` wallet writes it from its input (the SIWS text format). */
function signInText(f: Record<string, string | readonly string[] | undefined>): string {
  let text = `${String(f.domain)} wants you to sign in with your Solana account:\n${String(f.address)}`;
  if (typeof f.statement === "string") text += `\n\n${f.statement}`;
  const tagged: [string, string][] = [["uri", "URI"], ["version", "Version"], ["chainId", "Chain ID"], ["nonce", "Nonce"], ["issuedAt", "Issued At"], ["expirationTime", "Expiration Time"], ["notBefore", "Not Before"], ["requestId", "Request ID"]];
  const lines = tagged.filter(([k]) => f[k] !== undefined).map(([k, tag]) => `${tag}: ${String(f[k])}`);
  const resources = (f.resources as string[] | undefined) ?? [];
  if (resources.length > 0) lines.push("Resources:", ...resources.map((r) => `- ${r}`));
  if (lines.length > 0) text += `\n\n${lines.join("\n")}`;
  return text;
}

describe.each(databaseKinds)("linking by solana:signIn on $name", (kind) => {
  let db: TestDatabase;
  let deps: LinkDeps;

  beforeAll(async () => {
    db = await kind.open();
    deps = {
      store: prismaStore(db.prisma),
      clock: new ManualClock(),
      random: secureRandom,
      verifier: naclVerifier,
      settings: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
      platforms: PLATFORMS,
    };
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** Issues a challenge and returns the sign-in input the page gives the wallet. */
  async function issue(user: ChatRef, wallet: TestWallet) {
    const issued = await requestLink(deps, { ...user, address: wallet.address });
    if (!issued.ok) throw new Error(issued.code);
    const view = await challengeForPage(deps, issued.value.nonce);
    if (!view.ok) throw new Error(view.code);
    return { nonce: issued.value.nonce, input: view.value.signIn as unknown as Record<string, string | readonly string[] | undefined>, message: issued.value.message };
  }

  const signInProof = (nonce: string, wallet: TestWallet, text: string, signer: TestWallet = wallet) => {
    const bytes = new TextEncoder().encode(text);
    return { nonce, signature: b64(nacl.sign.detached(bytes, signer.keys.secretKey)), publicKey: wallet.address, signedMessage: b64(bytes), submitter: { via: "page" as const } };
  };

  it("GIVEN the wallet signs the message it wrote from the page's input THEN the wallet is linked, and the nonce is spent", async () => {
    const user = chatUser();
    const wallet = new TestWallet();
    const { nonce, input, message } = await issue(user, wallet);
    // The input is the issued message's fields, so the wallet's text is the issued text.
    expect(signInText(input)).toBe(message);
    const proof = signInProof(nonce, wallet, signInText(input));
    expect(await completeLink(deps, proof)).toMatchObject({ ok: true, value: { address: wallet.address, userId: user.userId } });
    expect(await linkedWallet(deps, user)).toMatchObject({ ok: true, value: { address: wallet.address } });
    expect(await completeLink(deps, proof)).toMatchObject({ ok: false, code: "ChallengeConsumed" });
  });

  it.each([
    ["domain", { domain: "evil.test" }],
    ["address", { address: new TestWallet().address }],
    ["nonce", { nonce: "7Yq3kQ9xXv2Lr8PfH1aBcD" }],
    ["chainId", { chainId: "mainnet" }],
    ["expirationTime", { expirationTime: "2099-01-01T00:00:00.000Z" }],
    ["statement", { statement: "Link this wallet to Discord user 1 for PepFund." }],
    ["resources", { resources: ["pepfund:discord:user:1"] }],
    ["notBefore", { notBefore: "2026-01-01T00:00:00.000Z" }],
  ])("GIVEN the wallet signed a message with another %s THEN SignedMessageMismatch names it, nothing linked, the nonce still usable", async (field, change) => {
    const user = chatUser();
    const wallet = new TestWallet();
    const { nonce, input } = await issue(user, wallet);
    const result = await completeLink(deps, signInProof(nonce, wallet, signInText({ ...input, ...change })));
    expect(result).toMatchObject({ ok: false, code: "SignedMessageMismatch", details: { field } });
    expect(await linkedWallet(deps, user)).toMatchObject({ ok: false, code: "NotLinked" });
    expect((await completeLink(deps, signInProof(nonce, wallet, signInText(input)))).ok).toBe(true);
  });

  it("GIVEN a signature over other bytes than the signedMessage posted THEN SignatureInvalid", async () => {
    const user = chatUser();
    const wallet = new TestWallet();
    const { nonce, input } = await issue(user, wallet);
    const honest = signInProof(nonce, wallet, signInText(input));
    const other = signInProof(nonce, wallet, signInText({ ...input, statement: "Something else entirely" }));
    expect(await completeLink(deps, { ...honest, signature: other.signature })).toMatchObject({ ok: false, code: "SignatureInvalid" });
    // Signed by another key over the right text.
    expect(await completeLink(deps, signInProof(nonce, wallet, signInText(input), new TestWallet()))).toMatchObject({ ok: false, code: "SignatureInvalid" });
  });

  it("GIVEN signed bytes that are not a SIWS message, or not base64 THEN refused with a clear code", async () => {
    const user = chatUser();
    const wallet = new TestWallet();
    const { nonce, input } = await issue(user, wallet);
    expect(await completeLink(deps, signInProof(nonce, wallet, "Please sign to continue"))).toMatchObject({ ok: false, code: "SignedMessageMalformed" });
    expect(await completeLink(deps, signInProof(nonce, wallet, `${signInText(input)}\n`))).toMatchObject({ ok: false, code: "SignedMessageMalformed" });
    expect(await completeLink(deps, { ...signInProof(nonce, wallet, signInText(input)), signedMessage: "not base64!" })).toMatchObject({
      ok: false,
      code: "MalformedInput",
      details: { field: "signedMessage" },
    });
  });
});
