/**
 * The chat layer without a platform, for the command tests: one ChatDeps over a real
 * embedded database (PGlite), the fake chain, the fake relayer and an in-memory evidence
 * store, and callers in a private chat or a group. Commands run through `dispatch`, as
 * every adapter runs them.
 */
import { createHash, randomBytes } from "node:crypto";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { AnyCommand, Caller, ChatFile } from "../../../bot/chat/command.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { RawValue } from "../../../bot/chat/params.js";
import type { Reply } from "../../../bot/chat/reply.js";
import type { ChatPlatform, EvidenceStore } from "../../../bot/core/ports.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { FakeChain, ManualClock, randomAddress, secureRandom } from "../support/fakes.js";
import { FakeRelayer } from "../support/relayer.js";

/** Evidence kept in memory under Arweave-shaped ids; `failure` makes every read fail. */
export class MemoryEvidence implements EvidenceStore {
  readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  failure: Error | null = null;
  upload(bytes: Uint8Array, contentType: string): Promise<{ id: string; sha256: string }> {
    const id = randomBytes(32).toString("base64url");
    this.files.set(id, { bytes, contentType });
    return Promise.resolve({ id, sha256: sha256(bytes) });
  }
  fetch(id: string): Promise<Uint8Array> {
    return Promise.resolve(this.files.get(id)?.bytes ?? new Uint8Array());
  }
  read(id: string): Promise<{ bytes: Uint8Array; sha256: string; contentType: string | null }> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const file = this.files.get(id) ?? { bytes: new Uint8Array(), contentType: "text/plain" };
    return Promise.resolve({ bytes: file.bytes, sha256: sha256(file.bytes), contentType: file.contentType });
  }
}

/** Hex SHA-256. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A file as an adapter hands it over. */
export function chatFile(bytes: Uint8Array, name = "evidence.csv", contentType = "text/csv"): ChatFile {
  return { name, size: bytes.length, contentType, read: () => Promise.resolve(bytes) };
}

/** A Telegram-like platform: typed commands, numeric ids. */
export const TEST_PLATFORM: ChatPlatform = {
  platform: "TELEGRAM",
  name: "Telegram",
  idPattern: /^-?\d{1,20}$/,
  typedCommands: true,
  directTarget: (userId) => ({ platform: "TELEGRAM", chatId: userId }),
  subscriptionTarget: (scopeId, channelId) => ({ platform: "TELEGRAM", chatId: scopeId, ...(channelId === "" ? {} : { threadId: channelId }) }),
};

/** Who calls, and where. */
export interface CallerOptions {
  readonly userId?: string;
  /** A group's id: the caller is in that group (else in their private chat). */
  readonly group?: string;
  readonly topic?: string;
  readonly admin?: boolean;
  readonly team?: boolean;
}

/** A running scene. */
export interface ChatScene {
  readonly deps: ChatDeps;
  readonly chain: FakeChain;
  readonly clock: ManualClock;
  readonly relayer: FakeRelayer;
  readonly evidence: MemoryEvidence;
  readonly db: TestDatabase;
  /** Progress replies shown so far, by every caller. */
  readonly progress: Reply[];
  /** Messages the commands logged as errors. */
  readonly errors: string[];
  caller(options?: CallerOptions): Caller;
  /** Runs a command as typed text would (milestones count from 1). */
  run(command: AnyCommand, caller: Caller, raw?: Record<string, RawValue>): Promise<Reply>;
  /** Links `caller`'s account to `address` directly in the store. */
  link(caller: Caller, address: string): Promise<void>;
  stop(): Promise<void>;
}

let nextId = 70_000;

/** Opens a database and builds the dependency record; `writes: false` leaves the relayer and evidence store out. */
export async function startScene(options: { writes?: false } = {}): Promise<ChatScene> {
  const kind = databaseKinds[0];
  if (kind === undefined) throw new Error("no database kind");
  const db = await kind.open();
  const chain = new FakeChain();
  const clock = new ManualClock(new Date("2030-01-01T00:00:00.000Z"));
  const relayer = new FakeRelayer();
  const evidence = new MemoryEvidence();
  const progress: Reply[] = [];
  const errors: string[] = [];
  const gatewayUrl = "https://gateway.pepfund.test";
  const store = prismaStore(db.prisma);
  const deps: ChatDeps = {
    store,
    chain,
    clock,
    random: secureRandom,
    verifier: naclVerifier,
    link: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
    signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 },
    relayAuthority: relayer.authority,
    writes: options.writes === false ? null : { relayer, evidence, gatewayUrl },
    evidence,
    gatewayUrl,
    maxEvidenceBytes: 1_000,
    team: {},
    explorer: { cluster: "devnet" },
    platforms: { TELEGRAM: TEST_PLATFORM },
    log: { warn: () => undefined, error: (m) => void errors.push(m) },
  };
  return {
    deps,
    chain,
    clock,
    relayer,
    evidence,
    db,
    progress,
    errors,
    caller(o = {}) {
      const userId = o.userId ?? String(nextId++);
      const chatId = o.group ?? userId;
      return {
        chat: { platform: "TELEGRAM", userId, chatId },
        platform: TEST_PLATFORM,
        place: o.group === undefined ? "private" : "group",
        channel: { scopeId: chatId, channelId: o.topic ?? "" },
        isChatAdmin: () => Promise.resolve(o.admin === true),
        isTeamMember: () => Promise.resolve(o.team === true),
        progress: (r) => {
          progress.push(r);
          return Promise.resolve();
        },
      };
    },
    run: (command, caller, raw = {}) => dispatch(deps, caller, { command, raw, typed: true }),
    link: (caller, address) => store.links.insert({ ...caller.chat, address, challengeNonce: `scene-${nextId++}`, linkedAt: clock.now() }),
    stop: () => db.dispose(),
  };
}

export { randomAddress };
