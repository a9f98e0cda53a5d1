// The web app's HTTP side: every page path serves the same HTML shell, and the static and vendor
// assets are served with the right types and cache validators. Rendering is for tests/browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.cleanup();
});

test('every page path serves the same HTML shell, without inline script or style', async () => {
    const bodies = [];
    for (const path of ['/', '/sign-in', '/contacts', '/contacts/new', '/contacts/12']) {
        const res = await srv.request(path);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type') || '', /^text\/html/, path);
        bodies.push(res.text);
    }
    for (const b of bodies) assert.equal(b, bodies[0]);
    const html = bodies[0];
    const appScript = html.match(/<script[^>]*\ssrc="\/static\/app\.js"[^>]*>/);
    assert.ok(appScript, 'the shell does not load /static/app.js');
    assert.match(appScript[0], /\stype="module"/, 'app.js is not loaded as a module');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/, 'inline script');
    assert.doesNotMatch(html, /\sstyle\s*=/i, 'inline style attribute (blocked by the CSP)');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'inline event handler (blocked by the CSP)');
    assert.doesNotMatch(html, /<style[\s>]/i, 'inline <style> (blocked by the CSP)');
});

test('static and vendor assets are served with their content types', async () => {
    for (const [path, type] of [
        ['/static/app.js', /^(text|application)\/javascript/],
        ['/static/app.css', /^text\/css/],
        ['/assets/govuk-frontend.min.css', /^text\/css/],
        ['/assets/govuk-frontend.min.js', /^(text|application)\/javascript/],
        ['/assets/images/favicon.ico', /^image\/(x-icon|vnd\.microsoft\.icon)/],
        ['/assets/moj/moj-frontend.min.css', /^text\/css/],
        ['/assets/moj/moj-frontend.min.js', /^(text|application)\/javascript/],
    ]) {
        const res = await srv.request(path);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type') || '', type, path);
        assert.ok(res.text.length > 0, `${path} is empty`);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
});

test('an asset with a matching ETag is 304', async () => {
    const res = await srv.request('/static/app.js');
    const etag = res.headers.get('etag');
    assert.ok(etag, 'no ETag on /static/app.js');
    const again = await srv.request('/static/app.js', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
});

test('unknown static and asset paths are 404', async () => {
    for (const path of ['/static/nope.js', '/assets/nope.css', '/assets/moj/nope.js']) {
        const res = await srv.request(path);
        assert.equal(res.status, 404, `${path}: ${res.status}`);
    }
});
