// The contact workflow (issue 4, first part): who made contact and the census code, amendments
// as versions (A10), handover that needs the new owner's acceptance (C8, H12), decisions with
// their gates (C2, C5, Care Act), outcomes and queues, the greeting script (H7), and danger now
// (W10). Runs the real binary on a demo database (tests/api/server.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, contactBody, errorOf } from './server.mjs';

let srv;
const s = {}; // sessions by demo username
before(async () => {
    srv = await startServer();
    for (const u of ['agent', 'practitioner', 'manager', 'duty', 'coordinator', 'analyst']) {
        s[u] = await srv.signIn(u);
    }
});
after(async () => {
    await srv?.cleanup();
});

async function create(session, over = {}) {
    const res = await srv.as(session, '/api/contacts', { method: 'POST', json: contactBody(over) });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

async function get(session, id) {
    const res = await srv.as(session, `/api/contacts/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

function decide(session, id, body) {
    return srv.as(session, `/api/contacts/${id}/decisions`, { method: 'POST', json: body });
}

function outcome(session, id, body) {
    return srv.as(session, `/api/contacts/${id}/outcome`, { method: 'POST', json: body });
}

async function teamId(name) {
    const res = await srv.as(s.agent, `/api/teams?q=${encodeURIComponent(name)}`);
    assert.equal(res.status, 200, res.text);
    const t = res.json.items.find((x) => x.name === name);
    assert.ok(t, `no team ${name}`);
    return t.id;
}

function expectError(res, status, field) {
    assert.equal(res.status, status, res.text);
    const e = errorOf(res);
    if (field !== undefined) assert.equal(e.field, field, res.text);
    return e;
}

test('who made contact is recorded with its census referral source code', async () => {
    const police = await create(s.agent, { source: 'police', caller_organisation: 'Police' });
    assert.equal(police.source, 'police');
    assert.equal(police.source_code, '6');
    assert.equal(police.source_label, 'POLICE');

    const hv = await create(s.agent, {
        channel: 'professional_line',
        source: 'professional',
        source_code: '3B',
        caller_organisation: 'Eastfield Health Visiting',
        caller_role: 'Health visitor',
        caller_phone: '01632 960 870',
        caller_email: 'hv@example.org',
    });
    assert.equal(hv.channel, 'professional_line');
    assert.equal(hv.source_code, '3B');
    assert.match(hv.source_label, /health visitor/);
    assert.equal(hv.caller_organisation, 'Eastfield Health Visiting');

    // Not recorded yet: the census's "unknown".
    const plain = await create(s.agent);
    assert.equal(plain.source, null);
    assert.equal(plain.source_code, '10');
    for (const [source, code] of [
        ['self', '1C'],
        ['family', '1A'],
        ['friend_neighbour', '1B'],
        ['school', '2A'],
        ['anonymous', '9'],
        ['other', '1D'],
    ]) {
        assert.equal((await create(s.agent, { source })).source_code, code, source);
    }

    expectError(
        await srv.as(s.agent, '/api/contacts', {
            method: 'POST',
            json: contactBody({ source: 'professional' }),
        }),
        400,
        'caller_organisation',
    );
    expectError(
        await srv.as(s.agent, '/api/contacts', {
            method: 'POST',
            json: contactBody({ source: 'health', source_code: '6' }),
        }),
        400,
        'source_code',
    );
    expectError(
        await srv.as(s.agent, '/api/contacts', {
            method: 'POST',
            json: contactBody({ source: 'postman' }),
        }),
        400,
        'source',
    );
});

test('a contact holds caller details, subjects, the named worker, needs and consent', async () => {
    const person = async (given) => {
        const res = await srv.as(s.agent, '/api/persons', {
            method: 'POST',
            json: { given_name: given, family_name: 'Subjectson', date_of_birth: '2014-06-02',
                    confirm_new: true, reason: 'test subject' },
        });
        assert.equal(res.status, 201, res.text);
        return res.json.id;
    };
    const subjects = [await person('Ada'), await person('Ben')];
    const received = new Date(Date.now() - 600 * 1000);
    received.setUTCMilliseconds(0);
    const answered = new Date(received.getTime() + 12 * 1000);
    const lct = await teamId('Leaving Care Service');
    const c = await create(s.agent, {
        received_at: received.toISOString(),
        answered_at: answered.toISOString(),
        caller_address: '4 Mill Lane, Eastfield',
        subject_person_ids: subjects,
        team_id: lct,
        line_team_id: lct,
        reason_code: 'named_worker',
        interpreter_language: 'Polish',
        bsl: true,
        private_room: true,
        communication_other: 'Large print letters',
        consent: 'no',
        consent_justification: 'A child may be at risk of significant harm.',
        service: 'children',
    });
    assert.equal(c.answered_at, answered.toISOString().replace('.000Z', 'Z'));
    assert.deepEqual(c.subject_person_ids, subjects);
    assert.equal(c.team_id, lct);
    assert.equal(c.reason_code, 'named_worker');
    assert.equal(c.interpreter_language, 'Polish');
    assert.equal(c.bsl, true);
    assert.equal(c.private_room, true);
    assert.equal(c.consent, 'no');
    assert.equal(c.service, 'children');
    assert.equal(c.version, 1);
    // One owner from the start: whoever recorded it (C8).
    assert.deepEqual(c.owner, { id: s.agent.user.id, name: s.agent.user.name });
    // It came in on the Leaving Care line, so it waits in that team's queue.
    assert.deepEqual(c.queue, { name: 'team', team_id: lct });
    assert.deepEqual(await get(s.manager, c.id), c);

    for (const [over, field] of [
        [{ consent: 'no' }, 'consent_justification'],
        [{ consent: 'maybe' }, 'consent'],
        [{ channel: 'email', answered_at: answered.toISOString() }, 'answered_at'],
        [{ worker_id: 999999 }, 'worker_id'],
        [{ team_id: 999999 }, 'team_id'],
        [{ subject_person_ids: [5, 5] }, 'subject_person_ids'],
        [{ subject_person_ids: ['x'] }, 'subject_person_ids'],
        [{ reason_code: 'gossip' }, 'reason_code'],
        [{ caller_email: 'not an email' }, 'caller_email'],
        [{ bsl: 'yes' }, 'bsl'],
        [{ service: 'pets' }, 'service'],
    ]) {
        const res = await srv.as(s.agent, '/api/contacts', {
            method: 'POST',
            json: contactBody(over),
        });
        expectError(res, 400, field);
    }
});

test('amendments never overwrite: each is a version with who, when and why, and audited', async () => {
    const c = await create(s.agent, { caller_phone: '01632 960 001' });
    const res = await srv.as(s.manager, `/api/contacts/${c.id}`, {
        method: 'PATCH',
        json: { caller_phone: '01632 960 002', reason: 'Caller gave the wrong number', version: 1 },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.version, 2);
    assert.equal(res.json.caller_phone, '01632 960 002');
    assert.deepEqual(res.json.updated_by, { id: s.manager.user.id, name: s.manager.user.name });
    assert.deepEqual(res.json.created_by, c.created_by);
    assert.deepEqual(await get(s.agent, c.id), res.json);

    const h = await srv.as(s.agent, `/api/contacts/${c.id}/versions`);
    assert.equal(h.status, 200, h.text);
    assert.equal(h.json.items.length, 2);
    const [v1, v2] = h.json.items;
    assert.equal(v1.version, 1);
    assert.equal(v1.reason, 'recorded');
    assert.equal(v1.contact.caller_phone, '01632 960 001');
    assert.deepEqual(v1.recorded_by, { id: s.agent.user.id, name: s.agent.user.name });
    assert.equal(v2.version, 2);
    assert.equal(v2.reason, 'Caller gave the wrong number');
    assert.deepEqual(v2.changed, ['caller_phone']);
    assert.equal(v2.contact.caller_phone, '01632 960 002');
    assert.deepEqual(v2.recorded_by, { id: s.manager.user.id, name: s.manager.user.name });

    // A stale version, no reason, no change, an unknown field: refused, nothing written.
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}`, {
            method: 'PATCH',
            json: { summary: 'Something else', reason: 'typo', version: 1 },
        }),
        409,
        'version',
    );
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}`, {
            method: 'PATCH',
            json: { summary: 'Something else' },
        }),
        400,
        'reason',
    );
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}`, {
            method: 'PATCH',
            json: { caller_phone: '01632 960 002', reason: 'again' },
        }),
        400,
    );
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}`, {
            method: 'PATCH',
            json: { colour: 'blue', reason: 'x' },
        }),
        400,
        'colour',
    );
    expectError(
        await srv.as(s.agent, '/api/contacts/999999', {
            method: 'PATCH',
            json: { summary: 'x', reason: 'x' },
        }),
        404,
    );
    assert.equal((await srv.as(s.agent, `/api/contacts/${c.id}/versions`)).json.items.length, 2);

    // Changing who made contact takes the new source's census code unless one is given.
    const v3 = await srv.as(s.agent, `/api/contacts/${c.id}`, {
        method: 'PATCH',
        json: { source: 'school', caller_organisation: 'Westgate Academy', reason: 'It was the school' },
    });
    assert.equal(v3.status, 200, v3.text);
    assert.equal(v3.json.source_code, '2A');
    assert.equal(v3.json.version, 3);

    const audit = await srv.as(s.manager, `/api/audit?entity=contact&id=${c.id}`);
    assert.equal(audit.status, 200, audit.text);
    const amends = audit.json.items.filter((e) => e.action === 'contact.amend');
    assert.equal(amends.length, 2, JSON.stringify(audit.json.items));
    assert.ok(amends.some((e) => e.reason === 'Caller gave the wrong number'));
    assert.ok(audit.json.items.some((e) => e.action === 'contact.read_history'));
});

test('handing over needs the new owner to accept; until then the owner keeps it', async () => {
    const c = await create(s.agent);
    const to = s.practitioner.user.id;
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}/handover`, {
            method: 'POST',
            json: { to_user_id: to },
        }),
        400,
        'note',
    );
    // Someone who neither owns it nor manages may not hand it over.
    const stranger = await srv.as(s.analyst, `/api/contacts/${c.id}/handover`, {
        method: 'POST',
        json: { to_user_id: to, note: 'yours' },
    });
    expectError(stranger, 403);

    const res = await srv.as(s.agent, `/api/contacts/${c.id}/handover`, {
        method: 'POST',
        json: { to_user_id: to, note: 'Call back at 14:00; Priya completes the referral.' },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.answer, 'pending');
    assert.deepEqual(res.json.to, { id: to, name: s.practitioner.user.name });

    let now = await get(s.agent, c.id);
    assert.equal(now.owner.id, s.agent.user.id, 'the owner changed before acceptance');
    assert.equal(now.pending_handover.id, res.json.id);
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}/handover`, {
            method: 'POST',
            json: { to_user_id: s.manager.user.id, note: 'or you' },
        }),
        409,
    );

    const mine = await srv.as(s.practitioner, '/api/my/contacts');
    assert.equal(mine.status, 200, mine.text);
    assert.ok(mine.json.offered.some((h) => h.contact_id === c.id));
    assert.ok(!mine.json.items.some((x) => x.id === c.id));
    const inbox = await srv.as(s.practitioner, '/api/messages');
    assert.ok(inbox.json.items.some((m) => m.link === `/contacts/${c.id}`), inbox.text);

    // Only the person it is handed to can accept it.
    expectError(
        await srv.as(s.manager, `/api/contacts/${c.id}/handover/accept`, { method: 'POST' }),
        403,
    );
    const acc = await srv.as(s.practitioner, `/api/contacts/${c.id}/handover/accept`, {
        method: 'POST',
    });
    assert.equal(acc.status, 200, acc.text);
    assert.deepEqual(acc.json.owner, { id: to, name: s.practitioner.user.name });
    assert.equal(acc.json.pending_handover, null);
    now = await get(s.agent, c.id);
    assert.equal(now.owner.id, to);
    const mine2 = await srv.as(s.practitioner, '/api/my/contacts');
    assert.ok(mine2.json.items.some((x) => x.id === c.id));
    expectError(
        await srv.as(s.practitioner, `/api/contacts/${c.id}/handover/accept`, { method: 'POST' }),
        409,
    );

    // Declined: the reason is needed, and the owner keeps the contact.
    const back = await srv.as(s.practitioner, `/api/contacts/${c.id}/handover`, {
        method: 'POST',
        json: { to_user_id: s.agent.user.id, note: 'Please take it back' },
    });
    assert.equal(back.status, 201, back.text);
    expectError(
        await srv.as(s.agent, `/api/contacts/${c.id}/handover/decline`, {
            method: 'POST',
            json: {},
        }),
        400,
        'reason',
    );
    const dec = await srv.as(s.agent, `/api/contacts/${c.id}/handover/decline`, {
        method: 'POST',
        json: { reason: 'On leave from tomorrow' },
    });
    assert.equal(dec.status, 200, dec.text);
    assert.equal(dec.json.owner.id, to);
    assert.equal(dec.json.pending_handover, null);

    const audit = await srv.as(s.manager, `/api/audit?entity=contact&id=${c.id}`);
    const actions = audit.json.items.map((e) => e.action);
    for (const a of ['contact.handover', 'contact.handover_accept', 'contact.handover_decline']) {
        assert.ok(actions.includes(a), `${a} not audited: ${actions}`);
    }
});

test('a safeguarding decision by a worker not qualified to decide is refused (C2)', async () => {
    const c = await create(s.agent, { service: 'children' });
    const body = {
        kind: 'safeguarding',
        value: 'concern',
        rationale: 'Bruising the explanation does not fit.',
    };
    for (const who of ['agent', 'practitioner']) {
        const e = expectError(await decide(s[who], c.id, body), 403);
        assert.match(e.message, /qualified/);
    }
    // No worker in the directory: frontdoor cannot tell, so it refuses and says why.
    const e = expectError(await decide(s.analyst, c.id, body), 403);
    assert.match(e.message, /not linked to a worker/);
    assert.equal((await srv.as(s.agent, `/api/contacts/${c.id}/decisions`)).json.items.length, 0);

    const ok = await decide(s.manager, c.id, body);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.decision.kind, 'safeguarding');
    assert.equal(ok.json.decision.value, 'concern');
    assert.equal(ok.json.decision.rationale, body.rationale);
    assert.deepEqual(ok.json.decision.decided_by, { id: s.manager.user.id, name: s.manager.user.name });
    assert.equal(ok.json.state.safeguarding, 'concern');
    const now = await get(s.agent, c.id);
    assert.equal(now.safeguarding_concerns.length, 1);
    assert.equal(now.safeguarding_concerns[0].source, 'decision');
});

test('no decision is assumed: kind, value and rationale are required', async () => {
    const c = await create(s.agent, { service: 'children' });
    expectError(await decide(s.manager, c.id, { kind: 'priority', rationale: 'x' }), 400, 'value');
    expectError(await decide(s.manager, c.id, { kind: 'priority', value: 'P2' }), 400, 'rationale');
    expectError(await decide(s.manager, c.id, { value: 'P2', rationale: 'x' }), 400, 'kind');
    expectError(
        await decide(s.manager, c.id, { kind: 'priority', value: 'P5', rationale: 'x' }),
        400,
        'value',
    );
    expectError(
        await decide(s.manager, c.id, { kind: 'urgency', value: 'high', rationale: 'x' }),
        400,
        'kind',
    );
    expectError(await decide(s.manager, 999999, { kind: 'priority', value: 'P2', rationale: 'x' }), 404);
    const p = await decide(s.manager, c.id, { kind: 'priority', value: 'P3B', rationale: 'One need: a children\'s centre.' });
    assert.equal(p.status, 201, p.text);
    assert.equal(p.json.decision.workflow, 'single_agency_referral');
    // The code sets say which values each kind takes and where each priority goes.
    const codes = await srv.as(s.agent, '/api/contact-codes');
    assert.equal(codes.status, 200, codes.text);
    assert.deepEqual(
        codes.json.priorities.map((x) => [x.priority, x.workflow]),
        [
            ['P1', 'social_care'],
            ['P2', 'social_care'],
            ['P3A', 'locality_hub'],
            ['P3B', 'single_agency_referral'],
            ['P4', 'signposting'],
        ],
    );
});

test('a transfer to assessment needs a manager\'s recommendation and work plan (C5)', async () => {
    const rna = await teamId('Referral and Assessment North');
    const c = await create(s.agent, { service: 'children', source: 'police', caller_organisation: 'Police' });
    const transfer = { kind: 'transfer', value: 'assessment', team_id: rna, rationale: 'Needs an assessment.' };
    expectError(await decide(s.manager, c.id, transfer), 409, 'recommendation');
    // A recommendation is a team manager's or senior practitioner's.
    expectError(
        await decide(s.agent, c.id, {
            kind: 'recommendation',
            value: 'transfer_to_assessment',
            rationale: 'x',
            work_plan: 'y',
        }),
        403,
    );
    const r1 = await decide(s.manager, c.id, {
        kind: 'recommendation',
        value: 'transfer_to_assessment',
        rationale: 'Risk needs a social work assessment.',
    });
    assert.equal(r1.status, 201, r1.text);
    expectError(await decide(s.manager, c.id, transfer), 409, 'work_plan');
    const r2 = await decide(s.manager, c.id, {
        kind: 'recommendation',
        value: 'transfer_to_assessment',
        rationale: 'Risk needs a social work assessment.',
        work_plan: 'See both children within 24 hours; strategy discussion with police today.',
    });
    assert.equal(r2.status, 201, r2.text);
    assert.equal(r2.json.state.recommendation.has_work_plan, true);
    const t = await decide(s.agent, c.id, transfer);
    assert.equal(t.status, 201, t.text);
    // The contact now waits in the assessment team's incoming queue.
    const now = await get(s.agent, c.id);
    assert.deepEqual(now.queue, { name: 'team', team_id: rna });
    const q = await srv.as(s.manager, `/api/queues/teams/${rna}`);
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.queue.team_name, 'Referral and Assessment North');
    assert.ok(q.json.items.some((x) => x.id === c.id));
    const cc = await srv.as(s.manager, '/api/queues/contact_centre');
    assert.ok(!cc.json.items.some((x) => x.id === c.id));
    // The outcome that transfers to R&A passes the same gate.
    const o = await outcome(s.manager, c.id, {
        code: 'progress_to_referral',
        rationale: 'Safeguarding referral to R&A North.',
    });
    assert.equal(o.status, 201, o.text);
    expectError(await srv.as(s.manager, '/api/queues/teams/999999'), 404);
});

test('the Care Act checks are answered before an outcome leading to assessment', async () => {
    const c = await create(s.agent, { service: 'adults', reason_code: 'request_assessment' });
    const assess = { code: 'cld_assessment', rationale: 'Needs a Care Act assessment.' };
    const check = (kind, value) =>
        decide(s.duty, c.id, { kind, value, rationale: `Checked: ${kind} ${value}` });
    // a transfer to assessment before any check names every one still missing, at once
    const intake0 = await teamId('Adult Intake Team');
    const early = await decide(s.duty, c.id, { kind: 'transfer', value: 'assessment', team_id: intake0, rationale: 'x' });
    expectError(early, 409, 'care_act_prevention');
    assert.deepEqual(early.json.errors.map((e) => e.field),
        ['care_act_prevention', 'care_act_finance_info', 'care_act_advocacy_needed', 'care_act_eligibility']);
    expectError(await outcome(s.duty, c.id, assess), 409, 'care_act_prevention');
    assert.equal((await check('care_act_prevention', 'yes')).status, 201);
    expectError(await outcome(s.duty, c.id, assess), 409, 'care_act_finance_info');
    assert.equal((await check('care_act_finance_info', 'no')).status, 201);
    expectError(await outcome(s.duty, c.id, assess), 409, 'care_act_finance_info');
    assert.equal((await check('care_act_finance_info', 'yes')).status, 201);
    expectError(await outcome(s.duty, c.id, assess), 409, 'care_act_advocacy_needed');
    assert.equal((await check('care_act_advocacy_needed', 'yes')).status, 201);
    assert.equal((await check('care_act_eligibility', 'yes')).status, 201);
    expectError(await outcome(s.duty, c.id, assess), 409, 'care_act_advocacy_referral');
    // A transfer to assessment is held to the same checks.
    const intake = await teamId('Adult Intake Team');
    expectError(
        await decide(s.duty, c.id, { kind: 'transfer', value: 'assessment', team_id: intake, rationale: 'x' }),
        409,
        'care_act_advocacy_referral',
    );
    const ref = await check('care_act_advocacy_referral', 'yes');
    assert.equal(ref.status, 201, ref.text);
    assert.deepEqual(ref.json.state.care_act, {
        prevention: 'yes',
        finance_info: 'yes',
        advocacy_needed: 'yes',
        advocacy_referral: 'yes',
        eligibility: 'yes',
    });
    const ok = await outcome(s.duty, c.id, assess);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.code, 'cld_assessment');
    assert.equal(ok.json.resolved, false);

    // Care Act checks are for adults; priorities for children; neither without the service.
    const child = await create(s.agent, { service: 'children' });
    expectError(await decide(s.duty, child.id, { kind: 'care_act_prevention', value: 'yes', rationale: 'x' }), 409, 'kind');
    const adult = await create(s.agent, { service: 'adults' });
    expectError(await decide(s.manager, adult.id, { kind: 'priority', value: 'P1', rationale: 'x' }), 409, 'kind');
    const unknown = await create(s.agent);
    expectError(await decide(s.manager, unknown.id, { kind: 'priority', value: 'P1', rationale: 'x' }), 409, 'service');
});

test('the outcome is recorded once, with what was given, and the contact leaves its queue', async () => {
    const codes = await srv.as(s.agent, '/api/outcomes');
    assert.equal(codes.status, 200, codes.text);
    const byC7 = new Map(codes.json.items.filter((x) => x.c7_label).map((x) => [x.code, x]));
    const c7 = [
        'advice_information',
        'dealt_with_other_services',
        'financial_assistance',
        'kinship_carer',
        'no_further_action',
        'private_fostering_notification',
        'progress_assessment_open_case',
        'progress_to_referral',
        'signpost_other_agency',
    ];
    for (const code of c7) assert.ok(byC7.has(code), `C7 row ${code} missing`);
    // The rows the front door resolves: those that reproduce the seed's percentages.
    assert.deepEqual(
        c7.filter((code) => byC7.get(code).resolved_at_front_door),
        ['advice_information', 'dealt_with_other_services', 'no_further_action', 'signpost_other_agency'],
    );
    const groups = new Set(codes.json.items.map((x) => x.group));
    assert.deepEqual([...groups].sort(), ['adults', 'both', 'children']);
    assert.deepEqual(
        codes.json.items.filter((x) => x.workflow).map((x) => x.workflow).sort(),
        ['locality_hub', 'signposting', 'single_agency_referral', 'social_care'],
    );
    assert.ok(codes.json.items.some((x) => x.cld_label === 'NFA - Information & Advice / Signposting only'));

    const c = await create(s.agent, { service: 'children' });
    let q = await srv.as(s.agent, '/api/queues/contact_centre?limit=200');
    assert.ok(q.json.items.some((x) => x.id === c.id));
    const received = q.json.items.map((x) => Date.parse(x.received_at));
    assert.deepEqual(received, [...received].sort((a, b) => a - b), 'longest waiting first');

    expectError(await outcome(s.agent, c.id, { code: 'signpost_other_agency', rationale: 'x' }), 400, 'signposted_to');
    expectError(await outcome(s.agent, c.id, { code: 'made_up', rationale: 'x' }), 400, 'code');
    expectError(await outcome(s.agent, c.id, { code: 'advice_information' }), 400, 'rationale');
    expectError(await outcome(s.agent, c.id, { code: 'cld_no_change', rationale: 'x' }), 400, 'code');
    const navigators = await teamId('Eastfield Community Navigators');
    const o = await outcome(s.agent, c.id, {
        code: 'signpost_other_agency',
        rationale: 'Community support is what the family needs.',
        signposted_to: 'Drop-in times and phone number',
        signposted_team_id: navigators,
    });
    assert.equal(o.status, 201, o.text);
    assert.equal(o.json.signposted_team_id, navigators);
    assert.equal(o.json.resolved, true);
    const now = await get(s.agent, c.id);
    assert.equal(now.outcome.code, 'signpost_other_agency');
    assert.equal(now.outcome.signposted_to, 'Drop-in times and phone number');
    assert.equal(now.queue, null);
    q = await srv.as(s.agent, '/api/queues/contact_centre?limit=200');
    assert.ok(!q.json.items.some((x) => x.id === c.id));
    expectError(await outcome(s.agent, c.id, { code: 'advice_information', rationale: 'x' }), 409);
    expectError(await decide(s.manager, c.id, { kind: 'priority', value: 'P4', rationale: 'x' }), 409);

    // A workflow outcome must be the one the child's priority binds to (L2).
    const p = await create(s.coordinator, { service: 'children', channel: 'web' });
    expectError(await outcome(s.coordinator, p.id, { code: 'l2_locality_hub', rationale: 'x' }), 409, 'priority');
    assert.equal((await decide(s.coordinator, p.id, { kind: 'priority', value: 'P4', rationale: 'Universal services will do.' })).status, 201);
    expectError(await outcome(s.coordinator, p.id, { code: 'l2_locality_hub', rationale: 'x' }), 409, 'priority');
    const ok = await outcome(s.coordinator, p.id, {
        code: 'l2_signposting',
        rationale: 'Universal services will do.',
        signposted_to: "Children's centre stay-and-play sessions",
    });
    assert.equal(ok.status, 201, ok.text);
});

test('a decision is authorised afterwards by someone senior, never by its maker', async () => {
    const c = await create(s.agent, { service: 'children' });
    const d = await decide(s.practitioner, c.id, { kind: 'route', value: 'duty', rationale: 'Needs a duty worker today.' });
    assert.equal(d.status, 201, d.text);
    const id = d.json.decision.id;
    assert.equal(d.json.decision.authorised_by, null);
    assert.deepEqual((await get(s.agent, c.id)).queue, { name: 'duty', team_id: null });
    const duty = await srv.as(s.duty, '/api/queues/duty');
    assert.ok(duty.json.items.some((x) => x.id === c.id));
    expectError(await srv.as(s.agent, `/api/decisions/${id}/authorise`, { method: 'POST', json: {} }), 403);
    const ok = await srv.as(s.manager, `/api/decisions/${id}/authorise`, { method: 'POST', json: { note: 'Agreed.' } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.authorised_by, { id: s.manager.user.id, name: s.manager.user.name });
    assert.equal(ok.json.authorisation_note, 'Agreed.');
    expectError(await srv.as(s.duty, `/api/decisions/${id}/authorise`, { method: 'POST', json: {} }), 409);
    const own = await decide(s.manager, c.id, { kind: 'priority', value: 'P2', rationale: 'Same day.' });
    expectError(
        await srv.as(s.manager, `/api/decisions/${own.json.decision.id}/authorise`, { method: 'POST', json: {} }),
        409,
    );
    const list = await srv.as(s.agent, `/api/contacts/${c.id}/decisions`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((x) => x.kind), ['route', 'priority']);
    assert.equal(list.json.items[0].authorised_by.id, s.manager.user.id);
    assert.equal(list.json.state.priority, 'P2');
});

test('the greeting script names the line and the worker who answers (H7)', async () => {
    const lct = await teamId('Leaving Care Service');
    const g = await srv.as(s.practitioner, `/api/greeting?line=${lct}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.script, 'Leaving Care Service helpline, Priya Shah speaking. How can I help?');
    assert.equal(g.json.line.team_id, lct);
    const byCode = await srv.as(s.manager, '/api/greeting?line=childrens_reception_line');
    assert.equal(byCode.status, 200, byCode.text);
    assert.equal(byCode.json.script, `Children's Reception Team, ${s.manager.user.name} speaking. How can I help?`);
    // A line with no script of its own is greeted with the team's name.
    const cc = await teamId('Contact Centre');
    const d = await srv.as(s.agent, `/api/greeting?line=${cc}`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.default, true);
    assert.equal(d.json.script, `Contact Centre, ${s.agent.user.name} speaking. How can I help?`);
    expectError(await srv.as(s.agent, '/api/greeting'), 400, 'line');
    expectError(await srv.as(s.agent, '/api/greeting?line=999999'), 404, 'line');
    expectError(await srv.as(s.agent, '/api/greeting?line=no_such_line'), 404, 'line');
});

