// Browser tests of the contact page's follow-up work (issue 4: W3, W5, W6, W7, W12, A12): on
// the demo's call from a care leaver whose PA is Priya Shah, an agent records a written
// contact (the form's own errors first), records a service suspended on behalf of the
// allocated team and is told who was alerted, sets a follow-up task (nothing pre-selected; the
// form's errors first) and marks it done; on a contact made from an email (POST
// /api/intake/email with an intake:email token) the attachment is listed with its type, size
// and a download link, and the server's refusal of work on behalf of nobody is shown in its
// words. Real binary, fresh demo database, headless Chromium, axe-core's WCAG 2.2 AA rules on
// every page state shown and no console errors.
// Run: make && node --test tests/browser/contact-work.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { useBrowser } from './page-checks.mjs';
import { ROOT } from './server.mjs';

const TEST_TIMEOUT_MS = 120000;
const checks = useBrowser();
const { withPage, expectAccessible, signIn, apiGet } = checks;

async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

/* The value of the summary list row whose key is key, inside scope. */
async function rowValue(scope, key) {
  const row = scope.locator('.govuk-summary-list__row', {
    has: scope.page().locator('dt', { hasText: new RegExp(`^${key}$`) }),
  });
  return text(row.locator('dd'));
}

async function banner(page, words) {
  await page.locator('.govuk-notification-banner--success').getByText(words, { exact: true })
    .waitFor();
}

/* Tomorrow's date in London, as the GOV.UK date input's three fields. */
function tomorrowInLondon() {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric',
  }).formatToParts(new Date(Date.now() + 24 * 3600 * 1000));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { day: get('day'), month: get('month'), year: get('year') };
}

async function leaverContact(page) {
  const { body } = await apiGet(page, '/api/contacts?limit=100');
  const c = body.items.find((x) => x.caller_name === 'Care leaver (aged 19)');
  assert.ok(c, 'the demo has the care leaver\'s call');
  return c;
}

const CRLF = '\r\n';

