/**
 * The Arweave evidence store against a real local gateway (arlocal), alone and behind a
 * proxy that plays a dead gateway, one that serves other bytes, and one that loses the
 * answer to an upload.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EvidenceIdError,
  EvidenceIntegrityError,
  EvidenceNotFoundError,
  EvidenceTooLargeError,
} from "../../../bot/core/evidence-errors.js";
import { arweaveEvidenceStore, EvidenceUnavailableError } from "../../../bot/evidence/arweave-store.js";
import { sha256Hex } from "../../../bot/evidence/integrity.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { startArweaveProxy, type ArweaveProxy } from "../support/arweave-proxy.js";

let arlocal: RunningArlocal;
let proxy: ArweaveProxy;

beforeAll(async () => {
  arlocal = await startArlocal();
  proxy = await startArweaveProxy(arlocal.url);
}, 60_000);
afterAll(async () => {
  await proxy.stop();
  await arlocal.stop();
});
beforeEach(() => {
  proxy.mode = "pass";
  proxy.requests.length = 0;
});

const fast = { rounds: 2, backoffMs: 20, timeoutMs: 5_000 };

function storeOver(...gateways: string[]) {
  return arweaveEvidenceStore({ gateways, wallet: arlocal.wallet, ...fast });
}

/** Uploads random bytes straight to arlocal and mines them. */
async function stored(size = 2_000, contentType = "application/pdf") {
  const bytes = new Uint8Array(randomBytes(size));
  const { id, sha256 } = await storeOver(arlocal.url).upload(bytes, contentType, { Campaign: "C1", Milestone: "2" });
  await arlocal.mine();
  return { bytes, id, sha256 };
}

/** The transaction's tags as the gateway shows them. */
async function tagsOf(id: string): Promise<Record<string, string>> {
  const header = (await (await fetch(`${arlocal.url}/tx/${id}`)).json()) as { tags: { name: string; value: string }[] };
  const decode = (s: string) => Buffer.from(s, "base64url").toString("utf8");
  return Object.fromEntries(header.tags.map((t) => [decode(t.name), decode(t.value)]));
}

describe("upload and read", () => {
  it("GIVEN evidence bytes THEN they are stored with content type, app, campaign, milestone and SHA-256 tags, and read back identical", async () => {
    const { bytes, id, sha256 } = await stored(3_000, "text/csv");
    expect(sha256).toBe(sha256Hex(bytes));
    expect(await tagsOf(id)).toEqual({ "Content-Type": "text/csv", "App-Name": "PepFund", "SHA-256": sha256, Campaign: "C1", Milestone: "2" });
    const read = await storeOver(arlocal.url).read(id, 10_000);
    expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect([read.sha256, read.contentType]).toEqual([sha256, "text/csv"]);
  });

  it("GIVEN evidence larger than one 256 KiB chunk THEN it is uploaded in chunks and reads back identical", async () => {
    const { bytes, id } = await stored(600_000);
    const read = await storeOver(arlocal.url).read(id, 1_000_000);
    expect(sha256Hex(read.bytes)).toBe(sha256Hex(bytes));
  }, 60_000);

  it("GIVEN the on-chain hash THEN fetch returns the bytes; GIVEN another hash THEN EvidenceIntegrityError", async () => {
    const { bytes, id, sha256 } = await stored();
    expect(sha256Hex(await storeOver(arlocal.url).fetch(id, sha256, 10_000))).toBe(sha256Hex(bytes));
    await expect(storeOver(arlocal.url).fetch(id, "00".repeat(32), 10_000)).rejects.toBeInstanceOf(EvidenceIntegrityError);
  });

  it("GIVEN no bytes THEN the upload is refused before any request", async () => {
    await expect(storeOver(proxy.url).upload(new Uint8Array(0), "text/plain")).rejects.toBeInstanceOf(RangeError);
    expect(proxy.requests).toEqual([]);
  });
});

