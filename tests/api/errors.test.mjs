// CSRF protection and every error status of the contract. After each rejected request the
// contact total is checked again: a rejected request must store nothing.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, contactBody, errorOf } from './server.mjs';

let srv;
let agent;
let manager;
let totalBefore;

before(async () => {
    srv = await startServer();
    agent = await srv.signIn('agent');
    manager = await srv.signIn('manager');
    // One stored contact, so "unchanged" is checked against a non-empty list.
    const res = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
    assert.equal(res.status, 201, res.text);
});
after(async () => {
    await srv?.cleanup();
});
beforeEach(async () => {
    totalBefore = await srv.contactTotal(manager);
});
afterEach(async () => {
    assert.equal(await srv.contactTotal(manager), totalBefore, 'a rejected request stored a contact');
});

// Asserts status, JSON content type and error code; returns the error object.
function expectError(res, status, code) {
    assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${res.text}`);
    assert.match(res.headers.get('content-type') || '', /^application\/json/);
    const e = errorOf(res);
    assert.equal(e.code, code);
    assert.ok(e.message.length > 0, 'empty error message');
    return e;
}

function post(body, opts = {}) {
    return srv.as(agent, '/api/contacts', { method: 'POST', json: body, ...opts });
}

test('CSRF: cookie without X-CSRF-Token is 403 csrf', async () => {
    const res = await srv.request('/api/contacts', {
        method: 'POST',
        cookie: agent.cookie,
        json: contactBody(),
    });
    const e = expectError(res, 403, 'csrf');
    assert.equal(e.field, undefined);
});

test('CSRF: wrong token is 403 csrf', async () => {
    const res = await srv.request('/api/contacts', {
        method: 'POST',
        cookie: agent.cookie,
        csrf: `${agent.csrf}x`,
        json: contactBody(),
    });
    expectError(res, 403, 'csrf');
});

test("CSRF: another session's token is 403 csrf", async () => {
    assert.notEqual(agent.csrf, manager.csrf);
    const res = await srv.request('/api/contacts', {
        method: 'POST',
        cookie: agent.cookie,
        csrf: manager.csrf,
        json: contactBody(),
    });
    expectError(res, 403, 'csrf');
});

test('CSRF: empty token is 403 csrf', async () => {
    const res = await srv.request('/api/contacts', {
        method: 'POST',
        cookie: agent.cookie,
        headers: { 'X-CSRF-Token': '' },
        json: contactBody(),
    });
    expectError(res, 403, 'csrf');
});

test('malformed JSON is 400 invalid_json', async () => {
    for (const body of ['{"channel": "phone",', 'not json', '', '[1,2', '{"a":1}{"b":2}']) {
        const res = await srv.as(agent, '/api/contacts', {
            method: 'POST',
            body,
            contentType: 'application/json',
        });
        const e = expectError(res, 400, 'invalid_json');
        assert.equal(e.field, undefined, `field set for malformed body ${JSON.stringify(body)}`);
    }
});

test('a JSON body that is not an object is 400', async () => {
    for (const body of ['[]', '"phone"', '42', 'null']) {
        const res = await srv.as(agent, '/api/contacts', {
            method: 'POST',
            body,
            contentType: 'application/json',
        });
        assert.equal(res.status, 400, `${body}: ${res.status} ${res.text}`);
        assert.ok(['invalid_json', 'invalid'].includes(errorOf(res).code));
    }
});

test('duplicate keys are rejected', async () => {
    const body = JSON.stringify(contactBody()).replace(/^\{/, '{"channel":"email",');
    const res = await srv.as(agent, '/api/contacts', {
        method: 'POST',
        body,
        contentType: 'application/json',
    });
    assert.equal(res.status, 400, res.text);
});

test('missing or invalid channel is 400 field channel', async () => {
    const noChannel = contactBody();
    delete noChannel.channel;
    for (const body of [
        noChannel,
        contactBody({ channel: 'carrier_pigeon' }),
        contactBody({ channel: '' }),
        contactBody({ channel: 3 }),
        contactBody({ channel: null }),
        contactBody({ channel: 'PHONE' }),
    ]) {
        const e = expectError(await post(body), 400, 'invalid');
        assert.equal(e.field, 'channel', JSON.stringify(body));
    }
});

test('every other missing field is 400 naming it', async () => {
    for (const field of ['received_at', 'caller_name', 'summary']) {
        const body = contactBody();
        delete body[field];
        const e = expectError(await post(body), 400, 'invalid');
        assert.equal(e.field, field);
    }
});

test('unknown field is 400 naming it', async () => {
    const e = expectError(await post(contactBody({ favourite_colour: 'blue' })), 400, 'invalid');
    assert.equal(e.field, 'favourite_colour');
    // Server-owned fields cannot be supplied either.
    const e2 = expectError(await post(contactBody({ reference: 'C-2026-999999' })), 400, 'invalid');
    assert.equal(e2.field, 'reference');
});

test('a contact with several fields at fault lists every one, in form order, and stores nothing', async () => {
    const res = await post(contactBody({
        caller_name: '',
        source: 'professional',
        caller_email: 'not an address',
        consent: 'no',
    }));
    const e = expectError(res, 400, 'invalid');
    assert.equal(e.field, 'caller_name', 'the first is still the error, for clients reading one');
    const all = res.json.errors;
    assert.deepEqual(all.map((x) => x.field),
        ['caller_name', 'caller_organisation', 'caller_email', 'consent_justification']);
    for (const x of all) assert.ok(x.message.length > 0, `no message for ${x.field}`);
    // one field at fault: the list holds just that one
    const one = await post(contactBody({ summary: '' }));
    assert.deepEqual(one.json.errors.map((x) => x.field), ['summary']);
});

test('an amendment with several fields at fault lists every one and changes nothing', async () => {
    const made = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
    assert.equal(made.status, 201, made.text);
    const c = made.json;
    const res = await srv.as(agent, `/api/contacts/${c.id}`, {
        method: 'PATCH',
        json: { summary: '', caller_phone: 'call me', consent: 'no', reason: 'corrections' },
    });
    expectError(res, 400, 'invalid');
    assert.deepEqual(res.json.errors.map((x) => x.field),
        ['summary', 'caller_phone', 'consent_justification']);
    const after = await srv.as(agent, `/api/contacts/${c.id}`);
    assert.equal(after.json.version, c.version);
    assert.equal(after.json.summary, c.summary);
    // the one created here is the only new contact
    totalBefore += 1;
});

test('bad received_at is 400 field received_at', async () => {
    // Whole seconds, so only the time is at fault.
    const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const future = iso(Date.now() + 24 * 3600 * 1000);
    const tenMinutes = iso(Date.now() + 10 * 60 * 1000);
    for (const v of [
        'yesterday',
        '2026-13-01T09:00:00Z',
        '2026-02-30T09:00:00Z',
        '2026-11-20T25:00:00Z',
        '2026-11-20T09:15:00', // no offset
        '2026-11-20',
        future,
        tenMinutes,
        '',
        12345,
    ]) {
        const e = expectError(await post(contactBody({ received_at: v })), 400, 'invalid');
        assert.equal(e.field, 'received_at', `received_at ${JSON.stringify(v)}`);
    }
});

test('caller_name and summary lengths are enforced', async () => {
    for (const [field, value] of [
        ['caller_name', 'x'.repeat(201)],
        ['caller_name', ''],
        ['caller_name', 7],
        ['summary', 's'.repeat(10001)],
        ['summary', ''],
    ]) {
        const e = expectError(await post(contactBody({ [field]: value })), 400, 'invalid');
        assert.equal(e.field, field, `${field} of length ${String(value).length}`);
    }
});

test('401 without a cookie', async () => {
    const list = await srv.request('/api/contacts');
    expectError(list, 401, 'unauthorized');
    const create = await srv.request('/api/contacts', { method: 'POST', json: contactBody() });
    expectError(create, 401, 'unauthorized');
    const one = await srv.request('/api/contacts/1');
    expectError(one, 401, 'unauthorized');
    const audit = await srv.request('/api/audit?entity=contact&id=1');
    expectError(audit, 401, 'unauthorized');
});

test('403 forbidden for roles without audit access', async () => {
    for (const who of ['analyst', 'agent', 'practitioner', 'coordinator']) {
        const s = await srv.signIn(who);
        const res = await srv.as(s, '/api/audit?entity=contact&id=1');
        expectError(res, 403, 'forbidden');
    }
});

test('404 for an unknown contact id and an unknown route', async () => {
    expectError(await srv.as(agent, '/api/contacts/999999'), 404, 'not_found');
    expectError(await srv.as(agent, '/api/nothing-here'), 404, 'not_found');
    expectError(await srv.request('/api/nothing-here'), 404, 'not_found');
});

test('a non-numeric contact id is 404 or 400, never 500', async () => {
    for (const id of ['abc', '1abc', '-1', '0', '99999999999999999999999']) {
        const res = await srv.as(agent, `/api/contacts/${id}`);
        assert.ok([400, 404].includes(res.status), `/api/contacts/${id}: ${res.status}`);
        errorOf(res);
    }
});

test('405 for a method the route does not have', async () => {
    const put = await srv.as(agent, '/api/contacts', { method: 'PUT', json: contactBody() });
    expectError(put, 405, 'method_not_allowed');
    const allow = (put.headers.get('allow') || '').split(/\s*,\s*/).sort();
    assert.deepEqual(allow, ['GET', 'POST'], `Allow: ${put.headers.get('allow')}`);
    const del = await srv.as(agent, '/api/contacts', { method: 'DELETE' });
    expectError(del, 405, 'method_not_allowed');
    const postHealth = await srv.request('/healthz', { method: 'POST', json: {} });
    expectError(postHealth, 405, 'method_not_allowed');
});

test('413 for a body over 1 MiB', async () => {
    const body = JSON.stringify(contactBody({ summary: 'x'.repeat(1024 * 1024 + 16) }));
    const res = await srv.as(agent, '/api/contacts', {
        method: 'POST',
        body,
        contentType: 'application/json',
    });
    expectError(res, 413, 'too_big');
});

test('415 for a text/plain or form-encoded body', async () => {
    const body = JSON.stringify(contactBody());
    const plain = await srv.as(agent, '/api/contacts', {
        method: 'POST',
        body,
        contentType: 'text/plain',
    });
    expectError(plain, 415, 'unsupported_media_type');
    const form = await srv.as(agent, '/api/contacts', {
        method: 'POST',
        body: 'channel=phone',
        contentType: 'application/x-www-form-urlencoded',
    });
    expectError(form, 415, 'unsupported_media_type');
});

test('application/json with a charset parameter is accepted', async () => {
    const res = await srv.as(agent, '/api/contacts', {
        method: 'POST',
        body: JSON.stringify(contactBody()),
        contentType: 'application/json; charset=utf-8',
    });
    assert.equal(res.status, 201, res.text);
    totalBefore += 1; // this one is meant to be stored
});
