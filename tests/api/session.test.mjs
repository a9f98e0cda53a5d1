// Sessions: sign in and out, cookie attributes, account lock-out, and the `user` CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, errorOf, DEMO_USERS, DEMO_PASSWORD } from './server.mjs';

let srv;
before(async () => {
    srv = await startServer();
});
after(async () => {
    await srv?.cleanup();
});

test('every demo role can sign in', async () => {
    for (const [username, role] of Object.entries(DEMO_USERS)) {
        const s = await srv.signIn(username);
        assert.equal(s.user.username, username);
        assert.equal(s.user.role, role);
        assert.ok(Number.isInteger(s.user.id), `user.id for ${username}`);
        assert.equal(typeof s.user.name, 'string');
        assert.ok(s.user.name.length > 0);
        assert.ok('team' in s.user, `user.team missing for ${username}`);
        assert.equal(typeof s.csrf, 'string');
        assert.ok(s.csrf.length >= 16, 'csrf token too short');
    }
});

test('two sign-ins get different session cookies and CSRF tokens', async () => {
    const a = await srv.signIn('agent');
    const b = await srv.signIn('agent');
    assert.notEqual(a.cookie, b.cookie);
    assert.notEqual(a.csrf, b.csrf);
});

test('wrong password is 401 with error.code unauthorized and no cookie', async () => {
    const res = await srv.request('/api/session', {
        method: 'POST',
        json: { username: 'agent', password: 'not-the-password' },
    });
    assert.equal(res.status, 401);
    assert.equal(errorOf(res).code, 'unauthorized');
    const cookies = res.headers.getSetCookie().filter((c) => /^fd_session=[^;]+/.test(c));
    assert.deepEqual(cookies, [], 'a session cookie was set for a failed sign-in');
});

test('unknown user is 401 like a wrong password', async () => {
    const res = await srv.request('/api/session', {
        method: 'POST',
        json: { username: 'nobody-here', password: DEMO_PASSWORD },
    });
    assert.equal(res.status, 401);
    assert.equal(errorOf(res).code, 'unauthorized');
});

test('session cookie is HttpOnly, SameSite=Strict, Path=/', async () => {
    const s = await srv.signIn('practitioner');
    const attrs = s.setCookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
    assert.ok(attrs.includes('httponly'), s.setCookie);
    assert.ok(attrs.includes('samesite=strict'), s.setCookie);
    assert.ok(attrs.includes('path=/'), s.setCookie);
    assert.match(s.cookie, /^fd_session=.{16,}$/);
});

test('GET /api/session with and without the cookie', async () => {
    const none = await srv.request('/api/session');
    assert.equal(none.status, 401);
    assert.equal(errorOf(none).code, 'unauthorized');

    const bogus = await srv.request('/api/session', { cookie: 'fd_session=not-a-real-session' });
    assert.equal(bogus.status, 401);
    assert.equal(errorOf(bogus).code, 'unauthorized');

    const s = await srv.signIn('coordinator');
    const res = await srv.request('/api/session', { cookie: s.cookie });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.user, s.user);
    assert.equal(typeof res.json.csrf_token, 'string');
    assert.ok(res.json.csrf_token.length > 0);
});

test('sign out needs the CSRF token, clears the cookie, and ends the session', async () => {
    const s = await srv.signIn('duty');
    const noToken = await srv.request('/api/session', { method: 'DELETE', cookie: s.cookie });
    assert.equal(noToken.status, 403);
    assert.equal(errorOf(noToken).code, 'csrf');
    assert.equal((await srv.request('/api/session', { cookie: s.cookie })).status, 200);

    const out = await srv.as(s, '/api/session', { method: 'DELETE' });
    assert.equal(out.status, 204);
    assert.equal(out.text, '');
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('fd_session='));
    assert.ok(cleared, 'sign out did not send a Set-Cookie for fd_session');
    assert.ok(
        /max-age=0/i.test(cleared) || /expires=[^;]*19[67]\d/i.test(cleared),
        `cookie not expired: ${cleared}`,
    );

    const after = await srv.request('/api/session', { cookie: s.cookie });
    assert.equal(after.status, 401, 'old cookie still works after sign out');
    const list = await srv.request('/api/contacts', { cookie: s.cookie });
    assert.equal(list.status, 401);
});

