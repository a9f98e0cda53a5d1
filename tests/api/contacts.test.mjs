// Contacts: create, read, list and page; integration tokens; data surviving a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, contactBody, errorOf } from './server.mjs';

let srv;
let agent;
let manager;
before(async () => {
    srv = await startServer();
    agent = await srv.signIn('agent');
    manager = await srv.signIn('manager');
});
after(async () => {
    await srv?.cleanup();
});

const REFERENCE = /^C-\d{4}-\d{6}$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isoSeconds(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function create(session, over = {}) {
    const body = contactBody(over);
    const res = await srv.as(session, '/api/contacts', { method: 'POST', json: body });
    assert.equal(res.status, 201, res.text);
    return { body, contact: res.json, res };
}

test('create, get by id, and find in the list', async () => {
    const body = contactBody({
        channel: 'email',
        caller_name: 'Aled Prydderch',
        summary: 'Daughter reports her mother has had two falls this week.\nLives alone.',
    });
    const res = await srv.as(agent, '/api/contacts', { method: 'POST', json: body });
    assert.equal(res.status, 201, res.text);
    assert.match(res.headers.get('content-type') || '', /^application\/json/);
    const c = res.json;
    assert.ok(Number.isInteger(c.id) && c.id > 0);
    assert.match(c.reference, REFERENCE);
    assert.equal(c.channel, body.channel);
    assert.equal(c.received_at, body.received_at);
    assert.equal(c.caller_name, body.caller_name);
    assert.equal(c.summary, body.summary);
    assert.match(c.created_at, UTC);
    const createdMs = Date.parse(c.created_at);
    assert.ok(Math.abs(createdMs - Date.now()) < 10 * 60 * 1000, `created_at ${c.created_at}`);
    assert.deepEqual(c.created_by, { id: agent.user.id, name: agent.user.name });
    // The reference carries the year the contact was created.
    assert.equal(c.reference.slice(2, 6), c.created_at.slice(0, 4));

    const got = await srv.as(manager, `/api/contacts/${c.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, c);

    const list = await srv.as(manager, '/api/contacts');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.find((x) => x.id === c.id), c);
});

test('references are unique and sequential', async () => {
    const a = (await create(agent)).contact;
    const b = (await create(manager)).contact;
    assert.notEqual(a.reference, b.reference);
    assert.ok(b.id > a.id);
    assert.ok(Number(b.reference.slice(7)) > Number(a.reference.slice(7)));
});

test('every channel is accepted', async () => {
    for (const channel of ['phone', 'email', 'letter', 'web', 'face_to_face']) {
        assert.equal((await create(agent, { channel })).contact.channel, channel);
    }
});

test('every signed-in role may create a contact', async () => {
    for (const who of ['practitioner', 'duty', 'coordinator', 'analyst', 'admin']) {
        const s = await srv.signIn(who);
        const { contact } = await create(s);
        assert.equal(contact.created_by.id, s.user.id);
    }
});

test('received_at with an offset is stored in UTC', async () => {
    // Three days ago at 10:15 in +01:00 is 09:15Z.
    const d = new Date(Date.now() - 3 * 86400 * 1000);
    const day = d.toISOString().slice(0, 10);
    const { contact } = await create(agent, { received_at: `${day}T10:15:00+01:00` });
    assert.equal(contact.received_at, `${day}T09:15:00Z`);
    const { contact: c2 } = await create(agent, { received_at: `${day}T04:15:00-05:00` });
    assert.equal(c2.received_at, `${day}T09:15:00Z`);
});

test('received_at a little in the future (clock skew) is accepted', async () => {
    const t = isoSeconds(Date.now() + 2 * 60 * 1000);
    assert.equal((await create(agent, { received_at: t })).contact.received_at, t);
});

test('boundary lengths: caller_name of 200 and summary of 10000 characters', async () => {
    const { contact } = await create(agent, {
        caller_name: 'n'.repeat(200),
        summary: 's'.repeat(10000),
    });
    assert.equal(contact.caller_name.length, 200);
    assert.equal(contact.summary.length, 10000);
});

test('non-ASCII text round-trips', async () => {
    const name = 'Siân Ó Briain-Łukasz';
    const summary = 'Café owner says “he hasn’t been seen” — 3 days. 🙂';
    const { contact } = await create(agent, { caller_name: name, summary });
    const got = await srv.as(agent, `/api/contacts/${contact.id}`);
    assert.equal(got.json.caller_name, name);
    assert.equal(got.json.summary, summary);
});

test('paging with limit and offset, newest first, with total', async () => {
    // Received a minute apart, in creation order, so "newest first" means the same whether the
    // server orders by received_at or by id.
    const base = Date.now() - 30 * 60 * 1000;
    const made = [];
    for (let i = 0; i < 6; i++) {
        const t = isoSeconds(base + i * 60 * 1000);
        made.push((await create(agent, { caller_name: `Paging ${i}`, received_at: t })).contact.id);
    }
    const all = await srv.as(manager, '/api/contacts?limit=200');
    assert.equal(all.status, 200);
    const total = all.json.total;
    assert.ok(total >= 6);
    assert.equal(all.json.items.length, Math.min(total, 200));
    assert.equal(all.json.limit, 200);
    assert.equal(all.json.offset, 0);
    const ids = all.json.items.map((c) => c.id);
    const byId = [...ids].sort((x, y) => y - x);
    const byReceived = [...all.json.items]
        .sort((x, y) => Date.parse(y.received_at) - Date.parse(x.received_at) || y.id - x.id)
        .map((c) => c.id);
    assert.ok(
        JSON.stringify(ids) === JSON.stringify(byId) ||
            JSON.stringify(ids) === JSON.stringify(byReceived),
        `list is neither newest-created nor newest-received first: ${ids}`,
    );
    const madeOrder = ids.filter((id) => made.includes(id));
    assert.deepEqual(madeOrder, [...made].reverse(), 'not newest first');

    const p1 = await srv.as(manager, '/api/contacts?limit=2&offset=0');
    const p2 = await srv.as(manager, '/api/contacts?limit=2&offset=2');
    assert.equal(p1.status, 200);
    assert.equal(p2.status, 200);
    assert.deepEqual(p1.json.items.map((c) => c.id), ids.slice(0, 2));
    assert.deepEqual(p2.json.items.map((c) => c.id), ids.slice(2, 4));
    for (const p of [p1, p2]) {
        assert.equal(p.json.total, total);
        assert.equal(p.json.limit, 2);
    }
    assert.equal(p2.json.offset, 2);

    const past = await srv.as(manager, `/api/contacts?limit=5&offset=${total}`);
    assert.equal(past.status, 200);
    assert.deepEqual(past.json.items, []);
    assert.equal(past.json.total, total);

    const dflt = await srv.as(manager, '/api/contacts');
    assert.equal(dflt.json.limit, 25);
    assert.equal(dflt.json.offset, 0);
    assert.equal(dflt.json.items.length, Math.min(total, 25));
});

test('limit above 200 is capped or rejected; bad paging values are 400', async () => {
    const big = await srv.as(manager, '/api/contacts?limit=1000');
    if (big.status === 200) {
        assert.equal(big.json.limit, 200);
        assert.ok(big.json.items.length <= 200);
    } else {
        assert.equal(big.status, 400, big.text);
        assert.equal(errorOf(big).field, 'limit');
    }
    for (const [q, field] of [
        ['limit=abc', 'limit'],
        ['limit=-1', 'limit'],
        ['offset=-5', 'offset'],
        ['offset=x', 'offset'],
    ]) {
        const res = await srv.as(manager, `/api/contacts?${q}`);
        assert.equal(res.status, 400, `${q}: ${res.status} ${res.text}`);
        const e = errorOf(res);
        assert.equal(e.code, 'invalid');
        assert.equal(e.field, field, q);
    }
});

test('bearer token with scope contacts:write can create without CSRF; bogus token is 401', async () => {
    const r = cli(['token', 'add', '--db', srv.db, '--name', 'telephony', '--scope', 'contacts:write']);
    assert.equal(r.status, 0, r.stderr);
    const words = r.stdout.trim().split(/\s+/);
    const token = words[words.length - 1];
    assert.ok(token.length >= 20, `token looks too short: ${r.stdout}`);

    const before = await srv.contactTotal(manager);
    const res = await srv.request('/api/contacts', {
        method: 'POST',
        bearer: token,
        json: contactBody({ channel: 'phone', caller_name: 'From telephony' }),
    });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.reference, REFERENCE);
    assert.equal(res.json.caller_name, 'From telephony');
    assert.equal(await srv.contactTotal(manager), before + 1);

    const bogus = await srv.request('/api/contacts', {
        method: 'POST',
        bearer: `${token}x`,
        json: contactBody(),
    });
    assert.equal(bogus.status, 401);
    assert.equal(errorOf(bogus).code, 'unauthorized');
    const junk = await srv.request('/api/contacts', {
        method: 'POST',
        bearer: 'not-a-token',
        json: contactBody(),
    });
    assert.equal(junk.status, 401);
    assert.equal(await srv.contactTotal(manager), before + 1);

    // The token is limited to its scope.
    const audit = await srv.request('/api/audit?entity=contact&id=1', { bearer: token });
    assert.equal(audit.status, 403, audit.text);
    assert.equal(errorOf(audit).code, 'forbidden');

    // Validation applies to tokens too.
    const invalid = await srv.request('/api/contacts', {
        method: 'POST',
        bearer: token,
        json: contactBody({ channel: 'fax' }),
    });
    assert.equal(invalid.status, 400);
    assert.equal(errorOf(invalid).field, 'channel');
});

test('many sequential reads, lists and creates all succeed', async () => {
    // Each of these goes through the server's asynchronous store path (reads are audited), so a
    // race between the store thread and the HTTP thread shows up as an occasional 500 here.
    const { contact } = await create(agent);
    const statuses = {};
    const count = (s) => {
        statuses[s] = (statuses[s] || 0) + 1;
    };
    for (let i = 0; i < 100; i++) {
        count((await srv.as(manager, '/api/contacts?limit=5')).status);
        count((await srv.as(manager, `/api/contacts/${contact.id}`)).status);
        if (i % 10 === 0) {
            const res = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
            count(res.status === 201 ? 200 : res.status);
        }
    }
    assert.deepEqual(statuses, { 200: 210 });
});

test('data survives a server restart', async () => {
    const { contact } = await create(agent, { caller_name: 'Before Restart' });
    const total = await srv.contactTotal(manager);
    await srv.restart();
    const again = await srv.signIn('manager');
    const got = await srv.as(again, `/api/contacts/${contact.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, contact);
    assert.equal(await srv.contactTotal(again), total);
    // New contacts keep counting after the restart.
    const { contact: next } = await create(again);
    assert.ok(next.id > contact.id);
    assert.notEqual(next.reference, contact.reference);
    agent = await srv.signIn('agent');
    manager = again;
});
