// Browser tests of the deadline pages (issue 5): a contact's deadlines, the managers'
// dashboard with an overdue clock, acknowledging an escalation, recording why a deadline was
// missed, the inbox's unread count, and a menu that shows only what each role may use. The
// server runs with its test clock (FRONTDOOR_TEST_CLOCK=1, see docs/deadlines.md), which an
// administrator moves on through POST /api/test/advance-time, so a 24-hour deadline can be
// missed in a second. Every page is checked with axe-core (WCAG 2.2 AA) and must log no
// console errors. Run: node --test tests/browser/

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from './server.mjs';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 90000;
const ACTION_RECORDED = 'Action recorded after a contact'; /* the policy recording starts */
const browserTest = useBrowser({ env: { FRONTDOOR_TEST_CLOCK: '1' } });
const { withPage, expectAccessible, signIn, apiGet } = browserTest;

/* The text of an element with white space collapsed; in a table row, the cells' texts joined
 * by spaces. */
async function text(locator) {
  const cells = await locator.evaluate((el) => (el.tagName === 'TR'
    ? [...el.cells].map((c) => c.textContent) : [el.textContent]));
  return cells.join(' ').replace(/\s+/g, ' ').trim();
}

/* The API as a demo user, from the test itself rather than the page (for setting up). */
async function apiAs(username) {
  const { url } = browserTest.server;
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `${username} signs in`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const session = await res.json();
  return {
    user: session.user,
    async call(method, path, body) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: {
          Cookie: cookie,
          'X-CSRF-Token': session.csrf_token,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const t = await r.text();
      return { status: r.status, body: t ? JSON.parse(t) : null };
    },
  };
}

