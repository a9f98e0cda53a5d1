// Browser tests of the referral screens (issue 4, C3-C5, A5, A11): the contact page's "Refer
// to a team" form (a safeguarding referral needs who was phoned and when, shown first as the
// form's own error and then sent), the contact's referrals with their state, the receiving
// team's incoming referrals (accept; return with a reason) as a manager who may allocate work,
// the written confirmation, and the clear desk. Real binary, fresh demo database, headless
// Chromium, axe-core's WCAG 2.2 AA rules on every page and no console errors.
// Run: make && node --test tests/browser/referrals.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TEST_TIMEOUT_MS = 120000;
const { withPage, expectAccessible, signIn, apiGet, apiSend } = useBrowser();

async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

const londonHm = (date) => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}).format(date);

async function teamByName(page, name) {
  const { body } = await apiGet(page, '/api/teams');
  const team = body.items.find((t) => t.name === name);
  assert.ok(team, `the demo has the team ${name}`);
  return team;
}

async function recordContact(page, caller) {
  const res = await apiSend(page, 'POST', '/api/contacts', {
    channel: 'phone',
    received_at: isoZ(Date.now() - 30 * 60000),
    caller_name: caller,
    caller_email: 'referrer@example.org',
    summary: 'Seeded by the referral screen tests.',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in');
}

describe('referrals and the clear desk in the browser', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  it('refers with a phone call, accepts, returns with a reason and clears the desk',
    { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
      await withPage({ allow: [[409, /^\/api\/referrals$/]] }, async (page) => {
        await signIn(page, 'agent');
        const hub = await teamByName(page, 'Locality Hub East');
        const assessment = await teamByName(page, 'Referral and Assessment North');
        const family = await teamByName(page, 'Family Support East');
        const first = await recordContact(page, `Referral Caller A ${Date.now()}`);
        const second = await recordContact(page, `Referral Caller B ${Date.now()}`);
        const third = await recordContact(page, `Referral Caller C ${Date.now()}`);

        // The form: a safeguarding referral without the phone call is refused on the page.
        await page.goto(`/contacts/${first.id}`);
        await page.getByRole('heading', { level: 2, name: 'Referrals' }).waitFor();
        assert.match(await text(page.locator('#referrals + p')), /No referral has been made/);
        await page.locator('#refer summary').click();
        await page.locator('#referral-team').selectOption(String(hub.id));
        await page.locator('#referral-safeguarding').check();
        await page.getByRole('button', { name: 'Send the referral' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.getByText('Enter who in the team you spoke to').waitFor();
        await summary.getByText(/Enter when you spoke to them/).waitFor();
        assert.equal((await apiGet(page, `/api/contacts/${first.id}/referrals`)).body.items.length,
          0, 'nothing was sent');
        await expectAccessible(page, 'referral-form-errors');

        // With who was phoned and when (C3), it is sent and listed as waiting.
        const phonedAt = new Date(Date.now() - 2 * 60000);
        await page.locator('#referral-phoned-to').fill('Sam Hussain, duty senior');
        await page.locator('#referral-phoned-time').fill(londonHm(phonedAt));
        await page.locator('#referral-recommendation').fill('Family support through the hub.');
        await page.getByRole('button', { name: 'Send the referral' }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText('The referral has been sent').waitFor();
        const made = (await apiGet(page, `/api/contacts/${first.id}/referrals`)).body.items;
        assert.equal(made.length, 1);
        const ref1 = made[0];
        assert.equal(ref1.safeguarding, true);
        assert.equal(ref1.to_team.id, hub.id);
        assert.equal(ref1.phoned_to, 'Sam Hussain, duty senior');
        assert.equal(ref1.state, 'pending');
        const listed = page.locator('#referrals ~ ul li', { hasText: ref1.reference });
        assert.match(await text(listed), /Waiting for the team/);
        assert.match(await text(listed), /Sam Hussain, duty senior/);
        // every record with a clock shows its time left: the 30-minute safeguarding clock
        assert.match(await text(listed), /Safeguarding referral on the team's duty workflow/);
        assert.match(await text(listed), /On time\s+\d+ minutes? left|Due soon\s+\d+ minutes? left/);
        await expectAccessible(page, 'contact-referral-sent');

        // A refusal by the server (409: the C5 gate for assessment) is shown in its words.
        await page.goto(`/contacts/${second.id}`);
        await page.locator('#refer summary').click();
        await page.locator('#referral-team').selectOption(String(assessment.id));
        await page.locator('#referral-safeguarding-2').check();
        const gate = page.waitForResponse((res) => res.url().endsWith('/api/referrals'));
        await page.getByRole('button', { name: 'Send the referral' }).click();
        const gated = await gate;
        assert.equal(gated.status(), 409);
        const { error } = await gated.json();
        await summary.getByText(error.message.slice(1, 40)).waitFor();
        assert.equal((await apiGet(page, `/api/contacts/${second.id}/referrals`)).body.items.length,
          0, 'nothing was sent');
        await expectAccessible(page, 'referral-form-refused');

        // Two more referrals, through the API: one to be returned, one left unaccepted.
        const r2 = await apiSend(page, 'POST', '/api/referrals', {
          contact_id: second.id, to_team_id: hub.id, safeguarding: false,
        });
        assert.equal(r2.status, 201, JSON.stringify(r2.body));
        const r3 = await apiSend(page, 'POST', '/api/referrals', {
          contact_id: third.id, to_team_id: family.id, safeguarding: false,
        });
        assert.equal(r3.status, 201, JSON.stringify(r3.body));

        // The agent is not in the hub: the server refuses her answer (403). The contact page
        // links to the hub's incoming referrals.
        await page.goto(`/contacts/${first.id}`);
        await page.locator('#referrals ~ ul li', { hasText: ref1.reference })
          .getByRole('link', { name: 'Locality Hub East: incoming referrals' }).click();
        await page.waitForURL(`**/referrals/team/${hub.id}`);
        await page.getByRole('rowheader', { name: new RegExp(`^${ref1.reference}`) }).waitFor();
        const refused = await apiSend(page, 'POST', `/api/referrals/${ref1.id}/accept`, {});
        assert.equal(refused.status, 403, 'an agent outside the team may not accept');
        await signOut(page);

        // The manager (may allocate work) answers from the hub's incoming referrals.
        await signIn(page, 'manager');
        await page.goto(`/referrals/team/${hub.id}`);
        await page.getByRole('heading', { level: 1, name: /Locality Hub East: incoming referrals/ })
          .waitFor();
        const { body: incoming } = await apiGet(page, `/api/teams/${hub.id}/referrals`);
        const shownRefs = await page.locator('tbody tr th').evaluateAll(
          (ths) => ths.map((th) => th.textContent.replace(/\s+/g, ' ').trim()));
        assert.deepEqual(shownRefs.map((s) => s.split(' ')[0]),
          incoming.items.map((r) => r.reference), 'the rows are the server\'s, oldest first');
        const row1 = page.locator('tbody tr', { hasText: ref1.reference });
        assert.match(await text(row1), /Safeguarding/);
        assert.match(await text(row1), new RegExp(first.reference));
        await expectAccessible(page, 'team-referrals');

        await row1.getByRole('button', { name: `Accept ${ref1.reference}` }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(`Referral ${ref1.reference} has been accepted`).waitFor();
        const accepted = (await apiGet(page, `/api/referrals/${ref1.id}`)).body;
        assert.equal(accepted.state, 'accepted');
        assert.equal(await page.locator('tbody tr', { hasText: ref1.reference }).count(), 0);

        // Return without a reason is stopped on the page; with one, it is returned.
        const row2 = page.locator('tbody tr', { hasText: r2.body.reference });
        await row2.locator('summary').click();
        await row2.getByRole('button', { name: `Return ${r2.body.reference}` }).click();
        await page.locator('.govuk-error-summary')
          .getByText('Enter why the referral is returned').waitFor();
        const reason = 'Already open to Family Support East; please refer there.';
        await row2.getByLabel(`Why ${r2.body.reference} is returned`).fill(reason);
        // govuk-frontend's button ignores a second press within a second (double-click guard).
        await page.waitForTimeout(1100);
        await row2.getByRole('button', { name: `Return ${r2.body.reference}` }).click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(`Referral ${r2.body.reference} has been returned`).waitFor();
        const returned = (await apiGet(page, `/api/referrals/${r2.body.id}`)).body;
        assert.equal(returned.state, 'returned');
        assert.equal(returned.return_reason, reason);
        assert.equal(await page.locator('tbody tr', { hasText: r2.body.reference }).count(), 0,
          'the returned referral is no longer waiting');
        const left = (await apiGet(page, `/api/teams/${hub.id}/referrals`)).body.items;
        assert.equal(await page.locator('tbody tr').count(), left.length);
        await expectAccessible(page, 'team-referrals-answered');
        await signOut(page);

        // The agent's contact page shows the states; she sends the written confirmation.
        await signIn(page, 'agent');
        await page.goto(`/contacts/${first.id}`);
        const item = page.locator('#referrals ~ ul li', { hasText: ref1.reference });
        assert.match(await text(item), /Accepted/);
        await item.getByText(`Preview and send the written confirmation for ${ref1.reference}`)
          .click();
        await item.getByRole('button', { name: `Send written confirmation for ${ref1.reference}` })
          .click();
        await page.locator('.govuk-notification-banner--success')
          .getByText(`The written confirmation for ${ref1.reference} has been sent`).waitFor();
        const conf = (await apiGet(page, `/api/referrals/${ref1.id}/confirmation`)).body;
        assert.equal(conf.sent, true);
        assert.match(await text(page.locator('#referrals ~ ul li', { hasText: ref1.reference })),
          /Written confirmation\s*Sent \d/);
        await page.goto(`/contacts/${second.id}`);
        const item2 = page.locator('#referrals ~ ul li', { hasText: r2.body.reference });
        assert.match(await text(item2), /Returned/);
        assert.ok((await text(item2)).includes(reason));
        await expectAccessible(page, 'contact-referral-returned');

        // The clear desk: her unaccepted referral and her returned one, with contacts linked.
        await page.goto(`/referrals/team/${hub.id}`);
        await page.getByRole('link', { name: 'Locality Hub East: clear desk' }).waitFor();
        await page.goto('/clear-desk');
        await page.getByRole('heading', { level: 1, name: 'Your clear desk' }).waitFor();
        const { body: desk } = await apiGet(page, '/api/clear-desk');
        assert.ok(desk.referrals_pending.some((r) => r.id === r3.body.id),
          'the server lists the unaccepted referral');
        const pendingTable = page.locator('#desk-pending + .app-table-scroll');
        const pendingRow = pendingTable.locator('tbody tr', { hasText: r3.body.reference });
        await pendingRow.getByRole('link', { name: third.reference }).waitFor();
        assert.equal(await pendingTable.locator('tbody tr').count(), desk.referrals_pending.length);
        assert.equal(await pendingTable.getByText(ref1.reference).count(), 0,
          'the accepted referral is off the desk');
        assert.ok(desk.referrals_returned.some((r) => r.id === r2.body.id),
          'the server lists the referral returned today');
        const returnedRow = page.locator('#desk-returned + .app-table-scroll tbody tr',
          { hasText: r2.body.reference });
        assert.ok((await text(returnedRow)).includes(reason), 'with why it was returned');
        const openShown = await page.locator('#desk-contacts ~ ul li a').count();
        assert.equal(openShown, desk.contacts_without_outcome.length);
        await expectAccessible(page, 'clear-desk');
      });
    });

  it('previews the written confirmation, asks for the referrer\'s address when there is none, '
    + 'and shows what was sent, when and by whom (C3, C4)', { timeout: TEST_TIMEOUT_MS },
  async () => {
    await withPage({ allow: [[400, /^\/api\/referrals\/\d+\/confirmation$/]] }, async (page) => {
      await signIn(page, 'agent');
      const hub = await teamByName(page, 'Locality Hub East');
      const caller = `No Email Caller ${Date.now()}`;
      const res = await apiSend(page, 'POST', '/api/contacts', {
        channel: 'phone',
        received_at: isoZ(Date.now() - 20 * 60000),
        caller_name: caller,
        summary: 'A referrer who left no email address.',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const contact = res.body;
      const made = await apiSend(page, 'POST', '/api/referrals', {
        contact_id: contact.id, to_team_id: hub.id, safeguarding: false,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const ref = made.body;

      await page.goto(`/contacts/${contact.id}`);
      const item = page.locator('#referrals ~ ul li', { hasText: ref.reference });
      await item.getByText(`Preview and send the written confirmation for ${ref.reference}`)
        .click();
      // the preview is the server's text, before anything is sent
      const { body: preview } = await apiGet(page, `/api/referrals/${ref.id}/confirmation`);
      assert.equal(preview.sent, false);
      assert.equal(preview.to, null);
      const shown = item.locator('.govuk-inset-text');
      await shown.waitFor();
      assert.equal((await shown.textContent()).trim(), preview.text.trim());
      assert.match(await text(shown), new RegExp(`Dear ${caller}`));
      const input = item.getByLabel('The referrer\'s email address');
      await input.waitFor();
      assert.match(await text(item), /The contact has no email address for the referrer/);
      await expectAccessible(page, 'referral-confirmation-preview');

      // no address: asked for one on the page, nothing sent
      const sendButton = item.getByRole('button',
        { name: `Send written confirmation for ${ref.reference}` });
      await sendButton.click();
      const summary = page.locator('.govuk-error-summary');
      await summary.getByText('Enter the referrer\'s email address').waitFor();
      // a wrong address: the server's words, on the field
      await input.fill('not an address');
      await page.waitForTimeout(1100); // govuk-frontend's double-click guard
      const refusedAt = page.waitForResponse((r) => r.url().endsWith(`/api/referrals/${ref.id}/confirmation`)
        && r.request().method() === 'POST');
      await item.getByRole('button', { name: `Send written confirmation for ${ref.reference}` })
        .click();
      const refused = await refusedAt;
      assert.equal(refused.status(), 400);
      const { error } = await refused.json();
      assert.equal(error.field, 'to');
      await summary.getByText(error.message.slice(1, 30)).waitFor();
      await item.locator('.govuk-error-message').waitFor();
      assert.equal((await apiGet(page, `/api/referrals/${ref.id}`)).body.confirmation_sent_at,
        null, 'nothing was sent');
      await expectAccessible(page, 'referral-confirmation-address-refused');

      await item.getByLabel('The referrer\'s email address').fill('referrer@school.example');
      await page.waitForTimeout(1100);
      await item.getByRole('button', { name: `Send written confirmation for ${ref.reference}` })
        .click();
      await page.locator('.govuk-notification-banner--success')
        .getByText(`The written confirmation for ${ref.reference} has been sent`).waitFor();
      const { body: sent } = await apiGet(page, `/api/referrals/${ref.id}/confirmation`);
      assert.equal(sent.sent, true);
      assert.equal(sent.to, 'referrer@school.example');
      assert.equal(sent.text, preview.text, 'what was sent is what was previewed');

      // once sent: what was sent, to whom, when and by whom
      const after = page.locator('#referrals ~ ul li', { hasText: ref.reference });
      await after.getByText(`The written confirmation sent for ${ref.reference}`).click();
      const sentText = after.locator('.govuk-inset-text');
      await sentText.waitFor();
      assert.equal((await sentText.textContent()).trim(), sent.text.trim());
      const facts = await text(after.locator('.govuk-details .govuk-summary-list'));
      assert.match(facts, /Sent to\s*referrer@school\.example/);
      assert.ok(facts.includes(`by ${sent.sent_by.name}`), facts);
      assert.equal(await after.getByRole('button', { name: /Send written confirmation/ }).count(), 0);
      await expectAccessible(page, 'referral-confirmation-sent');
    });
  });
});
