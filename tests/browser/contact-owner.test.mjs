// Browser tests of owning a contact and what the front door promised (issue 4: C8, W2, H11):
// a duty worker takes a contact from the public web form that nobody owns ("Take this
// contact" on the owner line); a contact closed with its outcome still shows the call-back
// promised and the message left for the practitioner; the practitioner marks the call returned
// from My work, with a note, and it leaves the list. Real binary, fresh demo database,
// headless Chromium, axe-core's WCAG 2.2 AA rules on every page state shown and no console
// errors.
// Run: make && node --test tests/browser/contact-owner.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 120000;
const checks = useBrowser();
const { withPage, expectAccessible, signIn, apiGet, apiSend } = checks;

async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

async function rowValue(scope, key) {
  const row = scope.locator('.govuk-summary-list__row', {
    has: scope.page().locator('dt', { hasText: new RegExp(`^${key}$`) }),
  });
  return text(row.locator('dd').first());
}

async function banner(page, words) {
  await page.locator('.govuk-notification-banner--success').getByText(words, { exact: true })
    .waitFor();
}

/* The session's user ({ id, name, ... }). */
async function me(page) {
  return (await apiGet(page, '/api/session')).body.user;
}

describe('owning a contact and what was promised, in the browser',
  { timeout: TEST_TIMEOUT_MS * 2 }, () => {
    it('a duty worker takes a web contact nobody owns', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'duty');
        const duty = await me(page);
        const sent = await page.request.post('/api/public/requests', {
          headers: { Origin: checks.server.url },
          data: {
            submitter_kind: 'professional', agency: 'school',
            organisation: 'Hinckley Parks Primary School', role: 'Designated safeguarding lead',
            submitter_name: 'Jo Owner', submitter_phone: '01455 000 111',
            submitter_email: 'jo.owner@parks-primary.example.org', child_first_name: 'Amy',
            child_last_name: 'Example', child_date_of_birth: '2016-04-02',
            child_address: '1 Test Street\nHinckley', child_postcode: 'le10 1aa',
            concern: 'Amy has said she is frightened to go home.', urgency: 'harm',
            consent: 'yes', form_time_ms: 95000, website: '',
          },
        });
        assert.equal(sent.status(), 201, await sent.text());
        const { reference } = await sent.json();
        const list = (await apiGet(page, '/api/contacts?limit=50')).body.items;
        const c = list.find((x) => x.reference === reference);
        assert.ok(c, 'the web contact is listed');
        assert.equal(c.owner, null, 'nobody owns it');

        await page.goto(`/contacts/${c.id}`);
        await page.getByRole('heading', { level: 1, name: reference }).waitFor();
        const take = page.getByRole('button', { name: 'Take this contact' });
        await take.waitFor();
        assert.match(await rowValue(page.locator('main'), 'Owner'), /^Nobody yet/);
        await expectAccessible(page, 'contact-unowned');

        await page.waitForTimeout(1100); // govuk-frontend's double-click guard
        await take.click();
        await banner(page, 'You have taken this contact: you own it now');
        assert.equal(await rowValue(page.locator('main'), 'Owner'), duty.name);
        assert.equal(await page.getByRole('button', { name: 'Take this contact' }).count(), 0);
        assert.equal((await apiGet(page, `/api/contacts/${c.id}`)).body.owner.id, duty.id);
        await expectAccessible(page, 'contact-taken');
      });
    });

    it('a closed contact keeps its call-back and message; the call is marked returned from My '
      + 'work', { timeout: TEST_TIMEOUT_MS }, async () => {
      let contact;
      let priya;
      let message;
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const workers = (await apiGet(page, '/api/workers?limit=100')).body.items;
        priya = workers.find((w) => w.staff_number === 'W1003');
        assert.ok(priya && priya.user, 'the demo has the PA, who signs in');
        const receivedAt = new Date(Date.now() - 3600 * 1000);
        receivedAt.setUTCMilliseconds(0);
        const made = await apiSend(page, 'POST', '/api/contacts', {
          channel: 'phone', received_at: receivedAt.toISOString().replace('.000Z', 'Z'),
          caller_name: 'Kayleigh (care leaver)', service: 'children',
          summary: 'Rang for her PA about the college bursary form.',
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        contact = made.body;
        const promise = await apiSend(page, 'POST', `/api/contacts/${contact.id}/callback-promise`,
          {
            worker_id: priya.id,
            callback_by: new Date(Date.now() + 26 * 3600 * 1000).toISOString()
              .replace(/\.\d+Z$/, 'Z'),
            told: 'Priya will ring tomorrow',
            if_no_call: 'Ring the helpline again after 16:00',
          });
        assert.equal(promise.status, 201, JSON.stringify(promise.body));
        const left = await apiSend(page, 'POST', `/api/contacts/${contact.id}/message-to-worker`, {
          worker_id: priya.id, callback_promise_id: promise.body.id,
          what_happened: 'Kayleigh rang about her bursary form.',
          what_was_done: 'Gave the college\'s number.',
          follow_up: 'Please ring her back about the form.',
        });
        assert.equal(left.status, 201, JSON.stringify(left.body));
        message = left.body;
        const closed = await apiSend(page, 'POST', `/api/contacts/${contact.id}/outcome`, {
          code: 'advice_information', rationale: 'Information given; the PA will call back.',
        });
        assert.equal(closed.status, 201, JSON.stringify(closed.body));

        await page.goto(`/contacts/${contact.id}`);
        await page.getByRole('heading', { level: 2, name: 'Call-backs and messages' }).waitFor();
        const record = page.locator('#callbacks ~ .govuk-summary-list').first();
        assert.match(await rowValue(record, 'Call-back promised'),
          /If no call comes: Ring the helpline again after 16:00/);
        assert.match(await rowValue(record, `Message to ${priya.name}`), /Not returned yet\./);
        assert.match(await rowValue(page.locator('main'), 'Status'), /^Closed/);
        assert.equal(await page.getByRole('button', { name: 'Take this contact' }).count(), 0);
        await expectAccessible(page, 'closed-contact-callbacks');
      });

      await withPage({}, async (page) => {
        await signIn(page, 'practitioner');
        await page.goto('/my-work');
        const section = page.locator('table', { has: page.locator('caption',
          { hasText: 'Messages from the front door to return' }) });
        const row = section.locator('tbody tr', { hasText: contact.reference });
        await row.waitFor();
        await expectAccessible(page, 'my-work-messages');

        await row.getByLabel('Note (optional)').fill('Rang her at 10:15; form sent by post.');
        await row.getByRole('button', { name: `Mark as returned (${contact.reference})` }).click();
        await banner(page, `The call about ${contact.reference} has been marked as returned`);
        assert.equal(await section.locator('tbody tr', { hasText: contact.reference }).count(), 0,
          'it leaves the list');
        const listed = (await apiGet(page, `/api/contacts/${contact.id}/message-to-worker`)).body
          .items.find((m) => m.id === message.id);
        assert.ok(listed.returned_at, 'the return is recorded');
        assert.equal(listed.return_note, 'Rang her at 10:15; form sent by post.');
        await expectAccessible(page, 'my-work-returned');

        await page.goto(`/contacts/${contact.id}`);
        const record = page.locator('#callbacks ~ .govuk-summary-list').first();
        await record.waitFor();
        assert.match(await rowValue(record, `Message to ${priya.name}`),
          new RegExp(`Returned .* by ${priya.user.name ?? priya.name}\\.`));
      });
    });
  });
