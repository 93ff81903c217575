/**
 * pool.json on the command line: a sponsor's KPI reward pool as written by hand, checked with
 * the program's rules at the chain's time before anything is uploaded or sent (every problem
 * beside its field), the texts document stored on Arweave (title, summary, each KPI's full
 * statement, whose SHA-256 the program binds), and the example the sponsor starts from.
 */
import { type PublicKey } from "@solana/web3.js";
import { EVIDENCE_TYPE_NAMES, parseDate, parseSharePercent } from "../../core/campaign-draft.js";
import { sha256Hex } from "../../core/campaign-texts.js";
import type { ProgramErrorName } from "../../core/codes.js";
import { MAX_ESTIMATED_DATE, MAX_KPI_METRIC_LEN, MAX_KPI_SOURCE_LEN } from "../../core/rules/constants.js";
import { validateRoadmap } from "../../core/rules/roadmap.js";
import { parseUnits } from "../../core/usecases/pool-actions.js";
import type { EvidenceType } from "../../core/views.js";
import { refusalWords } from "../../chat/words/refusals.js";
import { plain } from "../../chat/text.js";
import { CliError } from "./command.js";
import { parseAddress } from "./context.js";

/** The schema of the texts document a pool's `metadata` names. */
export const POOL_TEXTS_SCHEMA = "pepfund.pool-texts/1";

/** One KPI as the program takes it, with its statement's text. */
export interface KpiDraft {
  readonly title: string;
  readonly statement: string;
  readonly metric: string;
  readonly target: bigint;
  readonly dataSource: string;
  readonly evidenceType: EvidenceType;
  readonly shareBps: number;
  readonly estimatedCompletion: number;
}

