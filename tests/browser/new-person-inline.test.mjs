// Browser tests of "Add a new person" inside the person search of the agent's contact screen
// (issue 4 A1, X2): by keyboard alone, a search that finds nobody, the short form filled from
// what was searched for, a server 400 named on its field and in the page's error summary, the
// person created and added to the contact with focus on them, the duplicate check (409) with
// "Use this person" and "None of these – create a new record", and the contact saved with every
// person and the caller's details typed before. Each runs against the real binary with a fresh
// demo database in headless Chromium, with axe-core's WCAG 2.2 AA rules on every state shown
// and any unexpected console error failing the test.
// Run: node --test tests/browser/new-person-inline.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 120000;
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

/* A 400 and a 409 from POST /api/persons are part of these journeys. */
const ALLOW = [[400, /^\/api\/persons$/], [409, /^\/api\/persons$/]];

async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || '');
}

/* Presses Tab (Shift+Tab when back) until the focused element matches selector. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/* Presses Tab until the focused element's text is wanted (buttons, links). */
async function tabToText(page, wanted, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const got = await page.evaluate(() => (document.activeElement?.textContent || '')
      .replace(/\s+/g, ' ').trim());
    if (got === wanted) return;
  }
  assert.fail(`Tab never reached "${wanted}"`);
}

/* Types into the focused field, replacing what it holds. */
async function retype(page, value) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(value);
}

async function demoPerson(page, name) {
  const { body } = await apiGet(page, `/api/persons/search?q=${encodeURIComponent(name)}`);
  const found = body.items.find((p) => p.display_name === name);
  assert.ok(found, `the demo has ${name}`);
  return (await apiGet(page, `/api/persons/${found.id}`)).body;
}

async function countNamed(page, name) {
  const { body } = await apiGet(page,
    `/api/persons/search?q=${encodeURIComponent(name)}&limit=50`);
  return body.items.filter((p) => p.display_name === name).length;
}

/* The id of the person whose heading has focus in the picker's "Added to this contact". */
async function focusedSubjectId(page) {
  const id = await focusedId(page);
  const m = /^person-search-subject-(\d+)$/.exec(id);
  assert.ok(m, `focus is on a person added (${id})`);
  return Number(m[1]);
}

