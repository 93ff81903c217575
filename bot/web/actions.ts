/**
 * The contribution as a Solana Action (spec: solana-developers/solana-actions, actions-spec
 * README; docs/ACTIONS.md), so any Action-aware wallet or client can fund a campaign from a
 * link:
 *
 *   GET     /actions.json                          maps the campaign page `/c/*` to the API
 *   GET     /api/actions/contribute/<campaign>     metadata: icon, title, raise, amount buttons
 *   POST    /api/actions/contribute/<campaign>?amount=<USDC>  { account } -> { type, transaction, message }
 *   OPTIONS any of them                            the CORS preflight
 *   GET     /static/action-icon.svg                the icon the metadata names
 *
 * Every Actions response carries the CORS headers the spec requires (any origin) and the
 * version and chain headers (sRFC 31); errors are `{ message }` with a 4xx status. The
 * transaction's fee payer and only signer is the account: the client signs and sends it, so
 * nothing is stored and PepFund's fee key pays nothing.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import type { ChainReader, Clock, Repositories, WalletTransactions } from "../core/ports.js";
import { contributionActionPath } from "../core/share-links.js";
import { contributionCampaign, prepareActionContribution, type ContributionCampaign } from "../core/usecases/contribute.js";
import { tokens, usdc } from "../chat/format.js";
import { plain } from "../chat/text.js";
import { refusalWords } from "../chat/words/refusals.js";
import { SECURITY_HEADERS, readJsonBody } from "./http.js";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

/** The spec version these responses follow (`X-Action-Version`). */
export const ACTION_VERSION = "2.4";
/** Amounts offered as buttons, USDC; those not below what is left are dropped. */
const PRESET_AMOUNTS = [10n, 25n, 100n] as const;
const UNIT = 1_000_000n;
/** A POST body holds one address: a few hundred bytes at most. */
const MAX_BODY_BYTES = 2048;

export const ICON_PATH = "/static/action-icon.svg";
const CAMPAIGN_PATH = /^\/api\/actions\/contribute\/([1-9A-HJ-NP-Za-km-z]{32,44})$/;

export interface ActionsDeps {
  readonly store: Pick<Repositories, "campaigns">;
  readonly chain: ChainReader;
  readonly clock: Clock;
  readonly wallet: Pick<WalletTransactions, "prepareUnsigned">;
  /** The public origin (`PUBLIC_BASE_URL`): the icon's absolute URL. */
  readonly baseUrl: string;
  /**
   * CAIP-2 id of the cluster (`solana:<first 32 characters of the genesis hash>`), for
   * `X-Blockchain-Ids`; a function is asked on each request until it answers (the app reads
   * the genesis hash on first use, so an RPC down at start does not stop the chat bots).
   */
  readonly blockchainId: string | (() => Promise<string>);
}

/** The deps of one request, with the cluster's id known. */
type ServedDeps = Omit<ActionsDeps, "blockchainId"> & { readonly blockchainId: string };

/** The CAIP-2 id of a cluster from its genesis hash (mainnet: `solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`). */
export function caip2BlockchainId(genesisHash: string): string {
  return `solana:${genesisHash.slice(0, 32)}`;
}

/** Whether `path` is one of the Actions routes (the server hands them all here). */
export function isActionsPath(path: string): boolean {
  return path === "/actions.json" || path === ICON_PATH || path.startsWith("/api/actions/");
}

function actionHeaders(deps: Pick<ServedDeps, "blockchainId">): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET,POST,PUT,OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization, Content-Encoding, Accept-Encoding, X-Action-Version, X-Blockchain-Ids",
    "Access-Control-Expose-Headers": "X-Action-Version, X-Blockchain-Ids",
    "X-Action-Version": ACTION_VERSION,
    "X-Blockchain-Ids": deps.blockchainId,
  };
}