test('danger now shows the 999 guidance and raises a safeguarding concern at once (W10)', async () => {
    const c = await create(s.agent, {
        source: 'friend_neighbour',
        summary: 'Neighbour hears screaming next door and thinks a man has a knife.',
        danger_now: true,
    });
    assert.equal(c.danger_now, true);
    assert.match(c.danger_guidance, /999/);
    assert.equal(c.safeguarding_concerns.length, 1);
    assert.equal(c.safeguarding_concerns[0].source, 'danger_now');
    assert.ok(c.safeguarding_concerns[0].alerts_sent >= 1);
    assert.deepEqual(c.queue, { name: 'duty', team_id: null });
    const q = await srv.as(s.duty, '/api/queues/duty');
    assert.ok(q.json.items.some((x) => x.id === c.id));
    const inbox = await srv.as(s.duty, '/api/messages');
    assert.ok(
        inbox.json.items.some((m) => m.link === `/contacts/${c.id}` && /Safeguarding concern/.test(m.subject)),
        inbox.text,
    );
    // Not in danger: no guidance, no concern. Amended to danger now: both, once.
    const plain = await create(s.agent);
    assert.equal(plain.danger_guidance, null);
    assert.deepEqual(plain.safeguarding_concerns, []);
    const res = await srv.as(s.agent, `/api/contacts/${plain.id}`, {
        method: 'PATCH',
        json: { danger_now: true, reason: 'Caller rang back: he has come home drunk and violent' },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.danger_guidance, /999/);
    assert.equal(res.json.safeguarding_concerns.length, 1);
    // learnt later, it still goes in front of the duty team
    assert.deepEqual(res.json.queue, { name: 'duty', team_id: null });
    const duty = await srv.as(s.duty, '/api/queues/duty');
    assert.ok(duty.json.items.some((x) => x.id === plain.id));
    const again = await srv.as(s.agent, `/api/contacts/${plain.id}`, {
        method: 'PATCH',
        json: { summary: 'Police on their way.', reason: 'update' },
    });
    assert.equal(again.json.safeguarding_concerns.length, 1);
});

test('the demo loads contacts covering every row of the monthly outcome table', async () => {
    // Read back through the API: the demo's closed contacts carry each C7 outcome.
    const list = await srv.as(s.manager, '/api/contacts?limit=200');
    const codes = new Set(list.json.items.filter((x) => x.outcome).map((x) => x.outcome.code));
    for (const code of [
        'advice_information',
        'dealt_with_other_services',
        'financial_assistance',
        'kinship_carer',
        'no_further_action',
        'private_fostering_notification',
        'progress_assessment_open_case',
        'progress_to_referral',
        'signpost_other_agency',
    ]) {
        assert.ok(codes.has(code), `no demo contact with outcome ${code}`);
    }
});

test('an amendment may change every field, and a bad value is a 400 naming the field', async () => {
    const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const hour = 3600 * 1000;
    const start = Date.now();
    const c = await create(s.agent, {
        received_at: iso(start - hour),
        answered_at: iso(start - hour + 60000),
        caller_phone: '01632 960 001',
    });
    const persons = await srv.as(s.agent, '/api/persons/search?q=Hartley');
    assert.equal(persons.status, 200, persons.text);
    const person = persons.json.items[0];
    assert.ok(person, 'the demo has a Hartley');
    const workers = await srv.as(s.agent, '/api/workers');
    const codes = await srv.as(s.agent, '/api/contact-codes');
    const openapi = await srv.as(s.agent, '/api/openapi.json');
    const fields = Object.keys(openapi.json.components.schemas.ContactAmendment.properties)
        .filter((f) => f !== 'reason' && f !== 'version');
    assert.ok(fields.length >= 25, fields.join());

    // Every field at once: the version names them all.
    const all = {
        channel: 'professional_line',
        received_at: iso(start - 2 * hour),
        answered_at: iso(start - 2 * hour + 120000),
        line_team_id: await teamId('Leaving Care Service'),
        source: 'professional',
        source_code: '3B',
        caller_organisation: 'Eastfield Health Visiting',
        caller_role: 'Health visitor',
        caller_name: 'Dana Whitfield',
        caller_phone: '01632 960 002',
        caller_email: 'dana@example.org',
        caller_address: '1 High Street\nEastfield',
        subject_person_ids: [person.id],
        service: 'children',
        worker_id: workers.json.items[0].id,
        team_id: await teamId('Family Support East'),
        reason_code: codes.json.reasons[0].code,
        summary: 'Corrected: the health visitor called, not the neighbour.',
        interpreter_language: 'Polish',
        bsl: true,
        private_room: true,
        communication_other: 'Large print letters',
        consent: 'no',
        consent_justification: 'A child may be at risk of significant harm.',
        danger_now: true,
    };
    const res = await srv.as(s.agent, `/api/contacts/${c.id}`, {
        method: 'PATCH',
        json: { ...all, reason: 'Recorded against the wrong call', version: 1 },
    });
    assert.equal(res.status, 200, res.text);
    for (const [key, value] of Object.entries(all)) {
        if (key.endsWith('_at')) assert.equal(Date.parse(res.json[key]), Date.parse(value), key);
        else assert.deepEqual(res.json[key], value, key);
    }
    const history = await srv.as(s.agent, `/api/contacts/${c.id}/versions`);
    assert.deepEqual(history.json.items[1].changed.slice().sort(), fields.slice().sort());

    // Each bad value is refused naming its field, and nothing is written.
    const now = Date.now();
    const refusals = [
        [{ received_at: iso(now + hour) }, 'received_at', /in the past/],
        [
            { received_at: iso(now + 120000), answered_at: null },
            'received_at',
            /after it was recorded/,
        ],
        [{ answered_at: iso(start - 3 * hour) }, 'answered_at', /answered after it was received/],
        [{ channel: 'email' }, 'answered_at', /only a phone call/],
        [{ channel: 'pigeon' }, 'channel'],
        [{ caller_organisation: null }, 'caller_organisation', /organisation/],
        [{ caller_organisation: '   ' }, 'caller_organisation', /organisation/],
        [{ source: 'police', source_code: '3A' }, 'source_code'],
        [{ consent_justification: null }, 'consent_justification', /without consent/],
        [{ consent: 'yes' }, 'consent_justification', /only when/],
        [{ consent: 'maybe' }, 'consent'],
        [{ caller_name: '' }, 'caller_name'],
        [{ summary: null }, 'summary'],
        [{ caller_phone: 'ring me' }, 'caller_phone'],
        [{ caller_email: 'not an address' }, 'caller_email'],
        [{ reason_code: 'nonsense' }, 'reason_code'],
        [{ worker_id: 999999 }, 'worker_id'],
        [{ team_id: 999999 }, 'team_id'],
        [{ line_team_id: 999999 }, 'line_team_id'],
        [{ subject_person_ids: [999999] }, 'subject_person_ids'],
        [{ service: 'pets' }, 'service'],
        [{ bsl: 'yes' }, 'bsl'],
    ];
    for (const [change, field, words] of refusals) {
        const e = expectError(
            await srv.as(s.agent, `/api/contacts/${c.id}`, {
                method: 'PATCH',
                json: { ...change, reason: 'testing a bad value', version: 2 },
            }),
            400,
            field,
        );
        if (words) assert.match(e.message, words, JSON.stringify(change));
    }
    assert.equal((await srv.as(s.agent, `/api/contacts/${c.id}/versions`)).json.items.length, 2);

    // Changing the channel and clearing the time answered together is one good amendment; so
    // is moving consent to yes with the justification cleared.
    const fixed = await srv.as(s.agent, `/api/contacts/${c.id}`, {
        method: 'PATCH',
        json: {
            channel: 'email', answered_at: null, consent: 'yes', consent_justification: null,
            reason: 'It was an email', version: 2,
        },
    });
    assert.equal(fixed.status, 200, fixed.text);
    assert.equal(fixed.json.answered_at, null);
    assert.equal(fixed.json.consent_justification, '');
});

test('an outcome leading to assessment names every Care Act check still missing at once', async () => {
    const c = await create(s.agent, { service: 'adults', reason_code: 'request_assessment' });
    const assess = { code: 'cld_assessment', rationale: 'Needs a Care Act assessment.' };
    const check = (kind, value) =>
        decide(s.duty, c.id, { kind, value, rationale: `Checked: ${kind} ${value}` });
    const fields = (res) => {
        assert.equal(res.status, 409, res.text);
        assert.ok(Array.isArray(res.json.errors), res.text);
        // the first is also "error", for clients that read one field
        assert.equal(res.json.error.field, res.json.errors[0].field);
        for (const e of res.json.errors) assert.ok(e.message.length > 0, res.text);
        return res.json.errors.map((e) => e.field);
    };
    assert.deepEqual(fields(await outcome(s.duty, c.id, assess)), [
        'care_act_prevention', 'care_act_finance_info', 'care_act_advocacy_needed',
        'care_act_eligibility',
    ]);
    assert.equal((await check('care_act_finance_info', 'no')).status, 201);
    assert.equal((await check('care_act_advocacy_needed', 'yes')).status, 201);
    // finance "no" is not met; advocacy needed asks for the referral; the rest still unanswered
    assert.deepEqual(fields(await outcome(s.duty, c.id, assess)), [
        'care_act_prevention', 'care_act_finance_info', 'care_act_advocacy_referral',
        'care_act_eligibility',
    ]);
    for (const [k, v] of [['care_act_prevention', 'yes'], ['care_act_finance_info', 'yes'],
        ['care_act_advocacy_referral', 'yes'], ['care_act_eligibility', 'no']]) {
        assert.equal((await check(k, v)).status, 201);
    }
    const done = await outcome(s.duty, c.id, assess);
    assert.equal(done.status, 201, done.text);
});

// A contact from the public web form, which nobody owns when it arrives; its id.
async function webContact() {
    const res = await srv.request('/api/public/requests', {
        method: 'POST',
        headers: { Origin: srv.url },
        json: {
            submitter_kind: 'professional', agency: 'school',
            organisation: 'Hinckley Parks Primary School', role: 'Designated safeguarding lead',
            submitter_name: 'Jo Take', submitter_phone: '01455 000 111',
            submitter_email: 'jo.take@parks-primary.example.org', child_first_name: 'Amy',
            child_last_name: 'Example', child_date_of_birth: '2016-04-02',
            child_address: '1 Test Street\nHinckley', child_postcode: 'le10 1aa',
            concern: 'Amy has said she is frightened to go home.', urgency: 'harm',
            consent: 'yes', form_time_ms: 95000, website: '',
        },
    });
    assert.equal(res.status, 201, res.text);
    const list = await srv.as(s.manager, '/api/contacts?limit=20');
    const c = list.json.items.find((x) => x.reference === res.json.reference);
    assert.ok(c, 'the web contact is listed');
    return c.id;
}

test('a duty worker takes an unowned web contact; a second taker is told who owns it', async () => {
    const id = await webContact();
    assert.equal((await get(s.duty, id)).owner, null, 'nobody owns a web contact on arrival');

    const took = await srv.as(s.duty, `/api/contacts/${id}/take`, { method: 'POST' });
    assert.equal(took.status, 200, took.text);
    assert.deepEqual(took.json.owner, { id: s.duty.user.id, name: s.duty.user.name });
    assert.deepEqual((await get(s.agent, id)).owner, { id: s.duty.user.id, name: s.duty.user.name });
    const mine = await srv.as(s.duty, '/api/my/contacts?limit=200');
    assert.ok(mine.json.items.some((x) => x.id === id), 'it is in the taker\'s work');

    // Owned now: taking is refused, naming the owner and pointing to a handover.
    const e = expectError(await srv.as(s.agent, `/api/contacts/${id}/take`, { method: 'POST' }),
        409);
    assert.ok(e.message.includes(s.duty.user.name), e.message);
    assert.match(e.message, /hand it over/);
    assert.match(expectError(await srv.as(s.duty, `/api/contacts/${id}/take`, { method: 'POST' }),
        409).message, /already own/);

    // A contact recorded by a user has its owner from the start.
    const owned = await create(s.agent);
    const e2 = expectError(
        await srv.as(s.practitioner, `/api/contacts/${owned.id}/take`, { method: 'POST' }), 409);
    assert.ok(e2.message.includes(s.agent.user.name), e2.message);
    assert.equal((await get(s.agent, owned.id)).owner.id, s.agent.user.id);

    expectError(await srv.as(s.duty, '/api/contacts/999999/take', { method: 'POST' }), 404);

    const audit = await srv.as(s.manager, `/api/audit?entity=contact&id=${id}`);
    assert.equal(audit.status, 200, audit.text);
    const takes = audit.json.items.filter((e3) => e3.action === 'contact.take');
    assert.equal(takes.length, 1, JSON.stringify(audit.json.items));
    assert.equal(takes[0].user.id, s.duty.user.id);
});

test('a contact offered in a handover cannot be taken by someone else', async () => {
    const id = await webContact();
    // Nobody owns it, so anyone may offer it; while the offer waits, it cannot be taken.
    const offer = await srv.as(s.manager, `/api/contacts/${id}/handover`, {
        method: 'POST', json: { to_user_id: s.practitioner.user.id, note: 'Please take this one' },
    });
    assert.equal(offer.status, 201, offer.text);
    const e = expectError(await srv.as(s.duty, `/api/contacts/${id}/take`, { method: 'POST' }),
        409);
    assert.ok(e.message.includes(s.practitioner.user.name), e.message);
    assert.equal((await get(s.duty, id)).owner, null);
});
