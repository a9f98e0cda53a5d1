// Browser tests of amending a contact (issue 4: A10, A1, C1): the contact page's "Amend this
// contact" form covers every field an amendment may change, opens with the contact's current
// values and nothing else chosen, sends only what changed, and the history names the changed
// fields in words with the reason. A change the server refuses (received in the future, a
// professional without an organisation, no consent without a justification) is shown on the
// field it names and nothing is stored. Real binary, fresh demo database, headless Chromium,
// axe-core's WCAG 2.2 AA rules on every state and no console errors.
// Run: make && node --test tests/browser/contact-amend.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 120000;
const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const AMEND = /^\/api\/contacts\/\d+$/;
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

async function rowValue(page, key) {
  const row = page.locator('#details + .govuk-summary-list .govuk-summary-list__row', {
    has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }),
  });
  return text(row.locator('dd'));
}

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/* { day, month, year, time } of the instant ms on a London clock, as the form shows them. */
function london(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    day: String(Number(parts.day)),
    month: String(Number(parts.month)),
    year: parts.year,
    time: `${parts.hour}:${parts.minute}`,
  };
}

async function recordContact(page, caller) {
  const received = Date.now() - HOUR;
  const res = await apiSend(page, 'POST', '/api/contacts', {
    channel: 'phone',
    received_at: isoZ(received),
    answered_at: isoZ(received + MINUTE),
    caller_name: caller,
    summary: 'Seeded by the amendment tests.',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function openContact(page, contact) {
  await page.goto(`/contacts/${contact.id}`);
  await page.getByRole('heading', { level: 1, name: `Contact ${contact.reference}` }).waitFor();
  await page.locator('#amend summary').click();
  const form = page.locator('#amend form');
  await form.waitFor();
  return form;
}

async function fillReceived(page, when) {
  await page.locator('#amend-received-day').fill(when.day);
  await page.locator('#amend-received-month').fill(when.month);
  await page.locator('#amend-received-year').fill(when.year);
  await page.locator('#amend-received-time').fill(when.time);
}

async function versionCount(page, contact) {
  return (await apiGet(page, `/api/contacts/${contact.id}/versions`)).body.items.length;
}

/* The error on the field: in the summary, linking to the input, and on the field itself. */
async function expectFieldError(page, message, inputId, errorId = `${inputId}-error`) {
  const summary = page.locator('.govuk-error-summary');
  const link = summary.getByRole('link', { name: message });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `#${inputId}`);
  assert.equal(await text(page.locator(`#${errorId}`)), `Error: ${message}`);
}

describe('amending a contact in the browser', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  it('amends how and when it came, who made contact, consent and needs, kept as a version',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const contact = await recordContact(page, `Amend Caller ${Date.now()}`);
        const form = await openContact(page, contact);

        // It opens with the contact's values and nothing else chosen.
        assert.equal(await page.locator('#amend-channel').isChecked(), true, 'phone');
        const was = london(Date.parse(contact.received_at));
        assert.equal(await page.locator('#amend-received-day').inputValue(), was.day);
        assert.equal(await page.locator('#amend-received-time').inputValue(), was.time);
        assert.equal(await page.locator('#amend-answered-time').inputValue(),
          london(Date.parse(contact.answered_at)).time);
        for (const name of ['source', 'service', 'consent']) {
          assert.equal(await form.locator(`input[name="${name}"]:checked`).count(), 0,
            `no ${name} chosen`);
        }
        assert.equal(await form.locator('input[name="needs"]:checked').count(), 0);
        assert.equal(await page.locator('#amend-danger-now').isChecked(), false);
        for (const id of ['amend-line', 'amend-worker', 'amend-team', 'amend-reason-code']) {
          assert.equal(await page.locator(`#${id}`).inputValue(), '', `${id} not chosen`);
        }
        await expectAccessible(page, 'contact-amend-open');

        // Every field the API lets an amendment change has words in the history.
        const { body: openapi } = await apiGet(page, '/api/openapi.json');
        const apiFields = Object.keys(openapi.components.schemas.ContactAmendment.properties)
          .filter((f) => f !== 'reason' && f !== 'version');
        const worded = await page.evaluate(async () => Object.keys(
          (await import('/static/js/pages/contact-amend.js')).FIELD_WORDS));
        assert.deepEqual(worded.slice().sort(), apiFields.slice().sort());

        // An email, not a call: the time answered goes with it.
        await form.getByRole('group', { name: 'How was the contact received?' })
          .getByLabel('Email', { exact: true }).check();
        assert.equal(await page.locator('#amend-answered-time').isVisible(), false);
        const received = Math.floor((Date.now() - 3 * HOUR) / MINUTE) * MINUTE;
        await fillReceived(page, london(received));
        await form.getByLabel('Professional', { exact: true }).check();
        await page.locator('#amend-caller-organisation').fill('Eastfield Health Visiting');
        await page.locator('#amend-source-code-professional').selectOption('3B');
        await form.getByRole('group', { name: /agree to information being shared/ })
          .getByLabel('No', { exact: true }).check();
        const justification = 'A child may be at risk of significant harm.';
        await page.locator('#amend-consent-justification-no').fill(justification);
        await form.getByLabel('An interpreter').check();
        await page.locator('#amend-interpreter-language').fill('Polish');
        await form.getByLabel('A private room').check();
        const why = 'It came by email from the health visitor, not by phone.';
        await page.locator('#amend-reason').fill(why);
        await page.getByRole('button', { name: 'Save the amendment' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The amendment has been saved as version 2').waitFor();

        const versions = (await apiGet(page, `/api/contacts/${contact.id}/versions`)).body.items;
        assert.equal(versions.length, 2);
        const v2 = versions[1];
        assert.equal(v2.reason, why);
        assert.deepEqual(v2.changed.slice().sort(), ['answered_at', 'caller_organisation',
          'channel', 'consent', 'consent_justification', 'interpreter_language',
          'private_room', 'received_at', 'source', 'source_code']);
        assert.equal(v2.contact.channel, 'email');
        assert.equal(v2.contact.answered_at, null);
        assert.equal(Date.parse(v2.contact.received_at), received);
        assert.equal(v2.contact.source, 'professional');
        assert.equal(v2.contact.source_code, '3B');
        assert.equal(v2.contact.consent, 'no');
        assert.equal(v2.contact.consent_justification, justification);
        assert.equal(v2.contact.interpreter_language, 'Polish');
        assert.equal(v2.contact.private_room, true);
        assert.equal(v2.contact.bsl, false);
        assert.equal(v2.contact.caller_name, contact.caller_name, 'unchanged fields are kept');
        assert.equal(v2.contact.summary, contact.summary);

        // The history names the version, the reason and the changed fields in words.
        const history = page.locator('#history + .moj-timeline .moj-timeline__item');
        assert.equal(await history.count(), 2);
        const newest = await text(history.first());
        assert.match(newest, /Version 2: amended/);
        assert.ok(newest.includes(why), newest);
        for (const words of ['how it was received', 'when it was received',
          'when it was answered', 'who made contact', 'census referral source', 'organisation',
          'consent to share', 'why information is shared without consent',
          'interpreter language', 'private room']) {
          assert.ok(newest.includes(words), `${words} in: ${newest}`);
        }
        assert.equal(await rowValue(page, 'Channel'), 'Email');
        assert.match(await rowValue(page, 'Who made contact'), /^Professional \(census code 3B/);
        assert.equal(await rowValue(page, 'Consent to share'), 'No, they do not agree');
        assert.equal(await rowValue(page, 'Communication needs'),
          'Interpreter: Polish; A private room');
        await expectAccessible(page, 'contact-amend-saved');

        // Opened again, the form holds the new values.
        await page.locator('#amend summary').click();
        assert.equal(await form.getByRole('group', { name: 'How was the contact received?' })
          .getByLabel('Email', { exact: true }).isChecked(), true);
        assert.equal(await page.locator('#amend-consent-justification').inputValue(),
          justification);
        assert.equal(await page.locator('#amend-interpreter-language').inputValue(), 'Polish');
      });
    });

  it('shows a refused change on the field it names and stores nothing',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({ allow: [[400, AMEND]] }, async (page) => {
        await signIn(page, 'agent');
        const contact = await recordContact(page, `Refused Caller ${Date.now()}`);
        const form = await openContact(page, contact);
        const save = page.getByRole('button', { name: 'Save the amendment' });
        const was = london(Date.parse(contact.received_at));

        // Received tomorrow: the server's words, on the date received.
        await fillReceived(page, { ...london(Date.now() + 24 * HOUR), time: was.time });
        await page.locator('#amend-reason').fill('The caller said it was another day.');
        await save.click();
        await expectFieldError(page, 'The time the contact was received must be in the past',
          'amend-received-day', 'amend-received-error');
        assert.equal(await versionCount(page, contact), 1, 'nothing was stored');
        assert.equal(await page.locator('#amend-reason').inputValue(),
          'The caller said it was another day.', 'what was typed is kept');
        await expectAccessible(page, 'contact-amend-refused-received');
        await page.locator('.govuk-error-summary').getByRole('link').first().click();
        assert.equal(await page.evaluate(() => document.activeElement?.id),
          'amend-received-day');

        // A professional without an organisation.
        await fillReceived(page, was);
        await form.getByLabel('Professional', { exact: true }).check();
        await save.click();
        await expectFieldError(page, 'Enter the organisation the professional works for',
          'amend-caller-organisation');
        assert.equal(await versionCount(page, contact), 1, 'nothing was stored');

        // No consent, and no reason for sharing without it.
        await page.locator('#amend-caller-organisation').fill('Westgate Academy');
        await form.getByRole('group', { name: /agree to information being shared/ })
          .getByLabel('No', { exact: true }).check();
        await save.click();
        await expectFieldError(page, 'Enter why information is shared without consent',
          'amend-consent-justification');
        assert.equal(await versionCount(page, contact), 1, 'nothing was stored');
        await expectAccessible(page, 'contact-amend-refused-consent');

        // An interpreter ticked without a language: the form's own check, nothing sent.
        await form.getByLabel('An interpreter').check();
        await save.click();
        await expectFieldError(page, 'Enter the language an interpreter is needed for',
          'amend-interpreter-language');
        assert.equal(await versionCount(page, contact), 1, 'nothing was stored');

        // Put right, it is saved.
        await page.locator('#amend-interpreter-language').fill('Urdu');
        await page.locator('#amend-consent-justification')
          .fill('The school fears the child is being harmed at home.');
        await save.click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The amendment has been saved as version 2').waitFor();
        const v2 = (await apiGet(page, `/api/contacts/${contact.id}/versions`)).body.items[1];
        assert.deepEqual(v2.changed.slice().sort(), ['caller_organisation', 'consent',
          'consent_justification', 'interpreter_language', 'source', 'source_code']);
        assert.equal(v2.contact.received_at, contact.received_at, 'the time was not changed');
      });
    });
});
