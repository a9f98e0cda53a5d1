// Browser tests of the agent's contact screen, the contact page and the queues (issue 4): a
// phone call from the greeting to the outcome by keyboard alone, the routing answer for a
// named worker, "danger now", amendments kept as versions, the server's refusals shown as they
// come (C2 safeguarding by an unqualified worker, the C5 gate), server 400s named in the error
// summary, the queues and "My work". Each runs against the real binary with a fresh demo
// database in headless Chromium, with axe-core's WCAG 2.2 AA rules on every page and any
// console error failing the test. Run: node --test tests/browser/contact-screen.test.mjs
// FRONTDOOR_SCREENSHOTS=DIR saves a screenshot of each page checked with axe.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 120000;
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

/* The text of an element with white space collapsed, as a screen reader reads it. */
async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

/* The value of the summary list row whose key is key, inside scope. */
async function rowValue(scope, key) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  const row = scope.locator('.govuk-summary-list__row', {
    has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }),
  });
  return text(row.locator('dd'));
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || '');
}

/* Presses Tab until the focused element matches selector; fails after max presses. */
async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/* Presses Tab until the focused element's text is text (buttons, links). */
async function tabToText(page, wanted, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const got = await page.evaluate(() => (document.activeElement?.textContent || '')
      .replace(/\s+/g, ' ').trim());
    if (got === wanted) return;
  }
  assert.fail(`Tab never reached "${wanted}"`);
}

async function teamByName(page, name) {
  const { body } = await apiGet(page, '/api/teams');
  const team = body.items.find((t) => t.name === name);
  assert.ok(team, `the demo has the team ${name}`);
  return team;
}

async function workerByName(page, name) {
  const { body } = await apiGet(page, '/api/workers');
  const worker = body.items.find((w) => w.name === name);
  assert.ok(worker, `the demo has the worker ${name}`);
  return worker;
}

async function personByName(page, q, name) {
  const { body } = await apiGet(page, `/api/persons/search?q=${encodeURIComponent(q)}`);
  const person = body.items.find((p) => p.display_name === name);
  assert.ok(person, `the demo has ${name}`);
  return person;
}

