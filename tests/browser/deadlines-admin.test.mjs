// Browser tests of the deadline administration pages (issue 5): an administrator changes the
// letter policy's target with a reason, a missing reason shows the error summary, and the
// Monday duty manager is changed on the rota page; the API must agree, axe must find no WCAG
// 2.2 AA violation and the pages must log no console errors. Run: node --test tests/browser/

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './page-checks.mjs';

const TIMEOUT = 90000;
const { withPage, expectAccessible, signIn, apiGet } = useBrowser();

describe('deadline administration in the browser', { timeout: TIMEOUT * 3 }, () => {
  it('changes the letter policy target, and refuses a change without a reason',
    { timeout: TIMEOUT }, async () => {
      await withPage({ allow: [[400, /^\/api\/sla-policies\/\d+$/]] }, async (page) => {
        await signIn(page, 'admin');
        const before = await apiGet(page, '/api/sla-policies');
        const letter = before.body.items.find((p) => /letter/i.test(p.name));
        assert.ok(letter, `a letter policy: ${before.body.items.map((p) => p.name).join(', ')}`);
        assert.equal(letter.target, 5);
        await page.goto('/deadlines');
        await page.getByRole('link', { name: 'Deadline policies' }).click();
        await page.getByRole('heading', { level: 1, name: 'Deadline policies' }).waitFor();
        await expectAccessible(page, 'deadline-policies');

        const form = page.locator('form', { hasText: `Change ${letter.name}` });
        await form.getByLabel(/^Target/).fill('6');
        await form.getByRole('button', { name: 'Save policy' }).click();
        const summary = page.locator('.govuk-error-summary');
        await summary.waitFor();
        const problemLink = summary.getByRole('link', { name: 'Enter the reason for the change' });
        assert.equal(await problemLink.getAttribute('href'), `#reason-${letter.id}`);
        assert.equal(await form.getByLabel(/^Target/).inputValue(), '6', 'the entry is kept');
        assert.equal((await apiGet(page, `/api/sla-policies/${letter.id}`)).body.target, 5);
        await expectAccessible(page, 'deadline-policies-error');

        await form.getByLabel('Reason for the change').fill('Browser test: council agreed 6 days');
        await form.getByRole('button', { name: 'Save policy' }).click();
        await page.getByText(`now version ${letter.version + 1}`).waitFor();
        const row = page.locator('tbody tr', { hasText: letter.name });
        assert.match(await row.textContent(), /6 working days/);
        const after = await apiGet(page, `/api/sla-policies/${letter.id}`);
        assert.equal(after.body.target, 6);
        assert.equal(after.body.version, letter.version + 1);
      });
    });

  it("changes Monday's duty manager", { timeout: TIMEOUT }, async () => {
    await withPage({}, async (page) => {
      await signIn(page, 'admin');
      const before = (await apiGet(page, '/api/escalation-contacts')).body;
      const workers = (await apiGet(page, '/api/workers')).body.items;
      const monday = before.duty_manager_rota.find((r) => r.weekday === 'monday');
      const pick = workers.find((w) => !monday.duty_manager
        || w.id !== monday.duty_manager.worker_id);
      assert.ok(pick, 'a worker to choose');
      await page.goto('/deadlines');
      await page.getByRole('link', { name: 'Duty rota and escalation contacts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Duty rota and escalation contacts' })
        .waitFor();
      await expectAccessible(page, 'duty-rota');
      await page.getByLabel('Monday duty manager').selectOption(String(pick.id));
      await page.getByRole('button', { name: 'Save rota' }).click();
      await page.getByText('Rota and contacts saved').waitFor();
      const row = page.locator('tbody tr', { hasText: 'Monday' });
      assert.ok((await row.textContent()).includes(pick.name), await row.textContent());
      const after = (await apiGet(page, '/api/escalation-contacts')).body;
      assert.equal(after.duty_manager_rota.find((r) => r.weekday === 'monday')
        .duty_manager.worker_id, pick.id);
    });
  });
});