describe("limits and bad ids", () => {
  it("GIVEN evidence over the limit THEN EvidenceTooLargeError from the header alone: its data is never requested", async () => {
    const { id } = await stored(5_000);
    const error = await storeOver(proxy.url).read(id, 4_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceTooLargeError);
    expect(error).toMatchObject({ size: 5_000, limit: 4_999 });
    expect(proxy.requests).toEqual([`GET /tx/${id}`]);
  });

  it.each(["", "short", "A".repeat(44), `${"A".repeat(42)}+`, `${"A".repeat(42)}B`, "../../etc/passwd/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])(
    "GIVEN the malformed id %j THEN EvidenceIdError before any request",
    async (id) => {
      await expect(storeOver(proxy.url).read(id, 10)).rejects.toBeInstanceOf(EvidenceIdError);
      expect(proxy.requests).toEqual([]);
    },
  );

  it("GIVEN a well-formed id no gateway knows THEN EvidenceNotFoundError", async () => {
    const unknown = Buffer.from(randomBytes(32)).toString("base64url");
    await expect(storeOver(arlocal.url, proxy.url).read(unknown, 10)).rejects.toBeInstanceOf(EvidenceNotFoundError);
  });
});

describe("faulty gateways", () => {
  it("GIVEN a gateway serving other bytes THEN the substitution is caught and the second gateway's authentic bytes are used", async () => {
    const { bytes, id } = await stored();
    proxy.mode = "swap-data";
    const read = await storeOver(proxy.url, arlocal.url).read(id, 10_000);
    expect(sha256Hex(read.bytes)).toBe(sha256Hex(bytes));
    expect(proxy.requests).toContain(`GET /${id}`);
  });

  it("GIVEN only a gateway serving other bytes THEN EvidenceIntegrityError, even without an expected hash", async () => {
    const { id } = await stored();
    proxy.mode = "swap-data";
    await expect(storeOver(proxy.url).read(id, 10_000)).rejects.toBeInstanceOf(EvidenceIntegrityError);
  });

  it("GIVEN the first gateway down THEN uploads and reads go through the second", async () => {
    proxy.mode = "down";
    const bytes = new Uint8Array(randomBytes(1_000));
    const { id } = await storeOver(proxy.url, arlocal.url).upload(bytes, "image/png");
    await arlocal.mine();
    const read = await storeOver(proxy.url, arlocal.url).read(id, 10_000);
    expect(sha256Hex(read.bytes)).toBe(sha256Hex(bytes));
    expect(proxy.requests.length).toBeGreaterThan(0);
  });

  it("GIVEN the only gateway failing twice then back THEN the read succeeds after backoff", async () => {
    const { bytes, id } = await stored();
    proxy.failNext(1);
    const store = arweaveEvidenceStore({ gateways: [proxy.url], wallet: arlocal.wallet, rounds: 3, backoffMs: 20 });
    const read = await store.read(id, 10_000);
    expect(sha256Hex(read.bytes)).toBe(sha256Hex(bytes));
    expect(proxy.requests.filter((r) => r === `GET /tx/${id}`)).toHaveLength(2);
  });

  it("GIVEN every gateway down THEN EvidenceUnavailableError after every round", async () => {
    const { id } = await stored();
    proxy.mode = "down";
    await expect(storeOver(proxy.url).read(id, 10_000)).rejects.toBeInstanceOf(EvidenceUnavailableError);
    expect(proxy.requests).toEqual([`GET /tx/${id}`, `GET /tx/${id}`]);
  });

  it("GIVEN an upload whose answer is lost THEN the retry re-posts the same signed transaction: one id, stored once", async () => {
    proxy.mode = "lose-response";
    const bytes = new Uint8Array(randomBytes(1_500));
    const upload = storeOver(proxy.url).upload(bytes, "text/plain");
    await expect(upload).rejects.toBeInstanceOf(EvidenceUnavailableError);
    const posted = proxy.requests.filter((r) => r === "POST /tx");
    expect(posted).toHaveLength(2);
    // The same transaction reached the gateway twice; arlocal holds it once.
    const pending = (await (await fetch(`${arlocal.url}/tx/pending`)).json()) as string[];
    expect(pending).toHaveLength(1);
    await arlocal.mine();
    const read = await storeOver(arlocal.url).read(pending[0] ?? "", 10_000);
    expect(sha256Hex(read.bytes)).toBe(sha256Hex(bytes));
  });
});
