// The council's phone lines and their greeting scripts (H7, docs/lines.md): the list of lines
// agents answer with their scripts and the default script; an administrator's change with a
// reason, which the greeting for that line then uses; every change kept as a version with who,
// when and why, and audited; back to the default; the default script itself; and the refusals
// (not an administrator, an unknown placeholder, no reason, a stale version, no such line).
// Runs the real binary on a demo database (tests/api/server.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, errorOf } from './server.mjs';

let srv;
const s = {}; // sessions by demo username
before(async () => {
    srv = await startServer();
    for (const u of ['agent', 'practitioner', 'manager', 'duty', 'admin']) {
        s[u] = await srv.signIn(u);
    }
});
after(async () => {
    await srv?.cleanup();
});

function expectError(res, status, field) {
    assert.equal(res.status, status, res.text);
    const e = errorOf(res);
    if (field !== undefined) assert.equal(e.field, field, res.text);
    return e;
}

async function lines(session = s.agent) {
    const res = await srv.as(session, '/api/lines');
    assert.equal(res.status, 200, res.text);
    return res.json;
}

async function lineNamed(name) {
    const line = (await lines()).items.find((l) => l.team_name === name);
    assert.ok(line, `the demo has the line ${name}`);
    return line;
}

function put(session, id, body) {
    return srv.as(session, `/api/lines/${id}/greeting`, { method: 'PUT', json: body });
}

