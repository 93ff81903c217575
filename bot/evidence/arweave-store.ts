/**
 * Evidence on Arweave through arweave-js. Uploads are signed once and posted (the same
 * signed transaction, so a retry can never store twice) to the first gateway that takes
 * them; reads trust nothing a gateway says: the transaction header must carry a valid
 * signature for its id, its `data_size` is checked against the limit before any byte is
 * downloaded, and the downloaded bytes must rebuild the header's `data_root`. A gateway that
 * fails or serves other bytes is retried with backoff, then the next gateway is tried.
 */
import Arweave from "arweave";
import type { JWKInterface } from "arweave/node/lib/wallet.js";
import { generateTransactionChunks } from "arweave/node/lib/merkle.js";
import {
  EvidenceIdError,
  EvidenceIntegrityError,
  EvidenceNotFoundError,
  EvidenceTooLargeError,
} from "../core/evidence-errors.js";
import { isArweaveId } from "../core/evidence-ids.js";
import type { EvidenceStore } from "../core/ports.js";
import { signArweaveTransaction } from "./arweave-signer.js";
import { assertEvidenceMatches, sha256Hex } from "./integrity.js";

/** Where and how evidence is stored. */
export interface ArweaveSettings {
  /** Gateway origins, tried in order, e.g. `["https://arweave.net", "https://ar-io.net"]`. */
  readonly gateways: readonly string[];
  /** The wallet that pays for uploads (a JWK); never logged. */
  readonly wallet: JWKInterface;
  /** Rounds over all gateways before giving up (default 3). */
  readonly rounds?: number;
  /** Pause after the first failed round, doubled each round (default 500 ms). */
  readonly backoffMs?: number;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** `App-Name` tag (default "PepFund"). */
  readonly appName?: string;
}

/** Every gateway failed (down, timing out, refusing) for every round. */
export class EvidenceUnavailableError extends Error {
  override readonly name = "EvidenceUnavailableError";
}

/** The gateway does not know the id (it may still be propagating to others). */
class NotAtGateway extends Error {}

