/**
 * The chat layer without a platform: one ChatDeps over a real (PGlite) database, the fake
 * chain and an evidence store the test controls, and callers in a private chat or a group.
 * Commands run through `dispatch`, as every adapter runs them.
 */
import { createHash } from "node:crypto";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { AnyCommand, Caller } from "../../../bot/chat/command.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { RawValue } from "../../../bot/chat/params.js";
import type { Reply } from "../../../bot/chat/reply.js";
import type { EvidenceStore, PreparedUpload } from "../../../bot/core/ports.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { telegramPlatform } from "../../../bot/telegram/platform.js";
import { databaseKinds, type TestDatabase, type TestDatabaseKind } from "../support/databases.js";
import { FakeChain, FakePools, ManualClock, randomAddress, secureRandom } from "../support/fakes.js";
import { indexedStore } from "../support/directory.js";

/** Evidence bytes by Arweave id; `read` fails as the test says. */
export class TestEvidence implements EvidenceStore {
  readonly files = new Map<string, Uint8Array>();
  failure: Error | null = null;
  upload(): Promise<{ id: string; sha256: string }> {
    return Promise.reject(new Error("uploads are not part of these tests"));
  }
  prepare(): Promise<PreparedUpload> {
    return Promise.reject(new Error("uploads are not part of these tests"));
  }
  fetch(id: string): Promise<Uint8Array> {
    return Promise.resolve(this.files.get(id) ?? new Uint8Array());
  }
  read(id: string): Promise<{ bytes: Uint8Array; sha256: string; contentType: string | null }> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const bytes = this.files.get(id) ?? new Uint8Array();
    return Promise.resolve({ bytes, sha256: createHash("sha256").update(bytes).digest("hex"), contentType: "text/csv" });
  }
}

/** A running fixture. */
export interface ChatFixture {
  readonly deps: ChatDeps;
  readonly chain: FakeChain;
  readonly clock: ManualClock;
  readonly evidence: TestEvidence;
  readonly db: TestDatabase;
  /** Progress replies shown so far, by every caller. */
  readonly progress: Reply[];
  /** What commands logged as errors (outages). */
  readonly errors: string[];
  /** A caller: a user in their private chat, or in a group (optionally a forum topic). */
  caller(options?: { userId?: string; group?: string; topic?: string; admin?: boolean; team?: boolean }): Caller;
  /** Runs a command as typed text would (milestones count from 1). */
  run(command: AnyCommand, caller: Caller, raw?: Record<string, RawValue>): Promise<Reply>;
  stop(): Promise<void>;
}

let nextId = 5000;

/**
 * Opens a database (PGlite unless `database` names another kind) and builds the dependency
 * record; `evidence: false` leaves evidence unconfigured.
 */
export async function startChat(options: { evidence?: false; database?: TestDatabaseKind } = {}): Promise<ChatFixture> {
  const kind = options.database ?? databaseKinds[0];
  if (kind === undefined) throw new Error("no database kind");
  const db = await kind.open();
  const chain = new FakeChain();
  const clock = new ManualClock(new Date());
  const evidence = new TestEvidence();
  const progress: Reply[] = [];
  const errors: string[] = [];
  const withEvidence = options.evidence !== false;
  const deps: ChatDeps = {
    store: indexedStore(prismaStore(db.prisma), chain),
    chain,
    pools: new FakePools(),
    clock,
    random: secureRandom,
    verifier: naclVerifier,
    link: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
    signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 },
    relayAuthority: randomAddress(),
    writes: null,
    evidence: withEvidence ? evidence : null,
    gatewayUrl: withEvidence ? "https://gateway.pepfund.test" : null,
    maxEvidenceBytes: 1_000,
    team: {},
    explorer: { cluster: "devnet" },
    platforms: { TELEGRAM: telegramPlatform },
    log: { warn: () => undefined, error: (m) => errors.push(m) },
  };
  return {
    deps,
    chain,
    clock,
    evidence,
    db,
    progress,
    errors,
    caller(o = {}) {
      const userId = o.userId ?? String(nextId++);
      const chatId = o.group ?? userId;
      return {
        chat: { platform: "TELEGRAM", userId, chatId },
        platform: telegramPlatform,
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
    stop: () => db.dispose(),
  };
}
