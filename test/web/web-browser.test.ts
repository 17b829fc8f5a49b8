/**
 * The public page in a real browser: Debian's Chromium driven by
 * playwright-core, with axe-core injected for accessibility. Screenshots of
 * each language go to test-artifacts/ (not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { LOCALES } from '../../src/core/index.ts';
import { localeTag } from '../../src/i18n/format.ts';
import { close, listen } from '../../src/server/http-server.ts';
import { NO_REVIEW_POLICY } from '../../src/core/index.ts';
import { createTestApp, testCampaign, testClock } from '../support/test-app.ts';
import { signFrom, startWebServer, type WebServer } from '../support/web-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core in the page (evaluated, so the page's CSP does not stop it) and returns serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const totalIn = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

// The machine is shared and Chromium is slow to start pages under load: generous limits, except where the limit is the point.
describe('the public page in Chromium', { timeout: 300_000 }, () => {
  let app: App;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // These tests sign in bulk from one place: no review rule may hold that here.
    app = await createTestApp({ clock: testClock('2026-11-29T15:00:00Z'), campaign: testCampaign({ review: NO_REVIEW_POLICY }) });
    await signFrom(app, ['KR', 'KR', 'KR', 'KR', 'US', 'US', 'CA', 'JP', 'GB', 'DE', 'AU', 'TW', 'SG', 'HK']);
    // The production poll interval (2 s), so the 5-second promise is tested as deployed.
    server = await startWebServer(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  it('shows the same total as /api/stats.json', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.base}/en`);
    const shown = totalIn(await page.locator('[data-live="total"]').first().textContent());
    const stats = (await (await fetch(`${server.base}/api/stats.json`)).json()) as { total: number; nations: number };
    expect(shown).toBe(stats.total);
    expect(totalIn(await page.locator('[data-live="nations"]').first().textContent())).toBe(stats.nations);
    await page.close();
  });

  it('shows each language with its lang attribute, the map and the table, and saves a screenshot', async () => {
    for (const locale of LOCALES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.base}/${locale}`);
      expect(await page.getAttribute('html', 'lang')).toBe(localeTag(locale));
      expect(await page.locator('h1').textContent()).toBe(app.core.campaign.title[locale]);
      const map = page.locator('svg.map');
      await expect.poll(() => map.isVisible()).toBe(true);
      const box = await map.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      // Korea has the most signatures: the darkest shade, and a row in the table.
      expect(await map.locator('path[fill="#08519c"]').count()).toBe(1);
      expect(await page.locator('table caption').textContent()).toBeTruthy();
      const { byCountry } = (await (await fetch(`${server.base}/api/stats.json`)).json()) as { byCountry: Record<string, number> };
      expect(await page.locator('tbody tr').count()).toBe(Object.keys(byCountry).length);
      await page.screenshot({ path: `${ARTIFACTS}web-${locale}.png`, fullPage: true });
      await page.close();
    }
  });

  it('picks the language of the browser at /', async () => {
    for (const locale of LOCALES) {
      const context = await browser.newContext({ locale: localeTag(locale) });
      const page = await context.newPage();
      await page.goto(`${server.base}/`);
      expect(await page.getAttribute('html', 'lang')).toBe(localeTag(locale));
      await context.close();
    }
  });

  it('has no serious or critical accessibility violations in any language (axe-core)', async () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      for (const path of [`/${locale}`, `/${locale}/list`, `/${locale}/list/1`, `/${locale}/privacy`, `/live?lang=${locale}`, `/embed/counter?lang=${locale}`, `/${locale}/list/999`]) {
        const page = await browser.newPage();
        await page.goto(server.base + path);
        for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
        await page.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('updates /live within 5 seconds of a new signature, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.base}/live?lang=ko`);
    const big = page.locator('.big[data-live="total"]');
    const before = totalIn(await big.textContent());
    // A reload would drop this marker.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    // Let the event stream connect before signing.
    await expect.poll(() => server.feed.listeners(), { timeout: 60_000 }).toBeGreaterThan(0);
    await signFrom(app, ['FR'], 'live-screen');
    const signedAt = performance.now();
    await big.filter({ hasText: new RegExp(`^${before + 1}$`) }).waitFor({ timeout: 5000 });
    expect(performance.now() - signedAt).toBeLessThan(5000);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.locator('[data-live="nations"]').textContent()).toBe(String((await app.core.petition.summary()).nations));
    await page.screenshot({ path: `${ARTIFACTS}live-ko.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works with JavaScript off: figures, map, THE LIST, search, one case, privacy', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.base}/zh`);
    const stats = (await (await fetch(`${server.base}/api/stats.json`)).json()) as { total: number };
    expect(totalIn(await page.locator('[data-live="total"]').first().textContent())).toBe(stats.total);
    expect(await page.locator('svg.map').isVisible()).toBe(true);
    expect(await page.locator('.countdown').textContent()).toContain('还剩');
    await page.locator('main form[role="search"] input[name="q"]').fill('Yanji');
    await page.locator('main form[role="search"] button').click();
    await page.waitForURL(/\/zh\/list\?q=Yanji/);
    expect(await page.locator('.cases li').count()).toBeGreaterThan(0);
    await page.locator('.cases li a').first().click();
    await page.waitForURL(/\/zh\/list\/\d+$/);
    expect(await page.locator('h1').textContent()).toMatch(/^个案\d+/);
    await page.goto(`${server.base}/zh`);
    await page.locator('footer a[href="/zh/privacy"]').click();
    await page.waitForURL(/\/zh\/privacy$/);
    expect(await page.locator('h1').textContent()).toBe('隐私声明');
    await page.locator('a[hreflang="ko"]').first().click();
    await page.waitForURL(/\/ko\/privacy$/);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    await page.screenshot({ path: `${ARTIFACTS}privacy-ko-no-js.png`, fullPage: true });
    await context.close();
  });

  it('shows the embeddable counter inside another page’s frame', async () => {
    // Another site (another origin) that puts the counter on its page.
    const host = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A coalition member</title><iframe src="${server.base}/embed/counter?lang=en" width="320" height="180" title="counter"></iframe>`),
    );
    const port = await listen(host, 0);
    const page = await browser.newPage();
    try {
      await page.goto(`http://localhost:${port}/`);
      const frame = page.frameLocator('iframe');
      expect(totalIn(await frame.locator('.big').textContent())).toBe((await app.core.petition.summary()).total);
      await page.screenshot({ path: `${ARTIFACTS}embed-en.png` });
    } finally {
      await page.close();
      await close(host);
    }
  });
});