/* A raw email with a text body and one PDF attachment. */
function mailWithPdf(filename, pdf) {
  const boundary = 'contact-work-boundary';
  return Buffer.from([
    'From: Wendy Warden <warden@sheltered.example.org>',
    'To: firstresponse@council.example.gov.uk',
    'Subject: Referral form for Mr Test',
    'Date: Mon, 23 Nov 2026 09:15:00 +0000',
    'Message-ID: <contact-work-001@sheltered.example.org>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Mr Test has had two falls this week. The referral form is attached.',
    `--${boundary}`,
    `Content-Type: application/pdf; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64').replace(/.{76}/g, `$&${CRLF}`),
    `--${boundary}--`,
    '',
  ].join(CRLF));
}

describe('the contact page\'s follow-up work in the browser', { timeout: TEST_TIMEOUT_MS * 3 },
  () => {
    it('records a written contact and work on behalf, sets a follow-up and marks it done',
      { timeout: TEST_TIMEOUT_MS }, async () => {
        await withPage({}, async (page) => {
          await signIn(page, 'agent');
          const me = (await apiGet(page, '/api/session')).body.user;
          const c = await leaverContact(page);
          const { body: workers } = await apiGet(page, '/api/workers');
          const priya = workers.items.find((w) => w.staff_number === 'W1003');
          assert.ok(priya, 'the demo has the PA');

          await page.goto(`/contacts/${c.id}`);
          await page.getByRole('heading', { level: 2, name: 'Tasks' }).waitFor();
          await page.getByRole('heading', { level: 2, name: 'Written contacts' }).waitFor();
          await page.getByRole('heading', { level: 2, name: 'Done on behalf of the allocated team' })
            .waitFor();
          const demoTasks = (await apiGet(page, `/api/contacts/${c.id}/tasks`)).body.items;
          assert.ok(demoTasks.length > 0, 'the demo set tasks on this contact');
          const taskTable = page.locator('table', { has: page.locator('caption',
            { hasText: 'on this contact' }) });
          assert.equal(await taskTable.locator('tbody tr').count(), demoTasks.length,
            'one row per task the server lists');
          for (const t of demoTasks) {
            const row = taskTable.locator('tbody tr', { hasText: t.note });
            const shown = await text(row);
            assert.ok(shown.includes(t.label), `the kind of task ${t.id}`);
            assert.ok(shown.includes(t.owner ? t.owner.name : t.team.name), `its owner`);
          }
          assert.equal(await page.getByRole('heading', { level: 2, name: 'Attachments' }).count(),
            0, 'no attachments section without attachments');
          await expectAccessible(page, 'contact-work');

          // A written contact: the form's own errors first, nothing recorded.
          await page.locator('#record-written summary').click();
          await page.getByRole('button', { name: 'Record the written contact' }).click();
          const summary = page.locator('.govuk-error-summary');
          await summary.getByText('Enter what the written item is').waitFor();
          await summary.getByText('Enter where the item is stored').waitFor();
          await summary.getByText('Choose who sends the acknowledgement').waitFor();
          assert.equal(await page.locator('#written-description-error').count(), 1);
          assert.equal((await apiGet(page, `/api/contacts/${c.id}/written-items`)).body.items
            .length, 0, 'nothing was recorded');
          await expectAccessible(page, 'written-errors');

          const description = 'Letter from the landlord dated 20 November (notice to quit)';
          await page.locator('#written-worker').selectOption(String(priya.id));
          await page.locator('#written-description').fill(description);
          await page.locator('#written-stored-at').fill('Scanned to the contact; original in '
            + 'the post room safe');
          await page.locator('#written-wants-original').check();
          await page.getByLabel('The front door', { exact: true }).check();
          await page.waitForTimeout(1100); // govuk-frontend's double-click guard
          await page.getByRole('button', { name: 'Record the written contact' }).click();
          await banner(page, `The written contact has been recorded. ${priya.name} has been told `
            + 'in frontdoor and by email');
          const written = (await apiGet(page, `/api/contacts/${c.id}/written-items`)).body.items;
          assert.equal(written.length, 1);
          assert.equal(written[0].description, description);
          assert.equal(written[0].worker.id, priya.id);
          assert.equal(written[0].wants_original, true);
          assert.equal(written[0].can_act_in_time, null, 'not answered: not known yet');
          assert.equal(written[0].acknowledged_by, 'front_door');
          const item = page.locator('#written-list li', { hasText: description });
          assert.equal(await rowValue(item, 'For'), priya.name);
          assert.equal(await rowValue(item, 'Told'), `${priya.name}, in frontdoor and by email`);
          assert.equal(await item.getAttribute('id'), `written-item-${written[0].id}`,
            'the message to the worker links to the item');
          assert.equal(await rowValue(item, 'Wants the original'), 'Yes');
          assert.equal(await rowValue(item, 'Acknowledgement sent by'), 'The front door');
          await expectAccessible(page, 'written-recorded');

          // Work on behalf of the allocated team: the banner says who was alerted.
          await page.locator('#record-on-behalf summary').click();
          await page.getByLabel('Suspend a service').check();
          const details = 'Admitted to the General on 22 November: home care suspended from '
            + 'today.';
          await page.locator('#behalf-details').fill(details);
          await page.getByRole('button', { name: 'Record it and alert the worker' }).click();
          await page.locator('.govuk-notification-banner--success').waitFor();
          const behalf = (await apiGet(page, `/api/contacts/${c.id}/on-behalf`)).body.items;
          assert.equal(behalf.length, 1);
          const a = behalf[0];
          assert.equal(a.kind, 'suspend_service');
          assert.equal(a.details, details);
          assert.equal(a.worker.id, priya.id, 'the allocated worker was alerted');
          const ways = [a.in_app_message_id ? 'in frontdoor' : null,
            a.email_message_id ? 'by email' : null].filter(Boolean);
          assert.ok(ways.length > 0, 'the server queued an alert');
          await banner(page, `${a.label} has been recorded. The allocated worker, ${a.worker.name}, `
            + `has been alerted ${ways.join(' and ')}`);
          const done = page.locator('#on-behalf-list li', { hasText: details });
          assert.equal(await rowValue(done, 'Alerted'), `${a.worker.name}, ${ways.join(' and ')}`);
          await expectAccessible(page, 'on-behalf-recorded');

          // A follow-up task: nothing pre-selected, the form's errors first.
          await page.locator('#set-task summary').click();
          assert.equal(await page.locator('input[name="kind"]:checked').count(), 0,
            'no kind is pre-selected');
          assert.equal(await page.locator('#task-owner').inputValue(), '', 'no owner chosen');
          await page.getByRole('button', { name: 'Set the task' }).click();
          await summary.getByText('Choose what kind of task it is').waitFor();
          await summary.getByText('Enter what is to be done').waitFor();
          await summary.getByText('Enter the date the task is due').waitFor();
          assert.equal((await apiGet(page, `/api/contacts/${c.id}/tasks`)).body.items.length,
            demoTasks.length, 'nothing was set');
          await expectAccessible(page, 'task-errors');

          await page.getByLabel('Follow-up agreed with the allocated worker').check();
          await page.locator('#task-agreed-with').fill('Priya Shah (PA), by phone');
          const note = 'Ring him to check the hospital discharge date and restart the care.';
          await page.locator('#task-note').fill(note);
          const due = tomorrowInLondon();
          await page.locator('#task-due-day').fill(due.day);
          await page.locator('#task-due-month').fill(due.month);
          await page.locator('#task-due-year').fill(due.year);
          await page.locator('#task-due-time').fill('10:30');
          await page.waitForTimeout(1100);
          await page.getByRole('button', { name: 'Set the task' }).click();
          await page.locator('.govuk-notification-banner--success').waitFor();
          const tasks = (await apiGet(page, `/api/contacts/${c.id}/tasks`)).body.items;
          assert.equal(tasks.length, demoTasks.length + 1);
          const set = tasks.find((t) => t.note === note);
          assert.ok(set, 'the task was set');
          assert.equal(set.kind, 'follow_up');
          assert.equal(set.agreed_with, 'Priya Shah (PA), by phone');
          assert.equal(set.owner.id, me.id, 'without an owner chosen it is the agent\'s');
          assert.equal(set.state, 'open');
          await banner(page, `The task "${set.label}" has been set for ${set.owner.name}`);
          const row = taskTable.locator('tbody tr', { hasText: note });
          assert.match(await text(row), /Open/);
          assert.match(await text(row), /10:30am/);
          await expectAccessible(page, 'task-set');

          await row.getByRole('button', { name: /^Mark done/ }).click();
          await banner(page, `The task "${set.label}" has been marked done`);
          const closed = (await apiGet(page, `/api/tasks/${set.id}`)).body;
          assert.equal(closed.state, 'done');
          assert.equal(closed.closed_by.id, me.id);
          const doneRow = taskTable.locator('tbody tr', { hasText: note });
          assert.match(await text(doneRow), /Done/);
          assert.equal(await doneRow.getByRole('button').count(), 0, 'no Mark done once done');
          await expectAccessible(page, 'task-done');
        });
      });

    it('lists an email\'s attachment, and shows the server\'s refusal in its words',
      { timeout: TEST_TIMEOUT_MS }, async (t) => {
        if (!checks.server.db) {
          t.skip('needs a server of its own (FRONTDOOR_TEST_URL is set)');
          return;
        }
        const bin = path.resolve(ROOT, process.env.FRONTDOOR_BIN || 'build/frontdoor');
        const token = execFileSync(bin, ['token', 'add', '--db', checks.server.db, '--name',
          'Mail gateway', '--scope', 'intake:email'], { encoding: 'utf8' }).trim();
        const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 7),
          Buffer.from('\n%%EOF\n')]);
        const filename = 'referral form.pdf';
        const res = await fetch(`${checks.server.url}/api/intake/email`, {
          method: 'POST',
          headers: { 'Content-Type': 'message/rfc822', Authorization: `Bearer ${token}` },
          body: mailWithPdf(filename, pdf),
        });
        const made = await res.json();
        assert.equal(res.status, 201, JSON.stringify(made));
        assert.equal(made.attachments, 1);

        await withPage({ allow: [[409, /\/on-behalf$/]] }, async (page) => {
          await signIn(page, 'agent');
          const listed = (await apiGet(page, `/api/contacts/${made.id}/attachments`)).body.items;
          assert.equal(listed.length, 1);
          const a = listed[0];
          await page.goto(`/contacts/${made.id}`);
          await page.getByRole('heading', { level: 2, name: 'Attachments' }).waitFor();
          const row = page.locator('table', {
            has: page.locator('caption', { hasText: 'attached to the email' }),
          }).locator('tbody tr');
          assert.equal(await row.count(), 1);
          const cells = await row.locator('th, td').evaluateAll(
            (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
          assert.equal(cells[0], filename);
          assert.equal(cells[1], 'PDF document');
          assert.equal(cells[2], `${Math.round(a.size / 1024)} KB`, 'the size in words');
          const download = row.getByRole('link', { name: `Download ${filename}` });
          assert.equal(await download.getAttribute('href'), a.href);
          const got = await page.request.get(a.href);
          assert.equal(got.status(), 200);
          assert.ok(Buffer.from(await got.body()).equals(pdf), 'the link gives the file');
          await expectAccessible(page, 'contact-attachments');

          // Nobody is allocated to the persons on an email's contact: the server asks who to
          // alert, and the page says so on the worker field.
          await page.locator('#record-on-behalf summary').click();
          await page.getByLabel('Complete a referral').check();
          await page.locator('#behalf-details').fill('Completed the falls referral to the '
            + 'community therapy team.');
          const answer = page.waitForResponse((r) => r.url().endsWith(`/contacts/${made.id}`
            + '/on-behalf') && r.request().method() === 'POST');
          await page.getByRole('button', { name: 'Record it and alert the worker' }).click();
          const refused = await answer;
          assert.equal(refused.status(), 409);
          const { error } = await refused.json();
          assert.equal(error.field, 'worker_id');
          const said = error.message[0].toUpperCase() + error.message.slice(1);
          await page.locator('.govuk-error-summary').getByRole('link', { name: said }).waitFor();
          await page.locator('#behalf-worker-error').getByText(said).waitFor();
          assert.equal((await apiGet(page, `/api/contacts/${made.id}/on-behalf`)).body.items
            .length, 0, 'nothing was recorded');
          await expectAccessible(page, 'on-behalf-refused');
        });
      });
  });