function clientFor(gateway: string, timeout: number): Arweave {
  const url = new URL(gateway);
  const protocol = url.protocol.replace(":", "");
  const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
  return Arweave.init({ host: url.hostname, port, protocol, timeout, logging: false });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `work` (one gateway request), or a failure after `ms`. arweave-js (1.15) ignores its
 * `timeout` setting (its fetch has no signal), so a gateway that accepts the connection and
 * never answers would hang an upload forever; this deadline moves on to the next gateway. A
 * post still in flight when it passes is harmless: the same signed transaction is posted
 * again, never a second one.
 */
async function withinTimeout<T>(work: Promise<T>, ms: number, gateway: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${gateway}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a response body, refusing to hold more than `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new EvidenceIntegrityError(`gateway served more than the transaction's ${limit} bytes`);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** The Arweave evidence store. */
export function arweaveEvidenceStore(settings: ArweaveSettings): EvidenceStore {
  if (settings.gateways.length === 0) throw new RangeError("at least one Arweave gateway is needed");
  const gateways = settings.gateways.map((g) => g.replace(/\/+$/, ""));
  const timeout = settings.timeoutMs ?? 30_000;
  const rounds = settings.rounds ?? 3;
  const backoffMs = settings.backoffMs ?? 500;
  const clients = new Map(gateways.map((g) => [g, clientFor(g, timeout)]));
  const client = (gateway: string) => clients.get(gateway) ?? clientFor(gateway, timeout);

  /**
   * Runs `work` against each gateway in turn, for several rounds. Too large and malformed
   * are answers, not faults: they end at once. "Not found" everywhere is an answer too; a
   * gateway serving other bytes is a fault of that gateway, reported only when no gateway
   * ever served the right ones.
   */
  async function acrossGateways<T>(what: string, work: (gateway: string) => Promise<T>): Promise<T> {
    let lastError: unknown = null;
    let substituted: EvidenceIntegrityError | null = null;
    for (let round = 0; round < rounds; round += 1) {
      if (round > 0) await sleep(backoffMs * 2 ** (round - 1));
      let notFound = 0;
      for (const gateway of gateways) {
        try {
          return await work(gateway);
        } catch (error) {
          if (error instanceof EvidenceTooLargeError || error instanceof EvidenceIdError) throw error;
          if (error instanceof NotAtGateway) notFound += 1;
          if (error instanceof EvidenceIntegrityError) substituted = error;
          lastError = error;
        }
      }
      if (notFound === gateways.length && round === rounds - 1) throw new EvidenceNotFoundError(`${what}: no gateway has it`);
    }
    if (substituted !== null) throw substituted;
    if (lastError instanceof NotAtGateway) throw new EvidenceNotFoundError(`${what}: no gateway has it`);
    throw new EvidenceUnavailableError(`${what}: every gateway failed (last: ${describe(lastError)})`, { cause: lastError });
  }

  async function readFrom(gateway: string, id: string, maxBytes: number) {
    const signal = AbortSignal.timeout(timeout);
    const headerResponse = await fetch(`${gateway}/tx/${id}`, { signal });
    if (headerResponse.status === 404 || headerResponse.status === 410) throw new NotAtGateway(`${gateway}: ${headerResponse.status}`);
    if (!headerResponse.ok) throw new Error(`${gateway}: header ${headerResponse.status}`);
    const header = client(gateway).transactions.fromRaw((await headerResponse.json()) as object);
    // The id is the hash of the signature, and the signature covers data_size and data_root.
    if (header.id !== id || !(await client(gateway).transactions.verify(header).catch(() => false))) {
      throw new EvidenceIntegrityError(`${gateway}: transaction header does not verify for ${id}`);
    }
    if (header.format !== 2) throw new EvidenceIntegrityError(`${id} is a format ${header.format} transaction; evidence must be format 2`);
    const size = Number(header.data_size);
    if (!Number.isSafeInteger(size) || size < 0) throw new EvidenceIntegrityError(`${gateway}: bad data_size`);
    if (size > maxBytes) throw new EvidenceTooLargeError(size, maxBytes);
    const dataResponse = await fetch(`${gateway}/${id}`, { signal });
    if (dataResponse.status === 404) throw new NotAtGateway(`${gateway}: data 404`);
    if (!dataResponse.ok) throw new Error(`${gateway}: data ${dataResponse.status}`);
    const bytes = await readCapped(dataResponse, size);
    if (bytes.length !== size) throw new EvidenceIntegrityError(`${gateway}: served ${bytes.length} of ${size} bytes`);
    const { data_root } = await generateTransactionChunks(bytes);
    if (Arweave.utils.bufferTob64Url(data_root) !== header.data_root) {
      throw new EvidenceIntegrityError(`${gateway}: served bytes are not the transaction's data`);
    }
    const contentType =
      header.tags
        .map((tag) => ({ name: tag.get("name", { decode: true, string: true }), value: tag.get("value", { decode: true, string: true }) }))
        .find((tag) => tag.name.toLowerCase() === "content-type")?.value ?? null;
    return { bytes, sha256: sha256Hex(bytes), contentType };
  }

  const store: EvidenceStore = {
    async upload(bytes, contentType, tags = {}) {
      const prepared = await store.prepare(bytes, contentType, tags);
      await prepared.post();
      return { id: prepared.id, sha256: prepared.sha256 };
    },
    async prepare(bytes, contentType, tags = {}) {
      if (bytes.length === 0) throw new RangeError("evidence has no bytes");
      const sha256 = sha256Hex(bytes);
      const transaction = await acrossGateways("prepare upload", (gateway) =>
        withinTimeout(client(gateway).createTransaction({ data: bytes }, settings.wallet), timeout, gateway),
      );
      transaction.addTag("Content-Type", contentType);
      transaction.addTag("App-Name", settings.appName ?? "PepFund");
      transaction.addTag("SHA-256", sha256);
      for (const [name, value] of Object.entries(tags)) transaction.addTag(name, value);
      await signArweaveTransaction(transaction, settings.wallet);
      const post = () =>
        acrossGateways(`upload ${transaction.id}`, async (gateway) => {
          // A fresh uploader per try re-posts the same signed transaction: a gateway that
          // already has it answers 2xx, so a retry never stores the evidence twice.
          const uploader = await withinTimeout(client(gateway).transactions.getUploader(transaction, bytes), timeout, gateway);
          while (!uploader.isComplete) {
            // Each request has the deadline, not the whole upload: a large file may take long.
            await withinTimeout(uploader.uploadChunk(), timeout, gateway);
            // arweave-js would wait 40 s before its own retry; fail over instead.
            if (uploader.lastResponseError !== "") {
              throw new Error(`${gateway}: ${uploader.lastResponseStatus} ${uploader.lastResponseError}`);
            }
          }
        });
      return { id: transaction.id, sha256, post };
    },

    async read(id, maxBytes) {
      if (!isArweaveId(id)) throw new EvidenceIdError("not an Arweave id");
      return acrossGateways(`read ${id}`, (gateway) => readFrom(gateway, id, maxBytes));
    },

    async fetch(id, expectedSha256, maxBytes) {
      const { bytes } = await store.read(id, maxBytes);
      // Authentic bytes of the transaction: a mismatch means the evidence itself differs.
      assertEvidenceMatches(bytes, expectedSha256);
      return bytes;
    },
  };
  return store;
}
