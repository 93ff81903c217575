/**
 * The campaign form in a real headless Chromium: every roadmap rule at its boundary, typed as
 * a researcher types it. Each broken rule's words must appear beside exactly its field (and
 * nowhere else), and disappear when fixed. The chain's time is 2030-01-01T00:00:00Z (a
 * ManualClock; the form reads nothing else from the chain for a new campaign).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomAddress } from "../support/fakes.js";
import { type CreateWeb, startCreateWeb } from "./create-harness.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const SHARES_NOT_FULL = "Milestone shares must add up to 100%.";

let browser: Browser;
let web: CreateWeb;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  web = await startCreateWeb();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** Every problem the page shows now, by field key (`goal`, `milestones`, `milestones.2.share`). */
function shown(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>("[data-problem]").forEach((el) => {
      if (el.textContent) out[el.dataset.problem ?? ""] = el.textContent;
    });
    document.querySelectorAll("#milestones > li").forEach((row, i) => {
      row.querySelectorAll<HTMLElement>("[data-row-problem]").forEach((el) => {
        if (el.textContent) out[`milestones.${i}.${el.dataset.rowProblem ?? ""}`] = el.textContent;
      });
    });
    return out;
  });
}

const row = (n: number) => `#milestones > li:nth-child(${n + 1})`;

async function fillMilestone(page: Page, n: number, m: { title?: string; description?: string; type?: string; share?: string; date?: string }): Promise<void> {
  if (m.title !== undefined) await page.fill(`${row(n)} [data-field="title"]`, m.title);
  if (m.description !== undefined) await page.fill(`${row(n)} [data-field="description"]`, m.description);
  if (m.type !== undefined) await page.selectOption(`${row(n)} [data-field="evidenceType"]`, m.type);
  if (m.share !== undefined) await page.fill(`${row(n)} [data-field="share"]`, m.share);
  if (m.date !== undefined) await page.fill(`${row(n)} [data-field="estimatedCompletion"]`, m.date);
}

async function addMilestone(page: Page, m: Parameters<typeof fillMilestone>[2]): Promise<void> {
  await page.click("#add-milestone");
  await fillMilestone(page, (await page.locator("#milestones > li").count()) - 1, { title: "More", description: "More work.", ...m });
}

async function removeMilestone(page: Page, n: number): Promise<void> {
  await page.click(`${row(n)} .remove`);
}

/** A new form filled with a campaign the program accepts (40/30/30 after a 2030-02-01 deadline). */
async function validForm(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const { url } = await web.issue(randomAddress());
  await page.goto(url);
  await page.waitForSelector("#form:not([hidden])");
  await page.fill("#title", "Sleep and memory in zebrafish");
  await page.fill("#summary", "Does sleep consolidate memory in larval zebrafish?");
  await page.fill("#goal", "25,000");
  await page.fill("#deadline", "2030-02-01");
  await fillMilestone(page, 0, { title: "Pilot", description: "20 fish.", type: "dataset", share: "40%", date: "2030-03-01" });
  await fillMilestone(page, 1, { title: "Main study", description: "200 fish.", type: "protocol-log", share: "30%", date: "2030-06-01" });
  await addMilestone(page, { title: "Paper", description: "A preprint.", type: "paper", share: "30%", date: "2030-09-01" });
  await expect.poll(() => shown(page)).toEqual({});
  await expect.poll(() => page.textContent("#share-total")).toBe("100%");
  expect(await page.textContent("#status")).toBe("Everything is in order.");
  return { page, errors };
}

