// Browser tests of the person pages (issue 3): finding a person with a misspelt name and
// opening their record (warning markers first on both pages), opening a restricted record with
// a reason, and adding a new person through the duplicate check. Headless Chromium against
// the real binary with a fresh demo database; axe-core's WCAG 2.2 AA rules on each page and no
// console errors. Run: node --test tests/browser/persons.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 90000;
const { withPage, expectAccessible, signIn, apiGet } = useBrowser();

/* Whether element a comes before element b in the document. */
async function before(page, a, b) {
  const ha = await a.elementHandle();
  const hb = await b.elementHandle();
  return page.evaluate(([x, y]) => Boolean(x.compareDocumentPosition(y)
    & Node.DOCUMENT_POSITION_FOLLOWING), [ha, hb]);
}

describe('the person pages in the browser', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  it('finds a person from a misspelt name and opens their record, warnings first',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        await page.getByRole('link', { name: 'People' }).click();
        await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor();
        await page.getByLabel('Name, date of birth, postcode, NHS number or UPN').fill('Garry Hartly');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL('**/persons?q=Garry+Hartly');
        await page.getByRole('heading', { level: 2, name: /possible match/ }).waitFor();

        const first = page.locator('.app-results > li').first();
        const name = first.getByRole('link', { name: 'Gary Hartley' });
        await name.waitFor();
        const warning = first.locator('.govuk-warning-text').first();
        assert.match(await warning.innerText(), /Violent or threatening behaviour/);
        assert.ok(await before(page, warning, name), 'the warning comes before the name');
        assert.match(await first.innerText(), /Match: (Weak|Possible|Likely|Very likely)/);
        await expectAccessible(page, 'person-search-results');

        // the same person through the API: the page shows what the server ranked first
        const api = await apiGet(page, '/api/persons/search?q=Garry%20Hartly');
        assert.equal(api.body.items[0].display_name, 'Gary Hartley');

        await name.click();
        const h1 = page.getByRole('heading', { level: 1, name: /Gary Hartley/ });
        await h1.waitFor();
        const pageWarning = page.locator('main .govuk-warning-text').first();
        assert.match(await pageWarning.innerText(), /Violent or threatening behaviour/);
        assert.ok(await before(page, pageWarning, h1), 'the warning comes before the heading');
        await page.getByRole('heading', { level: 2, name: 'Relationships' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
        await expectAccessible(page, 'person-record');
      });
    });

  it('opens a restricted record only with a reason', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      const found = await apiGet(page, '/api/persons/search?q=Tyler%20Okonkwo-Barnes');
      const tyler = found.body.items[0];
      assert.equal(tyler.access, 'limited');
      await page.goto(`/persons/${tyler.id}`);
      await page.getByRole('heading', { level: 1, name: /Tyler Okonkwo-Barnes/ }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Details' }).count(), 0);
      await expectAccessible(page, 'person-restricted');
      await page.getByLabel('Why do you need to open this record?')
        .fill('Tyler rang in crisis and his personal adviser is on a visit');
      await page.getByRole('button', { name: 'Open this record' }).click();
      await page.getByRole('heading', { level: 2, name: 'Details' }).waitFor();
      await page.getByText('Your reason has been recorded').waitFor();
    });
  });

  it('adds a new person after the duplicate check', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({ allow: [[409, /^\/api\/persons$/]] }, async (page) => {
      await signIn(page, 'agent');
      await page.goto('/persons/new');
      await page.getByRole('heading', { level: 1, name: 'Add a new person' }).waitFor();
      await expectAccessible(page, 'person-new');
      await page.getByLabel('Given names').fill('Bill');
      await page.getByLabel('Family name').fill('Forsyth');
      const year = new Date().getUTCFullYear() - 67;
      await page.getByLabel('Date of birth').fill(`07/07/${year}`);
      await page.getByRole('button', { name: 'Check and add this person' }).click();
      await page.getByRole('heading', { level: 1, name: 'This person may already be recorded' })
        .waitFor();
      await page.getByRole('link', { name: 'William Forsyth' }).waitFor();
      await expectAccessible(page, 'person-duplicates');
      await page.getByRole('button', { name: 'None of these: add a new person' }).click();
      await page.getByRole('heading', { level: 1, name: /Bill Forsyth/ }).waitFor();
      assert.match(page.url(), /\/persons\/\d+$/);
    });
  });
});