/* Records a contact as `as` (received now), which starts its 24-hour "action recorded" clock. */
async function recordContact(as, caller) {
  const res = await as.call('POST', '/api/contacts', {
    channel: 'phone',
    received_at: new Date().toISOString(),
    caller_name: caller,
    summary: 'Browser test of deadlines: caller asked for advice about a neighbour.',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function clockOf(as, contactId) {
  const res = await as.call('GET', `/api/contacts/${contactId}/clocks`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const clock = res.body.items.find((c) => c.policy.name === ACTION_RECORDED);
  assert.ok(clock, `the contact has an "${ACTION_RECORDED}" clock: ${JSON.stringify(res.body)}`);
  return clock;
}

/* Moves the server's deadline clock on by `minutes` (administrators, test clock only). */
async function advance(minutes) {
  const admin = await apiAs('admin');
  const res = await admin.call('POST', '/api/test/advance-time', { minutes });
  assert.equal(res.status, 200, `the test clock moves: ${JSON.stringify(res.body)}`);
  return res.body;
}

/* A contact recorded by the agent whose 24-hour clock has been missed. */
async function overdueContact(caller) {
  const agent = await apiAs('agent');
  const contact = await recordContact(agent, caller);
  await advance(25 * 60);
  const clock = await clockOf(agent, contact.id);
  assert.equal(clock.state, 'breached', `missed after 25 hours: ${JSON.stringify(clock)}`);
  return { agent, contact, clock };
}

const menu = (page) => page.getByRole('navigation', { name: 'Menu' });

describe('deadlines in the browser', { timeout: TEST_TIMEOUT_MS * 8 }, () => {
  // First, before the test clock has moved: a deadline not yet due, then one due soon.
  it("shows a contact's deadline with its time left", { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      const agent = await apiAs('agent');
      const contact = await recordContact(agent, `Deadline Caller ${Date.now()}`);
      await signIn(page, 'agent');
      await page.goto(`/contacts/${contact.id}`);
      await page.getByRole('heading', { level: 2, name: 'Deadlines' }).waitFor();
      const clock = await clockOf(agent, contact.id);
      assert.equal(clock.state, 'running');
      assert.equal(clock.time_left.overdue, false);

      const row = page.getByRole('region', { name: 'Deadlines for this contact' })
        .locator('tbody tr', { hasText: ACTION_RECORDED });
      const shown = await text(row);
      assert.match(shown, /On time/);
      assert.match(shown, /\d+ hours?( \d+ minutes?)? left/, 'the time left, in hours');
      assert.ok(shown.includes(clock.owner.name), shown);
      assert.equal(await row.locator('.moj-badge').getAttribute('class'),
        'moj-badge moj-badge--blue');
      assert.equal(await row.getByRole('link', { name: ACTION_RECORDED }).getAttribute('href'),
        `/clocks/${clock.id}`);
      await expectAccessible(page, 'contact-deadlines');

      // 21 hours on, past the policy's warning point (4 hours before): amber, due soon.
      await advance(21 * 60);
      const warned = await clockOf(agent, contact.id);
      assert.ok(warned.warned_at, `the owner has been warned: ${JSON.stringify(warned)}`);
      assert.equal(warned.time_left.overdue, false);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Deadlines' }).waitFor();
      const soon = page.getByRole('region', { name: 'Deadlines for this contact' })
        .locator('tbody tr', { hasText: ACTION_RECORDED });
      assert.match(await text(soon), /Due soon .*left/);
      assert.equal(await soon.locator('.moj-badge').getAttribute('class'),
        'moj-badge app-badge--amber');
      await expectAccessible(page, 'contact-deadlines-due-soon');
    });
  });

  it('shows an overdue clock on the deadlines dashboard and acknowledges its escalation',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const { contact, clock } = await overdueContact(`Overdue Caller ${Date.now()}`);
      await withPage({}, async (page) => {
        await signIn(page, 'manager');
        await menu(page).getByRole('link', { name: 'Deadlines' }).click();
        await page.waitForURL('**/deadlines');
        await page.getByRole('heading', { level: 1, name: 'Deadlines' }).waitFor();
        assert.equal(await page.title(), 'Deadlines – frontdoor');

        const dash = (await apiGet(page, '/api/dashboard/deadlines')).body;
        assert.ok(dash.overall.overdue >= 1, JSON.stringify(dash.overall));
        const stat = page.locator('.app-stat', { hasText: 'Overdue now' });
        assert.equal(await text(stat.locator('.app-stat__number')), String(dash.overall.overdue));

        const table = page.getByRole('region', { name: /^Open deadlines/ });
        const row = table.locator('tbody tr', { hasText: contact.reference });
        const shown = await text(row);
        assert.match(shown, new RegExp(`${ACTION_RECORDED}`));
        assert.match(shown, /Overdue/);
        assert.match(shown, /overdue/, 'the time overdue, in the server\'s words');
        assert.equal(await row.locator('.moj-badge').getAttribute('class'),
          'moj-badge moj-badge--red');

        // Sorted by time left, least first: the sort values never go down.
        const left = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(
          r.cells[5].getAttribute('data-sort-value'))));
        assert.deepEqual(left, left.slice().sort((a, b) => a - b));
        assert.equal(await table.locator('th', { hasText: 'Time left' }).getAttribute('aria-sort'),
          'ascending');
        await expectAccessible(page, 'deadlines');

        await row.getByRole('button', {
          name: `Acknowledge ${ACTION_RECORDED} for ${contact.reference}`,
        }).click();
        const banner = page.locator('.govuk-notification-banner--success');
        await banner.waitFor();
        assert.match(await text(banner),
          new RegExp(`Escalation acknowledged: ${contact.reference} \\(${ACTION_RECORDED}\\)`));
        const after = table.locator('tbody tr', { hasText: contact.reference });
        assert.match(await text(after), /Acknowledged/);
        assert.equal(await after.getByRole('button', { name: /^Acknowledge/ }).count(), 0);
        const stored = (await apiGet(page, `/api/clocks/${clock.id}`)).body;
        const me = (await apiGet(page, '/api/session')).body.user;
        assert.equal(stored.escalation.acknowledged_by, me.id);
        assert.equal(stored.history.at(-1).kind, 'acknowledge');
      });
    });

  it('records why a deadline was missed, on the clock\'s page', { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { contact, clock } = await overdueContact(`Missed Caller ${Date.now()}`);
      await withPage({}, async (page) => {
        await signIn(page, 'agent'); // the owner
        await page.goto(`/contacts/${contact.id}`);
        await page.getByRole('link', { name: ACTION_RECORDED }).click();
        await page.waitForURL(`**/clocks/${clock.id}`);
        await page.getByRole('heading', { level: 1, name: ACTION_RECORDED }).waitFor();
        assert.equal(await page.title(), `${ACTION_RECORDED}: ${contact.reference} – frontdoor`);
        const summary = (key) => page.locator('.govuk-summary-list__row')
          .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
          .locator('dd');
        assert.match(await text(summary('Status')), /^Overdue .*overdue/);
        assert.equal(await text(summary('Why it was missed')), 'Not recorded yet');
        const titles = await page.locator('.moj-timeline__title').allTextContents();
        assert.ok(titles.includes('Deadline missed'), titles.join(' | '));
        assert.ok(titles.includes('Clock started'), titles.join(' | '));

        // Nothing typed: the GOV.UK error summary, and nothing sent.
        await page.getByRole('button', { name: 'Record reason' }).click();
        const errors = page.locator('.govuk-error-summary');
        await errors.waitFor();
        assert.deepEqual(await errors.getByRole('link').allTextContents(),
          ['Enter why the deadline was missed']);
        assert.equal(await page.title(),
          `Error: ${ACTION_RECORDED}: ${contact.reference} – frontdoor`);
        await expectAccessible(page, 'clock-errors');

        const reason = 'The agent was covering the phones alone during a fire drill.';
        await page.getByLabel('Why was the deadline missed?').fill(reason);
        await page.getByRole('button', { name: 'Record reason' }).click();
        await page.locator('.govuk-notification-banner--success').waitFor();
        assert.equal(await text(summary('Why it was missed')), reason);
        assert.equal(await page.getByRole('button', { name: 'Record reason' }).count(), 0,
          'a reason is recorded once');
        await page.locator('.moj-timeline__title',
          { hasText: 'Reason for missing the deadline recorded' }).waitFor();
        const stored = (await apiGet(page, `/api/clocks/${clock.id}`)).body;
        assert.equal(stored.breach_reason, reason);
        assert.equal(stored.breach_reason_needed, false);
        await expectAccessible(page, 'clock');
      });
    });

  it("leads from a message's deadline to the call-backs on its contact",
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const manager = await apiAs('manager');
      const contact = await recordContact(manager, `Message Caller ${Date.now()}`);
      const workers = await manager.call('GET', '/api/workers?limit=100');
      assert.equal(workers.status, 200);
      const worker = workers.body.items.find((w) => w.active !== false);
      assert.ok(worker, 'the demo council has a worker to message');
      const msg = await manager.call('POST', `/api/contacts/${contact.id}/message-to-worker`, {
        worker_id: worker.id,
        what_happened: 'The caller asked for their worker about a missed visit.',
        what_was_done: 'Told the caller the worker would ring back today.',
        follow_up: 'Ring the caller back about the visit.',
      });
      assert.equal(msg.status, 201, JSON.stringify(msg.body));
      await withPage({}, async (page) => {
        await signIn(page, 'manager');
        await page.goto(`/clocks/${msg.body.clock_id}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.getByRole('link', { name: contact.reference, exact: true }).click();
        await page.waitForURL(`**/contacts/${contact.id}#callbacks`);
        const part = page.getByRole('heading', { level: 2, name: 'Call-backs and messages' });
        await part.waitFor();
        await page.waitForFunction(() => document.activeElement?.id === 'callbacks');
        assert.ok(await part.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.top < window.innerHeight;
        }), 'the call-backs are scrolled into view');
        await expectAccessible(page, 'contact-callbacks-from-clock');
      });
    });

  it('lowers the unread count in the menu when a message is read', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await overdueContact(`Inbox Caller ${Date.now()}`); // the owner is warned and told
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const before = (await apiGet(page, '/api/messages?unread=1')).body;
        assert.ok(before.unread >= 1, `the agent has unread messages: ${JSON.stringify(before)}`);
        const link = menu(page).getByRole('link', { name: /^Messages/ });
        await menu(page).getByRole('link', { name: `Messages (${before.unread}) unread` })
          .waitFor();
        assert.equal(await text(link), `Messages (${before.unread}) unread`);

        await link.click();
        await page.waitForURL('**/messages');
        await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
        assert.equal(await text(page.locator('#unread-count')),
          `You have ${before.unread} unread ${before.unread === 1 ? 'message' : 'messages'}.`);
        await expectAccessible(page, 'messages');
        await page.getByRole('link', { name: 'Show only unread messages' }).click();
        await page.waitForURL('**/messages?unread=1');
        await page.getByRole('heading', { level: 1, name: 'Unread messages' }).waitFor();
        assert.equal(await page.locator('.govuk-summary-card').count(),
          Math.min(before.unread, 25));
        const newest = before.items[0];
        const card = page.locator('.govuk-summary-card').first();
        assert.ok((await text(card)).includes(newest.subject), 'newest first');
        assert.match(await text(card), /Unread/);

        await card.getByRole('button', { name: /^Mark as read/ }).click();
        const banner = page.locator('.govuk-notification-banner--success');
        await banner.waitFor();
        assert.ok((await text(banner)).includes(`Marked as read: ${newest.subject}`));
        const want = before.unread - 1;
        await menu(page).getByRole('link', {
          name: want > 0 ? `Messages (${want}) unread` : 'Messages', exact: true,
        }).waitFor();
        const after = (await apiGet(page, '/api/messages?unread=1')).body;
        assert.equal(after.unread, want);
        assert.equal(after.items.some((m) => m.id === newest.id), false);
        assert.equal(await page.locator('.govuk-summary-card', { hasText: newest.subject })
          .count(), 0, 'a read message leaves the unread list');
      });
    });

  it('shows each role only the menu and pages it may use', { timeout: TEST_TIMEOUT_MS },
    async () => {
      const names = async (page) => {
        await menu(page).getByRole('link', { name: /^Messages/ }).waitFor();
        return (await menu(page).getByRole('link').allTextContents())
          .map((t) => t.replace(/\s*\(.*$/, '').trim());
      };
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        assert.deepEqual(await names(page),
          ['Contacts', 'My work', 'Queues', 'People', 'Teams', 'Workers', 'Messages']);
        let asked = false;
        page.on('request', (req) => {
          if (new URL(req.url()).pathname.startsWith('/api/dashboard')) asked = true;
        });
        await page.goto('/deadlines');
        await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
        assert.equal(asked, false, 'the dashboard is not even asked for');
        await expectAccessible(page, 'no-access');
      });
      await withPage({}, async (page) => {
        await signIn(page, 'duty');
        assert.deepEqual(await names(page),
          ['Contacts', 'My work', 'Queues', 'People', 'Teams', 'Workers', 'Deadlines', 'Messages']);
      });
      await withPage({}, async (page) => {
        // An analyst reads the dashboard but cannot acknowledge anyone's escalation.
        await signIn(page, 'analyst');
        assert.deepEqual(await names(page),
          ['Contacts', 'My work', 'Queues', 'Teams', 'Workers', 'Deadlines', 'Messages']);
        await page.goto('/deadlines');
        await page.getByRole('heading', { level: 1, name: 'Deadlines' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Open deadlines' }).waitFor();
        assert.equal(await page.getByRole('button', { name: /^Acknowledge/ }).count(), 0);
      });
    });
});