describe("the campaign form in Chromium", () => {
  it("GIVEN 1, 2 and 3 milestones THEN too few; two can never reach 100% under the 40/50 caps; three can", async () => {
    const { page, errors } = await validForm();
    await removeMilestone(page, 2);
    await removeMilestone(page, 1);
    await expect.poll(() => shown(page)).toEqual({ milestones: `A roadmap needs at least 2 milestones. ${SHARES_NOT_FULL} They add up to 40%.` });
    await addMilestone(page, { share: "50%", date: "2030-06-01" });
    await expect.poll(() => shown(page)).toEqual({ milestones: `${SHARES_NOT_FULL} They add up to 90%.` });
    await fillMilestone(page, 1, { share: "60%" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.1.share": "No milestone may take more than 50%." });
    await fillMilestone(page, 1, { share: "30%" });
    await addMilestone(page, { share: "30%", date: "2030-09-01" });
    await expect.poll(() => shown(page)).toEqual({});
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("GIVEN 10 milestones THEN accepted; an 11th THEN too many, cleared when removed", async () => {
    const { page } = await validForm();
    await fillMilestone(page, 0, { share: "10%" });
    await fillMilestone(page, 1, { share: "10%" });
    await fillMilestone(page, 2, { share: "10%" });
    for (let i = 3; i < 10; i += 1) await addMilestone(page, { share: "10%", date: `2030-1${Math.floor(i / 5)}-0${(i % 5) + 1}` });
    await expect.poll(() => shown(page), { timeout: 10_000 }).toEqual({});
    await addMilestone(page, { share: "0.01%", date: "2030-12-31" });
    await expect.poll(() => shown(page)).toEqual({ milestones: `A roadmap has at most 10 milestones. ${SHARES_NOT_FULL} They add up to 100.01%.` });
    await removeMilestone(page, 10);
    await expect.poll(() => shown(page)).toEqual({});
    await page.close();
  }, 60_000);

  it("GIVEN the first share at 40% and 40.01%, a later one at 50% and 50.01%, and a share of 0 THEN each beside its share", async () => {
    const { page } = await validForm();
    await fillMilestone(page, 0, { share: "40.01%" });
    await fillMilestone(page, 1, { share: "29.99%" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.0.share": "The first milestone may take at most 40%." });
    await fillMilestone(page, 0, { share: "40%" });
    await fillMilestone(page, 1, { share: "50.01%" });
    await fillMilestone(page, 2, { share: "9.99%" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.1.share": "No milestone may take more than 50%." });
    await fillMilestone(page, 1, { share: "50%" });
    await fillMilestone(page, 2, { share: "10%" });
    await expect.poll(() => shown(page)).toEqual({});
    await fillMilestone(page, 2, { share: "0" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.2.share": "Every milestone needs a share above zero.", milestones: `${SHARES_NOT_FULL} They add up to 90%.` });
    await fillMilestone(page, 2, { share: "10%" });
    await expect.poll(() => shown(page)).toEqual({});
    await page.close();
  }, 60_000);

  it("GIVEN shares totalling 99.99%, 100% and 100.01% THEN the total is shown and only 100% passes", async () => {
    const { page } = await validForm();
    await fillMilestone(page, 2, { share: "29.99%" });
    await expect.poll(() => shown(page)).toEqual({ milestones: `${SHARES_NOT_FULL} They add up to 99.99%.` });
    expect(await page.textContent("#share-total")).toBe("99.99%");
    await fillMilestone(page, 2, { share: "30.01%" });
    await expect.poll(() => shown(page)).toEqual({ milestones: `${SHARES_NOT_FULL} They add up to 100.01%.` });
    expect(await page.textContent("#share-total")).toBe("100.01%");
    await fillMilestone(page, 2, { share: "30%" });
    await expect.poll(() => shown(page)).toEqual({});
    expect(await page.textContent("#share-total")).toBe("100%");
    await page.close();
  }, 60_000);

  it("GIVEN a milestone title of 64 and 65 UTF-8 bytes THEN only 65 is refused, beside that title", async () => {
    const { page } = await validForm();
    const title = "é".repeat(32);
    await fillMilestone(page, 1, { title: `${title}a` });
    await expect.poll(() => shown(page)).toEqual({ "milestones.1.title": expect.stringContaining("1 to 64 bytes") as unknown as string });
    await fillMilestone(page, 1, { title });
    await expect.poll(() => shown(page)).toEqual({});
    await page.close();
  }, 60_000);

  it("GIVEN dates out of order and an estimated date before the deadline THEN each beside its date", async () => {
    const { page } = await validForm();
    await fillMilestone(page, 2, { date: "2030-05-31" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.2.estimatedCompletion": "Milestone dates must be in order, after the fundraising deadline." });
    await fillMilestone(page, 2, { date: "2030-09-01" });
    await fillMilestone(page, 0, { date: "2030-01-31T23:59:59Z" });
    await expect.poll(() => shown(page)).toEqual({ "milestones.0.estimatedCompletion": "An estimated completion date must be on or after the fundraising deadline, and before 2100." });
    await fillMilestone(page, 0, { date: "2030-02-01" });
    await expect.poll(() => shown(page)).toEqual({});
    await page.close();
  }, 60_000);

  it("GIVEN the deadline at the chain's now and one second later, and a goal of 0 THEN the deadline and goal rules beside their fields", async () => {
    const { page } = await validForm();
    await page.fill("#deadline", "2030-01-01");
    await expect.poll(() => shown(page)).toEqual({ deadline: "The deadline is in the past." });
    await page.fill("#deadline", "2030-01-01T00:00:01Z");
    await expect.poll(() => shown(page)).toEqual({});
    await page.fill("#goal", "0");
    await expect.poll(() => shown(page)).toEqual({ goal: "The goal must be above zero." });
    expect(await page.getAttribute("#goal", "aria-invalid")).toBe("true");
    await page.fill("#goal", "0.000001");
    await expect.poll(() => shown(page)).toEqual({});
    expect(await page.getAttribute("#goal", "aria-invalid")).toBeNull();
    await page.close();
  }, 60_000);

  it("GIVEN user text with markup THEN it stays text, and a submission with problems shows them without leaving the page", async () => {
    const { page, errors } = await validForm();
    await page.fill("#goal", "<img src=x onerror=alert(1)>");
    await expect.poll(() => shown(page)).toEqual({ goal: expect.stringContaining("not a valid goal") as unknown as string });
    await page.click("#save");
    await expect.poll(() => page.textContent("#status")).toContain("breaks a rule");
    expect(page.url()).toContain("/create/");
    expect(await page.locator("img").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
