// Browser tests of the contacts journey: the real frontdoor binary with a fresh demo database,
// driven in headless Chromium through what staff see (labels, buttons, headings), with axe-core
// checking WCAG 2.2 AA on each kind of page and every console error (CSP violations included)
// failing the test. Run: node --test tests/browser/   (needs build/frontdoor; see server.mjs).
// FRONTDOOR_SCREENSHOTS=DIR saves a screenshot of each page checked with axe into DIR.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';
import { DEMO_PASSWORD } from './server.mjs';

const TEST_TIMEOUT_MS = 90000;

// The server, the browser and the page checks (console errors, failed requests, axe) are the
// shared ones in page-checks.mjs; sign-in defaults to the agent here.
const checks = useBrowser();
const { withPage, expectAccessible } = checks;
const signIn = (page, username = 'agent') => checks.signIn(page, username);

/* The API, with the page's cookie, as the signed-in user (for checking what was stored). */
async function apiGet(page, url) {
  const res = await page.request.get(url);
  return { status: res.status(), body: res.status() === 204 ? null : await res.json() };
}

async function csrfToken(page) {
  const { status, body } = await apiGet(page, '/api/session');
  assert.equal(status, 200);
  return body.csrf_token;
}

/* The text of the element, with its white space collapsed as a screen reader would read it. */
async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

async function activeElementSummary(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el.tagName.toLowerCase(), id: el.id, classes: el.className };
  });
}

/* Presses Tab until the focused element matches selector; fails after max presses. */
async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/* Today's date in Europe/London, as the numbers a person would type. */
function londonToday() {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric',
  }).formatToParts(new Date());
  const get = (type) => String(Number(parts.find((p) => p.type === type).value));
  return { day: get('day'), month: get('month'), year: get('year') };
}

