// Browser tests of the service directory pages (issue 3): teams and workers with their
// availability, driven in headless Chromium against the real binary with a fresh demo
// database, checking what staff see against what the API says, axe-core's WCAG 2.2 AA rules
// on every page, and no console errors. Run: node --test tests/browser/
// FRONTDOOR_SCREENSHOTS=DIR saves a screenshot of each page checked with axe.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 90000;
const TZ = 'Europe/London';
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

/* The text of an element with white space collapsed, as a screen reader reads it; in a table
 * row, the cells' texts joined by spaces. */
async function text(locator) {
  const cells = await locator.evaluate((el) => (el.tagName === 'TR'
    ? [...el.cells].map((c) => c.textContent) : [el.textContent]));
  return cells.join(' ').replace(/\s+/g, ' ').trim();
}

/* Calendar date in London as a comparable number, and its parts. */
function londonDate(date) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long',
    hour: 'numeric', minute: '2-digit', hourCycle: 'h12',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const n = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(date); // YYYY-MM-DD
  return { ...parts, ymd: n };
}

/*
 * How a person would say an instant near now, written independently of the web app's own
 * code: "today at 9am", "tomorrow at 9am" or "Monday 30 November at 9am".
 */
function spokenWhen(iso, nowIso) {
  const when = londonDate(new Date(iso));
  const now = londonDate(new Date(nowIso));
  const dayMs = 86400000;
  const days = Math.round((Date.parse(when.ymd) - Date.parse(now.ymd)) / dayMs);
  const minutes = when.minute === '00' ? '' : `:${when.minute}`;
  const clock = `${Number(when.hour)}${minutes}${when.dayPeriod.toLowerCase().replace(/\./g, '')}`;
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  const year = when.year === now.year ? '' : ` ${when.year}`;
  return `${when.weekday} ${when.day} ${when.month}${year} at ${clock}`;
}

async function teamByName(page, name) {
  const { status, body } = await apiGet(page, '/api/teams');
  assert.equal(status, 200);
  const team = body.items.find((t) => t.name === name);
  assert.ok(team, `the demo has ${name}`);
  return team;
}