/** A checked pool.json; `rewardTotal` still in the reward mint's tokens until its decimals are known. */
export interface PoolDraft {
  readonly title: string;
  readonly summary: string;
  readonly rewardMint: PublicKey;
  readonly stakeMint: PublicKey;
  readonly rewardTotal: string;
  readonly expiresAt: number;
  readonly kpis: readonly KpiDraft[];
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Every problem of `json` at chain time `now`, as `field: words`; the draft when there is none. */
export function checkPoolFile(json: unknown, now: number): { readonly draft: PoolDraft | null; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const broken = (field: string, words: string) => problems.push(`${field}: ${words}`);
  const rule = (field: string, code: ProgramErrorName) => broken(field, `${plain(refusalWords(code))} (code ${code})`);
  const o = (typeof json === "object" && json !== null && !Array.isArray(json) ? json : {}) as Record<string, unknown>;
  const text = (field: string, value: unknown): string => {
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    broken(field, "required text");
    return "";
  };
  const address = (field: string): PublicKey | null => {
    try {
      return parseAddress(o[field] as string, field);
    } catch (error) {
      broken(field, (error as Error).message.replace(`${field}: `, ""));
      return null;
    }
  };
  const title = text("title", o.title);
  const summary = text("summary", o.summary);
  const rewardMint = address("rewardMint");
  const stakeMint = address("stakeMint");
  const rewardTotal = typeof o.rewardTotal === "string" || typeof o.rewardTotal === "number" ? String(o.rewardTotal).trim() : "";
  if (!/^\d{1,20}(\.\d{1,18})?$/.test(rewardTotal)) broken("rewardTotal", 'a token amount, e.g. "300000" or "1250.5"');
  else if (/^[0.]+$/.test(rewardTotal)) rule("rewardTotal", "AmountZero");
  const expiresAt = parseDate(o.expiresAt);
  if (expiresAt === null) broken("expiresAt", 'a date, e.g. "2028-01-01"');
  if (o.vesting !== undefined) broken("vesting", "cliff-plus-linear pools are comparison pools for the docs; this command creates KPI pools only");

  const kpis: KpiDraft[] = [];
  const list = Array.isArray(o.kpis) ? (o.kpis as unknown[]) : [];
  if (!Array.isArray(o.kpis)) broken("kpis", "a list of KPI milestones");
  list.forEach((raw, i) => {
    const k = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = (field: string) => `kpis[${i}].${field}`;
    const metric = text(at("metric"), k.metric);
    const dataSource = text(at("dataSource"), k.dataSource);
    const statement = text(at("statement"), k.statement);
    if (metric !== "" && bytes(metric) > MAX_KPI_METRIC_LEN) rule(at("metric"), "InvalidKpi");
    if (dataSource !== "" && bytes(dataSource) > MAX_KPI_SOURCE_LEN) rule(at("dataSource"), "InvalidKpi");
    const targetText = typeof k.target === "string" || typeof k.target === "number" ? String(k.target).trim() : "";
    const target = /^\d{1,20}$/.test(targetText) && BigInt(targetText) < 1n << 64n ? BigInt(targetText) : null;
    if (target === null) broken(at("target"), "a whole number (the metric's target)");
    else if (target === 0n) rule(at("target"), "InvalidKpi");
    const evidenceType = typeof k.evidenceType === "string" ? EVIDENCE_TYPE_NAMES[k.evidenceType] : undefined;
    if (evidenceType === undefined) broken(at("evidenceType"), `one of ${Object.keys(EVIDENCE_TYPE_NAMES).join(", ")}`);
    const shareBps = parseSharePercent(k.share);
    if (shareBps === null) broken(at("share"), 'a percentage, e.g. "30%"');
    const estimatedCompletion = parseDate(k.estimatedCompletion);
    if (estimatedCompletion === null) broken(at("estimatedCompletion"), 'a date, e.g. "2027-03-01"');
    kpis.push({
      title: typeof k.title === "string" ? k.title.trim() : "",
      statement,
      metric,
      target: target ?? 0n,
      dataSource,
      evidenceType: evidenceType ?? "Other",
      shareBps: shareBps ?? 0,
      estimatedCompletion: estimatedCompletion ?? 0,
    });
  });
  // The campaign roadmap rules, from the chain's time (a pool has no fundraising deadline).
  const roadmap = validateRoadmap(kpis, now);
  if (!roadmap.ok) rule(roadmap.details?.milestone === undefined ? "kpis" : `kpis[${Number(roadmap.details.milestone) - 1}]`, roadmap.code);
  const last = kpis.at(-1)?.estimatedCompletion ?? now;
  if (expiresAt !== null && (expiresAt < last || expiresAt > MAX_ESTIMATED_DATE)) rule("expiresAt", "DateOutOfRange");
  if (problems.length > 0 || rewardMint === null || stakeMint === null || expiresAt === null) return { draft: null, problems };
  return { draft: { title, summary, rewardMint, stakeMint, rewardTotal, expiresAt, kpis }, problems };
}

/** The checked draft, or an error listing every problem (nothing is uploaded or sent). */
export function checkedPoolFile(path: string, json: unknown, now: number): PoolDraft {
  const { draft, problems } = checkPoolFile(json, now);
  if (draft !== null) return draft;
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  throw new CliError([`${path} has ${count}; nothing was uploaded or sent:`, ...problems.map((p) => `  ${p}`)].join("\n"));
}

/** The reward total in base units of a mint with `decimals`; an error when it has more decimals than the mint. */
export function rewardUnits(draft: PoolDraft, decimals: number): bigint {
  const units = parseUnits(draft.rewardTotal, decimals);
  if (units === null) throw new CliError(`rewardTotal: "${draft.rewardTotal}" has more decimals than the reward mint's ${decimals}, or exceeds a u64`);
  return units;
}

/** The texts document stored on Arweave and bound by `metadata_hash`. */
export function poolTexts(draft: PoolDraft): Uint8Array {
  const document = { schema: POOL_TEXTS_SCHEMA, title: draft.title, summary: draft.summary, kpis: draft.kpis.map((k) => ({ title: k.title, statement: k.statement })) };
  return new TextEncoder().encode(JSON.stringify(document));
}

/** The SHA-256 the program binds for a KPI statement. */
export function statementSha256(statement: string): string {
  return sha256Hex(Buffer.from(statement, "utf8"));
}

const DAY_MS = 86_400_000;
const day = (fromNowDays: number, now: Date) => new Date(now.getTime() + fromNowDays * DAY_MS).toISOString().slice(0, 10);

/** A valid pool.json to start from (mints to replace), dates counted from `now`. */
export function examplePool(now: Date): string {
  const pool = {
    title: "Mainnet growth rewards",
    summary: "Reward tokens for stakers, released in tranches as the network reaches its public KPIs.",
    rewardMint: "<reward token mint address>",
    stakeMint: "<stake token mint address>",
    rewardTotal: "300000",
    expiresAt: day(730, now),
    kpis: [
      {
        title: "Mainnet launch",
        statement: "Mainnet beta is live with at least 50 validators producing blocks for 30 consecutive days.",
        metric: "validators",
        target: "50",
        dataSource: "https://explorer.example/validators",
        evidenceType: "computational-results",
        share: "30%",
        estimatedCompletion: day(90, now),
      },
      {
        title: "Throughput",
        statement: "A 24-hour average of 2,000 transactions per second, measured by the public dashboard.",
        metric: "tps_24h",
        target: "2000",
        dataSource: "https://dashboard.example/tps",
        evidenceType: "computational-results",
        share: "35%",
        estimatedCompletion: day(240, now),
      },
      {
        title: "Active wallets",
        statement: "100,000 distinct wallets signing a transaction within one month.",
        metric: "monthly_active_wallets",
        target: "100000",
        dataSource: "https://dune.example/active-wallets",
        evidenceType: "dataset",
        share: "35%",
        estimatedCompletion: day(420, now),
      },
    ],
  };
  return JSON.stringify(pool, null, 2);
}
