/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, seriousViolations, type Browsing } from './browser.ts';
import { PASSWORD, startWorld, USERS, type E2eServer } from './e2e-world.ts';

// The web app end to end, in Debian's Chromium against a real server and database: Northland
// delivers its draft with a demand, Southland's lead and drafter answer it (and cross each other's
// saves), submit partially and then fully, Northland watches its matrix change live, and a visitor
// sees only what was published. Every page visited is checked with axe-core.

let world: E2eServer;
let north: Browsing;
let south: Browsing;
let drafter: Browsing;
let visitor: Browsing;
const browsers = () => [north, south, drafter, visitor].filter(Boolean);

async function signIn(b: Browsing, email: string) {
  await b.page.goto(`${world.url}/sign-in`);
  await b.page.getByLabel('Email').fill(email);
  await b.page.getByLabel('Password').fill(PASSWORD);
  await b.page.getByRole('button', { name: 'Sign in' }).click();
  await b.page.waitForURL(`${world.url}/`);
}

/** Opens a path and waits until the page has loaded its data (no "Loading…" left). */
async function visit(page: Page, path: string) {
  await page.goto(`${world.url}${path}`);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect.poll(() => page.getByText('Loading…').count(), { timeout: 15_000 }).toBe(0);
}

async function accessible(page: Page, what: string) {
  const violations = await seriousViolations(page);
  expect(violations, `axe on ${what}`).toEqual([]);
}

const row = (page: Page, point: string) => page.locator(`li[data-point="${point}"]`);

async function answer(page: Page, point: string, position: string, text?: string, proposed?: string) {
  await row(page, point).getByLabel('Position').selectOption(position);
  if (text !== undefined)
    await row(page, point)
      .getByLabel(/^Answer/)
      .fill(text);
  if (proposed !== undefined)
    await row(page, point)
      .getByLabel(/^Proposed text/)
      .fill(proposed);
}

async function allSaved(page: Page) {
  await expect
    .poll(() => page.locator('.editor-bar .save-state').textContent(), { timeout: 15_000 })
    .toBe('All changes saved');
}

/** Southland's status as Northland's dashboard shows it, read from the matrix header. */
const southStatus = (page: Page) =>
  page.locator('.matrix-party', { hasText: 'Southland' }).locator('.badge').textContent();

beforeAll(async () => {
  world = await startWorld('sqlite');
  [north, south, drafter, visitor] = await Promise.all([
    openBrowser(),
    openBrowser(),
    openBrowser(),
    openBrowser(),
  ]);
});

afterAll(async () => {
  await Promise.all(browsers().map((b) => b.context.close()));
  await world?.close();
});