async function history(id, session = s.agent) {
    const res = await srv.as(session, `/api/lines/${id}/greeting/history`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

test('every line agents answer is listed with its number and script, and the default script', async () => {
    const list = await lines(s.agent);
    const teams = (await srv.as(s.agent, '/api/teams')).json.items;
    // The lines are the council's teams with a duty line (what the agent's screen offers).
    const expected = teams.filter((t) => t.council !== false && t.duty_line).map((t) => t.id);
    assert.deepEqual(list.items.map((l) => l.id).sort((a, b) => a - b),
        expected.sort((a, b) => a - b));
    assert.ok(!list.items.some((l) => l.team_name === 'Police Public Protection Unit'),
        'an outside agency is not a line the council answers');
    for (const l of list.items) {
        const team = teams.find((t) => t.id === l.id);
        assert.equal(l.team_name, team.name);
        assert.equal(l.duty_line, team.duty_line);
        assert.ok(l.template.includes('{name}'), l.template);
        assert.equal(typeof l.default, 'boolean');
    }
    // The demo council has several lines with scripts of their own, the rest use the default.
    const own = list.items.filter((l) => !l.default);
    assert.ok(own.length >= 4, `lines with their own scripts: ${own.map((l) => l.team_name)}`);
    const leaving = list.items.find((l) => l.team_name === 'Leaving Care Service');
    assert.equal(leaving.template, 'Leaving Care Service helpline, {name} speaking. How can I help?');
    assert.equal(leaving.script,
        `Leaving Care Service helpline, ${s.agent.user.name} speaking. How can I help?`);
    assert.equal(leaving.code, 'leaving_care_helpline');
    assert.equal(list.default_script.template, '{team}, {name} speaking. How can I help?');
    const centre = list.items.find((l) => l.team_name === 'Contact Centre');
    assert.equal(centre.default, true);
    assert.equal(centre.template, list.default_script.template);
    assert.equal(centre.script, `Contact Centre, ${s.agent.user.name} speaking. How can I help?`);
    assert.equal(list.worker_name, s.agent.user.name);
    assert.deepEqual(list.placeholders.map((p) => p.placeholder), ['{name}', '{team}']);
    // The demo's two versions of the Leaving Care script are both in its history.
    const h = await history(leaving.id);
    assert.equal(h.items.length, 2);
    assert.equal(h.items[0].template, leaving.template);
    // Anyone signed in may see the lines; nobody else.
    assert.equal((await srv.request('/api/lines')).status, 401);
});

test('an administrator changes a line\'s script with a reason: the greeting uses it and both versions are kept', async () => {
    const line = await lineNamed('Adult Intake Team');
    assert.equal(line.default, true);
    assert.equal(line.version, 0);

    const first = await put(s.admin, line.id, {
        script: 'Adult Intake, {name} speaking. Who am I talking to?',
        reason: 'Intake answers its own line from Monday',
    });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.version, 1);
    assert.equal(first.json.default, false);
    assert.equal(first.json.template, 'Adult Intake, {name} speaking. Who am I talking to?');

    // The agent answering that line now says the new script, with their own name.
    const g = await srv.as(s.agent, `/api/greeting?line=${line.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.script, `Adult Intake, ${s.agent.user.name} speaking. Who am I talking to?`);
    assert.equal(g.json.default, false);

    const second = await put(s.admin, line.id, {
        script: '{team}, {name} speaking. Who am I talking to, please?',
        reason: 'Callers did not recognise "Adult Intake"',
        version: 1,
    });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.json.version, 2);
    assert.equal(second.json.script,
        `Adult Intake Team, ${s.admin.user.name} speaking. Who am I talking to, please?`);
    const g2 = await srv.as(s.practitioner, `/api/greeting?line=${line.id}`);
    assert.equal(g2.json.script,
        `Adult Intake Team, ${s.practitioner.user.name} speaking. Who am I talking to, please?`);

    const h = await history(line.id);
    assert.equal(h.line.id, line.id);
    assert.equal(h.line.version, 2);
    assert.deepEqual(h.items.map((v) => v.version), [2, 1], 'newest first');
    assert.deepEqual(h.items.map((v) => v.template), [
        '{team}, {name} speaking. Who am I talking to, please?',
        'Adult Intake, {name} speaking. Who am I talking to?',
    ]);
    assert.deepEqual(h.items.map((v) => v.reason), [
        'Callers did not recognise "Adult Intake"',
        'Intake answers its own line from Monday',
    ]);
    for (const v of h.items) {
        assert.equal(v.changed_by.id, s.admin.user.id);
        assert.ok(Date.parse(v.changed_at) > Date.now() - 600000, v.changed_at);
        assert.equal(v.uses_default, false);
    }

    // Each change is in the audit log with its reason.
    const audit = await srv.as(s.admin, `/api/audit?entity=line&id=${line.id}`);
    assert.equal(audit.status, 200, audit.text);
    const events = audit.json.items.filter((e) => e.action === 'line_greeting.set');
    assert.deepEqual(events.map((e) => e.reason), [
        'Callers did not recognise "Adult Intake"',
        'Intake answers its own line from Monday',
    ]);

    // The list shows the line's new script.
    const listed = await lineNamed('Adult Intake Team');
    assert.equal(listed.template, '{team}, {name} speaking. Who am I talking to, please?');
    assert.equal(listed.version, 2);
});

test('a line goes back to the default script with script null, and that too is a version', async () => {
    const line = await lineNamed('First Response');
    assert.equal(line.default, false);
    const res = await put(s.admin, line.id, { script: null, reason: 'Back to the council default' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.default, true);
    assert.equal(res.json.version, line.version + 1);
    const { default_script: def } = await lines();
    assert.equal(res.json.template, def.template);
    const g = await srv.as(s.agent, `/api/greeting?line=${line.id}`);
    assert.equal(g.json.default, true);
    assert.equal(g.json.script, def.template.replace('{team}', 'First Response')
        .replace('{name}', s.agent.user.name));
    const h = await history(line.id);
    assert.equal(h.items[0].template, null);
    assert.equal(h.items[0].uses_default, true);
    assert.equal(h.items[0].reason, 'Back to the council default');
    assert.equal(h.items[1].template, line.template);
    // Already on the default: nothing to change.
    expectError(await put(s.admin, line.id, { script: null, reason: 'again' }), 400, 'script');
});

test('the default script is changed at /api/lines/default/greeting and greets every line without its own', async () => {
    const before = await lines();
    const onDefault = before.items.filter((l) => l.default);
    assert.ok(onDefault.length > 1, 'several lines use the default');
    const res = await srv.as(s.admin, '/api/lines/default/greeting', {
        method: 'PUT',
        json: {
            script: 'Good morning, {team}, {name} speaking. How can I help?',
            reason: 'Council-wide script review',
            version: before.default_script.version,
        },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.version, before.default_script.version + 1);
    for (const l of onDefault.slice(0, 3)) {
        const g = await srv.as(s.agent, `/api/greeting?line=${l.id}`);
        assert.equal(g.json.script,
            `Good morning, ${l.team_name}, ${s.agent.user.name} speaking. How can I help?`);
    }
    // A line with its own script is not changed by the default.
    const own = before.items.find((l) => !l.default);
    const g = await srv.as(s.agent, `/api/greeting?line=${own.id}`);
    assert.equal(g.json.template, own.template);

    const h = await srv.as(s.agent, '/api/lines/default/greeting/history');
    assert.equal(h.status, 200, h.text);
    assert.deepEqual(h.json.items.slice(0, 2).map((v) => v.template), [
        'Good morning, {team}, {name} speaking. How can I help?',
        '{team}, {name} speaking. How can I help?',
    ]);
    assert.equal(h.json.items.at(-1).reason, 'the default as shipped');
    assert.equal(h.json.items[0].changed_by.id, s.admin.user.id);
    // The default cannot be removed.
    expectError(await srv.as(s.admin, '/api/lines/default/greeting', {
        method: 'PUT', json: { script: null, reason: 'no' },
    }), 400, 'script');
    expectError(await srv.as(s.manager, '/api/lines/default/greeting', {
        method: 'PUT', json: { script: '{name}', reason: 'no' },
    }), 403);
});

test('only administrators change scripts: everyone else is refused with 403 and nothing changes', async () => {
    const line = await lineNamed('CLA Team North');
    for (const who of ['agent', 'practitioner', 'manager', 'duty']) {
        expectError(await put(s[who], line.id, {
            script: '{name} speaking', reason: `${who} tries`,
        }), 403);
    }
    const after = await lineNamed('CLA Team North');
    assert.equal(after.version, line.version);
    assert.equal(after.template, line.template);
    assert.deepEqual((await history(line.id)).items, []);
});

test('a script with an unknown placeholder is a 400 naming script and the placeholder', async () => {
    const line = await lineNamed('CLA Team South');
    let e = expectError(await put(s.admin, line.id, {
        script: '{team}, {worker} speaking', reason: 'typo',
    }), 400, 'script');
    assert.match(e.message, /\{worker\}/);
    e = expectError(await put(s.admin, line.id, {
        script: 'Hello, {name}. {line} here', reason: 'typo',
    }), 400, 'script');
    assert.match(e.message, /\{line\}/);
    // Other refusals name their field too.
    expectError(await put(s.admin, line.id, { script: 'CLA South, how can I help?', reason: 'x' }),
        400, 'script'); // no {name}
    expectError(await put(s.admin, line.id, { script: `{name} ${'x'.repeat(500)}`, reason: 'x' }),
        400, 'script');
    expectError(await put(s.admin, line.id, { script: '{name}\nsecond line', reason: 'x' }),
        400, 'script');
    expectError(await put(s.admin, line.id, { script: 42, reason: 'x' }), 400, 'script');
    expectError(await put(s.admin, line.id, { reason: 'x' }), 400, 'script');
    expectError(await put(s.admin, line.id, { script: '{name} here' }), 400, 'reason');
    expectError(await put(s.admin, line.id, { script: '{name} here', reason: '  ' }), 400, 'reason');
    expectError(await put(s.admin, line.id, { script: '{name} here', reason: 'x', colour: 'red' }),
        400, 'colour');
    expectError(await put(s.admin, line.id, { script: '{name} here', reason: 'x', version: 'one' }),
        400, 'version');
    // A stale version is a conflict, not a silent overwrite.
    expectError(await put(s.admin, line.id, { script: '{name} here', reason: 'x', version: 7 }),
        409, 'version');
    const after = await lineNamed('CLA Team South');
    assert.equal(after.version, line.version, 'nothing was saved');
    // No such line: an unknown team, or an outside agency's number.
    expectError(await put(s.admin, 987654, { script: '{name} here', reason: 'x' }), 404);
    const police = (await srv.as(s.agent, '/api/teams')).json.items
        .find((t) => t.name === 'Police Public Protection Unit');
    expectError(await put(s.admin, police.id, { script: '{name} here', reason: 'x' }), 404);
    expectError(await srv.as(s.agent, `/api/lines/${police.id}/greeting/history`), 404);
});
