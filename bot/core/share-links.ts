/**
 * The links that share a campaign's contribution: its public page `<base>/c/<campaign>`,
 * which Action-aware clients (blinks) resolve through `/actions.json` to the Action API,
 * and the `solana-action:` URL of that API itself, for clients and QR codes that take one.
 * Both are built here once so chat replies, the page and the Action API cannot disagree.
 */

/** A campaign's share links. */
export interface CampaignShareLinks {
  /** The public page; `/actions.json` maps `/c/*` to the contribution Action. */
  readonly page: string;
  /** The contribution Action's API endpoint (GET metadata, POST transaction). */
  readonly actionApi: string;
  /** `solana-action:<actionApi>` (no query string, so not URL-encoded, as the spec asks). */
  readonly action: string;
}

/** The path the contribution Action is served at, for `campaign`. */
export function contributionActionPath(campaign: string): string {
  return `/api/actions/contribute/${campaign}`;
}

export function campaignShareLinks(baseUrl: string, campaign: string): CampaignShareLinks {
  const base = baseUrl.replace(/\/+$/, "");
  const actionApi = `${base}${contributionActionPath(campaign)}`;
  return { page: `${base}/c/${campaign}`, actionApi, action: `solana-action:${actionApi}` };
}