/* Records a contact through the API (for tests about the contact page, not the form). */
async function recordContact(page, extra = {}) {
  const res = await apiSend(page, 'POST', '/api/contacts', {
    channel: 'phone',
    received_at: new Date(Date.now() - 10 * 60000).toISOString().replace(/\.\d+Z$/, 'Z'),
    caller_name: `Browser Caller ${Date.now()}`,
    summary: 'Seeded by the contact screen tests.',
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const londonHm = () => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}).format(new Date());

describe('the agent\'s contact screen in the browser', { timeout: TEST_TIMEOUT_MS * 10 }, () => {
  it('takes a phone call from the greeting to the outcome by keyboard alone',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const me = (await apiGet(page, '/api/session')).body.user;
        const leaving = await teamByName(page, 'Leaving Care Service');
        const greeting = (await apiGet(page, `/api/greeting?line=${leaving.id}`)).body;
        const kayleigh = await personByName(page, 'Kayleigh Price', 'Kayleigh Price');
        const pa = await workerByName(page, 'Natalie Brooks');

        // From the list to the screen by keyboard.
        await tabTo(page, 'a[href="/contacts/new"]');
        await page.keyboard.press('Enter');
        await page.waitForURL('**/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();

        // Nothing is pre-selected for a decision, category or urgency.
        for (const name of ['channel', 'source', 'service', 'consent']) {
          assert.equal(await page.locator(`input[name="${name}"]:checked`).count(), 0,
            `no ${name} is pre-selected`);
        }
        for (const id of ['#reason', '#worker', '#team']) {
          assert.equal(await page.locator(id).inputValue(), '', `${id} starts empty`);
        }
        assert.equal(await page.locator('input[name="danger_now"]').isChecked(), false);

        // The line: type-ahead in the select; the greeting names the signed-in worker (H7).
        await tabTo(page, '#line');
        await page.keyboard.type('Leaving');
        const script = page.locator('#greeting-script');
        await script.waitFor();
        assert.equal(await text(script), greeting.script);
        assert.ok(greeting.script.includes(`${me.name} speaking`),
          `the server's greeting names ${me.name}: ${greeting.script}`);
        assert.match(await text(script),
          /^Leaving Care Service helpline, .+ speaking\. How can I help\?$/);

        // Phone: the first channel; a call shows when it was answered, defaulting to now.
        await tabTo(page, '#channel');
        assert.equal(await page.locator('#answered-time').isVisible(), false,
          'no answered time before a call is chosen');
        await page.keyboard.press('Space');
        assert.equal(await page.getByLabel('Phone', { exact: true }).isChecked(), true);
        await page.locator('#answered-time').waitFor({ state: 'visible' });
        assert.match(await page.locator('#answered-time').inputValue(), /^\d\d:\d\d$/);

        // Who is contacting: the person themselves (first choice), name and phone.
        await tabTo(page, '#source');
        await page.keyboard.press('Space');
        assert.equal(await page.getByLabel('The person themselves').isChecked(), true);
        await tabTo(page, '#caller-name');
        await page.keyboard.type('Kayleigh (keyboard test)');
        await tabTo(page, '#caller-phone');
        await page.keyboard.type('07700 900 312');

        // Person search inline: Enter searches, it does not save.
        await tabTo(page, '#person-search');
        await page.keyboard.type('Kayleigh Price');
        await page.keyboard.press('Enter');
        await page.locator('#person-search-results').getByText(/found for “Kayleigh Price”/)
          .waitFor();
        assert.match(page.url(), /\/contacts\/new$/, 'Enter in the search did not submit');
        await tabToText(page, 'Add Kayleigh Price to this contact');
        await page.keyboard.press('Enter');
        await page.locator(`#person-search-subject-${kayleigh.id}`).waitFor();
        assert.equal(await focusedId(page), `person-search-subject-${kayleigh.id}`,
          'focus moves to the person added');
        const card = page.locator('#person-search-subjects .app-person');
        assert.match(await text(card), /Allocated: Natalie Brooks/);

        await tabTo(page, '#service');
        await page.keyboard.press('Space'); // the first: a child or young person
        assert.equal(await page.getByLabel('A child or young person').isChecked(), true);

        // The worker asked for is her PA: allocated, so the routing answer allows it.
        await tabTo(page, '#worker');
        await page.keyboard.type('Natalie');
        assert.equal(await page.locator('#worker').inputValue(), String(pa.id));
        const routing = page.locator('#routing');
        await routing.getByText('Allocated', { exact: true }).waitFor();
        const check = (await apiGet(page,
          `/api/routing?person=${kayleigh.id}&worker=${pa.id}`)).body;
        assert.equal(check.persons[0].allowed, true);
        const said = await text(routing);
        // the person's line names her and only says who holds the case; what to do is said once
        assert.ok(said.includes(`Natalie Brooks is allocated to Kayleigh Price`), said);
        assert.ok(said.includes(`${check.persons[0].reason[0].toUpperCase()}${
          check.persons[0].reason.slice(1)}.`), said);
        assert.doesNotMatch(said, /person \d+/i, 'no internal ids');
        assert.doesNotMatch(said, /pass the request on/, 'no instruction beside the person');
        assert.equal(await routing.getByRole('heading', { name: 'What to do' }).count(), 1);
        assert.doesNotMatch(said, /\b\d{2}:\d{2}\b/, 'times as "9am", "2:30pm"');
        await expectAccessible(page, 'contact-screen-call');

        await tabTo(page, '#reason');
        await page.keyboard.type('Asking for a named');
        assert.equal(await page.locator('#reason').inputValue(), 'named_worker');
        await tabTo(page, '#summary');
        await page.keyboard.type('Asked for her PA about the bursary form. PA to call back.');
        await tabTo(page, '#consent');
        await page.keyboard.press('Space');
        assert.equal(await page.getByLabel('Yes', { exact: true }).isChecked(), true);
        await tabTo(page, 'button[type=submit]');
        await page.keyboard.press('Enter');

        await page.waitForURL(/\/contacts\/\d+$/);
        await page.locator('.govuk-notification-banner--success').waitFor();
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.equal(stored.channel, 'phone');
        assert.ok(stored.answered_at, 'a call records when it was answered');
        assert.equal(stored.source, 'self');
        assert.deepEqual(stored.subject_person_ids, [kayleigh.id]);
        assert.equal(stored.worker_id, pa.id);
        assert.equal(stored.line_team_id, leaving.id);
        assert.equal(stored.reason_code, 'named_worker');
        assert.equal(stored.service, 'children');
        assert.equal(stored.consent, 'yes');
        assert.equal(stored.owner.id, me.id, 'the agent owns the contact (C8)');
        await expectAccessible(page, 'contact-page-recorded');

        // A decision with its rationale: priority P4, chosen with the keyboard.
        await tabTo(page, '#decision-kind');
        await page.keyboard.type('Priority');
        await page.locator('#decision-value').waitFor();
        assert.equal(await page.locator('input[name="value"]:checked').count(), 0,
          'no priority is pre-selected');
        await tabTo(page, '#decision-value');
        for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('input[name="value"]:checked').inputValue(), 'P4');
        await tabTo(page, '#decision-rationale');
        const rationale = 'Care leaver asking for her PA; information only, no risk identified.';
        await page.keyboard.type(rationale);
        await tabToText(page, 'Record decision');
        await page.keyboard.press('Enter');
        const banner = page.locator('.govuk-notification-banner--success');
        await banner.getByText('The decision has been recorded').waitFor();
        const decisions = (await apiGet(page, `/api/contacts/${id}/decisions`)).body;
        assert.equal(decisions.items.length, 1);
        assert.equal(decisions.items[0].kind, 'priority');
        assert.equal(decisions.items[0].value, 'P4');
        assert.equal(decisions.items[0].rationale, rationale);
        const decided = page.locator('#decisions ~ .moj-timeline .moj-timeline__item').first();
        assert.match(await text(decided), /Priority: P4/);
        assert.match(await text(decided), new RegExp(rationale.slice(0, 30)));
        await expectAccessible(page, 'contact-page-decided');

        // The outcome: the codes offered are for children (and both), none chosen.
        const offered = await page.locator('input[name="code"]').evaluateAll(
          (inputs) => inputs.map((i) => i.value));
        const { body: codes } = await apiGet(page, '/api/outcomes');
        const expected = codes.items
          .filter((o) => o.active && ['both', 'children'].includes(o.group)).map((o) => o.code);
        assert.deepEqual(offered, expected, 'the outcomes for children are offered');
        assert.ok(!offered.some((c) => c.startsWith('cld_')), 'no adult outcome is offered');
        assert.equal(await page.locator('input[name="code"]:checked').count(), 0);
        await tabTo(page, '#outcome-code');
        await page.keyboard.press('Space'); // the first: advice / information
        await tabTo(page, '#outcome-rationale');
        await page.keyboard.type('Gave the PA\'s hours and the bursary guidance.');
        await tabToText(page, 'Record outcome');
        await page.keyboard.press('Enter');
        await banner.getByText('The outcome has been recorded').waitFor();
        const closed = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.equal(closed.outcome.code, 'advice_information');
        const outcomeList = page.locator('#outcome + .govuk-summary-list');
        assert.equal(await rowValue(outcomeList, 'Outcome'), 'Advice / information');
        assert.equal(await rowValue(outcomeList, 'Resolved at the front door'), 'Yes');
        assert.equal(await page.locator('#decision-kind').count(), 0,
          'no decision can be added once the contact has its outcome');
        await expectAccessible(page, 'contact-page-closed');
      });
    });

  it('says "do not transfer" when the worker asked for is not allocated, and shows no number',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const priya = await workerByName(page, 'Priya Shah');
        const kayleigh = await personByName(page, 'Kayleigh Price', 'Kayleigh Price');
        await page.goto('/contacts/new');
        await page.locator('#person-search').fill('Kayleigh Price');
        await page.locator('#person-search').press('Enter');
        await page.getByRole('button', { name: 'Add Kayleigh Price to this contact' }).click();
        await page.locator(`#person-search-subject-${kayleigh.id}`).waitFor();
        await page.locator('#worker').selectOption(String(priya.id));
        const routing = page.locator('#routing');
        await routing.getByText('Not allocated', { exact: true }).waitFor();
        const check = (await apiGet(page,
          `/api/routing?person=${kayleigh.id}&worker=${priya.id}`)).body;
        assert.equal(check.transfer_allowed, false);
        const shown = await text(routing);
        assert.ok(shown.toLowerCase().includes(check.persons[0].reason.toLowerCase()), shown);
        assert.ok(shown.includes('Priya Shah is not allocated to Kayleigh Price'), shown);
        assert.doesNotMatch(shown, /person \d+/i, 'no internal ids');
        // one instruction, first: "do not transfer" is said once, by the answer as a whole
        assert.equal((shown.match(/do not transfer/gi) || []).length, 2, shown); // badge + reason
        const order = [shown.indexOf('What to do'), shown.indexOf('Who holds the case')];
        assert.ok(order[0] >= 0 && order[0] < order[1], 'what to do comes first');
        assert.match(shown, /Allocated now: Natalie Brooks/);
        assert.doesNotMatch(shown, /Transfer the call/);
        if (priya.phone) {
          assert.ok(!shown.includes(priya.phone), 'the worker\'s number is not offered');
        }
        await expectAccessible(page, 'contact-screen-not-allocated');
      });
    });

  it('answers with one call before saving, and keeps a restricted record\'s holder from the agent '
    + '(W13)', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'agent');
      const priya = await workerByName(page, 'Priya Shah');
      const tyler = await personByName(page, 'Tyler Okonkwo-Barnes', 'Tyler Okonkwo-Barnes');
      const asked = [];
      page.on('request', (req) => {
        const path = new URL(req.url()).pathname;
        if (/^\/api\/(routing|allocations|workers\/\d+\/availability|escalation)/.test(path)) {
          asked.push(path);
        }
      });
      await page.goto('/contacts/new');
      await page.locator('#person-search').fill('Tyler Okonkwo-Barnes');
      await page.locator('#person-search').press('Enter');
      await page.getByRole('button', { name: 'Add Tyler Okonkwo-Barnes to this contact' }).click();
      await page.locator(`#person-search-subject-${tyler.id}`).waitFor();
      await page.locator('#worker').selectOption(String(priya.id));
      const routing = page.locator('#routing');
      await routing.getByRole('heading', { name: 'Who holds the case' }).waitFor();
      const screenCalls = asked.slice();
      const answer = (await apiGet(page,
        `/api/routing?person=${tyler.id}&worker=${priya.id}`)).body;
      assert.equal(answer.transfer_allowed, false);
      assert.equal(answer.persons[0].holder_withheld, true, 'the agent may not open the record');
      const shown = await text(routing);
      assert.match(shown, /record is restricted, so who holds the case is not shown/);
      assert.match(shown, /Priya Shah is not allocated to this person/);
      assert.doesNotMatch(shown, /person \d+/i, 'no internal ids');
      assert.match(shown, /Pass the call to:/);
      const duty = answer.escalation.find((e) => e.capacity === 'duty_manager');
      if (duty && duty.found) assert.ok(shown.includes(duty.worker.name), shown);
      assert.doesNotMatch(shown, /Shane Doyle/, 'the PA of a restricted record is not named');
      assert.doesNotMatch(shown, /Allocated now/);
      assert.doesNotMatch(shown, /Transfer the call/);
      assert.ok(screenCalls.length >= 1 && screenCalls.every((p) => p === '/api/routing'),
        `the screen asks GET /api/routing alone: ${screenCalls.join(', ')}`);
      await expectAccessible(page, 'contact-screen-restricted');
    });
  });

  it('gives the server\'s routing answer on the contact, with the call-back and message (W2)',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const kayleigh = await personByName(page, 'Kayleigh Price', 'Kayleigh Price');
        const pa = await workerByName(page, 'Natalie Brooks');
        const priya = await workerByName(page, 'Priya Shah');

        // Her PA is allocated but cannot take the call now.
        const contact = await recordContact(page, {
          subject_person_ids: [kayleigh.id], worker_id: pa.id, service: 'children',
        });
        const answer = (await apiGet(page, `/api/contacts/${contact.id}/routing`)).body;
        assert.equal(answer.transfer_allowed, true);
        assert.equal(answer.availability.available_now, false,
          'the demo has Natalie Brooks away today');
        await page.goto(`/contacts/${contact.id}`);
        const section = page.locator('#routing ~ .app-routing').first();
        await section.waitFor();
        const shown = await text(section);
        assert.ok(shown.includes(answer.reason[0].toUpperCase() + answer.reason.slice(1)), shown);
        for (const step of answer.escalation.filter((e) => e.found)) {
          assert.ok(shown.includes(step.worker.name), `escalation names ${step.worker.name}`);
        }
        assert.doesNotMatch(shown, /transfer to/i, 'no transfer to a worker who is away');
        await expectAccessible(page, 'contact-page-routing');

        const next = new Date(Date.now() + 7 * 86400000);
        const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric',
        }).formatToParts(next).map((p) => [p.type, p.value]));
        await page.locator('#callback-by-day').fill(parts.day);
        await page.locator('#callback-by-month').fill(parts.month);
        await page.locator('#callback-by-year').fill(parts.year);
        await page.locator('#callback-by-time').fill('10:00');
        await page.locator('#callback-told').fill('Natalie will ring back next week.');
        const ifNoCall = 'Ring the helpline again and ask for the duty PA.';
        await page.locator('#callback-if-no-call').fill(ifNoCall);
        await page.getByRole('button', { name: 'Record the call-back' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The call-back promised has been recorded').waitFor();
        const promises = (await apiGet(page, `/api/contacts/${contact.id}/callback-promise`))
          .body.items;
        assert.equal(promises.length, 1);
        assert.equal(promises[0].if_no_call, ifNoCall);

        await page.locator('#message-what-happened').fill('Kayleigh rang about her bursary form.');
        await page.locator('#message-what-was-done').fill('Gave the college\'s number.');
        await page.locator('#message-follow-up').fill('Please ring her back about the form.');
        await page.getByRole('button', { name: 'Send the message' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(`The message to ${pa.name} has been sent`).waitFor();
        const sent = (await apiGet(page, `/api/contacts/${contact.id}/message-to-worker`))
          .body.items;
        assert.equal(sent.length, 1);
        assert.equal(sent[0].callback_promise_id, promises[0].id,
          'the promise goes with the message');
        assert.equal(sent[0].worker.id, pa.id);
        const record = page.locator('#routing ~ .govuk-summary-list').first();
        assert.match(await text(record), /Call-back promised/);
        assert.match(await text(record), new RegExp(`Message to ${pa.name}`));

        // Someone who is not allocated: the answer says so and nothing passes it to them.
        const other = await recordContact(page, {
          subject_person_ids: [kayleigh.id], worker_id: priya.id, service: 'children',
        });
        await page.goto(`/contacts/${other.id}`);
        const refused = page.locator('#routing ~ .app-routing--refused').first();
        await refused.waitFor();
        assert.match(await text(refused), /Do not transfer/i);
        assert.equal(await page.getByRole('button', { name: 'Send the message' }).count(), 0);
        assert.equal(await page.getByRole('button', { name: 'Record the call-back' }).count(), 0);
      });
    });

  it('marks a message to the practitioner returned from the contact page, and its clock stops '
    + '(W2, H11)', { timeout: TEST_TIMEOUT_MS }, async () => {
    let contact;
    let left;
    await withPage({}, async (page) => {
      // The agent leaves Priya Shah (the practitioner user) a message about Jordan, her case.
      await signIn(page, 'agent');
      const priya = await workerByName(page, 'Priya Shah');
      const jordan = await personByName(page, 'Jordan Reilly', 'Jordan Reilly');
      contact = await recordContact(page, {
        subject_person_ids: [jordan.id], worker_id: priya.id, service: 'children',
      });
      left = await apiSend(page, 'POST', `/api/contacts/${contact.id}/message-to-worker`, {
        worker_id: priya.id,
        what_happened: 'Jordan rang about his deposit.',
        what_was_done: 'Gave the housing advice line.',
        follow_up: 'Please ring him back about the deposit scheme.',
      });
      assert.equal(left.status, 201, JSON.stringify(left.body));
      assert.ok(left.body.clock_id, 'leaving the message starts its 1-working-day clock');

      // The routing answer names Jordan, not his id, and its times are in one style.
      await page.goto(`/contacts/${contact.id}`);
      const answer = page.locator('#routing ~ .app-routing').first();
      await answer.waitFor();
      const said = await text(answer);
      assert.ok(said.includes('Jordan Reilly'), said);
      assert.doesNotMatch(said, /person \d+/i);
      assert.doesNotMatch(said, /\b\d{2}:\d{2}\b/, 'times as "9am", "2:30pm"');
      // The agent neither is the worker nor manages: no control to mark it returned.
      await page.locator('#routing ~ .govuk-summary-list').first().getByText('Not returned yet.')
        .waitFor();
      assert.equal(await page.getByRole('button', { name: /Mark as returned/ }).count(), 0);
    });

    // Priya opens the contact: she may mark it returned, with a note.
    await withPage({}, async (page) => {
      const clockId = left.body.clock_id;
      await signIn(page, 'practitioner');
      await page.goto(`/contacts/${contact.id}`);
      // (the message's clock is the message's, not the contact's: GET /api/contacts/{id}/clocks
      // does not list it, so it is read from /api/clocks/{id})
      const before = (await apiGet(page, `/api/clocks/${clockId}`)).body;
      assert.equal(before.state, 'running', JSON.stringify(before));
      const mark = page.getByRole('button', { name: /Mark as returned/ });
      await mark.waitFor();
      await expectAccessible(page, 'contact-page-message-not-returned');
      const note = 'Rang Jordan back; the deposit is sorted.';
      await page.getByLabel('What was done when the call was returned (optional)').fill(note);
      await mark.click();
      await page.locator('.govuk-notification-banner--success')
        .getByText('The message to Priya Shah has been marked as returned').waitFor();

      const record = page.locator('#routing ~ .govuk-summary-list').first();
      const shown = await text(record);
      const me = (await apiGet(page, '/api/session')).body.user;
      assert.match(shown, new RegExp(`Returned .* by ${me.name}\\. Note: ${note}`), shown);
      assert.doesNotMatch(shown, /Not returned yet/);
      assert.equal(await page.getByRole('button', { name: /Mark as returned/ }).count(), 0);
      const stored = (await apiGet(page, `/api/contacts/${contact.id}/message-to-worker`))
        .body.items.find((m) => m.id === left.body.id);
      assert.ok(stored.returned_at);
      assert.equal(stored.returned_by.id, me.id);
      assert.equal(stored.return_note, note);

      // The clock stopped: met in time.
      const after = (await apiGet(page, `/api/clocks/${clockId}`)).body;
      assert.equal(after.state, 'met', JSON.stringify(after));
      await expectAccessible(page, 'contact-page-message-returned');
    });
  });

  it('shows the 999 guidance at once for danger now, and the contact goes to the duty queue',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const { body: codes } = await apiGet(page, '/api/contact-codes');
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await tabTo(page, 'input[name="danger_now"]');
        await page.keyboard.press('Space');
        const panel = page.locator('.app-danger');
        await panel.waitFor();
        assert.match(await text(panel), /call 999/i);
        const first = codes.danger_guidance.split('.')[0];
        assert.ok((await text(panel)).includes(first), 'the server\'s guidance is shown');
        assert.doesNotMatch(await text(panel), /has been raised/,
          'it does not say a concern was raised before the contact is saved');
        await expectAccessible(page, 'contact-screen-danger');

        await page.getByLabel('Phone', { exact: true }).check();
        const caller = `Danger Caller ${Date.now()}`;
        await page.getByLabel("Caller's name").fill(caller);
        await page.getByLabel('Summary').fill('Man with a knife outside a neighbour\'s door.');
        await page.getByRole('button', { name: 'Save contact' }).click();
        await page.waitForURL(/\/contacts\/\d+$/);
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        await page.getByRole('heading', { level: 1, name: `Contact ${stored.reference}` })
          .waitFor();
        assert.equal(stored.danger_now, true);
        assert.equal(stored.queue.name, 'duty');
        assert.equal(stored.safeguarding_concerns.length, 1, 'a safeguarding concern was raised');
        assert.equal(await text(page.locator('.app-danger p')), stored.danger_guidance,
          'the contact page shows the server\'s guidance in full');

        await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Queues' })
          .click();
        await page.waitForURL('**/queues/contact-centre');
        await page.getByRole('navigation', { name: 'Queues' })
          .getByRole('link', { name: 'Duty team' }).click();
        await page.waitForURL('**/queues/duty');
        const row = page.locator('tbody tr').filter({ hasText: stored.reference });
        await row.waitFor();
        assert.match(await text(row), /Danger now/i);
        assert.match(await text(row), new RegExp(caller));
      });
    });

  it('keeps an amendment as a new version with the reason, shown in the history',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const contact = await recordContact(page);
        await page.goto(`/contacts/${contact.id}`);
        await page.getByRole('heading', { level: 1, name: `Contact ${contact.reference}` })
          .waitFor();
        const history = page.locator('#history + .moj-timeline .moj-timeline__item');
        assert.equal(await history.count(), 1);

        await page.locator('#amend summary').click();
        // No reason: refused in the form, nothing stored.
        await page.locator('#amend-summary').fill('Caller rang back: the worry is about her son.');
        await page.getByRole('button', { name: 'Save the amendment' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.getByRole('link', { name: 'Enter why you are changing the contact' })
          .waitFor();
        const unchanged = (await apiGet(page, `/api/contacts/${contact.id}/versions`)).body;
        assert.equal(unchanged.items.length, 1, 'nothing was stored');

        // Add the person it is about: their warning marker shows first (A13).
        const gary = await personByName(page, 'Gary Hartley', 'Gary Hartley');
        const { body: garyRecord } = await apiGet(page, `/api/persons/${gary.id}`);
        const warning = garyRecord.warnings.find((w) => w.active);
        assert.ok(warning, 'the demo gives Gary Hartley a warning marker');
        await page.locator('#amend-person-search').fill('Gary Hartley');
        await page.locator('#amend-person-search').press('Enter');
        await page.getByRole('button', { name: 'Add Gary Hartley to this contact' }).click();
        const added = page.locator('#amend-person-search-subjects .app-person');
        await added.waitFor();
        assert.equal(await focusedId(page), `amend-person-search-subject-${gary.id}`);
        const firstLine = await text(added.locator(':scope > *').first());
        assert.ok(firstLine.includes(warning.label), `the warning comes first: ${firstLine}`);

        const why = 'Caller corrected who the concern is about.';
        await page.locator('#amend-reason').fill(why);
        await page.getByRole('button', { name: 'Save the amendment' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The amendment has been saved as version 2').waitFor();
        const versions = (await apiGet(page, `/api/contacts/${contact.id}/versions`)).body.items;
        assert.equal(versions.length, 2);
        assert.equal(versions[1].reason, why);
        assert.deepEqual(versions[1].changed.slice().sort(), ['subject_person_ids', 'summary']);
        assert.deepEqual(versions[1].contact.subject_person_ids, [gary.id]);
        assert.equal(versions[0].contact.summary, contact.summary, 'version 1 is kept as it was');

        assert.equal(await history.count(), 2);
        const newest = await text(history.first());
        assert.match(newest, /Version 2: amended/);
        assert.ok(newest.includes(why), newest);
        assert.match(newest, /Changed: .*summary/);
        assert.match(newest, /Changed: .*persons it is about/);
        const about = page.locator('#persons + ul .app-person');
        assert.ok((await text(about.locator(':scope > *').first())).includes(warning.label),
          'on the contact page too, the warning comes first');
        assert.match(await text(history.nth(1)), /Version 1: recorded/);
        assert.equal(await rowValue(page, 'Summary'),
          'Caller rang back: the worry is about her son.');
        assert.equal(await rowValue(page, 'Version'), '2');
        await expectAccessible(page, 'contact-page-amended');
      });
    });

  it('shows the server\'s refusal when an unqualified worker decides on safeguarding (C2)',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const decisions = /^\/api\/contacts\/\d+\/decisions$/;
      await withPage({ allow: [[403, decisions], [409, decisions]] }, async (page) => {
        await signIn(page, 'practitioner');
        const me = (await apiGet(page, '/api/session')).body.user;
        const worker = (await apiGet(page, '/api/workers')).body.items
          .find((w) => w.user && w.user.id === me.id);
        assert.ok(worker && !worker.safeguarding_qualified, 'the practitioner is not qualified');
        const contact = await recordContact(page, { service: 'children' });
        // What the server says to this user, asked directly.
        const direct = await apiSend(page, 'POST', `/api/contacts/${contact.id}/decisions`, {
          kind: 'safeguarding', value: 'concern', rationale: 'asked directly',
        });
        assert.equal(direct.status, 403);

        await page.goto(`/contacts/${contact.id}`);
        await page.locator('#decision-kind').selectOption('safeguarding');
        await page.getByLabel('There is a safeguarding concern').check();
        await page.locator('#decision-rationale').fill('Bruising seen by the school nurse.');
        await page.getByRole('button', { name: 'Record decision' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        const said = await text(summary);
        const message = direct.body.error.message;
        assert.ok(said.includes(message[0].toUpperCase() + message.slice(1)),
          `the server's words are shown: ${said}`);
        assert.match(await page.title(), /^Error: Contact /);
        assert.equal(await page.evaluate(() => document.activeElement.className),
          'govuk-error-summary', 'the error summary takes focus');
        assert.equal(await page.locator('#decision-rationale').inputValue(),
          'Bruising seen by the school nurse.', 'what was typed is kept');
        const stored = (await apiGet(page, `/api/contacts/${contact.id}/decisions`)).body;
        assert.equal(stored.items.length, 0, 'no decision was recorded');
        await expectAccessible(page, 'contact-page-safeguarding-refused');

        // C5: a transfer to assessment without the recommendation and work plan: 409 as it comes.
        const team = await teamByName(page, 'Referral and Assessment North');
        await page.locator('#decision-kind').selectOption('transfer');
        await page.getByLabel('To assessment', { exact: true }).check();
        await page.locator('#decision-team').selectOption(String(team.id));
        await page.locator('#decision-rationale').fill('Needs an assessment.');
        await page.getByRole('button', { name: 'Record decision' }).click();
        const gate = await apiSend(page, 'POST', `/api/contacts/${contact.id}/decisions`, {
          kind: 'transfer', value: 'assessment', team_id: team.id, rationale: 'asked directly',
        });
        assert.equal(gate.status, 409);
        const gateMessage = gate.body.error.message;
        await summary.getByText(gateMessage[0].toUpperCase() + gateMessage.slice(1)).waitFor();
      });
    });

  it('offers adults\' outcomes only, refuses an assessment without the Care Act checks, and '
    + 'signposts to a service from the directory', { timeout: TEST_TIMEOUT_MS }, async () => {
    const outcome = /^\/api\/contacts\/\d+\/outcome$/;
    await withPage({ allow: [[409, outcome]] }, async (page) => {
      await signIn(page, 'agent');
      const contact = await recordContact(page, {
        service: 'adults', reason_code: 'information_advice',
      });
      await page.goto(`/contacts/${contact.id}`);
      await page.locator('#outcome-code').waitFor();
      const offered = await page.locator('input[name="code"]').evaluateAll(
        (inputs) => inputs.map((i) => i.value));
      const { body: codes } = await apiGet(page, '/api/outcomes');
      assert.deepEqual(offered, codes.items
        .filter((o) => o.active && ['both', 'adults'].includes(o.group)).map((o) => o.code));
      assert.ok(!offered.includes('kinship_carer'), 'no children\'s outcome is offered');
      // The Care Act kinds are offered as decisions; the children's priority is not.
      const kinds = await page.locator('#decision-kind option').evaluateAll(
        (options) => options.map((o) => o.value).filter(Boolean));
      assert.ok(kinds.includes('care_act_prevention') && !kinds.includes('priority'), kinds.join());

      // An assessment before the Care Act checks: the server's 409, in its words.
      await page.locator('#outcome-code').waitFor();
      await page.locator('input[name="code"][value="cld_assessment"]').check();
      await page.locator('#outcome-rationale').fill('Needs a full assessment of care needs.');
      await page.getByRole('button', { name: 'Record outcome' }).click();
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor();
      const direct = await apiSend(page, 'POST', `/api/contacts/${contact.id}/outcome`, {
        code: 'cld_assessment', rationale: 'asked directly',
      });
      assert.equal(direct.status, 409);
      const message = direct.body.error.message;
      assert.ok((await text(summary)).includes(message[0].toUpperCase() + message.slice(1)),
        await text(summary));
      assert.equal((await apiGet(page, `/api/contacts/${contact.id}`)).body.outcome, null);
      await expectAccessible(page, 'contact-page-care-act-refused');

      // Signposting: a voluntary service from the directory and what was given.
      const navigators = await teamByName(page, 'Eastfield Community Navigators');
      await page.locator('input[name="code"][value="signpost_other_agency"]').check();
      const teamSelect = page.locator('#outcome-signpost-team');
      await teamSelect.waitFor({ state: 'visible' });
      await teamSelect.selectOption(String(navigators.id));
      const given = 'Leaflet and phone number, read out twice.';
      await page.locator('#outcome-signposted-to').fill(given);
      await page.locator('#outcome-rationale').fill('Wants company and activities, not care.');
      await expectAccessible(page, 'contact-page-signposting');
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.locator('.govuk-notification-banner--success')
        .getByText('The outcome has been recorded').waitFor();
      const closed = (await apiGet(page, `/api/contacts/${contact.id}`)).body.outcome;
      assert.equal(closed.code, 'signpost_other_agency');
      assert.equal(closed.signposted_team_id, navigators.id);
      assert.equal(closed.signposted_to, given);
      const list = page.locator('#outcome + .govuk-summary-list');
      assert.equal(await rowValue(list, 'Signposted to'), `${navigators.name}: ${given}`);
    });
  });

  it('hands a contact over only when the colleague accepts; a decline keeps the owner',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      let contact;
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        contact = await recordContact(page);
        await page.goto(`/contacts/${contact.id}`);
        await page.locator('#handover summary').click();
        const practitioner = (await apiGet(page, '/api/workers')).body.items
          .find((w) => w.user && w.user.username === 'practitioner');
        await page.locator('#handover-to').selectOption(String(practitioner.user.id));
        await page.locator('#handover-note').fill('Priya to call the school back today.');
        await page.getByRole('button', { name: 'Offer the handover' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(/The handover has been offered/).waitFor();
        const after = (await apiGet(page, `/api/contacts/${contact.id}`)).body;
        assert.equal(after.owner.name, 'Amira Khan',
          'the owner does not change until the colleague accepts');
        assert.equal(after.pending_handover.to.id, practitioner.user.id);
        await page.getByRole('heading', { level: 2, name: 'Handover waiting for an answer' })
          .waitFor();
        await expectAccessible(page, 'contact-page-handover-waiting');
      });
      await withPage({}, async (page) => {
        await signIn(page, 'practitioner');
        await page.goto(`/contacts/${contact.id}`);
        await page.getByRole('heading', { level: 2, name: 'This contact is offered to you' })
          .waitFor();
        // Declining needs a reason.
        await page.getByRole('button', { name: 'Decline the handover' }).click();
        await page.locator('.govuk-error-summary').getByRole('link', {
          name: 'Enter why you are declining',
        }).waitFor();
        await page.locator('#decline-reason').fill('On leave from tomorrow; cannot take it.');
        await page.getByRole('button', { name: 'Decline the handover' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(/You have declined the handover/).waitFor();
        const after = (await apiGet(page, `/api/contacts/${contact.id}`)).body;
        assert.equal(after.owner.name, 'Amira Khan', 'the owner keeps it');
        assert.equal(after.pending_handover, null);
      });
    });

  it('lets a team manager authorise an agent\'s decision', { timeout: TEST_TIMEOUT_MS },
    async () => {
      let contact;
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        contact = await recordContact(page, { service: 'children' });
        const res = await apiSend(page, 'POST', `/api/contacts/${contact.id}/decisions`, {
          kind: 'priority', value: 'P3B', rationale: 'One service needed: the children\'s centre.',
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        await page.goto(`/contacts/${contact.id}`);
        await page.locator('#decisions').waitFor();
        assert.equal(await page.getByRole('button', { name: /^Authorise/ }).count(), 0,
          'an agent is not offered authorisation');
      });
      await withPage({}, async (page) => {
        await signIn(page, 'manager');
        await page.goto(`/contacts/${contact.id}`);
        await page.getByRole('button', { name: /^Authorise/ }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The decision has been authorised').waitFor();
        const { body } = await apiGet(page, `/api/contacts/${contact.id}/decisions`);
        assert.equal(body.items[0].authorised_by.name, 'Mark Evans');
        const item = page.locator('#decisions ~ .moj-timeline .moj-timeline__item').first();
        assert.match(await text(item), /Authorised by Mark Evans/);
        await expectAccessible(page, 'contact-page-authorised');
      });
    });

  it('names the field of a server 400 in the error summary', { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withPage({ allow: [[400, /^\/api\/contacts$/]] }, async (page) => {
        await signIn(page, 'agent');
        const before = (await apiGet(page, '/api/contacts?limit=1&offset=0')).body.total;
        await page.goto('/contacts/new');
        await page.getByLabel('Email', { exact: true }).check();
        await page.getByLabel("Caller's name").fill('Bad Email Caller');
        await page.locator('#caller-email').fill('not-an-email');
        await page.getByLabel('Summary').fill('Asking about day centres.');
        await page.getByRole('button', { name: 'Save contact' }).click();
        const summary = page.locator('.govuk-error-summary');
        const link = summary.getByRole('link');
        await link.first().waitFor();
        const direct = await apiSend(page, 'POST', '/api/contacts', {
          channel: 'email', received_at: new Date().toISOString(), caller_name: 'x',
          summary: 'x', caller_email: 'not-an-email',
        });
        assert.equal(direct.status, 400);
        assert.equal(direct.body.error.field, 'caller_email');
        const message = direct.body.error.message;
        assert.equal(await text(link.first()), message[0].toUpperCase() + message.slice(1));
        assert.equal(await link.first().getAttribute('href'), '#caller-email');
        assert.match(await page.locator('#caller-email').getAttribute('class'),
          /govuk-input--error/);
        assert.equal(await page.getByLabel("Caller's name").inputValue(), 'Bad Email Caller');
        await expectAccessible(page, 'contact-screen-server-error');
        await link.first().click();
        assert.equal(await focusedId(page), 'caller-email');
        assert.equal((await apiGet(page, '/api/contacts?limit=1&offset=0')).body.total, before);
      });
    });

  it('lists the queues oldest first and my work, and the offered colleague accepts a handover',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'practitioner');
        const me = (await apiGet(page, '/api/session')).body.user;

        for (const [path, api] of [['/queues/contact-centre', '/api/queues/contact_centre'],
          ['/queues/duty', '/api/queues/duty']]) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1 }).waitFor();
          const { body } = await apiGet(page, `${api}?limit=50`);
          const refs = await page.locator('tbody tr th a').allTextContents();
          assert.deepEqual(refs, body.items.map((c) => c.reference),
            `${path} in the server's order`);
          const times = body.items.map((c) => Date.parse(c.received_at));
          assert.deepEqual(times, times.slice().sort((a, b) => a - b), 'oldest first');
          assert.equal(await page.locator('th[aria-sort="ascending"]').innerText(), 'Received');
          await expectAccessible(page, `queue${path.replace(/\//g, '-')}`);
        }
        const leaving = await teamByName(page, 'Leaving Care Service');
        await page.goto('/queues/contact-centre');
        await page.locator('#queue-team').selectOption(String(leaving.id));
        await page.getByRole('button', { name: 'Show the queue' }).click();
        await page.waitForURL(`**/queues/team/${leaving.id}`);
        await page.getByRole('heading', {
          level: 1, name: /Leaving Care Service: incoming contacts/,
        }).waitFor();
        const { body: teamQueue } = await apiGet(page, `/api/queues/teams/${leaving.id}?limit=50`);
        assert.deepEqual(await page.locator('tbody tr th a').allTextContents(),
          teamQueue.items.map((c) => c.reference));
        await expectAccessible(page, 'queue-team');

        // My work: the demo's handover offered to this practitioner.
        const { body: mine } = await apiGet(page, '/api/my/contacts');
        assert.ok(mine.offered.length >= 1, 'the demo offers the practitioner a handover');
        const offer = mine.offered[0];
        await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My work' })
          .click();
        await page.waitForURL('**/my-work');
        await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
        const offeredTable = page.locator('#offered ~ .app-table-scroll').first();
        const contact = (await apiGet(page, `/api/contacts/${offer.contact_id}`)).body;
        assert.match(await text(offeredTable), new RegExp(contact.reference));
        await expectAccessible(page, 'my-work');

        await offeredTable.getByRole('link', { name: contact.reference }).click();
        await page.waitForURL(`**/contacts/${contact.id}`);
        await page.getByRole('heading', { level: 2, name: 'This contact is offered to you' })
          .waitFor();
        await expectAccessible(page, 'contact-page-handover-offered');
        await page.getByRole('button', { name: 'Accept the handover' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('You have accepted the handover').waitFor();
        const after = (await apiGet(page, `/api/contacts/${contact.id}`)).body;
        assert.equal(after.owner.id, me.id, 'the practitioner owns it now');
        assert.equal(after.pending_handover, null);

        await page.goto('/my-work');
        const mineTable = page.locator('#contacts ~ .app-table-scroll').first();
        await mineTable.getByRole('link', { name: contact.reference }).waitFor();

        // A task of mine, marked done from My work.
        const created = await apiSend(page, 'POST', '/api/tasks', {
          kind: 'follow_up',
          due_at: new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
          note: 'Check the school has sent the referral form.',
          contact_id: contact.id,
          agreed_with: 'Natalie Brooks',
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        await page.goto('/my-work');
        const tasks = page.locator('#tasks ~ .app-table-scroll').first();
        const row = tasks.locator('tbody tr').filter({ hasText: 'Check the school has sent' });
        await row.waitFor();
        assert.match(await text(row), new RegExp(contact.reference), 'the task links its contact');
        await row.getByRole('button', { name: /^Mark done/ }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The task has been marked done').waitFor();
        assert.equal((await apiGet(page, `/api/tasks/${created.body.id}`)).body.state, 'done');
        assert.equal(await tasks.locator('tbody tr')
          .filter({ hasText: 'Check the school has sent' }).count(), 0);
        await expectAccessible(page, 'my-work-task-done');
      });
    });

  it('closes a call resolved at the front door on the one screen, by keyboard alone',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        await tabTo(page, 'a[href="/contacts/new"]');
        await page.keyboard.press('Enter');
        await page.waitForURL('**/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();

        // Until the service is chosen, no outcome is offered.
        const closing = page.locator('#closing');
        assert.equal(await closing.locator('input[name="close_code"]').count(), 0);
        assert.match(await text(closing), /once you say whether the contact is about a child/);

        await tabTo(page, '#channel');
        await page.keyboard.press('Space'); // phone
        await tabTo(page, '#caller-name');
        await page.keyboard.type('Parent asking about holiday clubs');
        await tabTo(page, '#service');
        await page.keyboard.press('Space'); // a child or young person
        assert.equal(await page.getByLabel('A child or young person').isChecked(), true);
        await tabTo(page, '#summary');
        await page.keyboard.type('Asked what holiday clubs are near. Gave the family hub details.');

        // Offered: the children's outcomes resolved at the front door that need no
        // recommendation, none chosen, and a way to leave the contact open.
        const { body: codes } = await apiGet(page, '/api/outcomes');
        const expected = codes.items.filter((o) => o.active
          && ['both', 'children'].includes(o.group) && o.resolved_at_front_door
          && !o.needs_recommendation && !o.needs_care_act_checks).map((o) => o.code);
        const offered = await closing.locator('input[name="close_code"]')
          .evaluateAll((inputs) => inputs.map((i) => i.value));
        assert.deepEqual(offered, [...expected, 'leave_open']);
        assert.ok(offered.includes('advice_information'));
        assert.ok(!offered.includes('progress_to_referral'), 'no outcome that needs C5 checks');
        assert.ok(!offered.some((c) => c.startsWith('cld_')), 'no adult outcome for a child');
        assert.equal(await closing.locator('input[name="close_code"]:checked').count(), 0);

        // Chosen without a reason: one error summary, the reason asked for (A9).
        await tabTo(page, '#close-outcome');
        await page.keyboard.press('Space'); // the first: advice / information
        assert.equal(await page.locator('#close-outcome').inputValue(), 'advice_information');
        assert.equal(await page.locator('#close-outcome').isChecked(), true);
        await tabTo(page, 'button[type=submit]');
        await page.keyboard.press('Enter');
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        assert.equal(await page.locator('.govuk-error-summary').count(), 1);
        assert.deepEqual(await summary.locator('li').allTextContents(),
          ['Enter why this is the outcome']);
        assert.equal(await summary.getByRole('link').getAttribute('href'), '#close-rationale');
        assert.match(page.url(), /\/contacts\/new$/, 'nothing was saved');
        assert.equal(await page.locator('#close-outcome').isChecked(), true, 'choice kept');
        await expectAccessible(page, 'contact-screen-outcome-error');

        await tabTo(page, '#close-rationale');
        const why = 'Information given about holiday clubs; no concerns raised.';
        await page.keyboard.type(why);
        await tabTo(page, 'button[type=submit]');
        await page.keyboard.press('Enter');

        await page.waitForURL(/\/contacts\/\d+$/);
        const banners = page.locator('.govuk-notification-banner--success');
        await banners.getByText('The outcome has been recorded').waitFor();
        assert.match(await text(banners.first()), /Contact .+ has been recorded/);
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.equal(stored.service, 'children');
        assert.equal(stored.outcome.code, 'advice_information');
        assert.equal(stored.outcome.rationale, why);
        assert.equal(await rowValue(page.locator('main'), 'Status'),
          'Closed: Advice / information');
        const outcomeList = page.locator('#outcome + .govuk-summary-list');
        assert.equal(await rowValue(outcomeList, 'Why'), why);
        const decisions = (await apiGet(page, `/api/contacts/${id}/decisions`)).body;
        assert.equal(decisions.items.length, 0, 'no decision was needed for this outcome');
        await expectAccessible(page, 'contact-page-closed-from-screen');
      });
    });

  it('records the priority a signposting workflow needs, then the outcome, in one save',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await signIn(page, 'agent');
        const hub = (await apiGet(page, '/api/teams')).body.items.find((t) => t.council === false);
        assert.ok(hub, 'the demo directory has a service outside the council');
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await page.getByLabel('Phone', { exact: true }).check();
        await page.getByLabel("Caller's name").fill('Grandparent (P4 test)');
        await page.getByLabel('A child or young person').check();
        await page.getByLabel('Summary', { exact: true }).fill('Wants parenting course details.');
        await page.getByLabel('Priority P4: signposted to universal services').check();
        const reveal = page.locator('#conditional-close-outcome-'
          + `${(await page.locator('input[name="close_code"]').evaluateAll((inputs) => inputs
            .findIndex((i) => i.value === 'l2_signposting'))) + 1}`);
        assert.match(await text(reveal), /records the child's priority as P4/);
        await page.locator('#close-rationale').fill('Universal services meet the need.');
        await page.getByRole('button', { name: 'Save contact' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        assert.deepEqual(await summary.locator('li').allTextContents(), [
          "Enter why this is the child's priority", 'Choose the service or enter what was given',
        ]);
        await expectAccessible(page, 'contact-screen-signposting-error');
        await page.locator('#close-priority-rationale').fill('One universal need, no risk.');
        await page.locator('#close-signpost-team').selectOption(String(hub.id));
        await page.locator('#close-signposted-to').fill('Course leaflet emailed.');
        await page.getByRole('button', { name: 'Save contact' }).click();
        await page.waitForURL(/\/contacts\/\d+$/);
        await page.locator('.govuk-notification-banner--success')
          .getByText('The outcome has been recorded').waitFor();
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.equal(stored.outcome.code, 'l2_signposting');
        assert.equal(stored.outcome.signposted_team_id, hub.id);
        assert.equal(stored.outcome.signposted_to, 'Course leaflet emailed.');
        const decisions = (await apiGet(page, `/api/contacts/${id}/decisions`)).body;
        assert.deepEqual(decisions.items.map((d) => [d.kind, d.value, d.rationale]),
          [['priority', 'P4', 'One universal need, no risk.']]);
        await expectAccessible(page, 'contact-page-signposted-from-screen');
      });
    });

  it('keeps the contact when the server refuses the outcome, and says why on its page',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const code = `onepage_test_${Date.now()}`;
      const label = 'Advice by the one-page test';
      let version = 0;
      await withPage({}, async (admin) => {
        await signIn(admin, 'admin');
        const added = await apiSend(admin, 'POST', '/api/outcomes', {
          code, label, group: 'both', resolved_at_front_door: true,
          c7_label: 'Advice / information', reason: 'A code the test retires while in use.',
        });
        assert.equal(added.status, 201, JSON.stringify(added.body));
        version = added.body.version;
      });
      await withPage({ allow: [[400, /^\/api\/contacts\/\d+\/outcome$/]] }, async (page) => {
        await signIn(page, 'agent');
        await page.goto('/contacts/new');
        await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
        await page.getByLabel('Email', { exact: true }).check();
        await page.getByLabel("Caller's name").fill('Refused outcome caller');
        await page.getByLabel('An adult').check();
        await page.getByLabel('Summary', { exact: true }).fill('Asked about a blue badge.');
        await page.getByLabel(label).check();
        await page.locator('#close-rationale').fill('Gave the blue badge details.');
        await expectAccessible(page, 'contact-screen-outcome-chosen');

        // While the form is open, an administrator retires the code.
        await withPage({}, async (admin) => {
          await signIn(admin, 'admin');
          const retired = await apiSend(admin, 'PUT', `/api/outcomes/${code}`, {
            active: false, version, reason: 'Retired while an agent had it chosen.',
          });
          assert.equal(retired.status, 200, JSON.stringify(retired.body));
        });

        await page.getByRole('button', { name: 'Save contact' }).click();
        await page.waitForURL(/\/contacts\/\d+$/);
        const banner = page.locator('.govuk-notification-banner')
          .filter({ hasText: 'The outcome has not been recorded' });
        await banner.waitFor();
        assert.match(await text(banner),
          new RegExp(`The outcome has not been recorded: The outcome '${code}' is no longer in `
            + 'use\\. Record it on this page'));
        await page.getByText(/Contact .+ has been recorded/).waitFor();
        // not a success: the refusal is an "Important" banner beside the contact's success one
        assert.ok(!(await banner.getAttribute('class')).includes('--success'));
        assert.match(await text(banner), /^Important/);
        const id = page.url().match(/\/contacts\/(\d+)$/)[1];
        const stored = (await apiGet(page, `/api/contacts/${id}`)).body;
        assert.equal(stored.caller_name, 'Refused outcome caller', 'the contact is kept');
        assert.equal(stored.summary, 'Asked about a blue badge.');
        assert.equal(stored.outcome, null, 'no outcome');
        assert.equal(await rowValue(page.locator('main'), 'Status'), 'Open');
        await page.locator('#outcome-code').waitFor(); // the outcome can be recorded here
        await expectAccessible(page, 'contact-page-outcome-refused');
      });
    });
});
