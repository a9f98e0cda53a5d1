// Browser tests of the public request-for-service form (issue 4, requirement L1): someone with
// no account fills it in with the keyboard alone, page by page, checks their answers, sends it
// and is given a reference; the First Response team then finds it as a web contact. Missing
// answers give a GOV.UK error summary. Every page is checked with axe-core (WCAG 2.2 AA), and
// any console error fails the test. Run: node --test tests/browser/request-for-service.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 90000;
const { withPage, expectAccessible, signIn, apiGet } = useBrowser();

/* Types like a person: one key at a time, a few milliseconds apart. */
async function typeInto(page, locator, text) {
  await locator.focus();
  await page.keyboard.type(text, { delay: 5 });
}

/* Chooses a radio with the keyboard: focus it and press Space. */
async function chooseRadio(page, name) {
  await page.getByRole('radio', { name }).focus();
  await page.keyboard.press('Space');
}

/* Presses a button with the keyboard. */
async function press(page, name) {
  await page.getByRole('button', { name }).focus();
  await page.keyboard.press('Enter');
}

async function expectHeading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('the public request-for-service form', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  it('can be filled in with the keyboard alone and gives a reference, and nothing else',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const concern = 'Amy has come to school hungry every day this week and has bruises on '
        + 'both arms that she will not talk about.';
      let reference;
      await withPage({}, async (page) => {
        await page.goto('/request-for-service');
        await expectHeading(page, 'Ask for help for a child or family');
        assert.match(await page.locator('.govuk-warning-text').innerText(),
          /If a child is in immediate danger, call 999/);
        await expectAccessible(page, 'request-for-service-start');
        await page.getByRole('button', { name: 'Start now' }).focus();
        const startedAt = Date.now();
        await page.keyboard.press('Enter');

        await expectHeading(page, /Who are you\?/);
        await expectAccessible(page, 'request-for-service-who');
        await chooseRadio(page, 'I work with the child or family');
        await press(page, 'Continue');

        await expectHeading(page, /About you/);
        await page.getByLabel('What kind of organisation do you work for?').focus();
        await page.keyboard.type('School');
        assert.equal(
          await page.getByLabel('What kind of organisation do you work for?').inputValue(),
          'school');
        await typeInto(page, page.getByLabel('Name of your organisation'),
          'Hinckley Parks Primary School');
        await typeInto(page, page.getByLabel('Your role or job title'),
          'Designated safeguarding lead');
        await typeInto(page, page.getByLabel('Your full name'), 'Jo Smith');
        await typeInto(page, page.getByLabel('Phone number'), '01455 000 111');
        await expectAccessible(page, 'request-for-service-about-you');
        await press(page, 'Continue');

        await expectHeading(page, /About the child or young person/);
        await typeInto(page, page.getByLabel('First name'), 'Amy');
        await typeInto(page, page.getByLabel('Last name'), 'Example');
        await typeInto(page, page.getByLabel('Day'), '2');
        await typeInto(page, page.getByLabel('Month'), '4');
        await typeInto(page, page.getByLabel('Year'), '2016');
        await typeInto(page, page.getByLabel('Postcode (optional)'), 'le10 1aa');
        await expectAccessible(page, 'request-for-service-child');
        await press(page, 'Continue');

        await expectHeading(page, /How urgent is this\?/);
        const call999 = page.getByText('Call 999 now');
        assert.equal(await call999.isVisible(), false, 'the 999 warning waits for its answer');
        await chooseRadio(page, 'A child is in danger now');
        await call999.waitFor({ state: 'visible' });
        await expectAccessible(page, 'request-for-service-urgency-danger');
        await chooseRadio(page, 'I am worried a child is being harmed or is at risk of harm');
        await call999.waitFor({ state: 'hidden' });
        await press(page, 'Continue');

        await expectHeading(page, /What are you worried about\?/);
        await typeInto(page, page.getByLabel(/Tell us what is happening/), concern);
        await press(page, 'Continue');

        await expectHeading(page, /Does the family know/);
        await chooseRadio(page, 'Yes, they know and agree');
        await press(page, 'Continue');

        await expectHeading(page, /Check your answers/);
        const summary = await page.locator('.govuk-summary-list').innerText();
        for (const expected of ['Hinckley Parks Primary School', 'Jo Smith', 'Amy Example',
          '2 April 2016', 'LE10 1AA', concern]) {
          assert.ok(summary.includes(expected), `the check page shows ${expected}: ${summary}`);
        }
        await expectAccessible(page, 'request-for-service-check');

        // changing an answer comes back here, through any question the change opens
        await page.getByRole('link', { name: 'Change your name' }).focus();
        await page.keyboard.press('Enter');
        await expectHeading(page, /About you/);
        const name = page.getByLabel('Your full name');
        assert.equal(await name.inputValue(), 'Jo Smith', 'the answer is kept');
        await name.fill('');
        await typeInto(page, name, 'Joanna Smith');
        await press(page, 'Continue');
        await expectHeading(page, /Check your answers/);
        assert.ok((await page.locator('.govuk-summary-list').innerText()).includes('Joanna Smith'));

        const answered = page.waitForResponse((res) => res.url().endsWith('/api/public/requests'));
        // The server turns away a form filled in faster than a person could (3 s, a bot
        // trap); on a quiet machine the scripted keyboard can be quicker than that.
        await page.waitForTimeout(Math.max(0, 3500 - (Date.now() - startedAt)));
        await press(page, 'Send request');
        const res = await answered;
        assert.equal(res.status(), 201);
        const body = await res.json();
        assert.deepEqual(Object.keys(body), ['reference'], 'only the reference comes back');
        assert.match(body.reference, /^C-\d{4}-\d{6}$/);
        reference = body.reference;

        await expectHeading(page, 'Request sent');
        assert.equal(await page.locator('#reference').innerText(), reference);
        await expectAccessible(page, 'request-for-service-sent');
      });

      // The First Response team sees it as a web contact, in the sender's words.
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const { status, body } = await apiGet(page, '/api/contacts?limit=200');
        assert.equal(status, 200);
        const found = body.items.find((c) => c.reference === reference);
        assert.ok(found, 'the contact is listed');
        assert.equal(found.channel, 'web');
        assert.equal(found.caller_name, 'Joanna Smith');
        assert.ok(found.summary.includes(concern));
        assert.ok(found.summary.includes('Designated safeguarding lead'));
      });
    });

  it('shows an error summary naming each missing answer, and links to the question',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await page.goto('/request-for-service?step=who');
        await expectHeading(page, /Who are you\?/);
        await press(page, 'Continue');
        const errorSummary = page.locator('.govuk-error-summary');
        await errorSummary.waitFor();
        assert.match(await page.title(), /^Error: Who are you\?/);
        assert.deepEqual(await errorSummary.locator('li').allInnerTexts(),
          ['Select who you are']);
        // govuk-frontend moves focus to the summary; its link takes you to the question
        await page.waitForFunction(() => document.activeElement?.classList
          .contains('govuk-error-summary'));
        await expectAccessible(page, 'request-for-service-who-error');
        await errorSummary.getByRole('link', { name: 'Select who you are' }).focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'submitter-kind');

        await chooseRadio(page, 'I work with the child or family');
        await press(page, 'Continue');
        await expectHeading(page, /About you/);
        await press(page, 'Continue');
        await errorSummary.waitFor();
        assert.deepEqual(await errorSummary.locator('li').allInnerTexts(), [
          'Select the kind of organisation you work for',
          'Enter the name of your organisation',
          'Enter your role or job title',
          'Enter your name',
          'Enter a phone number or an email address',
        ]);
        assert.equal(await page.locator('.govuk-form-group--error').count(), 5);
        await expectAccessible(page, 'request-for-service-about-you-errors');
      });
    });

  it('is open to someone signed in as well', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      await page.goto('/request-for-service');
      await expectHeading(page, 'Ask for help for a child or family');
      assert.ok(page.url().endsWith('/request-for-service'), 'not sent elsewhere');
    });
  });
});