test('user add, user list, and lock-out after 5 wrong passwords', async () => {
    const username = `lockme${process.pid}`;
    const password = 'a-long-test-password-1';
    const add = cli(
        ['user', 'add', '--db', srv.db, '--username', username, '--name', 'Lock Test',
            '--role', 'agent', '--team', 'front door'],
        { input: `${password}\n` },
    );
    assert.equal(add.status, 0, `user add failed: ${add.stderr}`);

    const list = cli(['user', 'list', '--db', srv.db]);
    assert.equal(list.status, 0, list.stderr);
    const line = list.stdout.split('\n').find((l) => l.includes(username));
    assert.ok(line, `user list does not show ${username}:\n${list.stdout}`);
    assert.match(line, /\bagent\b/);

    // The new user can sign in with the password given on stdin (and not with its newline).
    const ok = await srv.signIn(username, password);
    assert.equal(ok.user.role, 'agent');
    assert.equal(ok.user.name, 'Lock Test');

    for (let i = 1; i <= 5; i++) {
        const res = await srv.request('/api/session', {
            method: 'POST',
            json: { username, password: `wrong-${i}` },
        });
        // The fifth failure may already say the account is now locked.
        const expected = i < 5 ? [[401, 'unauthorized']] : [[401, 'unauthorized'], [403, 'locked']];
        const got = [res.status, errorOf(res).code];
        assert.ok(
            expected.some(([st, code]) => st === got[0] && code === got[1]),
            `wrong password #${i}: ${got}`,
        );
    }
    const locked = await srv.request('/api/session', {
        method: 'POST',
        json: { username, password },
    });
    assert.equal(locked.status, 403, 'right password after 5 failures should be refused');
    assert.equal(errorOf(locked).code, 'locked');
    assert.deepEqual(
        locked.headers.getSetCookie().filter((c) => /^fd_session=[^;]+/.test(c)),
        [],
    );

    // Other accounts are not affected.
    assert.equal((await srv.signIn('agent')).user.username, 'agent');

    // An administrator can unlock the account from the command line.
    const unlock = cli(['user', 'unlock', '--db', srv.db, '--username', username]);
    assert.equal(unlock.status, 0, unlock.stderr);
    assert.equal((await srv.signIn(username, password)).user.username, username);
});

test('user add refuses a password shorter than 12 characters', () => {
    const username = `shortpw${process.pid}`;
    const r = cli(
        ['user', 'add', '--db', srv.db, '--username', username, '--name', 'Short', '--role', 'agent'],
        { input: 'short-pw\n' },
    );
    assert.notEqual(r.status, 0);
    assert.ok(!cli(['user', 'list', '--db', srv.db]).stdout.includes(username));
});

test('user add with a bad role exits non-zero and adds nobody', () => {
    const username = `badrole${process.pid}`;
    const r = cli(
        ['user', 'add', '--db', srv.db, '--username', username, '--name', 'Bad Role',
            '--role', 'emperor'],
        { input: 'a-long-test-password-2\n' },
    );
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.trim().length > 0, 'no error message');
    const list = cli(['user', 'list', '--db', srv.db]);
    assert.equal(list.status, 0);
    assert.ok(!list.stdout.includes(username), 'user with a bad role was added');
});

test('sign-in body is validated', async () => {
    const bad = await srv.request('/api/session', {
        method: 'POST',
        body: '{"username":',
        contentType: 'application/json',
    });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).code, 'invalid_json');
    const missing = await srv.request('/api/session', { method: 'POST', json: { username: 'agent' } });
    assert.equal(missing.status, 400);
    assert.equal(errorOf(missing).code, 'invalid');
    assert.equal(errorOf(missing).field, 'password');
});

test('behind TLS (serve --secure-cookies) the sign-in cookie is Secure; by default it is not', async () => {
    const plain = await srv.signIn('agent');
    assert.ok(!/;\s*secure/i.test(plain.setCookie), plain.setCookie);
    process.env.FRONTDOOR_SECURE_COOKIES = '1';
    let tls;
    try {
        tls = await startServer();
    } finally {
        delete process.env.FRONTDOOR_SECURE_COOKIES;
    }
    try {
        const s = await tls.signIn('agent');
        assert.match(s.setCookie, /;\s*Secure(;|$)/, s.setCookie);
        const out = await tls.as(s, '/api/session', { method: 'DELETE' });
        const cleared = out.headers.getSetCookie().find((c) => c.startsWith('fd_session='));
        assert.match(cleared, /;\s*Secure(;|$)/, cleared);
    } finally {
        await tls.cleanup();
    }
});
