/**
 * The campaign directory, the campaigns' timelines and personal follows over Prisma: the
 * tables the indexer keeps for lists, autocomplete and the public page, and `/follow`'s.
 */
import { campaignLabel } from "../core/labels.js";
import { fromJson, toJson } from "../core/notice-codec.js";
import type { CampaignNotice } from "../core/notices.js";
import type {
  CampaignDirectoryRepository,
  CampaignEntry,
  CampaignTimelineRepository,
  CampaignView,
  FollowRecord,
  FollowRepository,
} from "../core/ports.js";
import { type Db } from "./db.js";
import { Prisma } from "./generated/client.ts";
import { sqlFor } from "./sql.js";

/**
 * Campaigns people act on come first: active, then fundraising, then under review, drafts,
 * and the ended ones last. The same order as bot/core/usecases/campaign-directory.ts.
 */
const RANK = Prisma.sql`CASE status WHEN 'Active' THEN 0 WHEN 'Fundraising' THEN 1 WHEN 'PendingReview' THEN 2 WHEN 'Draft' THEN 3 WHEN 'Completed' THEN 4 WHEN 'Failed' THEN 5 ELSE 6 END`;

interface EntryRow {
  readonly title: string | null;
  readonly view: unknown;
  readonly slot: bigint;
  readonly updated_at: Date;
}

function toEntry(row: EntryRow): CampaignEntry {
  const view = fromJson(row.view) as CampaignView;
  return { view: { ...view, title: row.title }, title: row.title, slot: BigInt(row.slot), updatedAt: row.updated_at };
}

/**
 * What searches match: the title (until it is read, the label people see instead, with the
 * first milestone's title) and the researcher's address, lower case.
 */