describe('contacts in the browser', { timeout: TEST_TIMEOUT_MS * 12 }, () => {
  it('sends someone who is not signed in to the sign-in page', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({}, async (page) => {
        await page.goto('/contacts/new');
        await page.waitForURL('**/sign-in');
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        assert.equal(await page.title(), 'Sign in – frontdoor');
        assert.equal(await page.locator('#app-service-navigation').isHidden(), true,
          'no navigation or user details before signing in');
        await expectAccessible(page, 'sign-in');
      });
    });

  it('refuses a wrong password with a GOV.UK error summary', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({}, async (page) => {
        await page.goto('/sign-in');
        // Empty form: checked in the browser, nothing sent.
        await page.getByRole('button', { name: 'Sign in' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        assert.deepEqual(await summary.getByRole('link').allTextContents(),
          ['Enter your username', 'Enter your password']);
        // A wrong password (for analyst, so agent is never near the lock-out limit).
        await page.getByLabel('Username').fill('analyst');
        await page.getByLabel('Password', { exact: true }).fill('not-the-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await summary.getByRole('link', { name: 'Enter a correct username and password' })
          .waitFor();
        assert.equal(await page.title(), 'Error: Sign in – frontdoor');
        assert.match(page.url(), /\/sign-in$/);
        assert.equal((await activeElementSummary(page)).classes, 'govuk-error-summary',
          'the error summary takes focus');
        assert.equal(await text(page.locator('#username-error')),
          'Error: Enter a correct username and password');
        assert.equal(await page.getByLabel('Username').inputValue(), 'analyst');
        assert.equal((await apiGet(page, '/api/session')).status, 401, 'still not signed in');
        await expectAccessible(page, 'sign-in-error');
      });
    });

  it('signs in as agent and shows who is signed in', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page);
      const { body } = await apiGet(page, '/api/session');
      assert.equal(body.user.username, 'agent');
      const account = page.locator('#app-account');
      const shown = await text(account);
      assert.ok(shown.includes(body.user.name), `the user's name is shown: ${shown}`);
      // The server's own label for the role if it sends one, else the web app's.
      const role = body.user.role_label ?? 'Contact centre agent';
      assert.ok(shown.includes(`(${role})`), `the role is shown: ${shown}`);
      assert.ok(shown.includes('Sign out'));
      assert.match(await page.title(), /^Contacts( \(page 1 of \d+\))? – frontdoor$/);
      const nav = page.getByRole('navigation', { name: 'Menu' });
      assert.equal(await nav.getByRole('link', { name: 'Contacts' }).getAttribute('aria-current'),
        'page');
      assert.equal(await page.locator('h1').count(), 1);
      await expectAccessible(page, 'contacts-list');
    });
  });

  it('records a contact through the form, then shows it on its page and in the list',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page);
        await page.getByRole('button', { name: 'Record a contact' }).click();
        await page.waitForURL('**/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        assert.equal(await page.title(), 'Record a contact – frontdoor');

        // The date received defaults to today in London, the time to now.
        const before = londonToday();
        const shown = {
          day: await page.getByLabel('Day').inputValue(),
          month: await page.getByLabel('Month').inputValue(),
          year: await page.getByLabel('Year').inputValue(),
        };
        const after_ = londonToday();
        assert.ok([JSON.stringify(before), JSON.stringify(after_)].includes(JSON.stringify(shown)),
          `default date ${JSON.stringify(shown)} is today in London`);
        assert.match(await page.getByLabel('Time received').inputValue(), /^\d\d:\d\d$/);

        // 1 July 2025 at 14:30 in London is British Summer Time: 13:30 UTC.
        const caller = `Jo Browser-Test ${Date.now()}`;
        const summary = 'Neighbour worried about a child left alone.\nAsked for a call back.';
        await page.getByLabel('Email', { exact: true }).check();
        await page.getByLabel('Day').fill('1');
        await page.getByLabel('Month').fill('7');
        await page.getByLabel('Year').fill('2025');
        await page.getByLabel('Time received').fill('14:30');
        await page.getByLabel("Caller's name").fill(caller);
        await page.getByLabel('Summary').fill(summary);
        await page.getByRole('button', { name: 'Save contact' }).click();

        await page.waitForURL(/\/contacts\/\d+$/);
        const banner = page.locator('.govuk-notification-banner--success');
        await banner.waitFor();
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = await apiGet(page, `/api/contacts/${id}`);
        assert.equal(stored.status, 200);
        assert.equal(stored.body.channel, 'email');
        assert.equal(stored.body.caller_name, caller);
        assert.equal(stored.body.summary, summary);
        assert.equal(stored.body.received_at, '2025-07-01T13:30:00Z');
        const ref = stored.body.reference;

        assert.match(await banner.innerText(), new RegExp(`Contact ${ref} has been recorded`));
        assert.equal((await activeElementSummary(page)).classes,
          'govuk-notification-banner govuk-notification-banner--success', 'the banner has focus');
        assert.equal(await page.title(), `Contact ${ref} – frontdoor`);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Contact\n${ref}`);
        const row = (key) => page.locator('.govuk-summary-list__row')
          .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
          .locator('dd');
        assert.equal(await row('Reference').innerText(), ref);
        assert.equal(await row('Channel').innerText(), 'Email');
        assert.equal(await row('Caller').innerText(), caller);
        assert.equal(await row('Summary').innerText(), summary);
        assert.equal(await row('Received').innerText(), '1 July 2025 at 2:30pm');
        await expectAccessible(page, 'contact');

        await page.getByRole('link', { name: 'Contacts', exact: true }).click();
        await page.waitForURL('**/contacts');
        const listRow = page.locator('tbody tr').filter({ hasText: ref });
        await listRow.waitFor();
        assert.match(await listRow.innerText(), new RegExp(caller));
        assert.match(await listRow.innerText(), /1 Jul 2025, 2:30pm/);
        assert.match(await listRow.innerText(), /Email/);
        assert.match(await listRow.innerText(), /Neighbour worried about a child left alone/);
        await listRow.getByRole('link', { name: ref }).click();
        await page.waitForURL(`**/contacts/${id}`);
        await page.getByRole('heading', { level: 1, name: `Contact ${ref}` }).waitFor();
        assert.equal(await page.locator('.govuk-notification-banner').count(), 0,
          'the success banner shows only straight after recording');
      });
    });

  // 15 January 2026 at 09:05 in London is Greenwich Mean Time: 09:05 UTC.
  it('converts a winter date and time without an offset', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({}, async (page) => {
        await signIn(page);
        await page.goto('/contacts/new');
        await page.getByLabel('Letter').check();
        await page.getByLabel('Day').fill('15');
        await page.getByLabel('Month').fill('1');
        await page.getByLabel('Year').fill('2026');
        await page.getByLabel('Time received').fill('9:05');
        await page.getByLabel("Caller's name").fill('Winter Letter-Writer');
        await page.getByLabel('Summary').fill('Letter asking about respite care.');
        await page.getByRole('button', { name: 'Save contact' }).click();
        await page.waitForURL(/\/contacts\/\d+$/);
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = await apiGet(page, `/api/contacts/${id}`);
        assert.equal(stored.body.received_at, '2026-01-15T09:05:00Z');
        assert.equal(stored.body.channel, 'letter');
      });
    });

  it('shows the GOV.UK error summary for an empty summary and stores nothing',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page);
        const before = (await apiGet(page, '/api/contacts?limit=1&offset=0')).body.total;
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        const caller = `No Summary ${Date.now()}`;
        await page.getByLabel('Phone', { exact: true }).check();
        await page.getByLabel("Caller's name").fill(caller);
        await page.getByRole('button', { name: 'Save contact' }).click();

        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        assert.equal(await page.title(), 'Error: Record a contact – frontdoor');
        assert.equal((await activeElementSummary(page)).classes, 'govuk-error-summary');
        assert.equal(await summary.locator('[role=alert]').count(), 1);
        const links = summary.getByRole('link');
        assert.deepEqual(await links.allTextContents(), ['Enter a summary of the contact']);
        assert.equal(await links.first().getAttribute('href'), '#summary');
        const group = page.locator('.govuk-form-group', { has: page.locator('#summary') });
        assert.match(await group.getAttribute('class'), /govuk-form-group--error/);
        assert.match(await page.locator('#summary').getAttribute('class'), /govuk-textarea--error/);
        assert.equal(await text(page.locator('#summary-error')),
          'Error: Enter a summary of the contact');
        assert.match(await page.locator('#summary').getAttribute('aria-describedby'),
          /summary-error/);
        assert.equal(await page.getByLabel("Caller's name").inputValue(), caller,
          'what was typed is kept');
        assert.equal(await page.getByLabel('Phone', { exact: true }).isChecked(), true);
        await expectAccessible(page, 'new-contact-errors');

        await links.first().click();
        assert.equal((await activeElementSummary(page)).id, 'summary',
          'the error summary link moves focus to the field');

        // Everything missing: every field is named, in the order of the form.
        await page.goto('/contacts/new');
        await page.getByLabel('Day').fill('');
        await page.getByLabel('Month').fill('');
        await page.getByLabel('Year').fill('');
        await page.getByLabel('Time received').fill('');
        await page.getByRole('button', { name: 'Save contact' }).click();
        await summary.waitFor();
        assert.deepEqual(await summary.getByRole('link').allTextContents(), [
          'Select how the contact was received',
          'Enter the date the contact was received',
          'Enter the time the contact was received',
          "Enter the caller's name",
          'Enter a summary of the contact',
        ]);
        assert.equal(await page.locator('.govuk-form-group--error').count(), 5);

        const afterTotal = (await apiGet(page, '/api/contacts?limit=1&offset=0')).body.total;
        assert.equal(afterTotal, before, 'no contact was stored');
      });
    });

  it('signs out and returns to the sign-in page', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      assert.match(await page.locator('.govuk-notification-banner').innerText(),
        /You have signed out/);
      assert.equal((await apiGet(page, '/api/session')).status, 401, 'the session has ended');
      await page.goto('/contacts');
      await page.waitForURL('**/sign-in');
    });
  });

  it('can be used with the keyboard alone', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await page.goto('/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()),
        'Skip to main content', 'the skip link comes first');
      await tabTo(page, '#username');
      await page.keyboard.type('agent');
      await tabTo(page, '#password');
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/contacts');
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();

      await tabTo(page, 'a[href="/contacts/new"]');
      await page.keyboard.press('Space'); // a link-button acts on Space, like a button
      await page.waitForURL('**/contacts/new');
      await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
      assert.equal((await activeElementSummary(page)).tag, 'h1', 'focus moves to the new page');

      await tabTo(page, '#channel');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getByLabel('Email', { exact: true }).isChecked(), true,
        'arrow keys choose a channel');
      await tabTo(page, '#caller-name');
      await page.keyboard.type('Keyboard Caller');
      await tabTo(page, '#summary');
      await page.keyboard.type('Typed without a mouse.');
      await tabTo(page, 'button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/contacts\/\d+$/);
      await page.locator('.govuk-notification-banner--success').waitFor();
      const id = page.url().match(/\/contacts\/(\d+)$/)[1];
      const stored = await apiGet(page, `/api/contacts/${id}`);
      assert.equal(stored.body.caller_name, 'Keyboard Caller');
      assert.equal(stored.body.channel, 'email');

      await tabTo(page, 'button.app-link-button');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/sign-in');
    });
  });

  it('pages through the list with limit and offset', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page);
      const token = await csrfToken(page);
      const { total } = (await apiGet(page, '/api/contacts?limit=1&offset=0')).body;
      for (let i = total; i < 26; i++) {
        const res = await page.request.post('/api/contacts', {
          headers: { 'X-CSRF-Token': token },
          data: {
            channel: 'web',
            received_at: '2026-02-02T10:00:00Z',
            caller_name: `Paging Caller ${i + 1}`,
            summary: 'Seeded by the paging test.',
          },
        });
        assert.equal(res.status(), 201, await res.text());
      }
      const all = (await apiGet(page, '/api/contacts?limit=1&offset=0')).body.total;
      assert.ok(all >= 26);
      const firstOfPage2 = (await apiGet(page, '/api/contacts?limit=1&offset=25')).body.items[0];

      await page.goto('/contacts');
      await page.locator('tbody tr').first().waitFor();
      assert.equal(await page.locator('tbody tr').count(), 25);
      const pagination = page.getByRole('navigation', { name: 'Pagination' });
      await pagination.getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL('**/contacts?page=2');
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
      await page.locator('tbody tr').filter({ hasText: firstOfPage2.reference }).waitFor();
      assert.equal(await page.locator('tbody tr').count(), Math.min(25, all - 25));
      assert.match(await page.title(), /^Contacts \(page 2 of \d+\) – frontdoor$/);
      assert.equal(await pagination.getByRole('link', { name: 'Page 2' }).getAttribute(
        'aria-current'), 'page');
    });
  });

  it('says when a contact does not exist', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({ allow: [[404, /^\/api\/contacts\/99999999$/]] }, async (page) => {
      await signIn(page);
      await page.goto('/contacts/99999999');
      await page.getByRole('heading', { level: 1, name: 'Contact not found' }).waitFor();
      assert.equal(await page.title(), 'Contact not found – frontdoor');
    });
  });
});
