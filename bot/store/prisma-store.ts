/**
 * The core's repositories over Prisma. Each method is one or two statements; rules live in
 * the core. Uniqueness violations surface as the core's `StoreConflictError`.
 */
import {
  StoreConflictError,
  type AuditEntry,
  type CampaignUpdateRecord,
  type ChallengeRecord,
  type DraftLinkRecord,
  type Platform,
  type Repositories,
  type SigningRequestRecord,
  type WalletAction,
  type Store,
  type SubscriptionRecord,
  type WalletLinkRecord,
} from "../core/ports.js";
import { fromJson, toJson } from "../core/notice-codec.js";
import { DEFAULT_RELAY_RATE_LIMITS, type RelayRateLimits } from "../core/rules/rate-limit.js";
import { campaignDirectory, campaignTimeline, follows } from "./campaign-tables.js";
import { type Db, UUID } from "./db.js";
import { flagRequests } from "./flag-requests.js";
import { outbox } from "./outbox.js";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import { sqlFor } from "./sql.js";


/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * Prisma reports a unique violation as P2002 through `@prisma/adapter-pg`; the PGlite
 * adapter hands the raw PostgreSQL error through as a `DriverAdapterError` whose cause
 * carries the SQLSTATE. Both are the same conflict.
 */
function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  if (error instanceof Error && error.name === "DriverAdapterError") {
    const cause = (error as { cause?: { kind?: unknown; code?: unknown } }).cause;
    return cause?.kind === "postgres" && cause.code === UNIQUE_VIOLATION;
  }
  return false;
}

async function conflictsAsStoreConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new StoreConflictError("unique constraint", { cause: error });
    throw error;
  }
}

function toLink(row: {
  platform: Platform;
  address: string;
  chatId: string;
  challengeNonce: string;
  linkedAt: Date;
  identity: { userId: string };
}): WalletLinkRecord {
  return {
    platform: row.platform,
    userId: row.identity.userId,
    address: row.address,
    chatId: row.chatId,
    challengeNonce: row.challengeNonce,
    linkedAt: row.linkedAt,
  };
}

function toSigningRequest(row: {
  id: string;
  action: unknown;
  signer: string;
  platform: Platform;
  userId: string;
  chatId: string;
  status: SigningRequestRecord["status"];
  createdAt: Date;
  expiresAt: Date;
  txSignature: string | null;
  errorCode: string | null;
  submittedAt: Date | null;
  signedTx: string | null;
}): SigningRequestRecord {
  return {
    id: row.id,
    action: fromJson(row.action) as WalletAction,
    signer: row.signer,
    platform: row.platform,
    userId: row.userId,
    chatId: row.chatId,
    status: row.status,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    txSignature: row.txSignature,
    errorCode: row.errorCode,
    submittedAt: row.submittedAt,
    signedTx: row.signedTx === null ? null : new Uint8Array(Buffer.from(row.signedTx, "base64")),
  };
}

function toDraftLink(row: {
  tokenSha256: string;
  platform: Platform;
  userId: string;
  chatId: string;
  researcher: string;
  campaign: string | null;
  createdAt: Date;
  expiresAt: Date;
  draftSha256: string | null;
  claimedAt: Date | null;
  textsId: string | null;
  textsSha256: string | null;
  signingRequestId: string | null;
  signingUrl: string | null;
}): DraftLinkRecord {
  const { textsId, textsSha256, signingRequestId, signingUrl, ...rest } = row;
  return {
    ...rest,
    texts: textsId === null || textsSha256 === null ? null : { id: textsId, sha256: textsSha256 },
    signing: signingRequestId === null || signingUrl === null ? null : { id: signingRequestId, url: signingUrl },
  };
}