/* Searches in the picker by keyboard (from anywhere after the box) and waits for the answer. */
async function search(page, q) {
  if (await focusedId(page) !== 'person-search') {
    const before = await page.evaluate(() => {
      const box = document.getElementById('person-search');
      const at = document.activeElement;
      return Boolean(at && at !== document.body
        && (box.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    await tabTo(page, '#person-search', { back: before });
  }
  await retype(page, q);
  await page.keyboard.press('Enter');
  await page.locator('#person-search-results').getByText(new RegExp(`for “${q}”`)).waitFor();
  assert.match(page.url(), /\/contacts\/new$/, 'Enter in the search did not submit');
}

describe('adding a new person from the contact screen', { timeout: TEST_TIMEOUT_MS * 5 }, () => {
  it('adds a person not found and a demo person after the duplicate check, by keyboard',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({ allow: ALLOW }, async (page) => {
        await signIn(page, 'agent');
        const kayleigh = await demoPerson(page, 'Kayleigh Price');
        assert.match(kayleigh.date_of_birth, /^\d{4}-\d\d-\d\d$/);
        const [kYear, kMonth, kDay] = kayleigh.date_of_birth.split('-');
        const kayleighs = await countNamed(page, 'Kayleigh Price');

        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await tabTo(page, '#channel');
        await page.keyboard.press('Space');
        await tabTo(page, '#caller-name');
        await page.keyboard.type('Inline Caller');

        // A name nobody has: the search says so and offers to add them.
        const name = 'Zephyrine Quillfeather';
        await tabTo(page, '#person-search');
        await page.keyboard.type(name);
        await page.keyboard.press('Enter');
        await page.locator('#person-search-results')
          .getByText(`No one found for “${name}”`, { exact: false }).waitFor();
        assert.match(page.url(), /\/contacts\/new$/);
        await expectAccessible(page, 'new-person-inline-not-found');
        await tabToText(page, 'Add a new person');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 3, name: 'Add a new person' }).waitFor();
        assert.equal(await focusedId(page), 'person-search-new-given', 'focus is on the form');
        assert.equal(await page.locator('#person-search-new-given').inputValue(), 'Zephyrine');
        assert.equal(await page.locator('#person-search-new-family').inputValue(), 'Quillfeather');
        assert.equal(await page.locator('input[name="person-search-new-sex"]:checked').count(), 0,
          'no sex is pre-selected');
        assert.equal(await page.locator('#person-search-new-expected').isChecked(), false);
        await expectAccessible(page, 'new-person-inline-form');

        // A postcode the server refuses: its words, on the postcode and in the page's summary.
        const bad = 'ZZ9';
        const direct = await apiSend(page, 'POST', '/api/persons', {
          given_name: 'Zephyrine', family_name: 'Quillfeather', addresses: [{ postcode: bad }],
        });
        assert.equal(direct.status, 400, JSON.stringify(direct.body));
        assert.match(direct.body.error.field, /^addresses\[0\]/);
        const message = direct.body.error.message;
        const said = message[0].toUpperCase() + message.slice(1);
        await tabTo(page, '#person-search-new-postcode');
        await page.keyboard.type(bad);
        await page.keyboard.press('Enter'); // adds the person; does not save the contact
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        const link = summary.getByRole('link', { name: said });
        assert.equal(await link.getAttribute('href'), '#person-search-new-postcode');
        assert.match(page.url(), /\/contacts\/new$/, 'Enter in the form did not save the contact');
        assert.equal(await text(page.locator('#person-search-new-postcode-error')),
          `Error: ${said}`);
        assert.match(await page.locator('#person-search-new-postcode').getAttribute('class'),
          /govuk-input--error/);
        assert.equal(await page.locator('#caller-name').inputValue(), 'Inline Caller',
          'the rest of the contact keeps its values');
        assert.equal(await page.locator('#person-search-new-given').inputValue(), 'Zephyrine');
        assert.match(await page.title(), /^Error: /);
        await expectAccessible(page, 'new-person-inline-400');
        assert.equal(await countNamed(page, name), 0, 'nobody was created');

        // From the summary to the field, then the rest of what the caller says.
        await tabTo(page, '.govuk-error-summary a');
        await page.keyboard.press('Enter');
        assert.equal(await focusedId(page), 'person-search-new-postcode');
        await retype(page, 'ba1 1aa');
        await tabTo(page, '#person-search-new-dob-day');
        await page.keyboard.type('3');
        await tabTo(page, '#person-search-new-dob-month');
        await page.keyboard.type('9');
        await tabTo(page, '#person-search-new-dob-year');
        await page.keyboard.type('2012');
        await tabTo(page, '#person-search-new-sex');
        await page.keyboard.press('Space'); // the first: female
        assert.equal(await page.locator('input[name="person-search-new-sex"]:checked')
          .inputValue(), 'F');
        await tabTo(page, '#person-search-new-phone');
        await page.keyboard.type('07700 900 471');
        await tabToText(page, 'Check and add this person');
        await page.keyboard.press('Enter');

        // Created and added like one found: focus on them, the summary gone.
        await page.locator('#person-search-subjects')
          .getByRole('heading', { name: new RegExp(name) }).waitFor();
        const newId = await focusedSubjectId(page);
        assert.equal(await page.locator('.govuk-error-summary').count(), 0);
        assert.equal(await page.locator('#person-search-new-given').count(), 0, 'form closed');
        assert.doesNotMatch(await page.title(), /^Error: /);
        const created = (await apiGet(page, `/api/persons/${newId}`)).body;
        assert.equal(created.given_name, 'Zephyrine');
        assert.equal(created.family_name, 'Quillfeather');
        assert.equal(created.date_of_birth, '2012-09-03');
        assert.equal(created.sex, 'F');
        assert.equal(created.addresses[0].postcode, 'BA1 1AA');
        assert.deepEqual(created.phones.map((p) => p.number), ['07700900471']);
        assert.equal(await countNamed(page, name), 1);
        await expectAccessible(page, 'new-person-inline-added');

        // Someone who is already recorded: the 409 shows them, and "Use this person" adds her.
        await search(page, 'Kayleigh Price');
        await tabToText(page, 'Add a new person');
        await page.keyboard.press('Enter');
        assert.equal(await focusedId(page), 'person-search-new-given');
        assert.equal(await page.locator('#person-search-new-given').inputValue(), 'Kayleigh');
        await tabTo(page, '#person-search-new-dob-day');
        await page.keyboard.type(kDay);
        await tabTo(page, '#person-search-new-dob-month');
        await page.keyboard.type(kMonth);
        await tabTo(page, '#person-search-new-dob-year');
        await page.keyboard.type(kYear);
        await page.keyboard.press('Enter');
        const maybe = page.locator('#person-search-new-candidates');
        await maybe.waitFor();
        assert.equal(await text(maybe), 'This person may already be recorded');
        assert.equal(await focusedId(page), 'person-search-new-candidates');
        await page.locator('#person-search-new').getByText('Kayleigh Price').first().waitFor();
        await expectAccessible(page, 'new-person-inline-duplicates');
        await tabToText(page, 'Use this person: Kayleigh Price');
        await page.keyboard.press('Enter');
        await page.locator(`#person-search-subject-${kayleigh.id}`).waitFor();
        assert.equal(await focusedId(page), `person-search-subject-${kayleigh.id}`);
        assert.equal(await countNamed(page, 'Kayleigh Price'), kayleighs,
          'no second Kayleigh Price was recorded');
        await expectAccessible(page, 'new-person-inline-used');

        // The contact keeps everything and is saved with both.
        await tabTo(page, '#summary');
        await page.keyboard.type('Caller worried about a neighbour\'s child and Kayleigh.');
        await tabTo(page, 'button[type=submit]');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/contacts\/\d+$/);
        await page.locator('.govuk-notification-banner--success').waitFor();
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.deepEqual(stored.subject_person_ids, [newId, kayleigh.id]);
        assert.equal(stored.caller_name, 'Inline Caller');
        assert.equal(stored.channel, 'phone');
        await expectAccessible(page, 'new-person-inline-contact-saved');
      });
    });

  it('creates a new record when none of the candidates is the person', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({ allow: ALLOW }, async (page) => {
        await signIn(page, 'agent');
        const jordan = await demoPerson(page, 'Jordan Reilly');
        const before = await countNamed(page, 'Jordan Reilly');
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await search(page, `Reilly, Jordan ${jordan.date_of_birth.split('-').reverse().join('/')}`);
        await tabToText(page, 'Add a new person');
        await page.keyboard.press('Enter');
        // "Reilly, Jordan dd/mm/yyyy" fills the names the right way round and the date.
        assert.equal(await page.locator('#person-search-new-given').inputValue(), 'Jordan');
        assert.equal(await page.locator('#person-search-new-family').inputValue(), 'Reilly');
        const [y, m, d] = jordan.date_of_birth.split('-');
        assert.equal(await page.locator('#person-search-new-dob-day').inputValue(), d);
        assert.equal(await page.locator('#person-search-new-dob-month').inputValue(), m);
        assert.equal(await page.locator('#person-search-new-dob-year').inputValue(), y);
        await page.keyboard.press('Enter');
        await page.locator('#person-search-new-candidates').waitFor();
        await tabToText(page, 'None of these – create a new record');
        await page.keyboard.press('Enter');
        await page.locator('#person-search-subjects')
          .getByRole('heading', { name: /Jordan Reilly/ }).waitFor();
        const newId = await focusedSubjectId(page);
        assert.notEqual(newId, jordan.id, 'a new record, not the demo one');
        assert.equal(await countNamed(page, 'Jordan Reilly'), before + 1);
        await expectAccessible(page, 'new-person-inline-confirmed');

        // A date the browser can tell is not one never reaches the server.
        await search(page, 'Ottoline Brackenbury');
        await tabToText(page, 'Add a new person');
        await page.keyboard.press('Enter');
        await tabTo(page, '#person-search-new-dob-day');
        await page.keyboard.type('31');
        await tabTo(page, '#person-search-new-dob-month');
        await page.keyboard.type('2');
        await tabTo(page, '#person-search-new-dob-year');
        await page.keyboard.type('2015');
        await page.keyboard.press('Enter');
        const summary = page.locator('.govuk-error-summary');
        await summary.getByRole('link', { name: 'Date of birth must be a real date' }).waitFor();
        assert.equal(await summary.getByRole('link').getAttribute('href'),
          '#person-search-new-dob-day');
        await expectAccessible(page, 'new-person-inline-bad-date');
        // Cancel closes the form, clears the summary and returns to the search box.
        await tabToText(page, 'Cancel');
        await page.keyboard.press('Enter');
        assert.equal(await page.locator('#person-search-new-given').count(), 0);
        assert.equal(await page.locator('.govuk-error-summary').count(), 0);
        assert.equal(await focusedId(page), 'person-search');
        assert.equal(await countNamed(page, 'Ottoline Brackenbury'), 0);
      });
    });

  it('offers no "Add a new person" to a user who may not record persons',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'admin');
        const me = (await apiGet(page, '/api/session')).body.user;
        assert.ok(me.permissions.includes('person.read'));
        assert.ok(!me.permissions.includes('person.write'));
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await search(page, 'Zebedee Nobody');
        assert.equal(await page.getByRole('button', { name: 'Add a new person' }).count(), 0);
        await expectAccessible(page, 'new-person-inline-not-offered');
      });
    });
});
