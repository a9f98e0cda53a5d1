// Browser tests of the outcome codes page (/outcomes, C7, L2, client level data;
// docs/outcomes.md): an administrator finds it in the menu with nothing chosen for them, a
// malformed code is refused in the server's words, a new code is added with a reason and is
// then offered in a contact's outcome form; retired (after a refusal for want of a reason) it
// disappears from that form, and its history shows both versions. A code already used on
// contacts shows how it is counted without letting it be changed; an agent cannot use the
// page. axe's WCAG 2.2 AA rules run on every page state and any console error fails the test.
// Run: node --test tests/browser/outcomes.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TIMEOUT = 120000;
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

/* The text of an element with white space collapsed, as a screen reader reads it. */
async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

async function recordContact(page, service) {
  const res = await apiSend(page, 'POST', '/api/contacts', {
    channel: 'phone',
    received_at: new Date(Date.now() - 10 * 60000).toISOString().replace(/\.\d+Z$/, 'Z'),
    caller_name: `Outcome Caller ${Date.now()}`,
    summary: 'Seeded by the outcome codes tests.',
    service,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/* The codes a contact's outcome form offers, in order. */
async function offered(page, contactId) {
  await page.goto(`/contacts/${contactId}`);
  await page.locator('#outcome-code').waitFor();
  return page.locator('input[name="code"]').evaluateAll((inputs) => inputs.map((i) => i.value));
}

describe('the outcome codes page in the browser', { timeout: TIMEOUT * 3 }, () => {
  it('an administrator adds a code that contacts then offer, and retires it again',
    { timeout: TIMEOUT }, async () => {
      const refused = [[400, /^\/api\/outcomes(\/[a-z0-9_]+)?$/]];
      await withPage({ allow: refused }, async (page) => {
        await signIn(page, 'admin');
        const contact = await recordContact(page, 'children');
        const before = await offered(page, contact.id);
        assert.ok(before.includes('advice_information'));
        assert.ok(!before.includes('leaflet_posted'));

        await page.getByRole('link', { name: 'Outcomes', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Outcome codes' }).waitFor();
        const table = page.locator('table[data-module="moj-sortable-table"]');
        const { body: all } = await apiGet(page, '/api/outcomes?all=1');
        assert.equal(await table.locator('tbody tr').count(), all.items.length);
        // Nothing is chosen for the administrator.
        assert.equal(await page.locator('#change-choose').inputValue(), '');
        assert.equal(await page.locator('#change-label').count(), 0, 'no change form before a choice');
        for (const name of ['group', 'resolved', 'needs']) {
          assert.equal(await page.locator(`input[name="${name}"]:checked`).count(), 0,
            `${name} is not chosen`);
        }
        assert.equal(await page.locator('#add-c7').inputValue(), '');
        assert.equal(await page.locator('#add-cld').inputValue(), '');
        assert.equal(await page.locator('#add-workflow').inputValue(), '');
        await expectAccessible(page, 'outcomes');

        // A malformed code: the server's words in the summary and at the field, entries kept.
        await page.getByLabel('Code', { exact: true }).fill('Leaflet Posted');
        await page.locator('#add-label').fill('Leaflet posted to the family');
        await page.getByRole('group', { name: 'Who is it for?' })
          .getByLabel('Children', { exact: true }).check();
        await page.getByRole('group', { name: /resolved at the front door/ })
          .getByLabel('Yes', { exact: true }).check();
        await page.locator('#add-c7').selectOption('Advice / information');
        await page.locator('#add-reason').fill('Browser test: leaflets replace the phone call');
        await page.getByRole('button', { name: 'Add outcome code' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        const problem = summary.getByRole('link', { name: /lower-case letters and digits/ });
        assert.equal(await problem.getAttribute('href'), '#add-code');
        assert.match(await text(page.locator('#add-code-error')), /lower-case letters and digits/);
        assert.equal(await page.locator('#add-code').inputValue(), 'Leaflet Posted');
        assert.equal(await page.locator('#add-c7').inputValue(), 'Advice / information');
        assert.equal(await page.locator('#add-group').isChecked(), true);
        await expectAccessible(page, 'outcomes-add-error');

        await page.locator('#add-code').fill('leaflet_posted');
        await page.getByRole('button', { name: 'Add outcome code' }).click();
        await page.getByText('Outcome code leaflet_posted added').waitFor();
        const row = table.locator('tbody tr', { hasText: 'leaflet_posted' });
        assert.match(await text(row), /Leaflet posted to the family/);
        assert.match(await text(row), /C7: Advice \/ information/);
        assert.match(await text(row), /In use/);
        assert.equal(await page.locator('#add-code').inputValue(), '', 'the add form is empty again');
        await expectAccessible(page, 'outcomes-added');

        // The contact's outcome form now offers it, and nothing is chosen there either.
        const withNew = await offered(page, contact.id);
        assert.ok(withNew.includes('leaflet_posted'), withNew.join());
        assert.equal(await page.locator('input[name="code"]:checked').count(), 0);
        await page.getByText('Leaflet posted to the family').waitFor();
        await expectAccessible(page, 'contact-offers-new-outcome');

        // Retire it: without a reason the server refuses, naming the field.
        await page.goto('/outcomes');
        await page.getByRole('heading', { level: 1, name: 'Outcome codes' }).waitFor();
        await page.getByLabel('Outcome code', { exact: true }).selectOption('leaflet_posted');
        await page.locator('#change-label').waitFor();
        assert.equal(await page.locator('#change-label').inputValue(),
          'Leaflet posted to the family');
        assert.equal(await page.locator('#change-active').isChecked(), true, 'shown as it is');
        const history = page.locator('#outcome-history tbody tr');
        await history.first().waitFor();
        assert.equal(await history.count(), 1);
        assert.match(await text(history.first()), /Added/);
        await expectAccessible(page, 'outcomes-chosen');

        await page.getByRole('group', { name: 'Status' }).getByLabel('Retired').check();
        await page.getByRole('button', { name: 'Save changes' }).click();
        await summary.waitFor();
        const why = summary.getByRole('link', { name: /reason for the change/ });
        assert.equal(await why.getAttribute('href'), '#change-reason');
        assert.equal(await page.locator('#change-active-2').isChecked(), true, 'the choice is kept');
        await expectAccessible(page, 'outcomes-change-error');

        await page.locator('#change-reason').fill('Browser test: the website replaces leaflets');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.getByText('Outcome code leaflet_posted changed: now version 2, retired')
          .waitFor();
        assert.match(await text(row), /Retired/);
        await page.waitForFunction(() => document.querySelectorAll('#outcome-history tbody tr')
          .length === 2);
        const newest = await history.first().locator('th, td').allTextContents();
        assert.deepEqual([newest[0], newest[1], newest[2], newest[3], newest[6]], ['2', 'active',
          'Leaflet posted to the family', 'Retired', 'Browser test: the website replaces leaflets']);
        await expectAccessible(page, 'outcomes-retired');

        // Retired: the contact no longer offers it; the server agrees.
        const after = await offered(page, contact.id);
        assert.ok(!after.includes('leaflet_posted'), after.join());
        assert.deepEqual(after, before);
        await expectAccessible(page, 'contact-without-retired-outcome');
        const { body: codes } = await apiGet(page, '/api/outcomes');
        assert.ok(!codes.items.some((c) => c.code === 'leaflet_posted'));
      });
    });

  it('a code used on contacts shows how it is counted but cannot change it; an agent has no '
    + 'access', { timeout: TIMEOUT }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'admin');
      const { body: codes } = await apiGet(page, '/api/outcomes?all=1');
      const used = codes.items.find((c) => c.code === 'kinship_carer');
      assert.equal(used.used, true, 'the demo has closed contacts as kinship carer');
      await page.goto('/outcomes');
      await page.getByRole('heading', { level: 1, name: 'Outcome codes' }).waitFor();
      await page.getByLabel('Outcome code', { exact: true }).selectOption('kinship_carer');
      await page.getByText('how it is counted cannot change').waitFor();
      assert.equal(await page.locator('#change-group').count(), 0, 'no group to change');
      assert.equal(await page.locator('#change-c7').count(), 0, 'no C7 row to change');
      assert.equal(await page.locator('#change-label').inputValue(), used.label);
      assert.match(await text(page.locator('.govuk-summary-list')), /C7: Kinship Carer/);
      await page.locator('#outcome-history tbody tr').first().waitFor();
      assert.match(await text(page.locator('#outcome-history tbody tr').first()),
        /The system.*Before changes were recorded/);
      await expectAccessible(page, 'outcomes-used-code');
    });
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      assert.equal(await page.getByRole('link', { name: 'Outcomes', exact: true }).count(), 0);
      await page.goto('/outcomes');
      await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
      await expectAccessible(page, 'outcomes-no-access');
    });
  });
});
