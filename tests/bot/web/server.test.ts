import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedWallet, requestLink } from "../../../bot/core/usecases/link-wallet.js";
import { b58, b64, TestWallet } from "../support/fakes.js";
import { startTestWeb } from "../support/web.js";

describe("signing page HTTP API", () => {
  let web: Awaited<ReturnType<typeof startTestWeb>>;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web.stop();
  });

  async function issue(wallet: TestWallet, userId = "77") {
    const issued = await requestLink(web.deps, { platform: "TELEGRAM", userId, chatId: "-9", address: wallet.address });
    if (!issued.ok) throw new Error(issued.code);
    return issued.value;
  }

  it("GIVEN the page link THEN HTML with a strict CSP, no framing, no referrer, no caching", async () => {
    const wallet = new TestWallet();
    const { pageUrl } = await issue(wallet);
    const response = await fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("GIVEN a live challenge THEN GET returns the exact message; a CLI signature POSTed links the wallet", async () => {
    const wallet = new TestWallet();
    const issued = await issue(wallet, "78");
    const view = (await (await fetch(`${web.base}/api/link/${issued.nonce}`)).json()) as { message: string; oneLine: string };
    expect(view.message).toBe(issued.message);
    expect(view.oneLine).toBe(issued.oneLine);
    const response = await fetch(`${web.base}/api/link/${issued.nonce}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ signature: b58(wallet.signOffchainLegacy(issued.message)) }),
    });
    expect(response.status).toBe(200);
    expect(await linkedWallet(web.deps, { platform: "TELEGRAM", userId: "78" })).toMatchObject({ ok: true });
    const again = await fetch(`${web.base}/api/link/${issued.nonce}`);
    expect([again.status, await again.json()]).toEqual([410, { error: "ChallengeConsumed" }]);
  });

  it("GIVEN a body over 4 KiB THEN 400 MalformedInput before parsing", async () => {
    const wallet = new TestWallet();
    const issued = await issue(wallet, "79");
    const response = await fetch(`${web.base}/api/link/${issued.nonce}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ signature: "A".repeat(10_000) }),
    });
    expect([response.status, await response.json()]).toEqual([400, { error: "MalformedInput" }]);
  });

  it("GIVEN not JSON, a wrong type or a bad signature THEN a coded refusal", async () => {
    const wallet = new TestWallet();
    const issued = await issue(wallet, "80");
    const post = (body: string, type = "application/json") =>
      fetch(`${web.base}/api/link/${issued.nonce}`, { method: "POST", headers: { "Content-Type": type }, body });
    expect((await post("{nope")).status).toBe(400);
    expect((await post("{}", "text/plain")).status).toBe(415);
    const wrong = await post(JSON.stringify({ signature: b64(new TestWallet().signRaw(issued.message)) }));
    expect([wrong.status, await wrong.json()]).toEqual([400, { error: "SignatureInvalid" }]);
  });

  it("GIVEN an unknown nonce or path THEN 404", async () => {
    expect((await fetch(`${web.base}/api/link/1111111111111111111111`)).status).toBe(404);
    expect((await fetch(`${web.base}/nothing`)).status).toBe(404);
  });
});
