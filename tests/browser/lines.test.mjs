// Browser tests of the phone lines page (/lines, H7, docs/lines.md): an administrator finds it
// in the menu, nothing is chosen for them, an unknown placeholder is refused in the server's
// words, a new script is previewed with their name and saved with a reason, the history shows
// the version; then an agent's contact screen shows the new script when that line is chosen,
// and an agent cannot use the page. axe's WCAG 2.2 AA rules run on every page visited and any
// console error fails the test. Run: node --test tests/browser/lines.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TIMEOUT = 120000;
const { withPage, expectAccessible, signIn, apiGet } = useBrowser();

/* The text of an element with white space collapsed, as a screen reader reads it. */
async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

describe('the phone lines page in the browser', { timeout: TIMEOUT * 3 }, () => {
  it('an administrator changes a line\'s script and an agent\'s contact screen says it',
    { timeout: TIMEOUT }, async () => {
      const lineName = 'CLA Team North';
      const newScript = '{team} duty line, {name} speaking. Which young person is this about?';
      let line;
      await withPage({ allow: [[400, /^\/api\/lines\/\d+\/greeting$/]] }, async (page) => {
        await signIn(page, 'admin');
        const before = (await apiGet(page, '/api/lines')).body;
        line = before.items.find((l) => l.team_name === lineName);
        assert.ok(line, `the demo has the line ${lineName}`);
        assert.equal(line.default, true, 'the line starts on the default script');
        const me = before.worker_name;

        await page.getByRole('link', { name: 'Lines', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Phone lines and greetings' }).waitFor();
        const row = page.locator('tbody tr', { hasText: lineName });
        assert.match(await text(row), new RegExp(line.duty_line));
        assert.match(await text(row), /The default script/);
        assert.equal(await page.locator('#line').inputValue(), '', 'no line is chosen for you');
        assert.equal(await page.locator('#script').count(), 0, 'no script form before a choice');
        await expectAccessible(page, 'lines');

        await page.getByLabel('Line', { exact: true }).selectOption(String(line.id));
        const script = page.getByLabel('Greeting script');
        await script.waitFor();
        assert.equal(await script.inputValue(), before.default_script.template);
        assert.equal(await page.locator('#line').inputValue(), String(line.id));
        await page.getByText('has never had a script of its own').waitFor();
        const preview = page.locator('#greeting-preview-text');
        assert.equal(await text(preview),
          before.default_script.template.replace('{team}', lineName).replace('{name}', me));
        await expectAccessible(page, 'lines-chosen');

        // An unknown placeholder: the server's words, in the summary and at the field.
        await script.fill('{team}, {worker} speaking');
        await page.getByLabel('Reason for the change').fill('Browser test: a slip');
        await page.getByRole('button', { name: 'Save greeting' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        const problem = summary.getByRole('link', { name: /\{worker\} is not a placeholder/ });
        assert.equal(await problem.getAttribute('href'), '#script');
        assert.match(await text(page.locator('#script-error')), /\{worker\} is not a placeholder/);
        assert.equal(await script.inputValue(), '{team}, {worker} speaking', 'the entry is kept');
        assert.equal(await page.getByLabel('Reason for the change').inputValue(),
          'Browser test: a slip');
        await expectAccessible(page, 'lines-error');

        // The preview follows the typing, with the administrator's own name.
        await script.fill(newScript);
        assert.equal(await text(preview),
          newScript.replace('{team}', lineName).replace('{name}', me));
        await page.getByLabel('Reason for the change').fill('Browser test: CLA asked for it');
        await page.getByRole('button', { name: 'Save greeting' }).click();
        await page.getByText(`Greeting for ${lineName} saved: now version 1`).waitFor();
        assert.match(await text(row), /Its own \(version 1\)/);
        assert.ok((await text(row)).includes(newScript), await text(row));
        const history = page.locator('#greeting-history tbody tr');
        await history.first().waitFor();
        assert.equal(await history.count(), 1);
        const first = await text(history.first());
        assert.ok(first.includes(newScript), first);
        assert.ok(first.includes('Browser test: CLA asked for it'), first);
        assert.ok(first.includes(me), first);
        await expectAccessible(page, 'lines-saved');

        const after = (await apiGet(page, `/api/lines/${line.id}/greeting/history`)).body;
        assert.equal(after.line.template, newScript);
        assert.equal(after.items.length, 1);
      });

      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        // The agent's own name as greetings use it (their name in the directory).
        const me = (await apiGet(page, '/api/lines')).body.worker_name;
        const expected = newScript.replace('{team}', lineName).replace('{name}', me);
        assert.equal((await apiGet(page, `/api/greeting?line=${line.id}`)).body.script, expected);
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await page.locator('#line').selectOption(String(line.id));
        const said = page.locator('#greeting-script');
        await said.waitFor();
        await page.waitForFunction((want) => document.getElementById('greeting-script')
          ?.textContent.trim() === want, expected);
        assert.equal(await text(said), expected);
        await expectAccessible(page, 'new-contact-with-changed-greeting');
      });
    });

  it('an agent has no Lines menu item and cannot use the page', { timeout: TIMEOUT },
    async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        assert.equal(await page.getByRole('link', { name: 'Lines', exact: true }).count(), 0);
        await page.goto('/lines');
        await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
        await expectAccessible(page, 'lines-no-access');
      });
    });
});
