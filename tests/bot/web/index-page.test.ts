/**
 * `GET /`: the front page lists the campaigns of the directory (the indexer's table) with
 * links to their public pages; a hostile title is text, never markup; no script; `/` no
 * longer answers 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_TITLE, startCampaignPageWeb } from "./campaign-page-harness.js";

type Web = Awaited<ReturnType<typeof startCampaignPageWeb>>;
let web: Web;

beforeAll(async () => {
  web = await startCampaignPageWeb();
}, 120_000);

afterAll(async () => {
  await web.stop();
});

describe("GIVEN the directory holds an indexed campaign", () => {
  it("WHEN / is read THEN it links the campaign's public page under its title, escaped, with no script", async () => {
    const res = await fetch(`${web.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`<a href="/c/${web.active.address}">`);
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toMatch(/<script/i);
    const linked = await fetch(`${web.base}/c/${web.active.address}`);
    expect(linked.status).toBe(200);
  });
});
