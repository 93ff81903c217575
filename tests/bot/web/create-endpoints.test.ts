/**
 * The campaign form's endpoints over HTTP (real server, PGlite store, arlocal; the FakeChain,
 * which the form only reads): the page's headers, the checks with their words beside each
 * field, a submission's signing page, and every bad request answered with a clear status and
 * never a 500: unknown, expired and used links, a wrong content type, bad JSON, a huge body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignAddress } from "../../../bot/chain/pdas.js";
import { randomAddress } from "../support/fakes.js";
import { campaign } from "../support/campaigns.js";
import { MAX_CREATE_BODY_BYTES } from "../../../bot/web/create.js";
import { type CreateWeb, startCreateWeb } from "./create-harness.js";

let web: CreateWeb;

beforeAll(async () => {
  web = await startCreateWeb();
}, 120_000);
afterAll(async () => {
  await web?.stop();
});

function draft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: "Sleep and memory in zebrafish",
    summary: "Does sleep consolidate memory?",
    goal: "25,000",
    deadline: "2030-02-01",
    milestones: [
      { title: "Pilot", description: "20 fish.", evidenceType: "dataset", share: "40%", estimatedCompletion: "2030-03-01" },
      { title: "Main study", description: "200 fish.", evidenceType: "paper", share: "30%", estimatedCompletion: "2030-06-01" },
      { title: "Paper", description: "Preprint.", evidenceType: "paper", share: "30%", estimatedCompletion: "2030-09-01" },
    ],
    ...overrides,
  };
}

async function call(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }) {
  const response = await fetch(`${web.base}${path}`, { method, ...(body === undefined ? {} : { headers, body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, json, headers: response.headers };
}

describe("GET /create/<token> and its endpoints", () => {
  it("GIVEN a link THEN the page loads only its own script, is never framed, and the API says whose wallet signs", async () => {
    const wallet = randomAddress();
    const { token } = await web.issue(wallet);
    const page = await fetch(`${web.base}/create/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/static/create.js">');
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${web.base}/static/create.js`)).status).toBe(200);
    const { status, json } = await call("GET", `/api/create/${token}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ researcher: wallet, campaign: null, prefill: null, texts: "none", limits: { minMilestones: 2, maxMilestones: 10 } });
  });

  it("GIVEN a draft as it is typed THEN each problem comes with its field and words, and the shares' total", async () => {
    const { token } = await web.issue(randomAddress());
    const fine = await call("POST", `/api/create/${token}/check`, { draft: draft() });
    expect(fine).toMatchObject({ status: 200, json: { problems: [], shareTotal: "100%", shareTotalBps: 10_000 } });
    const milestones = draft().milestones as Record<string, unknown>[];
    milestones[0]!.share = "40.01%";
    milestones[1]!.estimatedCompletion = "2030-01-15";
    const broken = await call("POST", `/api/create/${token}/check`, { draft: draft({ goal: "0", milestones }) });
    expect(broken.status).toBe(200);
    expect(broken.json.shareTotal).toBe("100.01%");
    expect(broken.json.problems).toEqual([
      { field: "goal", code: "GoalZero", message: "The goal must be above zero." },
      { field: "milestones.0.share", code: "FirstShareTooLarge", message: "The first milestone may take at most 40%." },
      { field: "milestones.1.estimatedCompletion", code: "DatesOutOfOrder", message: "Milestone dates must be in order, after the fundraising deadline." },
      { field: "milestones.1.estimatedCompletion", code: "DateOutOfRange", message: "An estimated completion date must be on or after the fundraising deadline, and before 2100." },
      { field: "milestones", code: "SharesNotFull", message: "Milestone shares must add up to 100%. They add up to 100.01%." },
    ]);
  });

  it("GIVEN a valid draft THEN the researcher's signing page; the link is then used, and says where its signing page is", async () => {
    const wallet = randomAddress();
    const { token } = await web.issue(wallet);
    const created = await call("POST", `/api/create/${token}`, { draft: draft(), submit: true });
    expect(created.status).toBe(200);
    const signingUrl = created.json.signingUrl as string;
    expect(signingUrl).toMatch(new RegExp(`^${web.base}/sign/[0-9a-f-]{36}$`));
    const request = await web.store.signingRequests.find(signingUrl.split("/").pop() ?? "");
    expect(request).toMatchObject({ signer: wallet, status: "PENDING", action: { kind: "campaignCreate", campaign: campaignAddress(wallet, 0n), id: 0n, submit: true } });

    expect(await call("POST", `/api/create/${token}`, { draft: draft(), submit: true })).toMatchObject({ status: 200, json: { signingUrl } });
    for (const [method, path, body] of [
      ["GET", `/api/create/${token}`, undefined],
      ["POST", `/api/create/${token}/check`, { draft: draft() }],
      ["POST", `/api/create/${token}`, { draft: draft({ title: "Changed" }), submit: true }],
    ] as const) {
      const used = await call(method, path, body);
      expect(used.status).toBe(410);
      expect(used.json).toMatchObject({ error: "DraftLinkUsed", signingUrl });
      expect(used.json.message).toContain("already used");
    }
  });

  it("GIVEN a broken draft submitted THEN 422 with every problem beside its field, and nothing stored", async () => {
    const { token } = await web.issue(randomAddress());
    const uploads = web.evidence.counts.uploads;
    const refused = await call("POST", `/api/create/${token}`, { draft: draft({ milestones: (draft().milestones as unknown[]).slice(0, 1) }), submit: false });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ error: "DraftInvalid", problems: [
      { field: "milestones", code: "TooFewMilestones", message: "A roadmap needs at least 2 milestones." },
      { field: "milestones", code: "SharesNotFull", message: "Milestone shares must add up to 100%. They add up to 40%." },
    ] });
    expect(web.evidence.counts.uploads).toBe(uploads);
  });

  it("GIVEN an expired, unknown or malformed link THEN 410, 404 and not routed", async () => {
    const { token } = await web.issue(randomAddress());
    const clock = web.clock as unknown as { advance(seconds: number): void };
    clock.advance(3_600);
    try {
      for (const [method, path, body] of [
        ["GET", `/api/create/${token}`, undefined],
        ["POST", `/api/create/${token}/check`, { draft: draft() }],
        ["POST", `/api/create/${token}`, { draft: draft(), submit: false }],
      ] as const) {
        expect(await call(method, path, body)).toMatchObject({ status: 410, json: { error: "DraftLinkExpired" } });
      }
    } finally {
      clock.advance(-3_600);
    }
    expect(await call("GET", `/api/create/${"A".repeat(43)}`)).toMatchObject({ status: 404, json: { error: "DraftLinkNotFound" } });
    expect((await call("GET", "/api/create/short")).status).toBe(404);
    expect((await fetch(`${web.base}/create/../../etc/passwd`)).status).toBe(404);
  });

  it("GIVEN a wrong content type, bad JSON, a non-object, no submit choice or a huge body THEN 415, 400, 400, 400 and 413, never 500", async () => {
    const { token } = await web.issue(randomAddress());
    const path = `/api/create/${token}`;
    expect(await call("POST", path, JSON.stringify({ draft: draft(), submit: true }), { "Content-Type": "text/plain" })).toMatchObject({ status: 415, json: { error: "MalformedInput" } });
    expect(await call("POST", `${path}/check`, "{not json", { "Content-Type": "application/json" })).toMatchObject({ status: 400, json: { error: "MalformedInput" } });
    expect(await call("POST", `${path}/check`, [1, 2])).toMatchObject({ status: 400, json: { error: "MalformedInput" } });
    expect(await call("POST", path, { draft: draft() })).toMatchObject({ status: 400, json: { error: "MalformedInput" } });
    // Junk where the draft should be is a draft with problems, not an error.
    const junk = await call("POST", `${path}/check`, { draft: "junk" });
    expect(junk.status).toBe(200);
    expect(junk.json.problems).toContainEqual({ field: "title", code: "FieldMissing", message: "The title is missing." });
    const huge = await call("POST", `${path}/check`, { draft: draft({ summary: "x".repeat(MAX_CREATE_BODY_BYTES) }) });
    expect(huge).toMatchObject({ status: 413, json: { error: "MalformedInput" } });
    expect(String(huge.json.message)).toContain("shorten the texts");
    expect(await call("GET", `${path}/check`)).toMatchObject({ status: 405 });
  });

  it("GIVEN ten milestones with every text at its limit in a 3-byte script THEN the body is accepted and the draft has no problem", async () => {
    const { token } = await web.issue(randomAddress());
    const wide = (n: number) => "語".repeat(n);
    const milestones = Array.from({ length: 10 }, (_, i) => ({
      title: wide(21),
      description: wide(4_000),
      evidenceType: "other",
      share: "10%",
      estimatedCompletion: `2030-0${Math.floor(i / 3) + 2}-1${i % 3}`,
    }));
    const body = { draft: draft({ title: wide(120), summary: wide(4_000), milestones }) };
    // Thirty times what the other endpoints accept.
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(30 * 4096);
    expect(await call("POST", `/api/create/${token}/check`, body)).toMatchObject({ status: 200, json: { problems: [], shareTotal: "100%" } });
  });

  it("GIVEN an edit link THEN the page knows the campaign; one approved meanwhile is RoadmapLocked (409), another's is NotResearcher (403)", async () => {
    const wallet = randomAddress();
    const view = campaign({ researcher: wallet, status: "Draft" });
    web.fake.campaigns.set(view.address, view);
    const { token } = await web.issue(wallet, view.address);
    expect(await call("GET", `/api/create/${token}`)).toMatchObject({ status: 200, json: { campaign: { address: view.address, status: "Draft" }, texts: "none" } });
    const review = await call("POST", `/api/create/${token}/review`, {});
    expect(review.status).toBe(200);
    expect(await web.store.signingRequests.find(String(review.json.signingUrl).split("/").pop() ?? "")).toMatchObject({ action: { kind: "campaignSubmitForReview", campaign: view.address } });

    const { token: second } = await web.issue(wallet, view.address);
    web.fake.campaigns.set(view.address, { ...view, status: "Fundraising" });
    expect(await call("GET", `/api/create/${second}`)).toMatchObject({ status: 409, json: { error: "RoadmapLocked", message: "The roadmap is locked since the campaign was approved." } });
    web.fake.campaigns.set(view.address, { ...view, researcher: randomAddress() });
    expect(await call("POST", `/api/create/${second}`, { draft: draft(), submit: false })).toMatchObject({ status: 403, json: { error: "NotResearcher" } });
  });
});
