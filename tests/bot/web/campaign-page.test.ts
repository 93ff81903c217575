/**
 * The public campaign page over HTTP (real server, PGlite, arlocal): each part is there with
 * the numbers a backer reads (milestone states, raised against goal, the submission under
 * review with its evidence link and a real verification, flag weight against quorum as a bar
 * and the time left, the researcher's record, the timeline newest first in the chat's words,
 * how to contribute, follow or claim a refund); a hostile title is text, never markup; no
 * script and a strict CSP; unknown and malformed campaigns get a 404 page; an Arweave or RPC
 * outage says "unavailable" and the page still answers, also when Arweave never answers at
 * all; a campaign that cannot be read at all (RPC or database down) gets an uncached 503 page
 * asking for a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PART_TIMEOUT_MS } from "../../../bot/core/usecases/campaign-page.js";
import { campaign } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { HOSTILE_TITLE, NOW, startCampaignPageWeb } from "./campaign-page-harness.js";

type Web = Awaited<ReturnType<typeof startCampaignPageWeb>>;

/** The text of the `<section id="...">` part, tags stripped, entities kept as written. */
function part(html: string, id: string): string {
  const start = html.indexOf(`<section class="part" id="${id}">`);
  expect(start, `part ${id}`).toBeGreaterThan(-1);
  const end = html.indexOf(`<section class="part"`, start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

const text = (html: string): string => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("GET /c/<campaign>", () => {
  let web: Web;
  beforeAll(async () => {
    web = await startCampaignPageWeb();
  }, 60_000);
  afterAll(async () => {
    await web.stop();
  });

  it("GIVEN an indexed campaign with a milestone in review THEN every part shows its numbers", async () => {
    const res = await fetch(`${web.base}/c/${web.active.address}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();

    const roadmap = text(part(html, "roadmap"));
    expect(roadmap).toContain("1. Milestone 1 — 30% — 🔍 in review");
    expect(roadmap).toContain("2. Milestone 2 — 35% — ⏳ pending");
    expect(roadmap).toContain("3. Milestone 3 — 35% — ⏳ pending");

    const overview = part(html, "overview");
    expect(text(overview)).toContain("Raised 1,000 USDC of 1,000 USDC");
    expect(overview).toContain(`<progress max="10000" value="10000" aria-label="Raised">`);
    expect(text(overview)).toContain("✅ Texts verified");

    const review = part(html, "review");
    expect(text(review)).toContain("Milestone 1 review (submission 1)");
    expect(text(review)).toContain("2d 3h left");
    expect(text(review)).toContain("Flags: 2 — weight 30, 70 more to quorum");
    expect(review).toContain(`<progress max="10000" value="3000" aria-label="Milestone 1 flags">`);
    expect(text(review)).toContain("30 of 100 to quorum (2 flags)");
    expect(text(review)).toContain("Evidence check: ✅ Verified: the evidence matches what the researcher committed on-chain");
    expect(review).toContain(`href="${web.gateway}/${web.proof.id}"`);
    expect(text(review)).toContain(web.proof.sha256);

    const researcher = text(part(html, "researcher"));
    expect(researcher).toContain(web.researcher);
    expect(researcher).toContain("3 created — 1 completed — 0 abandoned");
    expect(researcher).toContain("4 released — 1 disputed — 2 submissions rejected");

    const contribute = text(part(html, "contribute"));
    expect(contribute).toContain("The raise is not open (status Active)");
    expect(contribute).toContain(`Follow it privately in chat with /follow ${web.active.address}`);
    expect(contribute).toContain(`Share link: ${web.base}/c/${web.active.address}`);
  });

  it("GIVEN two announcements THEN the timeline lists them newest first in the chat's words, dated", async () => {
    const timeline = part(await (await fetch(`${web.base}/c/${web.active.address}`)).text(), "timeline");
    const flagged = timeline.indexOf("🚩 Milestone 1 (Milestone 1) flagged");
    const submitted = timeline.indexOf("📄 Milestone 1 (Milestone 1) submitted");
    expect(flagged).toBeGreaterThan(-1);
    expect(submitted).toBeGreaterThan(flagged);
    expect(timeline).toContain(`<time datetime="2029-12-31T01:00:00.000Z">`);
    expect(timeline).toContain(`<time datetime="2029-12-31T00:00:00.000Z">`);
    // No chat buttons on the page, and no link to the page it is on.
    expect(timeline).not.toContain("Campaign page");
  });

  it("GIVEN a hostile title and summary THEN they are text, and the page carries no script under a strict CSP", async () => {
    const res = await fetch(`${web.base}/c/${web.active.address}`);
    const html = await res.text();
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toMatch(/<script|<b>Protein|<i>protein/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Protein&lt;/b&gt; assay");
    expect(html).toContain("<title>&lt;script&gt;");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("script-src");
    expect(res.headers.get("cache-control")).toBe("public, max-age=15");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const css = await fetch(`${web.base}/static/campaign.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("GIVEN a raising campaign the indexer has not stored yet THEN the page reads the chain and says how to contribute and how long is left", async () => {
    const html = await (await fetch(`${web.base}/c/${web.raising.address}`)).text();
    const overview = part(html, "overview");
    expect(text(overview)).toContain("Raised 250 USDC of 1,000 USDC");
    expect(overview).toContain(`<progress max="10000" value="2500" aria-label="Raised">`);
    expect(text(overview)).toContain("— 5d left");
    const contribute = text(part(html, "contribute"));
    expect(contribute).toContain(`/contribute ${web.raising.address} 25`);
    expect(contribute).toContain("750 USDC left to raise");
    expect(contribute).toContain(`/follow ${web.raising.address}`);
    expect(contribute).not.toContain("/refund");
    expect(contribute).toContain(`Share link: ${web.base}/c/${web.raising.address}`);
    expect(text(part(html, "review"))).toContain("No submission is under review now.");
    expect(text(part(html, "timeline"))).toContain("No announcements yet.");
  });

  it("GIVEN a failed and an abandoned campaign THEN the page tells backers how to claim their refund, and offers no contribution", async () => {
    const failed = campaign({ id: 9n, status: "Failed", goal: 1_000_000_000n, raised: 400_000_000n, escrow: 400_000_000n, deadline: NOW - 86_400 });
    const abandoned = campaign({ id: 10n, status: "Abandoned", goal: 1_000_000_000n, raised: 1_000_000_000n, escrow: 600_000_000n });
    web.chain.campaigns.set(failed.address, failed);
    web.chain.campaigns.set(abandoned.address, abandoned);
    const failedPart = text(part(await (await fetch(`${web.base}/c/${failed.address}`)).text(), "contribute"));
    expect(failedPart).toContain("The raise is not open (status Failed)");
    expect(failedPart).toContain(`claim all of your USDC (the goal was missed) back in chat with /refund ${failed.address}`);
    expect(failedPart).not.toContain("/contribute");
    expect(failedPart).not.toContain("/follow");
    const abandonedPart = text(part(await (await fetch(`${web.base}/c/${abandoned.address}`)).text(), "contribute"));
    expect(abandonedPart).toContain(`claim your share of what is left in escrow back in chat with /refund ${abandoned.address}`);
  });

  it("GIVEN an unknown, a malformed or an empty campaign THEN a 404 page, not an error", async () => {
    for (const path of [`/c/${randomAddress()}`, "/c/not-an-address", "/c/%E0%A4%A", "/c/"]) {
      const res = await fetch(`${web.base}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("Campaign not found");
    }
    expect((await fetch(`${web.base}/c/${web.active.address}`, { method: "POST" })).status).toBe(405);
  });

  it("GIVEN the RPC fails THEN an indexed campaign's page still answers with its record unavailable, and an unindexed one gets an uncached 503 page", async () => {
    const getCampaign = web.chain.getCampaign.bind(web.chain);
    const getResearcher = web.chain.getResearcher.bind(web.chain);
    web.chain.getCampaign = () => Promise.reject(new Error("fetch failed: 429 Too Many Requests"));
    web.chain.getResearcher = () => Promise.reject(new Error("fetch failed: 429 Too Many Requests"));
    try {
      const indexed = await fetch(`${web.base}/c/${web.active.address}`);
      expect(indexed.status).toBe(200);
      const html = await indexed.text();
      expect(text(part(html, "researcher"))).toContain("record is unavailable right now (the chain could not be read)");
      expect(text(part(html, "researcher"))).not.toContain("3 created");
      expect(text(part(html, "roadmap"))).toContain("🔍 in review");
      expect(part(html, "review")).toContain(`<progress max="10000" value="3000"`);

      const unindexed = await fetch(`${web.base}/c/${web.raising.address}`);
      expect(unindexed.status).toBe(503);
      expect(unindexed.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(unindexed.headers.get("cache-control")).toBe("no-store");
      expect(unindexed.headers.get("retry-after")).toBe("30");
      const body = await unindexed.text();
      expect(body).toContain("Campaign unavailable");
      expect(body).toContain("reload the page in a minute");
      expect(body).not.toContain("Campaign not found");
    } finally {
      web.chain.getCampaign = getCampaign;
      web.chain.getResearcher = getResearcher;
    }
    expect((await fetch(`${web.base}/c/${web.raising.address}`)).status).toBe(200);
  });

  it("GIVEN the database fails THEN the page is an uncached 503 page, not a server error", async () => {
    const find = web.store.campaigns.find.bind(web.store.campaigns);
    web.store.campaigns.find = () => Promise.reject(new Error("Connection terminated unexpectedly"));
    try {
      const res = await fetch(`${web.base}/c/${web.active.address}`);
      expect(res.status).toBe(503);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toContain("Campaign unavailable");
    } finally {
      web.store.campaigns.find = find;
    }
    expect((await fetch(`${web.base}/c/${web.active.address}`)).status).toBe(200);
  });

  it("GIVEN the evidence was verified once THEN the next views answer from the cache", async () => {
    await fetch(`${web.base}/c/${web.active.address}`);
    const before = web.reads.reads;
    for (let i = 0; i < 3; i++) await fetch(`${web.base}/c/${web.active.address}`);
    expect(web.reads.reads).toBe(before);
  });
});

describe("GET /c/<campaign> while Arweave is down", () => {
  let web: Web;
  beforeAll(async () => {
    web = await startCampaignPageWeb({ evidence: "down" });
  }, 60_000);
  afterAll(async () => {
    await web.stop();
  });

  it("GIVEN every Arweave read fails THEN the page answers, its texts and evidence say unavailable, everything else is there", async () => {
    const res = await fetch(`${web.base}/c/${web.active.address}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(text(part(html, "overview"))).toContain("could not be read now");
    expect(text(part(html, "review"))).toContain("Arweave could not be reached: nothing verified");
    expect(part(html, "review")).toContain(`<progress max="10000" value="3000"`);
    expect(text(part(html, "roadmap"))).toContain("🔍 in review");
    expect(text(part(html, "researcher"))).toContain("3 created");
  });
});

describe("GET /c/<campaign> while Arweave hangs", () => {
  let web: Web;
  beforeAll(async () => {
    web = await startCampaignPageWeb({ evidence: "hangs" });
  }, 60_000);
  afterAll(async () => {
    await web.stop();
  });

  it("GIVEN every Arweave read never answers THEN the page still answers within its part timeout, texts and evidence unavailable", async () => {
    const started = Date.now();
    const res = await fetch(`${web.base}/c/${web.active.address}`);
    const html = await res.text();
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeLessThan(PART_TIMEOUT_MS + 2_000);
    expect(text(part(html, "overview"))).toContain("could not be read now");
    expect(text(part(html, "review"))).toContain("Arweave could not be reached: nothing verified");
    expect(text(part(html, "timeline"))).toContain("flagged");
  }, 20_000);
});
