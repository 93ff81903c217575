/**
 * The public campaign page in a real headless Chromium at a desktop and a phone viewport:
 * the stylesheet loads under the page's CSP (no violation reported), nothing overflows
 * sideways at 390 px (long addresses and hashes wrap), the raised and flag bars are visible
 * with their values, the hostile title reads as text, and no script runs at all; a raising
 * campaign's page (its Contribute command) and the 404 page fit the phone as well.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "./chromium.js";
import { HOSTILE_TITLE, startCampaignPageWeb } from "./campaign-page-harness.js";


let browser: Browser;
let web: Awaited<ReturnType<typeof startCampaignPageWeb>>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  web = await startCampaignPageWeb();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

describe.each(VIEWPORTS)("the campaign page at the $name viewport", ({ viewport, isMobile }) => {
  it("THEN styled under the CSP, no sideways overflow, both bars visible with their values, the title as text", async () => {
    const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, javaScriptEnabled: true });
    const page = await context.newPage();
    const problems: string[] = [];
    // CSP violations and script errors show as console errors; failed loads are judged by URL
    // below (Chromium asks for /favicon.ico on its own, which this server does not have).
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const response = await page.goto(`${web.base}/c/${web.active.address}`);
    expect(response?.status()).toBe(200);

    // The stylesheet applied: parts are white cards (the unstyled page has no background).
    expect(await page.locator("#overview").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(255, 255, 255)");
    // Nothing wider than the viewport: the document does not scroll sideways.
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.client).toBe(viewport.width);

    const flags = page.locator('#review progress[aria-label="Milestone 1 flags"]');
    await flags.scrollIntoViewIfNeeded();
    expect(await flags.isVisible()).toBe(true);
    const box = await flags.boundingBox();
    expect(box?.width).toBeGreaterThan(viewport.width / 2);
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    expect(await flags.evaluate((el) => (el as HTMLProgressElement).position)).toBeCloseTo(0.3, 5);
    expect(await page.locator('#overview progress[aria-label="Raised"]').isVisible()).toBe(true);

    expect(await page.locator("h1").textContent()).toBe(HOSTILE_TITLE);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("THEN the raising campaign's page (its Contribute command and share link) and the 404 page fit too, styled", async () => {
    const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
    const page = await context.newPage();
    for (const [path, status] of [[`/c/${web.raising.address}`, 200], ["/c/not-a-campaign", 404]] as const) {
      const response = await page.goto(`${web.base}${path}`);
      expect(response?.status(), path).toBe(status);
      expect(await page.locator(".part").first().evaluate((el) => getComputedStyle(el).backgroundColor), path).toBe("rgb(255, 255, 255)");
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll, path).toBeLessThanOrEqual(widths.client);
    }
    // The contribute command (a 44-character address) wraps inside its card.
    await page.goto(`${web.base}/c/${web.raising.address}`);
    const command = page.locator("#contribute code", { hasText: `/contribute ${web.raising.address}` });
    await command.scrollIntoViewIfNeeded();
    const box = await command.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    expect(await page.locator('#overview progress[aria-label="Raised"]').evaluate((el) => (el as HTMLProgressElement).position)).toBeCloseTo(0.25, 5);
    await context.close();
  });
});
