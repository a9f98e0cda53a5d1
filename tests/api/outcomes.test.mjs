// The configurable outcome code set (issue 4: C7, L2, client level data; docs/outcomes.md): an
// administrator adds a code with a reason, changes its wording, and is refused (409) a change
// to how a code is counted once it has been recorded on a contact; a retired code is no longer
// offered and is refused when recording; every version is kept with who, when and why, and
// audited; a stale version is a 409; other roles cannot change the set (403); and each refusal
// names the field. Runs the real binary on a demo database (tests/api/server.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, contactBody, errorOf } from './server.mjs';

let srv;
const s = {}; // sessions by demo username
before(async () => {
    srv = await startServer();
    for (const u of ['agent', 'manager', 'analyst', 'admin']) {
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

async function codes(session = s.agent, query = '') {
    const res = await srv.as(session, `/api/outcomes${query}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

function add(session, body) {
    return srv.as(session, '/api/outcomes', { method: 'POST', json: body });
}

function change(session, code, body) {
    return srv.as(session, `/api/outcomes/${code}`, { method: 'PUT', json: body });
}

async function history(code, session = s.agent) {
    const res = await srv.as(session, `/api/outcomes/${code}/history`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

async function createContact(service) {
    const res = await srv.as(s.agent, '/api/contacts', {
        method: 'POST', json: contactBody({ service }),
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

function record(id, body) {
    return srv.as(s.agent, `/api/contacts/${id}/outcome`, { method: 'POST', json: body });
}

// A new children's code counting under a C7 row, as the administrators' form sends it.
const leaflet = {
    code: 'leaflet_posted',
    label: 'Leaflet posted to the family',
    group: 'children',
    resolved_at_front_door: true,
    c7_label: 'Advice / information',
    cld_label: null,
    workflow: null,
    needs_recommendation: false,
    needs_care_act_checks: false,
    needs_signposting: false,
    reason: 'The family information service now posts leaflets',
};

test('the code set lists codes in use with their version, and what a code may count under', async () => {
    const list = await codes(s.agent);
    assert.ok(list.items.length >= 30, `${list.items.length} codes`);
    for (const c of list.items) {
        assert.equal(c.active, true, `${c.code} is listed by default, so it is in use`);
        assert.equal(typeof c.used, 'boolean');
        assert.ok(Number.isInteger(c.version) && c.version >= 1, c.code);
        assert.ok(Number.isInteger(c.sort_order), c.code);
    }
    const orders = list.items.map((c) => c.sort_order);
    assert.deepEqual(orders, [...orders].sort((a, b) => a - b), 'in display order');
    // The demo closes contacts with the C7 rows; the lists are the ones the seed counts under.
    assert.equal(list.items.find((c) => c.code === 'advice_information').used, true);
    assert.equal(list.c7_labels.length, 9);
    assert.ok(list.c7_labels.includes('Kinship Carer'));
    assert.equal(list.cld_labels.length, 19);
    assert.ok(list.cld_labels.includes('NFA - Deceased'));
    for (const c of list.items) {
        if (c.c7_label) assert.ok(list.c7_labels.includes(c.c7_label), c.code);
        if (c.cld_label) assert.ok(list.cld_labels.includes(c.cld_label), c.code);
    }
    assert.deepEqual(list.workflows.map((w) => w.name).sort(),
        ['locality_hub', 'signposting', 'single_agency_referral', 'social_care']);
    // Retired codes are for administrators to see.
    expectError(await srv.as(s.agent, '/api/outcomes?all=1'), 403, 'all');
    expectError(await srv.as(s.admin, '/api/outcomes?all=yes'), 400, 'all');
    assert.equal((await codes(s.admin, '?all=1')).items.length, list.items.length,
        'the demo starts with no retired code');
    // Each seeded code has its version 1, from before history was kept.
    const h = await history('kinship_carer');
    assert.equal(h.code.code, 'kinship_carer');
    assert.equal(h.items.length, 1);
    assert.equal(h.items[0].version, 1);
    assert.equal(h.items[0].changed_by, null);
    assert.equal(h.items[0].changed_at, null);
    assert.equal(h.items[0].reason, 'the code as it stood when its history began');
    expectError(await srv.as(s.agent, '/api/outcomes/no_such_code/history'), 404);
});

test('only administrators change the code set', async () => {
    for (const who of ['agent', 'manager', 'analyst']) {
        expectError(await add(s[who], { ...leaflet, code: `by_${who}` }), 403);
        expectError(await change(s[who], 'kinship_carer', {
            label: 'Kinship carers', version: 1, reason: 'x',
        }), 403);
    }
    assert.ok(!(await codes(s.admin, '?all=1')).items.some((c) => c.code.startsWith('by_')));
});

test('a new code is refused with the field named until it is well formed', async () => {
    const cases = [
        [{ code: undefined }, 400, 'code'],
        [{ code: 'Leaflet Posted' }, 400, 'code'],
        [{ code: 'leaflet__posted' }, 400, 'code'],
        [{ label: '' }, 400, 'label'],
        [{ label: 'Two\nlines' }, 400, 'label'],
        [{ group: 'everyone' }, 400, 'group'],
        [{ group: undefined }, 400, 'group'],
        [{ resolved_at_front_door: undefined }, 400, 'resolved_at_front_door'],
        [{ resolved_at_front_door: 'yes' }, 400, 'resolved_at_front_door'],
        [{ c7_label: 'Advice and information' }, 400, 'c7_label'],
        [{ c7_label: null }, 400, 'c7_label'], // counts nowhere
        [{ group: 'adults' }, 400, 'c7_label'], // the C7 table is children's
        [{ cld_label: 'NFA - Deceased' }, 400, 'cld_label'], // CLD is adults'
        [{ workflow: 'duty' }, 400, 'workflow'],
        [{ group: 'both', workflow: 'signposting' }, 400, 'workflow'],
        [{ needs_care_act_checks: true }, 400, 'needs_care_act_checks'],
        [{ sort_order: 0 }, 400, 'sort_order'],
        [{ sort_order: 1.5 }, 400, 'sort_order'],
        [{ reason: undefined }, 400, 'reason'],
        [{ reason: '   ' }, 400, 'reason'],
        [{ active: false }, 400, 'active'], // a new code is in use
        [{ colour: 'red' }, 400, 'colour'],
        [{ code: 'advice_information' }, 409, 'code'],
        [{ label: 'Kinship carer' }, 409, 'label'], // a code in use is called that
    ];
    for (const [over, status, field] of cases) {
        const body = { ...leaflet, ...over };
        for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
        const e = expectError(await add(s.admin, body), status, field);
        assert.ok(e.message.length > 0);
    }
    assert.ok(!(await codes(s.admin, '?all=1')).items.some((c) => c.code === 'leaflet_posted'),
        'nothing was added');
});

test('add, reword, refuse a counting change once used, retire, reinstate: every version kept', async () => {
    // Add: version 1, put after every code, offered to workers.
    const before = await codes(s.agent);
    const res = await add(s.admin, leaflet);
    assert.equal(res.status, 201, res.text);
    const added = res.json;
    assert.equal(added.code, 'leaflet_posted');
    assert.equal(added.label, leaflet.label);
    assert.equal(added.group, 'children');
    assert.equal(added.resolved_at_front_door, true);
    assert.equal(added.c7_label, 'Advice / information');
    assert.equal(added.cld_label, null);
    assert.equal(added.workflow, null);
    assert.equal(added.active, true);
    assert.equal(added.used, false);
    assert.equal(added.version, 1);
    assert.equal(added.sort_order, Math.max(...before.items.map((c) => c.sort_order)) + 10);
    let listed = (await codes(s.agent)).items;
    assert.deepEqual(listed.at(-1), added, 'listed last, as answered');
    expectError(await add(s.admin, leaflet), 409, 'code');

    // While unused, how it is counted may change; a stale or missing version may not.
    let r = await change(s.admin, 'leaflet_posted', {
        c7_label: 'Signpost to Other Agency', needs_signposting: true, version: 1,
        reason: 'It is signposting, not advice',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.c7_label, 'Signpost to Other Agency');
    assert.equal(r.json.needs_signposting, true);
    assert.equal(r.json.label, leaflet.label, 'fields not given stay as they were');
    expectError(await change(s.admin, 'leaflet_posted', {
        label: 'Leaflet sent', version: 1, reason: 'x',
    }), 409, 'version');
    expectError(await change(s.admin, 'leaflet_posted', { label: 'Leaflet sent', reason: 'x' }),
        400, 'version');
    expectError(await change(s.admin, 'leaflet_posted', { label: 'Leaflet sent', version: 2 }),
        400, 'reason');
    expectError(await change(s.admin, 'leaflet_posted', {
        label: leaflet.label, version: 2, reason: 'no change',
    }), 400);
    expectError(await change(s.admin, 'leaflet_posted', {
        group: 'adults', version: 2, reason: 'x',
    }), 400, 'c7_label');
    expectError(await change(s.admin, 'leaflet_posted', { code: 'leaflets', version: 2, reason: 'x' }),
        400, 'code');
    expectError(await change(s.admin, 'no_such_code', { label: 'x', version: 1, reason: 'x' }), 404);

    // Recorded on a contact, it is used.
    const c1 = await createContact('children');
    expectError(await record(c1.id, { code: 'leaflet_posted', rationale: 'Posted' }), 400,
        'signposted_to');
    r = await record(c1.id, {
        code: 'leaflet_posted', rationale: 'Posted the leaflet', signposted_to: 'Family hubs leaflet',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.resolved, true);
    listed = (await codes(s.agent)).items;
    assert.equal(listed.find((c) => c.code === 'leaflet_posted').used, true);

    // Used: each field that decides how it is counted is refused, naming it; the wording is not.
    const frozen = [
        ['group', 'both'],
        ['resolved_at_front_door', false],
        ['c7_label', 'No further action'],
        ['workflow', 'signposting'],
        ['needs_recommendation', true],
        ['needs_signposting', false],
    ];
    for (const [field, value] of frozen) {
        const e = expectError(await change(s.admin, 'leaflet_posted', {
            [field]: value, version: 2, reason: 'Counting change',
        }), 409, field);
        assert.match(e.message, /retire it and add a new code/);
    }
    r = await change(s.admin, 'leaflet_posted', {
        label: 'Leaflet posted to the family or carer', sort_order: 95, version: 2,
        reason: 'Carers get it too',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 3);
    assert.equal(r.json.sort_order, 95);
    assert.equal(r.json.used, true);
    // The contact's outcome reads with the current wording and the same counting.
    const seen = (await srv.as(s.agent, `/api/contacts/${c1.id}`)).json;
    assert.equal(seen.outcome.label, 'Leaflet posted to the family or carer');
    assert.equal(seen.outcome.resolved, true);

    // Retire: no longer offered, refused when recording, seen by administrators with all=1.
    r = await change(s.admin, 'leaflet_posted', {
        active: false, version: 3, reason: 'Replaced by the family hubs website',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, false);
    assert.equal(r.json.version, 4);
    assert.ok(!(await codes(s.agent)).items.some((c) => c.code === 'leaflet_posted'));
    assert.ok(!(await codes(s.admin)).items.some((c) => c.code === 'leaflet_posted'));
    const retired = (await codes(s.admin, '?all=1')).items.find((c) => c.code === 'leaflet_posted');
    assert.equal(retired.active, false);
    const c2 = await createContact('children');
    const e = expectError(await record(c2.id, {
        code: 'leaflet_posted', rationale: 'Posted', signposted_to: 'Leaflet',
    }), 400, 'code');
    assert.match(e.message, /no longer in use/);
    // A new code may take a retired code's label; reinstating the old one then clashes.
    r = await add(s.admin, {
        ...leaflet, code: 'leaflet_or_link', label: 'Leaflet posted to the family or carer',
        c7_label: 'Advice / information', reason: 'Advice, not signposting, from now on',
    });
    assert.equal(r.status, 201, r.text);
    expectError(await change(s.admin, 'leaflet_posted', {
        active: true, version: 4, reason: 'Back',
    }), 409, 'label');
    r = await change(s.admin, 'leaflet_or_link', { active: false, version: 1, reason: 'Not yet' });
    assert.equal(r.status, 200, r.text);
    r = await change(s.admin, 'leaflet_posted', {
        active: true, version: 4, reason: 'The website is not ready',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 5);
    assert.ok((await codes(s.agent)).items.some((c) => c.code === 'leaflet_posted'));
    r = await record(c2.id, {
        code: 'leaflet_posted', rationale: 'Posted', signposted_to: 'Family hubs leaflet',
    });
    assert.equal(r.status, 201, r.text);

    // History: every version, newest first, with what changed, who, when and why.
    const h = await history('leaflet_posted');
    assert.equal(h.code.version, 5);
    assert.deepEqual(h.items.map((v) => v.version), [5, 4, 3, 2, 1]);
    assert.deepEqual(h.items.map((v) => v.changed), [
        ['active'], ['active'], ['label', 'sort_order'], ['c7_label', 'needs_signposting'], [],
    ]);
    assert.deepEqual(h.items.map((v) => v.reason), [
        'The website is not ready', 'Replaced by the family hubs website', 'Carers get it too',
        'It is signposting, not advice', leaflet.reason,
    ]);
    assert.equal(h.items[4].label, leaflet.label);
    assert.equal(h.items[4].c7_label, 'Advice / information');
    assert.equal(h.items[1].active, false);
    for (const v of h.items) {
        assert.equal(v.changed_by.id, s.admin.user.id);
        assert.ok(!Number.isNaN(Date.parse(v.changed_at)), v.changed_at);
    }

    // Audited: one event per change, on its version, with the code and the reason.
    const audit = await srv.as(s.admin, '/api/audit?entity=outcome_code&limit=100');
    assert.equal(audit.status, 200, audit.text);
    const mine = audit.json.items.filter((x) => x.reason.startsWith('leaflet_posted: '));
    assert.deepEqual(mine.map((x) => x.action), [
        'outcome_code.reinstate', 'outcome_code.retire', 'outcome_code.change',
        'outcome_code.change', 'outcome_code.add',
    ]);
    assert.ok(mine.every((x) => x.user.id === s.admin.user.id));
    assert.equal(mine[0].reason, 'leaflet_posted: The website is not ready');
});
