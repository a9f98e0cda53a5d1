// Health, metrics, OpenAPI document and security headers.
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

// Parses Prometheus text exposition into [{name, labels, value}] and checks every line's syntax.
function parseProm(text) {
    const samples = [];
    const sampleRe = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    for (const line of text.split('\n')) {
        if (line === '') continue;
        if (line.startsWith('#')) {
            assert.match(line, /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|^#/, line);
            continue;
        }
        const m = sampleRe.exec(line);
        assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
        const labels = {};
        for (const l of (m[3] || '').matchAll(labelRe)) labels[l[1]] = l[2];
        const value = Number(m[4]);
        assert.ok(!Number.isNaN(value) || /^[+-]?(Inf|NaN)$/.test(m[4]), line);
        samples.push({ name: m[1], labels, value });
    }
    return samples;
}

// The request counter series for route /healthz and status 200, whatever the label names.
function healthzSeries(samples) {
    return samples.filter((s) => {
        // The route label may carry the method too ("GET /healthz").
        const vals = Object.values(s.labels);
        return vals.some((v) => /(^|\s)\/healthz$/.test(v)) && vals.includes('200');
    });
}

test('GET /healthz is 200 with database ok', async () => {
    const res = await srv.request('/healthz');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^application\/json/);
    assert.equal(res.json.status, 'ok');
    assert.equal(res.json.database, 'ok');
});

test('GET /metrics is Prometheus text and counts requests by route and status', async () => {
    const first = await srv.request('/metrics');
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') || '', /^text\/plain/);
    const before = healthzSeries(parseProm(first.text));
    assert.ok(before.length >= 1, `no series labelled with /healthz and 200 in:\n${first.text}`);

    const n = 3;
    for (let i = 0; i < n; i++) assert.equal((await srv.request('/healthz')).status, 200);
    // A 404 should be counted under its own status.
    const nf = await srv.request('/api/no-such-route');
    assert.equal(nf.status, 404);

    const second = await srv.request('/metrics');
    assert.equal(second.status, 200);
    const samples = parseProm(second.text);
    const after = healthzSeries(samples);
    for (const b of before) {
        const a = after.find(
            (s) => s.name === b.name && JSON.stringify(s.labels) === JSON.stringify(b.labels),
        );
        assert.ok(a, `series ${b.name}${JSON.stringify(b.labels)} disappeared`);
        if (b.name.endsWith('_total') || b.name.endsWith('_count')) {
            assert.ok(a.value >= b.value + n, `${b.name} went from ${b.value} to ${a.value}`);
        }
    }
    assert.ok(
        before.some((b) => b.name.endsWith('_total') || b.name.endsWith('_count')),
        'no request counter (_total) for /healthz 200',
    );
    const has404 = samples.some((s) => Object.values(s.labels).includes('404') && s.value >= 1);
    assert.ok(has404, 'no series counting the 404');
});

test('GET /api/openapi.json is an OpenAPI 3.1 document covering the API', async () => {
    const res = await srv.request('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^application\/(json|openapi\+json)/);
    const doc = JSON.parse(res.text);
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
    for (const p of [
        '/api/session',
        '/api/contacts',
        '/api/contacts/{id}',
        '/api/audit',
        '/healthz',
        '/metrics',
    ]) {
        assert.ok(doc.paths?.[p], `openapi paths lack ${p}`);
    }
    assert.ok(doc.paths['/api/session'].post, 'POST /api/session not documented');
    assert.ok(doc.paths['/api/contacts'].post, 'POST /api/contacts not documented');
    assert.ok(doc.paths['/api/contacts'].get, 'GET /api/contacts not documented');
    assert.ok(doc.paths['/api/contacts/{id}'].get, 'GET /api/contacts/{id} not documented');
});

function checkSecurityHeaders(res) {
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp, 'no Content-Security-Policy');
    const directives = new Map(
        csp
            .split(';')
            .map((d) => d.trim())
            .filter(Boolean)
            .map((d) => {
                const [name, ...vals] = d.split(/\s+/);
                return [name.toLowerCase(), vals];
            }),
    );
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], csp);
    const scriptSrc = directives.get('script-src') || directives.get('default-src');
    assert.ok(scriptSrc, `no script-src or default-src in ${csp}`);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), `script-src allows unsafe-inline: ${csp}`);
    assert.ok(!scriptSrc.includes("'unsafe-eval'"), `script-src allows unsafe-eval: ${csp}`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const rp = res.headers.get('referrer-policy');
    assert.ok(rp, 'no Referrer-Policy');
    assert.match(
        rp,
        new RegExp(
            '^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin|origin|' +
                'origin-when-cross-origin|no-referrer-when-downgrade)$',
        ),
    );
}

test('security headers on an API response', async () => {
    const res = await srv.request('/api/session');
    assert.equal(res.status, 401);
    checkSecurityHeaders(res);
    checkSecurityHeaders(await srv.request('/healthz'));
});

test('security headers on the HTML page /contacts', async () => {
    const res = await srv.request('/contacts');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^text\/html/);
    assert.match(res.text, /<script[^>]+src="\/static\/app\.js"/);
    assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/, 'inline script in HTML');
    checkSecurityHeaders(res);
});