function json(deps: ServedDeps, res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...actionHeaders(deps), "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** An error in the spec's shape. */
function error(deps: ServedDeps, res: ServerResponse, status: number, message: string): void {
  json(deps, res, status, { message });
}

/** The Actions routes; 404 `{ message }` when this deployment serves none. */
export async function handleActions(given: ActionsDeps | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (given === null) {
    res.writeHead(404, { ...SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8" });
    return void res.end(JSON.stringify({ message: "This PepFund server offers no Solana Actions." }));
  }
  let blockchainId: string;
  try {
    blockchainId = typeof given.blockchainId === "string" ? given.blockchainId : await given.blockchainId();
  } catch {
    res.writeHead(503, { ...SECURITY_HEADERS, "Access-Control-Allow-Origin": "*", "Content-Type": "application/json; charset=utf-8", "Retry-After": "30" });
    return void res.end(JSON.stringify({ message: "The Solana RPC did not answer; nothing was prepared. Try again in a minute." }));
  }
  const deps: ServedDeps = { ...given, blockchainId };
  if (req.method === "OPTIONS") {
    res.writeHead(204, actionHeaders(deps));
    return void res.end();
  }
  if (url.pathname === ICON_PATH && req.method === "GET") {
    res.writeHead(200, { ...actionHeaders(deps), "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" });
    return void res.end(await readFile(`${PUBLIC_DIR}action-icon.svg`));
  }
  if (url.pathname === "/actions.json" && req.method === "GET") return json(deps, res, 200, actionsJson());
  const match = CAMPAIGN_PATH.exec(url.pathname);
  if (match === null) return error(deps, res, 404, "No such Action: contributions are at /api/actions/contribute/<campaign address>.");
  const campaign = match[1] ?? "";
  if (req.method === "GET") return metadata(deps, res, campaign);
  if (req.method === "POST") return transaction(deps, req, res, campaign, url.searchParams.get("amount"));
  return error(deps, res, 405, "Use GET for the Action's metadata or POST for its transaction.");
}

/** The rules: a campaign's page `/c/<campaign>` is its contribution Action; the API maps to itself. */
export function actionsJson(): { rules: { pathPattern: string; apiPath: string }[] } {
  return {
    rules: [
      { pathPattern: "/c/*", apiPath: `${contributionActionPath("*")}` },
      { pathPattern: "/api/actions/**", apiPath: "/api/actions/**" },
    ],
  };
}

/** What the campaign offers now, in the spec's ActionGetResponse; a closed raise is `disabled` with the reason. */
async function metadata(deps: ServedDeps, res: ServerResponse, address: string): Promise<void> {
  const c = await contributionCampaign(deps, address);
  if (c === null) return error(deps, res, 404, plain(refusalWords("CampaignNotFound")));
  const base = {
    type: "action",
    icon: `${deps.baseUrl.replace(/\/+$/, "")}${ICON_PATH}`,
    title: c.label,
    description: description(c),
  };
  if (c.closed !== null) {
    return json(deps, res, 200, { ...base, label: "Raise closed", disabled: true, error: { message: plain(refusalWords(c.closed.code, c.closed.details)) } });
  }
  const href = (amount: string) => `${contributionActionPath(address)}?amount=${amount}`;
  const presets = PRESET_AMOUNTS.map((a) => a * UNIT).filter((a) => a < c.left);
  return json(deps, res, 200, {
    ...base,
    label: "Contribute",
    links: {
      actions: [
        ...presets.map((a) => ({ type: "transaction", label: `Contribute ${usdc(a)}`, href: href(tokens(a).replaceAll(",", "")) })),
        {
          type: "transaction",
          label: "Contribute",
          href: href("{amount}"),
          parameters: [
            {
              type: "number",
              name: "amount",
              label: `USDC (up to ${tokens(c.left)})`,
              required: true,
              min: 0.000001,
              max: Number(c.left) / Number(UNIT),
              pattern: "^\\d+(\\.\\d{1,6})?$",
              patternDescription: "A USDC amount with at most 6 decimals, e.g. 25 or 12.5",
            },
          ],
        },
      ],
    },
  });
}

function description(c: ContributionCampaign): string {
  return (
    `Raised ${usdc(c.view.raised)} of ${usdc(c.view.goal)}, ${usdc(c.left)} left; open until ` +
    `${new Date(c.view.deadline * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC. Your USDC is held in escrow and ` +
    "released milestone by milestone after the evidence is reviewed; you receive backer tokens 1:1, your voice in each review " +
    "and your claim to a refund if the raise fails."
  );
}

/** The contribution's transaction for `{ account }`, fee payer and signer that account. */
async function transaction(deps: ServedDeps, req: IncomingMessage, res: ServerResponse, campaign: string, amount: string | null): Promise<void> {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  if (body.kind === "tooLarge") return error(deps, res, 413, "The request body is too large: send { \"account\": \"<address>\" }.");
  const account = body.kind === "json" ? (body.value as { account?: unknown } | null)?.account : undefined;
  if (typeof account !== "string") return error(deps, res, 400, "Send the wallet's address as { \"account\": \"<base58 address>\" }.");
  if (amount === null || amount.trim() === "") return error(deps, res, 400, "Choose how much USDC to contribute (?amount=25).");
  const prepared = await prepareActionContribution(deps, { campaign, account, amount });
  if (!prepared.ok) {
    const message = prepared.code === "MalformedInput" ? "That account is not a Solana address (base58, 32 bytes)." : plain(refusalWords(prepared.code, prepared.details));
    return error(deps, res, prepared.code === "CampaignNotFound" ? 404 : 400, message);
  }
  const p = prepared.value;
  return json(deps, res, 200, {
    type: "transaction",
    transaction: Buffer.from(p.transaction).toString("base64"),
    message: `Contribute ${usdc(p.amount)} to ${p.campaign.label}; you receive ${tokens(p.amount)} backer tokens.`,
  });
}