function searchText(view: CampaignView, title: string | null): string {
  return `${title ?? campaignLabel({ ...view, title: null })} ${view.researcher}`.toLowerCase();
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
function likeWord(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const COLUMNS = Prisma.sql`title, view, slot, updated_at`;

export function campaignDirectory(db: Db): CampaignDirectoryRepository {
  // Autocomplete and the directory read here on every keystroke: straight to the driver (sql.ts).
  const sql = sqlFor(db);
  return {
    upsert: async ({ view, slot, at, title }) => {
      // The title is kept while the texts' hash is unchanged, cleared when it changed, set when given.
      const given = title === undefined ? null : title;
      // The view is stored as the chain shows it; the title lives in its own column.
      const json = JSON.stringify(toJson({ ...view, title: undefined }));
      const stored = await sql.changed(Prisma.sql`
        INSERT INTO campaign (address, researcher, number, status, title, search_text, view, slot, updated_at)
        VALUES (${view.address}, ${view.researcher}, ${view.id}, ${view.status}, ${given}, ${searchText(view, given)}, ${json}::jsonb, ${slot}, ${at})
        ON CONFLICT (address) DO UPDATE SET
          status = EXCLUDED.status,
          view = EXCLUDED.view,
          slot = EXCLUDED.slot,
          updated_at = EXCLUDED.updated_at,
          title = CASE
            WHEN ${title !== undefined} THEN EXCLUDED.title
            WHEN campaign.view->>'metadataSha256' = EXCLUDED.view->>'metadataSha256' THEN campaign.title
            ELSE NULL END,
          search_text = CASE
            WHEN ${title !== undefined} THEN EXCLUDED.search_text
            WHEN campaign.view->>'metadataSha256' = EXCLUDED.view->>'metadataSha256' THEN campaign.search_text
            ELSE EXCLUDED.search_text END
        WHERE campaign.slot <= EXCLUDED.slot`);
      return stored > 0;
    },
    setTitle: async (address, metadataSha256, title) => {
      await sql.changed(Prisma.sql`
        UPDATE campaign SET title = ${title}, search_text = lower(${title} || ' ' || researcher)
        WHERE address = ${address} AND view->>'metadataSha256' = ${metadataSha256}`);
    },
    find: async (address) => {
      const rows = await sql.rows<EntryRow>(Prisma.sql`SELECT ${COLUMNS} FROM campaign WHERE address = ${address}`);
      const row = rows[0];
      return row === undefined ? null : toEntry(row);
    },
    page: async (statuses, { offset, limit }) => {
      if (statuses.length === 0) return { total: 0, entries: [] };
      const list = Prisma.join([...statuses]);
      const [count] = await sql.rows<{ total: bigint | number | string }>(Prisma.sql`SELECT count(*) AS total FROM campaign WHERE status IN (${list})`);
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE status IN (${list})
        ORDER BY ${RANK}, title NULLS LAST, researcher, number
        OFFSET ${Math.max(0, offset)} LIMIT ${Math.max(0, limit)}`);
      return { total: Number(count?.total ?? 0n), entries: rows.map(toEntry) };
    },
    search: async (words, limit) => {
      const where = words.length === 0 ? Prisma.sql`TRUE` : Prisma.join(words.map((w) => Prisma.sql`search_text LIKE ${likeWord(w.toLowerCase())}`), " AND ");
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE ${where}
        ORDER BY ${RANK}, title NULLS LAST, researcher, number LIMIT ${Math.max(0, limit)}`);
      return rows.map(toEntry);
    },
    findByTitle: async (title) => {
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE lower(title) = ${title.trim().toLowerCase()}
        ORDER BY ${RANK}, researcher, number LIMIT 25`);
      return rows.map(toEntry);
    },
    findByNumber: async (number, limit) => {
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE number = ${number}
        ORDER BY ${RANK}, title NULLS LAST, researcher LIMIT ${Math.max(0, limit)}`);
      return rows.map(toEntry);
    },
    findByAddressPrefix: async (prefix, limit) => {
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE address LIKE ${pattern} OR researcher LIKE ${pattern}
        ORDER BY ${RANK}, title NULLS LAST, researcher, number LIMIT ${Math.max(0, limit)}`);
      return rows.map(toEntry);
    },
    untitled: async (limit) => {
      const rows = await sql.rows<EntryRow>(Prisma.sql`
        SELECT ${COLUMNS} FROM campaign WHERE title IS NULL AND view->>'metadataId' IS NOT NULL
        ORDER BY updated_at LIMIT ${Math.max(0, limit)}`);
      return rows.map(toEntry);
    },
  };
}

export function campaignTimeline(db: Db): CampaignTimelineRepository {
  return {
    record: async ({ key, notice, at }) => {
      const { count } = await db.campaignEvent.createMany({
        data: [{ campaign: notice.campaign.address, key, kind: notice.kind, notice: toJson(notice) as Prisma.InputJsonValue, at }],
        skipDuplicates: true,
      });
      return count > 0;
    },
    recordMany: async (entries) => {
      if (entries.length === 0) return 0;
      const { count } = await db.campaignEvent.createMany({
        data: entries.map(({ key, notice, at }) => ({ campaign: notice.campaign.address, key, kind: notice.kind, notice: toJson(notice) as Prisma.InputJsonValue, at })),
        skipDuplicates: true,
      });
      return count;
    },
    latest: async (campaign, limit) => {
      const rows = await db.campaignEvent.findMany({ where: { campaign }, orderBy: [{ at: "desc" }, { id: "desc" }], take: Math.max(0, limit) });
      return rows.map((r) => ({ id: r.id, campaign: r.campaign, key: r.key, notice: fromJson(r.notice) as CampaignNotice, at: r.at }));
    },
  };
}

export function follows(db: Db): FollowRepository {
  return {
    add: async (follow) => {
      const { count } = await db.follow.createMany({ data: [{ ...follow }], skipDuplicates: true });
      return count > 0;
    },
    remove: async ({ platform, userId, campaign }) => {
      const { count } = await db.follow.deleteMany({ where: { platform, userId, campaign } });
      return count > 0;
    },
    listByCampaign: async (campaign) => {
      const rows = await db.follow.findMany({ where: { campaign }, orderBy: [{ createdAt: "asc" }, { userId: "asc" }] });
      return rows.map((r): FollowRecord => ({ platform: r.platform, userId: r.userId, chatId: r.chatId, campaign: r.campaign }));
    },
    listByCampaigns: async (campaigns) => {
      if (campaigns.length === 0) return [];
      const rows = await db.follow.findMany({ where: { campaign: { in: [...campaigns] } }, orderBy: [{ createdAt: "asc" }, { userId: "asc" }] });
      return rows.map((r): FollowRecord => ({ platform: r.platform, userId: r.userId, chatId: r.chatId, campaign: r.campaign }));
    },
    listByUser: async (platform, userId) => {
      const rows = await db.follow.findMany({ where: { platform, userId }, orderBy: { createdAt: "asc" } });
      return rows.map((r): FollowRecord => ({ platform: r.platform, userId: r.userId, chatId: r.chatId, campaign: r.campaign }));
    },
  };
}
