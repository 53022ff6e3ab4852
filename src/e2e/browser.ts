import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium, driven by playwright-core: never a downloaded browser.
export const CHROMIUM = process.env.POINTWISE_CHROMIUM ?? '/usr/bin/chromium';

/** Where tests save screenshots: `.tmp/screenshots`, or `docs/screenshots` with POINTWISE_SCREENSHOTS=docs. */
export const SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  process.env.POINTWISE_SCREENSHOTS === 'docs' ? 'docs/screenshots' : '.tmp/screenshots',
);

export interface Browsing {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed page scripts seen so far, minus those a test said to expect. */
  errors: string[];
  /** Requests answered 4xx/5xx that a test expects (a hidden item's 404): their console errors are not faults. */
  expectStatus(urlPart: string): void;
}

/** A fresh browser profile (one person), headless, at a given viewport. */
export async function openBrowser(
  viewport = { width: 1280, height: 900 },
  locale = 'en-GB',
): Promise<Browsing> {
  const dir = mkdtempSync(join(tmpdir(), 'pointwise-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale,
    timezoneId: 'UTC',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  // tsx names functions with a helper the page lacks; functions sent to the page need it.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const expected: string[] = [];
  const failed = new Set<string>();
  page.on('response', (r) => {
    if (r.status() >= 400 && expected.some((e) => r.url().includes(e))) failed.add(r.url());
    else if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    if (failed.has(url) || expected.some((e) => url.includes(e))) return;
    errors.push(`console: ${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return { context, page, errors, expectStatus: (part) => expected.push(part) };
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the debugging protocol, which the page's strict CSP does not govern (a script tag would be refused).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** Saves a screenshot of the page (the viewport, or the whole page) under SCREENSHOTS. */
export async function screenshot(page: Page, name: string, fullPage = false) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
