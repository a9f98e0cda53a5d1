// Shared checks for the browser tests of the directory and deadline pages: a real server and a
// headless Chromium per test file (server.mjs), a fresh browser context per test that fails on
// any console error, uncaught exception, failed request or 5xx answer, axe-core's WCAG 2.2 AA
// rules, and signing in through the form. It holds no test of its own.
// FRONTDOOR_SCREENSHOTS=DIR saves a full-page screenshot of each page checked with axe into DIR.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, ROOT, launchBrowser, startServer } from './server.mjs';

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCREENSHOTS = process.env.FRONTDOOR_SCREENSHOTS || '';

/*
 * useBrowser({ env }): starts a server (with env added to its environment, e.g. the test clock)
 * and a browser before the file's tests and stops both after them. Returns the helpers below,
 * bound to that server and browser.
 */
export function useBrowser({ env = {} } = {}) {
  const ctx = { server: null, browser: null };
  before(async () => {
    Object.assign(process.env, env);
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return {
    get server() {
      return ctx.server;
    },
    withPage: (options, fn) => withPage(ctx, options, fn),
    expectAccessible,
    signIn,
    apiGet,
    apiSend,
  };
}

/*
 * withPage(ctx, { allow }, fn): runs fn(page) in a fresh browser context (no cookies), then
 * closes it. Console errors, uncaught exceptions, failed requests and 5xx answers are recorded;
 * if fn fails they are added to its error, and if it passes there must be none. Chromium logs
 * a console error for every 4xx answer: only 401 to GET /api/session (nobody signed in) and
 * those listed in allow as [status, pathname RegExp] are expected.
 */
async function withPage(ctx, { allow = [], viewport } = {}, fn) {
  const allowed = [[401, /^\/api\/session$/], ...allow];
  const context = await ctx.browser.newContext({
    baseURL: ctx.server.url, viewport: viewport || { width: 1100, height: 900 },
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location()?.url || '';
    const status = /status of (\d{3})/.exec(msg.text());
    const pathname = at ? new URL(at).pathname : '';
    const expected = status && allowed.some(([code, re]) => Number(status[1]) === code
      && re.test(pathname));
    if (!expected) problems.push(`console error: ${msg.text()} (${at})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`server error: ${res.status()} ${res.url()}`);
  });
  try {
    await fn(page);
  } catch (err) {
    if (problems.length) err.message += `\nwhile the page reported:\n  ${problems.join('\n  ')}`;
    throw err;
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'no console errors, uncaught exceptions or failed requests');
}

/* Runs axe-core on the page and fails on any WCAG 2.2 AA violation, printing them all. */
async function expectAccessible(page, what) {
  if (SCREENSHOTS) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${what}.png`), fullPage: true });
  }
  await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      })),
    };
  }, AXE_TAGS);
  assert.ok(passes > 0, `axe checked something on ${what}`);
  if (violations.length) {
    console.log(`axe violations on ${what}:\n${JSON.stringify(violations, null, 2)}`);
  }
  assert.deepEqual(violations, [], `axe found WCAG violations on ${what}`);
}

async function signIn(page, username) {
  await page.goto('/sign-in');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/contacts');
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
}

/* The API with the page's cookie, as its signed-in user. */
async function apiGet(page, url) {
  const res = await page.request.get(url);
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : null };
}

/* A state-changing request with the session's CSRF token. */
async function apiSend(page, method, url, data) {
  const session = await apiGet(page, '/api/session');
  assert.equal(session.status, 200, 'signed in');
  const res = await page.request.fetch(url, {
    method,
    headers: { 'X-CSRF-Token': session.body.csrf_token },
    data,
  });
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : null };
}