function repositories(db: Db, relayRateLimits: RelayRateLimits): Repositories {
  // Plain SQL on every holder action's path goes straight to the driver (sql.ts says why).
  const sql = sqlFor(db);
  return {
    challenges: {
      insert: async (c: ChallengeRecord) => {
        await conflictsAsStoreConflict(() => db.linkChallenge.create({ data: { ...c } }));
      },
      find: async (nonce) => db.linkChallenge.findUnique({ where: { nonce } }),
      consume: async (nonce, at) => {
        const { count } = await db.linkChallenge.updateMany({
          where: { nonce, consumedAt: null, cancelledAt: null },
          data: { consumedAt: at },
        });
        return count === 1;
      },
      cancelPending: async (platform, userId, at) => {
        const { count } = await db.linkChallenge.updateMany({
          where: { platform, userId, consumedAt: null, cancelledAt: null },
          data: { cancelledAt: at },
        });
        return count;
      },
    },
    links: {
      findByUser: async (platform, userId) => {
        // On every holder action's path: plain SQL (sql.ts).
        const [row] = await sql.rows<WalletLinkRecord>(Prisma.sql`
          SELECT l.platform::text AS platform, i.user_id AS "userId", l.address, l.chat_id AS "chatId", l.challenge_nonce AS "challengeNonce", l.linked_at AS "linkedAt"
          FROM chat_identity i JOIN wallet_link l ON l.identity_id = i.id
          WHERE i.platform = ${platform}::"Platform" AND i.user_id = ${userId}`);
        return row ?? null;
      },
      findByAddress: async (platform, address) => {
        const row = await db.walletLink.findUnique({
          where: { platform_address: { platform, address } },
          include: { identity: true },
        });
        return row === null ? null : toLink(row);
      },
      insert: async (link) => {
        await conflictsAsStoreConflict(async () => {
          const identity = await db.chatIdentity.upsert({
            where: { platform_userId: { platform: link.platform, userId: link.userId } },
            create: { platform: link.platform, userId: link.userId },
            update: {},
          });
          await db.walletLink.create({
            data: {
              identityId: identity.id,
              platform: link.platform,
              address: link.address,
              chatId: link.chatId,
              challengeNonce: link.challengeNonce,
              linkedAt: link.linkedAt,
            },
          });
        });
      },
      remove: async (platform, userId) => {
        const row = await db.walletLink.findFirst({ where: { identity: { platform, userId } }, include: { identity: true } });
        if (row === null) return null;
        const { count } = await db.walletLink.deleteMany({ where: { id: row.id } });
        return count === 1 ? toLink(row) : null;
      },
    },
    subscriptions: {
      // ON CONFLICT DO NOTHING: a duplicate must not abort the surrounding transaction.
      add: async (s: SubscriptionRecord) => {
        const { count } = await db.subscription.createMany({ data: [{ ...s }], skipDuplicates: true });
        return count === 1;
      },
      remove: async (key) => {
        const { count } = await db.subscription.deleteMany({ where: { ...key } });
        return count > 0;
      },
      listByChannel: async (platform, scopeId, channelId) =>
        db.subscription.findMany({
          where: { platform, scopeId, channelId },
          orderBy: { createdAt: "asc" },
          select: { campaign: true, platform: true, scopeId: true, channelId: true, createdBy: true },
        }),
      listByCampaign: async (campaign) =>
        db.subscription.findMany({
          where: { campaign },
          orderBy: { createdAt: "asc" },
          select: { campaign: true, platform: true, scopeId: true, channelId: true, createdBy: true },
        }),
      listByCampaigns: async (campaigns) =>
        campaigns.length === 0
          ? []
          : db.subscription.findMany({
              where: { campaign: { in: [...campaigns] } },
              orderBy: { createdAt: "asc" },
              select: { campaign: true, platform: true, scopeId: true, channelId: true, createdBy: true },
            }),
    },
    outbox: outbox(db),
    audit: {
      record: async (entry: AuditEntry) => {
        await db.auditLog.create({
          data: {
            at: entry.at,
            action: entry.action,
            platform: entry.platform ?? null,
            userId: entry.userId ?? null,
            subject: entry.subject,
            details: { ...entry.details },
          },
        });
      },
      listBySubject: async (subject) => {
        const rows = await db.auditLog.findMany({ where: { subject }, orderBy: { id: "asc" } });
        return rows.map((row) => ({
          at: row.at,
          action: row.action,
          subject: row.subject,
          details: row.details as Record<string, string>,
          ...(row.platform === null ? {} : { platform: row.platform }),
          ...(row.userId === null ? {} : { userId: row.userId }),
        }));
      },
    },
    flagRequests: flagRequests(db),
    signingRequests: {
      insert: async (request) => {
        await db.signingRequest.create({
          data: {
            id: request.id,
            kind: request.action.kind,
            action: toJson(request.action) as Prisma.InputJsonValue,
            signer: request.signer,
            platform: request.platform,
            userId: request.userId,
            chatId: request.chatId,
            createdAt: request.createdAt,
            expiresAt: request.expiresAt,
          },
        });
      },
      find: async (id) => {
        if (!UUID.test(id)) return null;
        const row = await db.signingRequest.findUnique({ where: { id } });
        return row === null ? null : toSigningRequest(row);
      },
      claim: async (id, at, signedTx) => {
        const { count } = await db.signingRequest.updateMany({
          where: { id, status: "PENDING", expiresAt: { gt: at } },
          data: { status: "SUBMITTED", submittedAt: at, signedTx: Buffer.from(signedTx).toString("base64") },
        });
        return count === 1;
      },
      release: async (id) => {
        await db.signingRequest.updateMany({ where: { id, status: "SUBMITTED" }, data: { status: "PENDING", submittedAt: null, signedTx: null } });
      },
      submittedBefore: async (before, limit) => {
        const rows = await db.signingRequest.findMany({
          where: { status: "SUBMITTED", submittedAt: { lt: before } },
          orderBy: { submittedAt: "asc" },
          take: limit,
        });
        return rows.map(toSigningRequest);
      },
      finish: async (id, outcome) => {
        await db.signingRequest.updateMany({ where: { id, status: "SUBMITTED" }, data: { ...outcome } });
      },
    },
    draftLinks: {
      insert: async (link) => {
        await db.draftLink.create({ data: { ...link } });
      },
      find: async (tokenSha256) => {
        const row = await db.draftLink.findUnique({ where: { tokenSha256 } });
        return row === null ? null : toDraftLink(row);
      },
      claim: async (tokenSha256, draftSha256, at, staleBefore) => {
        const open = { tokenSha256, signingRequestId: null, expiresAt: { gt: at } };
        // Nobody holds it, or its holder stalled (a crash between the claim and the signing request).
        const free = [{ claimedAt: null }, { claimedAt: { lt: staleBefore } }];
        // The same submission again keeps the texts it stored.
        const same = await db.draftLink.updateMany({ where: { ...open, draftSha256, OR: free }, data: { claimedAt: at } });
        if (same.count === 1) return true;
        // Another submission (or the first) starts afresh. SQL's NOT (draft = x) is not true
        // for a NULL draft, hence the explicit NULL case.
        const other = await db.draftLink.updateMany({
          where: { ...open, AND: [{ OR: free }, { OR: [{ draftSha256: null }, { NOT: { draftSha256 } }] }] },
          data: { draftSha256, claimedAt: at, textsId: null, textsSha256: null },
        });
        return other.count === 1;
      },
      recordTexts: async (tokenSha256, draftSha256, texts) => {
        await db.draftLink.updateMany({ where: { tokenSha256, draftSha256 }, data: { textsId: texts.id, textsSha256: texts.sha256 } });
      },
      release: async (tokenSha256, draftSha256) => {
        await db.draftLink.updateMany({ where: { tokenSha256, draftSha256, signingRequestId: null }, data: { claimedAt: null } });
      },
      complete: async (tokenSha256, draftSha256, signing) => {
        await db.draftLink.updateMany({ where: { tokenSha256, draftSha256 }, data: { signingRequestId: signing.id, signingUrl: signing.url } });
      },
    },
    cursors: {
      get: async (name) => db.indexerCursor.findUnique({ where: { name }, select: { signature: true, slot: true } }),
      set: async (name, cursor) => {
        await db.indexerCursor.upsert({
          where: { name },
          create: { name, signature: cursor.signature, slot: cursor.slot },
          update: { signature: cursor.signature, slot: cursor.slot },
        });
      },
    },
    relayRates: {
      limits: relayRateLimits,
      record: async (subjects, action, at) => {
        // Rows that left the window count for nothing: dropped in the same statement, so the
        // table stays small at one round trip per admission.
        const windowStart = new Date(at.getTime() - relayRateLimits.windowSeconds * 1000);
        const rows = await sql.rows<{ id: bigint | string }>(Prisma.sql`
          WITH purged AS (DELETE FROM relay_rate_event WHERE subject IN (${Prisma.join([...subjects])}) AND at <= ${windowStart})
          INSERT INTO relay_rate_event (subject, action, at)
          VALUES ${Prisma.join(subjects.map((subject) => Prisma.sql`(${subject}, ${action}, ${at})`))}
          RETURNING id`);
        return rows.map((r) => BigInt(r.id));
      },
      withdraw: async (ids) => {
        await db.relayRateEvent.deleteMany({ where: { id: { in: [...ids] } } });
      },
      since: async (subjects, since, except) => {
        if (subjects.length === 0) return new Map();
        const others = except.length === 0 ? Prisma.empty : Prisma.sql`AND id NOT IN (${Prisma.join([...except])})`;
        const rows = await sql.rows<{ subject: string; at: Date }>(Prisma.sql`
          SELECT subject, at FROM relay_rate_event
          WHERE subject IN (${Prisma.join([...subjects])}) AND at > ${since} ${others}
          ORDER BY at ASC, id ASC`);
        const times = new Map(subjects.map((subject): [string, Date[]] => [subject, []]));
        for (const row of rows) times.get(row.subject)?.push(row.at);
        return times;
      },
    },
    updates: {
      insert: async (update) => {
        await conflictsAsStoreConflict(() => db.campaignUpdate.create({ data: { ...update } }));
      },
      latest: async (campaign, limit) => {
        const rows = await db.campaignUpdate.findMany({ where: { campaign }, orderBy: [{ postedAt: "desc" }, { id: "desc" }], take: limit });
        return rows.map((r): CampaignUpdateRecord => ({ ...r }));
      },
    },
    campaigns: campaignDirectory(db),
    timeline: campaignTimeline(db),
    follows: follows(db),
  };
}

/** The core's `Store` over a Prisma client; relayed actions are held to `options.relayRateLimits`. */
export function prismaStore(prisma: PrismaClient, options: { relayRateLimits?: RelayRateLimits } = {}): Store {
  const limits = options.relayRateLimits ?? DEFAULT_RELAY_RATE_LIMITS;
  return {
    ...repositories(prisma, limits),
    transaction: async (work) => prisma.$transaction(async (tx) => work(repositories(tx, limits))),
  };
}