describe('the web app in a browser', () => {
  it('lets a lead deliver a version with a demand for written answers by a deadline', async () => {
    await signIn(north, USERS.northLead.email);
    await visit(north.page, '/d/accord/documents/accord/v/1');
    await accessible(north.page, 'the reader');
    await north.page.getByText('Deliver this version…').click();
    await north.page.getByRole('checkbox', { name: 'Southland' }).check();
    await expect
      .poll(() => north.page.getByRole('checkbox', { name: /Demand a written answer/ }).isChecked())
      .toBe(true);
    const due = new Date(Date.now() + 3 * 86_400_000);
    const local = due.toISOString().slice(0, 16); // the browser runs in UTC
    await north.page.getByLabel('By (your local time)').fill(local);
    await north.page.getByRole('button', { name: 'Deliver', exact: true }).click();
    const dialog = north.page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Southland');
    await accessible(north.page, 'the delivery dialog');
    await dialog.getByRole('button', { name: 'Deliver' }).click();
    await north.page.getByText('Delivered to Southland.').waitFor();

    await visit(north.page, '/d/accord');
    await expect.poll(() => southStatus(north.page)).toMatch(/^pending/);
    await expect.poll(() => north.page.locator('.deadline').first().textContent()).toMatch(/left/);
    await north.page.locator('.live-live').waitFor();
    await accessible(north.page, 'the dashboard');
    await screenshot(north.page, 'dashboard-before');
  });

  it('shows the addressee its draft; colleagues who save the same point get a choice, and nothing typed is lost', async () => {
    await signIn(south, USERS.southLead.email);
    await signIn(drafter, USERS.southDrafter.email);
    await visit(south.page, '/d/accord');
    await south.page.getByRole('link', { name: 'Answer point by point' }).click();
    await south.page.locator('.editor').waitFor();
    await visit(drafter.page, south.page.url().replace(world.url, ''));
    await accessible(south.page, 'the response editor');
    // The drafter cannot submit; the lead can.
    expect(await drafter.page.getByRole('button', { name: 'Submit…' }).count()).toBe(0);
    expect(await south.page.getByRole('button', { name: 'Submit…' }).count()).toBe(1);

    // A colleague's save to a point nobody else is editing appears on its own.
    await answer(drafter.page, 'art_1', 'accept');
    await allSaved(drafter.page);
    await expect
      .poll(() => row(south.page, 'art_1').getByLabel('Position').inputValue(), { timeout: 15_000 })
      .toBe('accept');

    // Both type into the same point before either save lands: one of them is asked to choose (the
    // API's 409 is expected here, not a fault).
    south.expectStatus('/draft/art_3');
    drafter.expectStatus('/draft/art_3');
    await row(drafter.page, 'art_3').getByLabel('Position').selectOption('reject');
    await row(south.page, 'art_3').getByLabel('Position').selectOption('clarification_requested');
    await row(drafter.page, 'art_3')
      .getByLabel(/^Answer/)
      .fill('The drafter says no.');
    await row(south.page, 'art_3')
      .getByLabel(/^Answer/)
      .fill('The lead asks what twice a year means.');
    const conflict = async () =>
      (await row(south.page, 'art_3').locator('.conflict').count()) +
      (await row(drafter.page, 'art_3').locator('.conflict').count());
    await expect.poll(conflict, { timeout: 20_000 }).toBe(1);
    const leadLost = (await row(south.page, 'art_3').locator('.conflict').count()) === 1;
    const loser = leadLost ? south : drafter;
    const winner = leadLost ? drafter : south;
    const loserText = leadLost ? 'The lead asks what twice a year means.' : 'The drafter says no.';
    const box = row(loser.page, 'art_3').locator('.conflict');
    expect(await box.textContent()).toContain(
      leadLost ? 'The drafter says no.' : 'The lead asks what twice a year means.',
    );
    // Typing goes on while the choice is open, and is kept.
    await row(loser.page, 'art_3')
      .getByLabel(/^Answer/)
      .fill(`${loserText} Really.`);
    await accessible(loser.page, 'the conflict choice');
    await screenshot(loser.page, 'editor-conflict');
    await box.getByRole('button', { name: 'Keep mine' }).click();
    await allSaved(loser.page);
    await allSaved(winner.page);
    await expect
      .poll(
        () =>
          row(winner.page, 'art_3')
            .getByLabel(/^Answer/)
            .inputValue(),
        { timeout: 15_000 },
      )
      .toBe(`${loserText} Really.`);
  });

  it('submits a partial response only when the lead confirms it, and the deliverer sees it live', async () => {
    await visit(north.page, '/d/accord');
    await answer(
      south.page,
      'art_2__para_1',
      'counter_proposal',
      'Tolls on cargo are a matter for each Party.',
    );
    await answer(
      south.page,
      'art_2__para_1',
      'counter_proposal',
      undefined,
      'No Party shall levy tolls on transit.',
    );
    await allSaved(south.page);
    await expect.poll(() => south.page.getByText(/3 of 5 points answered/).count()).toBe(1);
    await screenshot(south.page, 'editor');

    await south.page.getByRole('button', { name: 'Submit…' }).click();
    const dialog = south.page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('2 of 5 points have no complete answer');
    expect(await dialog.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('2(2)'),
      expect.stringContaining('Article 4'),
    ]);
    const submit = dialog.getByRole('button', { name: 'Submit partial response' });
    expect(await submit.isDisabled()).toBe(true);
    await accessible(south.page, 'the submit step');
    await dialog.getByRole('checkbox', { name: /Submit a partial response/ }).check();
    await submit.click();
    await south.page.waitForURL(/\/d\/accord\/responses\//);
    await south.page.getByText(/partial: 3 of 5 points/).waitFor();

    // Northland's dashboard was open all along: it changes without a reload.
    await expect.poll(() => southStatus(north.page), { timeout: 15_000 }).toMatch(/^partial/);
  });

  it('takes the full answer later, and the deliverer sees the status turn to answered', async () => {
    await visit(south.page, '/d/accord');
    await south.page.getByRole('link', { name: 'Revise the answer' }).click();
    await south.page.locator('.editor').waitFor();
    await expect.poll(() => row(south.page, 'art_1').getByLabel('Position').inputValue()).toBe('accept');
    await answer(
      south.page,
      'art_2__para_2',
      'accept_with_changes',
      'Fees should be published.',
      'Pilotage fees shall not exceed cost and shall be published.',
    );
    // Keyboard: Alt+↓ moves to the next point; Alt+3 chooses "reject".
    await row(south.page, 'art_3').getByLabel('Position').focus();
    await south.page.keyboard.press('Alt+ArrowDown');
    expect(
      await south.page.evaluate(() =>
        document.activeElement?.closest('[data-point]')?.getAttribute('data-point'),
      ),
    ).toBe('art_4');
    await south.page.keyboard.press('Alt+Digit3');
    expect(await row(south.page, 'art_4').getByLabel('Position').inputValue()).toBe('reject');
    await row(south.page, 'art_4')
      .getByLabel(/^Answer/)
      .fill('Disputes go to the joint commission first.');
    await allSaved(south.page);
    await south.page.getByRole('button', { name: 'Submit…' }).click();
    const dialog = south.page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('All 5 points are answered');
    await dialog.getByRole('button', { name: 'Submit response' }).click();
    await south.page.waitForURL(/\/d\/accord\/responses\//);
    await expect.poll(() => southStatus(north.page), { timeout: 15_000 }).toMatch(/^answered/);
  });

  it('shows each answer in the matrix on focus and hover, and moves through it with the keyboard', async () => {
    const page = north.page;
    const cell = page.locator('[role="gridcell"]').first();
    await cell.focus();
    await expect.poll(() => page.locator('.matrix-detail').textContent()).toContain('Accept');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.locator('.matrix-detail').textContent())
      .toContain('Tolls on cargo are a matter for each Party.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('1');
    await page.locator('[role="gridcell"][data-row="3"]').hover();
    await expect.poll(() => page.locator('.matrix-detail').textContent()).toContain('Really.');
    await screenshot(page, 'dashboard');
    // Exports: the CSV and the workbook come from the server with this party's view.
    const csv = await page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('a[href*="format=csv"]')!;
      return (await fetch(link.href)).text();
    });
    expect(csv).toMatch(/^point,label,south$/m);
    const xlsx = await page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('a[href*="format=xlsx"]')!;
      const bytes = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
      return [bytes[0], bytes[1]];
    });
    expect(xlsx).toEqual([0x50, 0x4b]); // a zip: PK
  });

  it('turns a status to overdue on an open dashboard when the deadline passes', async () => {
    const east = await openBrowser();
    try {
      // Northland delivers version 2 to Eastland, due a few seconds from now (through the API: the
      // form's deadline has minutes, not seconds).
      const dueAt = new Date(Date.now() + 8_000).toISOString();
      const status = await north.page.evaluate(async (due) => {
        const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
        const r = await fetch('/api/v1/dossiers/accord/deliveries', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ document: 'accord', version: 2, to: ['east'], demand: { dueAt: due } }),
        });
        return r.status;
      }, dueAt);
      expect(status).toBe(201);
      await signIn(east, USERS.eastObserver.email);
      await visit(east.page, '/d/accord');
      const badge = () =>
        east.page.locator('.matrix-party', { hasText: 'Eastland' }).locator('.badge').textContent();
      expect(await badge()).toMatch(/^pending/);
      await expect.poll(badge, { timeout: 30_000 }).toMatch(/^overdue/);
      expect(east.errors).toEqual([]);
    } finally {
      await east.context.close();
    }
  });

  it('prints a response as a letter with the ledger proof line, to PDF', async () => {
    const page = north.page;
    await visit(page, '/d/accord');
    await page.locator('.statuses').getByRole('link', { name: 'Southland' }).click();
    await page.getByRole('link', { name: 'Printable letter (PDF)' }).click();
    await page.getByRole('heading', { name: 'Written answers, point by point' }).waitFor();
    await expect
      .poll(() => page.locator('.proof-line').textContent(), { timeout: 15_000 })
      .toMatch(/Ledger: entry \d+ \(leaf hash [0-9a-f]{64}\), included in the checkpoint of size \d+/);
    await accessible(page, 'the letter');
    await screenshot(page, 'letter', true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
  });

  it('shows the redline between versions, with unchanged points folded', async () => {
    const page = north.page;
    await visit(page, '/d/accord/documents/accord/diff/1/2');
    await page.getByText('1 changed, 1 added, 1 removed').waitFor();
    expect(await page.locator('ins').first().textContent()).toContain('or on cargo');
    expect(await page.locator('li.removed').textContent()).toContain('Pilotage fees');
    expect(await page.locator('li.added').textContent()).toContain('Entry into force');
    expect(await page.getByText(/unchanged point/).count()).toBeGreaterThan(0);
    await accessible(page, 'the redline');
    await screenshot(page, 'redline');
  });

  it('lets the public read what was published, and nothing else', async () => {
    // Northland publishes version 1; Southland publishes its final answer.
    await visit(north.page, '/d/accord/documents/accord/v/1');
    await north.page.getByRole('button', { name: 'Publish…' }).click();
    await north.page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await north.page.getByRole('button', { name: 'Publish…' }).waitFor({ state: 'detached' });
    const finalUrl = south.page.url();
    await south.page.getByRole('button', { name: 'Publish this response…' }).click();
    await south.page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await south.page.getByRole('button', { name: 'Publish this response…' }).waitFor({ state: 'detached' });

    const page = visitor.page;
    await visit(page, '/');
    await page.getByRole('link', { name: 'Accord on river navigation' }).click();
    await page.getByText('Public view: what has been published').waitFor();
    await visit(page, '/d/accord/documents/accord/v/1');
    await page.getByText('Disputes go to the joint commission first.').waitFor();
    await accessible(page, 'the public reader');
    await screenshot(page, 'public-reader');
    await visit(page, finalUrl.replace(world.url, ''));
    await page.getByText('Disputes go to the joint commission first.').waitFor();

    // The undelivered second version, the earlier partial response and the drafts stay hidden.
    visitor.expectStatus('/api/v1/dossiers/accord/');
    await visit(page, '/d/accord/documents/accord/v/2');
    await page.getByText('There is nothing here, or it is not visible to you.').waitFor();
    const partial = await north.page.evaluate(async () => {
      const r = await fetch('/api/v1/dossiers/accord/responses');
      const body = (await r.json()) as { responses: { key: string; supersededBy: string | null }[] };
      return body.responses.find((x) => x.supersededBy !== null)!.key;
    });
    await visit(page, `/d/accord/responses/${partial}`);
    await page.getByText('There is nothing here, or it is not visible to you.').waitFor();
    const delivery = await north.page.evaluate(async () => {
      const r = await fetch('/api/v1/dossiers/accord/deliveries');
      return ((await r.json()) as { deliveries: { key: string }[] }).deliveries[0]!.key;
    });
    await visit(page, `/d/accord/deliveries/${delivery}/respond`);
    await page.getByText('There is nothing here, or it is not visible to you.').waitFor();
    expect(await page.locator('textarea').count()).toBe(0);
  });

  it('tells the timeline with filters, and the meetings and statements pages read well', async () => {
    const page = north.page;
    await visit(page, '/d/accord/timeline');
    await page
      .getByText(/Northland delivered version 1 of “Draft accord on river navigation” to Southland/)
      .waitFor();
    await accessible(page, 'the timeline');
    await page.getByLabel('Kind').selectOption('response');
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(2);
    await screenshot(page, 'timeline');
    for (const tab of ['meetings', 'statements', 'documents']) {
      await visit(page, `/d/accord/${tab}`);
      await accessible(page, `the ${tab} page`);
    }
  });

  it('verifies the ledger in the browser, for the author and for a visitor', async () => {
    for (const b of [north, visitor]) {
      await visit(b.page, '/d/accord/ledger');
      await b.page.getByRole('button', { name: 'Verify the whole ledger in this browser' }).click();
      await b.page.getByText(/Verified: \d+ entries checked against the checkpoint of size \d+/).waitFor();
      expect(await b.page.getByRole('alert').count()).toBe(0);
      await accessible(b.page, 'the ledger page');
    }
    await screenshot(north.page, 'ledger');
  });

  it('speaks Russian, with dates and numbers in the Russian way', async () => {
    const page = north.page;
    await visit(page, '/d/accord');
    await page.getByLabel('Language', { exact: true }).selectOption('ru');
    await page.getByRole('heading', { name: 'Вручения и сроки' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('.deliveries, .card').first().textContent()).toMatch(
      /вручено \d{1,2} [а-я]+\.? \d{4}/,
    );
    await accessible(page, 'the dashboard in Russian');
    await screenshot(page, 'dashboard-ru');
    await page.getByLabel('Язык', { exact: true }).selectOption('en');
    await page.getByRole('heading', { name: 'Deliveries and deadlines' }).waitFor();
  });

  it('works on a 375 px wide screen', async () => {
    const page = north.page;
    await page.setViewportSize({ width: 375, height: 812 });
    for (const path of ['/', '/d/accord', '/d/accord/documents/accord/v/1', '/d/accord/timeline']) {
      await visit(page, path);
      // What sticks out past the right edge (a scroller's own content is allowed to: it scrolls).
      const wide = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('body *')) {
          if (el.closest('.matrix-scroll, .tabs ul')) continue;
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1)
            out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
        }
        return out.slice(0, 5);
      });
      expect(wide, `wider than 375 px on ${path}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
      await accessible(page, `${path} at 375 px`);
    }
    await visit(page, '/d/accord');
    await screenshot(page, 'dashboard-375', true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('left no errors in any browser console', () => {
    expect(browsers().flatMap((b) => b.errors)).toEqual([]);
  });
});
