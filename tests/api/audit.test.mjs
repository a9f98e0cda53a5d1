// Audit trail: events for creating and reading a contact, who may see them, and the hash chain
// checked by `frontdoor audit verify`, including after the database is tampered with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, cli, contactBody, errorOf } from './server.mjs';

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.cleanup();
});

function sqlite(db, sql) {
    const r = spawnSync('sqlite3', ['-batch', db], { input: sql, encoding: 'utf8' });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`);
    return r.stdout.trim();
}

// Does the audit event's user field identify this user (object with id, or a name/username)?
function sameUser(u, user) {
    if (u && typeof u === 'object') return u.id === user.id;
    return u === user.username || u === user.name || u === user.id;
}

let contact;
let agent;
let createRequestId;
let readRequestId;

test('manager sees the create and read events of a contact with user and request ids', async () => {
    agent = await srv.signIn('agent');
    const created = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
    assert.equal(created.status, 201, created.text);
    contact = created.json;
    createRequestId = created.headers.get('x-request-id');
    const read = await srv.as(agent, `/api/contacts/${contact.id}`);
    assert.equal(read.status, 200);
    readRequestId = read.headers.get('x-request-id');
    // Reading the list is not a read of this contact's record, but reading it twice is two reads.
    assert.equal((await srv.as(agent, `/api/contacts/${contact.id}`)).status, 200);

    const manager = await srv.signIn('manager');
    const res = await srv.as(manager, `/api/audit?entity=contact&id=${contact.id}`);
    assert.equal(res.status, 200, res.text);
    const items = res.json.items;
    assert.ok(Array.isArray(items));
    for (const ev of items) {
        assert.equal(ev.entity, 'contact');
        assert.equal(String(ev.entity_id), String(contact.id));
        assert.ok(Number.isInteger(ev.seq));
        assert.match(ev.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        assert.equal(typeof ev.hash, 'string');
        assert.ok(ev.hash.length >= 32);
        assert.ok('reason' in ev);
    }
    const creates = items.filter((e) => /create/i.test(e.action));
    const reads = items.filter((e) => /read|view/i.test(e.action));
    assert.equal(creates.length, 1, `create events: ${JSON.stringify(items)}`);
    assert.equal(reads.length, 2, `read events: ${JSON.stringify(items)}`);
    for (const ev of [...creates, ...reads]) {
        assert.ok(sameUser(ev.user, agent.user), `event user ${JSON.stringify(ev.user)}`);
        assert.equal(typeof ev.request_id, 'string');
        assert.ok(ev.request_id.length > 0);
    }
    assert.ok(creates[0].seq < reads[0].seq && creates[0].seq < reads[1].seq);
    const ids = new Set([creates[0], ...reads].map((e) => e.request_id));
    assert.equal(ids.size, 3, 'request ids of different requests should differ');
    assert.ok(createRequestId, 'responses carry no X-Request-Id header to match the audit');
    assert.equal(creates[0].request_id, createRequestId);
    assert.ok(reads.some((e) => e.request_id === readRequestId));
});

test('duty managers and admins may read the audit trail; the analyst may not', async () => {
    for (const who of ['duty', 'admin']) {
        const s = await srv.signIn(who);
        const res = await srv.as(s, `/api/audit?entity=contact&id=${contact.id}`);
        assert.equal(res.status, 200, `${who}: ${res.text}`);
        assert.ok(res.json.items.length >= 3);
    }
    const analyst = await srv.signIn('analyst');
    const res = await srv.as(analyst, `/api/audit?entity=contact&id=${contact.id}`);
    assert.equal(res.status, 403);
    assert.equal(errorOf(res).code, 'forbidden');
});

test('audit of a contact nobody touched is empty', async () => {
    const manager = await srv.signIn('manager');
    const res = await srv.as(manager, '/api/audit?entity=contact&id=987654');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.items, []);
});

test('audit verify passes on the live database, and fails naming the first broken event', async () => {
    const ok = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(ok.status, 0, `verify failed on an untouched db: ${ok.stdout}${ok.stderr}`);

    // More events, so a deleted row has successors.
    for (let i = 0; i < 3; i++) {
        const r = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
        assert.equal(r.status, 201);
    }
    await srv.stop();
    const stillOk = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(stillOk.status, 0, `${stillOk.stdout}${stillOk.stderr}`);

    const seqs = sqlite(srv.db, 'SELECT seq FROM audit_events ORDER BY seq;')
        .split('\n')
        .map(Number);
    assert.ok(seqs.length >= 5, `only ${seqs.length} audit events`);

    // Copies made with sqlite3's backup, so the WAL is folded in. Triggers that forbid changes
    // are dropped first: someone with the file can do that too.
    const copy = (name) => {
        const path = join(srv.dir, name);
        sqlite(srv.db, `.backup '${path}'`);
        const triggers = sqlite(
            path,
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events';",
        );
        for (const t of triggers.split('\n').filter(Boolean)) sqlite(path, `DROP TRIGGER "${t}";`);
        return path;
    };
    const mentions = (out, seq) => new RegExp(`(^|[^0-9A-Za-z])${seq}([^0-9]|$)`).test(out);

    const updated = copy('tampered-update.db');
    const s2 = seqs[1];
    assert.equal(
        sqlite(updated, `UPDATE audit_events SET action='x' WHERE seq=${s2}; SELECT changes();`),
        '1',
    );
    const v1 = cli(['audit', 'verify', '--db', updated]);
    assert.notEqual(v1.status, 0, 'verify passed a database with an altered event');
    assert.ok(mentions(v1.stdout + v1.stderr, s2), `does not name seq ${s2}: ${v1.stdout}${v1.stderr}`);

    const deleted = copy('tampered-delete.db');
    const s3 = seqs[2];
    const s4 = seqs[3];
    assert.equal(sqlite(deleted, `DELETE FROM audit_events WHERE seq=${s3}; SELECT changes();`), '1');
    const v2 = cli(['audit', 'verify', '--db', deleted]);
    assert.notEqual(v2.status, 0, 'verify passed a database with a deleted event');
    const out2 = v2.stdout + v2.stderr;
    assert.ok(mentions(out2, s3) || mentions(out2, s4), `does not name seq ${s3} or ${s4}: ${out2}`);

    const rehashed = copy('tampered-reason.db');
    const last = seqs[seqs.length - 1];
    sqlite(rehashed, `UPDATE audit_events SET reason='covered up' WHERE seq=${last};`);
    const v3 = cli(['audit', 'verify', '--db', rehashed]);
    assert.notEqual(v3.status, 0, 'verify passed a database with an altered reason');
    assert.ok(mentions(v3.stdout + v3.stderr, last));

    // The untouched original still verifies.
    assert.equal(cli(['audit', 'verify', '--db', srv.db]).status, 0);
    await srv.start();
});

test('an anchor kept outside the database shows newest events cut off, which the chain alone cannot', async () => {
    for (let i = 0; i < 2; i++) {
        const r = await srv.as(agent, '/api/contacts', { method: 'POST', json: contactBody() });
        assert.equal(r.status, 201);
    }
    await srv.stop();
    const head = cli(['audit', 'head', '--db', srv.db]);
    assert.equal(head.status, 0, head.stderr);
    const anchor = head.stdout.trim();
    const m = anchor.match(/^(\d+):([0-9a-f]{64})$/);
    assert.ok(m, `audit head printed ${anchor}`);
    const seq = Number(m[1]);
    assert.equal(sqlite(srv.db, 'SELECT MAX(seq) FROM audit_events;'), String(seq));
    const ok = cli(['audit', 'verify', '--db', srv.db, '--anchor', anchor]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /anchor/);

    // someone with the file removes the newest events (triggers dropped first)
    const cut = join(srv.dir, 'tampered-tail.db');
    sqlite(srv.db, `.backup '${cut}'`);
    const triggers = sqlite(cut, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events';");
    for (const t of triggers.split('\n').filter(Boolean)) sqlite(cut, `DROP TRIGGER "${t}";`);
    sqlite(cut, `DELETE FROM audit_events WHERE seq > ${seq - 2};`);
    assert.equal(cli(['audit', 'verify', '--db', cut]).status, 0, 'a shorter chain is valid on its own');
    const caught = cli(['audit', 'verify', '--db', cut, '--anchor', anchor]);
    assert.equal(caught.status, 1, caught.stdout + caught.stderr);
    assert.match(caught.stdout, new RegExp(`BROKEN at event ${seq}: the chain ends at event ${seq - 2}`));

    // an anchor that names another event's hash is a rewritten chain
    const other = `${seq}:${'0'.repeat(64)}`;
    const wrong = cli(['audit', 'verify', '--db', srv.db, '--anchor', other]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout, new RegExp(`BROKEN at event ${seq}: it is not the event the anchor recorded`));
    for (const bad of ['12', 'x:abc', `${seq}:${'g'.repeat(64)}`, `0:${m[2]}`]) {
        const r = cli(['audit', 'verify', '--db', srv.db, '--anchor', bad]);
        assert.equal(r.status, 2, `--anchor ${bad}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /--anchor must be SEQ:HASH/);
    }
    await srv.start();
});