describe('the service directory in the browser', { timeout: TEST_TIMEOUT_MS * 6 }, () => {
  it('lists teams with type, locality, duty line and opening hours, and filters them',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const nav = page.getByRole('navigation', { name: 'Menu' });
        await nav.getByRole('link', { name: 'Teams' }).click();
        await page.waitForURL('**/teams');
        await page.getByRole('heading', { level: 1, name: 'Teams and services' }).waitFor();
        assert.equal(await page.title(), 'Teams and services – frontdoor');
        assert.equal(await nav.getByRole('link', { name: 'Teams' }).getAttribute('aria-current'),
          'page');

        const { body } = await apiGet(page, '/api/teams');
        const rows = page.locator('tbody tr');
        assert.equal(await rows.count(), body.items.length, 'every team is listed');

        const leaving = await teamByName(page, 'Leaving Care Service');
        assert.equal(leaving.hours.monday, '09:00-13:00,13:00-17:00');
        assert.equal(leaving.hours.saturday, 'closed');
        const row = rows.filter({ has: page.getByRole('link', { name: leaving.name }) });
        const shown = await text(row);
        for (const part of [leaving.type_label, leaving.locality, leaving.duty_line,
          // the two halves of each weekday join up; the weekend is one line
          'Monday to Friday: 9am to 5pm', 'Saturday and Sunday: closed']) {
          assert.ok(shown.includes(part), `"${part}" in: ${shown}`);
        }
        assert.match(shown, leaving.open_now ? /Open now/ : /Closed Opens /);
        assert.equal(await row.getByRole('link', { name: leaving.duty_line }).getAttribute('href'),
          `tel:${leaving.duty_line.replace(/\s/g, '')}`);
        await expectAccessible(page, 'teams');

        // Filter by type: only the teams of that type are left.
        await page.getByLabel('Type').selectOption({ label: 'Voluntary and community sector' });
        await page.getByRole('button', { name: 'Filter teams' }).click();
        await page.waitForURL('**/teams?type=voluntary_sector');
        const voluntary = body.items.filter((t) => t.type === 'voluntary_sector');
        assert.ok(voluntary.length >= 2);
        await page.locator('caption', { hasText: `${voluntary.length} of ${body.items.length}` })
          .waitFor();
        assert.deepEqual((await page.locator('tbody th').allTextContents()).sort(),
          voluntary.map((t) => t.name).sort());
        await page.getByRole('link', { name: 'Clear filters' }).click();
        await page.waitForURL(/\/teams$/);
        await page.locator('caption', { hasText: `${body.items.length} teams` }).waitFor();
      });
    });

  it('shows a team with its hours, closed days and members', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'manager');
        const team = await teamByName(page, 'Leaving Care Service');
        // A closed day next year, added through the API by a manager (directory admin).
        const year = Number(londonDate(new Date()).year) + 1;
        const added = await apiSend(page, 'POST', `/api/teams/${team.id}/closed-days`,
          { date: `${year}-03-04`, reason: 'Whole-service training day' });
        assert.equal(added.status, 201, JSON.stringify(added.body));

        await page.goto('/teams');
        await page.getByRole('link', { name: team.name }).click();
        await page.waitForURL(`**/teams/${team.id}`);
        await page.getByRole('heading', { level: 1, name: team.name }).waitFor();
        assert.equal(await page.title(), `${team.name} – frontdoor`);
        const summary = (key) => page.locator('.govuk-summary-list__row')
          .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
          .locator('dd');
        assert.equal(await text(summary('Duty line')), team.duty_line);
        assert.equal(await text(summary('Locality')), team.locality);
        assert.equal(await text(summary('Bank holidays')), 'Closed on bank holidays');

        const hours = page.getByRole('region', { name: 'Opening hours' });
        assert.match(await text(hours.locator('tr', { hasText: 'Saturday' })), /Saturday.*Closed/);
        assert.match(await text(hours.locator('tr', { hasText: 'Wednesday' })),
          /Wednesday.*9am to 5pm/);

        const closed = page.getByRole('region', { name: /Days the team is closed/ });
        const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' })
          .format(new Date(Date.UTC(year, 2, 4)));
        assert.match(await text(closed.locator('tbody tr').last()),
          new RegExp(`${weekday} 4 March ${year} Whole-service training day`));

        const detail = (await apiGet(page, `/api/teams/${team.id}`)).body;
        const members = page.getByRole('region', { name: `People in ${team.name}` });
        assert.deepEqual((await members.locator('tbody th').allTextContents()).sort(),
          detail.members.map((m) => m.name).sort());
        const manager = detail.members.find((m) => m.is_manager);
        assert.match(await text(members.locator('tr', { hasText: manager.name })),
          /Manages this team/);
        await expectAccessible(page, 'team');
      });
    });

  it("finds a worker's next availability", { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      await page.getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Workers' }).click();
      await page.waitForURL('**/workers');
      await page.getByRole('heading', { level: 1, name: 'Workers' }).waitFor();

      // The demo puts Natalie Brooks on leave for the whole of this week.
      await page.getByLabel('Name').fill('Natalie');
      await page.getByRole('button', { name: 'Find workers' }).click();
      await page.waitForURL('**/workers?q=Natalie');
      const row = page.locator('tbody tr', { hasText: 'Natalie Brooks' });
      await row.waitFor();
      assert.equal(await page.locator('tbody tr').count(), 1);

      const worker = (await apiGet(page, '/api/workers?q=Natalie')).body.items[0];
      const av = (await apiGet(page, `/api/workers/${worker.id}/availability`)).body;
      assert.equal(av.status, 'busy');
      assert.equal(av.current_entry.kind, 'leave');
      assert.ok(av.next_available_at, 'the server knows when she is back');
      const next = `Next available ${spokenWhen(av.next_available_at, av.checked_at)}`;
      const shown = await text(row);
      assert.ok(shown.includes('Busy: Leave'), shown);
      assert.ok(shown.includes(next), `"${next}" in: ${shown}`);
      await expectAccessible(page, 'workers');

      await row.getByRole('link', { name: 'Natalie Brooks' }).click();
      await page.waitForURL(`**/workers/${worker.id}`);
      await page.getByRole('heading', { level: 1, name: /Natalie Brooks/ }).waitFor();
      assert.equal(await page.title(), 'Natalie Brooks – frontdoor');
      assert.equal(await text(page.locator('#next-available')), next);
      assert.equal(await text(page.locator('#availability-now')), 'Now: Busy: Leave');
      const summary = (key) => page.locator('.govuk-summary-list__row')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
        .locator('dd');
      assert.match(await text(summary('Line manager')), new RegExp(av.line_manager.name));
      assert.equal(await text(summary('Safeguarding decisions')),
        worker.safeguarding_qualified ? 'Qualified to make safeguarding decisions'
          : 'Not qualified to make safeguarding decisions');
      assert.equal(await text(summary('Teams')), worker.teams.map((t) => t.name).join(' '));
      // The leave is in this week's calendar (titles are not for an agent to see).
      const week = page.getByRole('region', { name: /^Calendar from / });
      assert.match(await text(week.locator('tbody tr').first()), /^Leave /);
      assert.equal(await week.locator('th', { hasText: 'Details' }).count(), 0);
      await expectAccessible(page, 'worker');
      assert.ok(await page.getByText('Bank holidays are not working days.').isVisible());

      // An emergency duty worker works bank holidays to their hours, and the page says so.
      const owen = (await apiGet(page, '/api/workers?q=Owen%20Reid')).body.items[0];
      assert.equal(owen.works_bank_holidays, true);
      await page.goto(`/workers/${owen.id}`);
      await page.getByRole('heading', { level: 1, name: /Owen Reid/ }).waitFor();
      assert.ok(await page.getByText('Works these hours on bank holidays too.').isVisible());
    });
  });

  it('sorts the workers table by a column', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      await page.goto('/workers');
      await page.locator('tbody tr').first().waitFor();
      const names = async () => page.locator('tbody th').allTextContents();
      // At first the soonest available come first: the first row is available now or has the
      // earliest next availability of all.
      const { items } = (await apiGet(page, '/api/workers')).body;
      const soonest = Math.min(...items.map((w) => (w.availability.available_now ? 0
        : Date.parse(w.availability.next_available_at) || Infinity)));
      const firstName = (await names())[0];
      const first = items.find((w) => w.name === firstName);
      assert.equal(first.availability.available_now ? 0
        : Date.parse(first.availability.next_available_at), soonest);

      await page.getByRole('button', { name: 'Name' }).click();
      assert.equal(await page.locator('th', { hasText: 'Name' }).first().getAttribute('aria-sort'),
        'ascending');
      const sorted = items.map((w) => w.name).sort((a, b) => a.localeCompare(b));
      assert.deepEqual(await names(), sorted);
      await page.getByRole('button', { name: 'Name' }).click();
      assert.deepEqual(await names(), sorted.slice().reverse());
    });
  });

  it('says when a team or worker does not exist', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({
      allow: [[404, /^\/api\/teams\/99999999$/], [404, /^\/api\/workers\/99999999/]],
    }, async (page) => {
      await signIn(page, 'agent');
      await page.goto('/teams/99999999');
      await page.getByRole('heading', { level: 1, name: 'Team not found' }).waitFor();
      await page.goto('/workers/99999999');
      await page.getByRole('heading', { level: 1, name: 'Worker not found' }).waitFor();
    });
  });
});
