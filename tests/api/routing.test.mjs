// Routing a request for a named worker and what follows it (issue 4, second part): the routing
// answer (W1-W4, H8, H9), call-back promises and messages to a practitioner (W2, H11), written
// items (W3), work done on behalf of the allocated team (W5), referrals with the receiving
// team's answer, their clocks and the written confirmation (C3-C5, A5), tasks (W6, W7, W12),
// "my work" and the clear desk (A11). Runs the real binary on a demo database; email goes to an
// aiosmtpd server on loopback, whose maildir this file reads back (as deadlines.test.mjs).
//
// So that the answers do not depend on the time of day, the workers the routing tests ask about
// are created here with 24-hour, 7-day working patterns, and made "away" with calendar leave.
// (A 24/7 pattern still stops on England and Wales bank holidays; the tests allow for that.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freePort, contactBody, errorOf } from './server.mjs';

const PYTHON = process.env.FRONTDOOR_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const WAIT_LIMIT_MS = 15000; // guards against a hang; not an assertion about speed
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALL_DAY = {
    monday: '00:00-24:00', tuesday: '00:00-24:00', wednesday: '00:00-24:00',
    thursday: '00:00-24:00', friday: '00:00-24:00', saturday: '00:00-24:00',
    sunday: '00:00-24:00',
};

let srv, smtp, maildir, workDir;
const s = {}; // sessions by demo username
const fx = {}; // fixtures made in before()

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

async function portOpen(port) {
    return new Promise((resolve) => {
        const c = connect({ host: '127.0.0.1', port }, () => {
            c.end();
            resolve(true);
        });
        c.on('error', () => resolve(false));
    });
}

async function waitFor(what, fn) {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
    }
}

// Every message the SMTP server received: {to, subject, body}.
function mails() {
    const dir = join(maildir, 'new');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((f) => {
        const raw = readFileSync(join(dir, f), 'utf8');
        const [head, ...rest] = raw.split(/\r?\n\r?\n/);
        const header = (name) => {
            const m = head.match(new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi'));
            return m ? m[1].replace(/\r?\n[ \t]/g, ' ') : '';
        };
        return { to: header('To'), subject: header('Subject'), body: rest.join('\n\n') };
    });
}

const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// Every routing answer this file reads (it has "answer" and "persons") names persons by name,
// never by internal id ("person 12"), in the answer's reason and each person's line; and a
// person's line says only who holds the case, never what to do (the answer says that, once).
function checkRoutingWords(r) {
    if (!r || typeof r !== 'object' || typeof r.answer !== 'string' || !Array.isArray(r.persons)) return;
    const texts = [r.reason, ...r.persons.map((p) => p.reason)];
    for (const t of texts) assert.doesNotMatch(t, /person \d+/i, `an internal id in "${t}"`);
    for (const p of r.persons) {
        assert.doesNotMatch(p.reason, /pass the|transfer|message|escalation|front door/i,
            `a person's line gives no instruction: "${p.reason}"`);
    }
}

async function ok(res, status = 200) {
    assert.equal(res.status, status, res.text);
    checkRoutingWords(res.json);
    return res.json;
}

function expectError(res, status, field) {
    assert.equal(res.status, status, res.text);
    const e = errorOf(res);
    if (field !== undefined) assert.equal(e.field, field, res.text);
    return e;
}

const post = (session, path, json) => srv.as(session, path, { method: 'POST', json });
const get = (session, path) => srv.as(session, path);

async function teamByName(name) {
    const items = (await ok(await get(s.agent, `/api/teams?q=${encodeURIComponent(name)}`))).items;
    const t = items.find((x) => x.name === name);
    assert.ok(t, `no team ${name}`);
    return t;
}

async function workerByName(name) {
    const items = (await ok(await get(s.agent, `/api/workers?q=${encodeURIComponent(name)}`))).items;
    const w = items.find((x) => x.name === name);
    assert.ok(w, `no worker ${name}`);
    return w;
}

let personSeq = 0;
async function newPerson(given) {
    const body = {
        given_name: given,
        family_name: `Routingtest${Date.now() % 100000}x${++personSeq}`,
        confirm_new: true,
        reason: 'test person for the routing suite',
    };
    return ok(await post(s.agent, '/api/persons', body), 201);
}

async function allocate(personId, workerId, teamId, kind = 'personal_adviser') {
    const body = { person_id: personId, kind };
    if (workerId) body.worker_id = workerId;
    if (teamId) body.team_id = teamId;
    return ok(await post(s.manager, '/api/allocations', body), 201);
}

async function newContact(session, over = {}) {
    return ok(await post(session, '/api/contacts', contactBody(over)), 201);
}

async function clockById(id) {
    return ok(await get(s.manager, `/api/clocks/${id}`));
}

before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'fd-routing-'));
    maildir = join(workDir, 'maildir');
    const smtpPort = await freePort();
    smtp = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c',
        'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let smtpErr = '';
    smtp.stderr.on('data', (d) => (smtpErr += d));
    await waitFor(`aiosmtpd on ${smtpPort} (${smtpErr})`, () => portOpen(smtpPort));
    const saved = { ...process.env };
    process.env.FRONTDOOR_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    process.env.FRONTDOOR_MAIL_FROM = 'frontdoor@demo-council.example';
    process.env.FRONTDOOR_PUBLIC_URL = 'https://frontdoor.demo-council.example/';
    try {
        srv = await startServer();
    } finally {
        for (const k of ['FRONTDOOR_SMTP_URL', 'FRONTDOOR_MAIL_FROM', 'FRONTDOOR_PUBLIC_URL']) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    }
    for (const u of ['agent', 'practitioner', 'manager', 'duty', 'coordinator', 'admin']) {
        s[u] = await srv.signIn(u);
    }
    // a team that works around the clock, two PAs in it, managed by the demo's Graham Osei
    const team = await ok(
        await post(s.manager, '/api/teams', {
            name: 'Aftercare Around the Clock',
            type: 'leaving_care',
            locality: 'County',
            duty_line: '0306 999 0999',
            hours: ALL_DAY,
        }),
        201,
    );
    const graham = await workerByName('Graham Osei');
    const worker = (staff, name) =>
        post(s.manager, '/api/workers', {
            staff_number: staff,
            name,
            job_title: 'Personal Adviser',
            role: 'personal_adviser',
            teams: [team.id],
            line_manager_id: graham.id,
            phone: '07700 900777',
            email: `${staff.toLowerCase()}@demo-council.example`,
            safeguarding_qualified: false,
            hours: ALL_DAY,
        });
    fx.team = team;
    fx.graham = graham;
    fx.ava = await ok(await worker('W9801', 'Ava Around'), 201);
    fx.ben = await ok(await worker('W9802', 'Ben Around'), 201);
    fx.priya = await workerByName('Priya Shah');
    fx.lcs = await teamByName('Leaving Care Service');
    fx.hub = await teamByName('Locality Hub East');
    fx.ra = await teamByName('Referral and Assessment North');
    fx.centre = await teamByName('Contact Centre');
    fx.crt = await teamByName("Children's Reception Team");
});

after(async () => {
    await srv?.cleanup();
    if (smtp && smtp.exitCode === null) {
        const done = new Promise((r) => smtp.once('exit', r));
        smtp.kill('SIGTERM');
        await done;
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('routing: the named worker is allocated, so the call may be passed on (W1)', async () => {
    const jo = await newPerson('Jo');
    await allocate(jo.id, fx.ava.id, fx.team.id);
    const c = await newContact(s.agent, { subject_person_ids: [jo.id], worker_id: fx.ava.id });
    const r = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
    assert.equal(r.contact_id, c.id);
    assert.equal(r.asked_for.worker.name, 'Ava Around');
    assert.equal(r.transfer_allowed, true);
    assert.equal(r.front_door_manages, false);
    assert.equal(r.persons.length, 1);
    assert.equal(r.persons[0].worker_allocated, true);
    assert.equal(r.persons[0].name, jo.display_name);
    assert.equal(r.persons[0].reason, `Ava Around is allocated to ${jo.display_name} as Personal adviser (PA)`);
    assert.ok(r.reason.includes(`allocated to ${jo.display_name}`), r.reason);
    assert.ok(r.allocated.some((a) => a.worker.id === fx.ava.id && a.kind === 'personal_adviser'));
    assert.equal(r.availability.worker.id, fx.ava.id);
    if (r.availability.status === 'not_working') {
        // only on a bank holiday, when even a 24/7 pattern stops
        assert.notEqual(r.answer, 'pass_on');
    } else {
        assert.equal(r.availability.available_now, true);
        assert.equal(r.answer, 'pass_on');
        assert.match(r.reason, /available now/);
    }
    // the team asked for instead of the worker: Ava's team holds the case
    const byTeam = await ok(await get(s.agent, `/api/contacts/${c.id}/routing?team=${fx.team.id}`));
    assert.equal(byTeam.transfer_allowed, true);
    assert.equal(byTeam.asked_for.team.duty_line, '0306 999 0999');

    // the check reads the person's allocations, so it is audited
    const audit = await ok(await get(s.admin, `/api/audit?entity=person&id=${jo.id}`));
    const checks = audit.items.filter((e) => e.action === 'allocation.check');
    assert.ok(checks.some((e) => e.reason.includes(`routing contact ${c.id}`) && e.user.id === s.agent.user.id),
        JSON.stringify(audit.items.map((e) => [e.action, e.reason])));
});

test('routing: not allocated says who is and offers no transfer; nobody allocated is the front door (W1, W4)', async () => {
    const kim = await newPerson('Kim');
    await allocate(kim.id, fx.ava.id, fx.team.id);
    const c = await newContact(s.agent, { subject_person_ids: [kim.id], worker_id: fx.ben.id });
    const r = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
    assert.equal(r.answer, 'not_allocated');
    assert.equal(r.transfer_allowed, false);
    assert.equal(r.front_door_manages, false);
    assert.match(r.reason, /Ben Around is not allocated/);
    assert.ok(r.reason.includes(`Ben Around is not allocated to ${kim.display_name} `), r.reason);
    assert.match(r.reason, /Ava Around/);
    assert.equal(r.persons[0].reason, `Ben Around is not allocated to ${kim.display_name}`);
    assert.ok(r.allocated.some((a) => a.worker.name === 'Ava Around'));
    assert.equal(r.availability, null, 'no availability offered for a transfer that is not allowed');
    assert.deepEqual(r.escalation, []);

    const lee = await newPerson('Lee'); // nobody holds Lee's case
    const c2 = await newContact(s.agent, { subject_person_ids: [lee.id], worker_id: fx.ava.id });
    const r2 = await ok(await get(s.agent, `/api/contacts/${c2.id}/routing`));
    assert.equal(r2.answer, 'front_door');
    assert.equal(r2.transfer_allowed, false);
    assert.equal(r2.front_door_manages, true);
    assert.match(r2.reason, /nobody is allocated/);
    assert.ok(r2.reason.startsWith(`nobody is allocated to ${lee.display_name}:`), r2.reason);
    assert.equal(r2.persons[0].reason, `nobody is allocated to ${lee.display_name}`);

    // a contact about nobody, or asking for nobody, cannot be routed
    const bare = await newContact(s.agent, { worker_id: fx.ava.id });
    expectError(await get(s.agent, `/api/contacts/${bare.id}/routing`), 409, 'subject_person_ids');
    const noAsk = await newContact(s.agent, { subject_person_ids: [lee.id] });
    expectError(await get(s.agent, `/api/contacts/${noAsk.id}/routing`), 400, 'worker');
    expectError(await get(s.agent, `/api/contacts/${noAsk.id}/routing?worker=999999`), 400, 'worker');
    assert.equal((await get(s.agent, '/api/contacts/999999/routing?worker=1')).status, 404);
});

test('routing: the worker is away: when next free, a free colleague, else the front door and the escalation path (H8, H9, W4)', async () => {
    const max = await newPerson('Max');
    await allocate(max.id, fx.ava.id, fx.team.id);
    const c = await newContact(s.agent, { subject_person_ids: [max.id], worker_id: fx.ava.id });
    const now = Date.now();
    const back = Math.floor((now + 3 * DAY) / MINUTE) * MINUTE;
    await ok(
        await post(s.manager, `/api/workers/${fx.ava.id}/calendar`, {
            kind: 'leave', starts_at: iso(now - HOUR), ends_at: iso(back), title: 'Annual leave',
        }),
        201,
    );
    let r = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
    assert.equal(r.transfer_allowed, true, 'Ava still holds the case');
    assert.equal(r.availability.available_now, false);
    assert.equal(r.availability.back_today, false);
    const next = Date.parse(r.availability.next_available_at);
    assert.ok(next >= back, `next free ${r.availability.next_available_at} is after the leave`);
    assert.ok(next < back + 5 * DAY);
    assert.match(r.reason, /away \(next free: /);
    // one time style in the answer, as the web app's: "9am", "2:30pm", "midday", never "09:00"
    assert.match(r.availability.next_available_text,
        /^(today|tomorrow|[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+) at (midnight|midday|\d{1,2}(:\d{2})?(am|pm))$/);
    assert.ok(r.reason.includes(r.availability.next_available_text), r.reason);
    assert.doesNotMatch(r.reason, /\b\d{2}:\d{2}\b/);
    if (r.colleagues.length > 0) {
        assert.equal(r.answer, 'colleague');
        assert.deepEqual(r.colleagues.map((x) => x.name), ['Ben Around']);
    }
    // the escalation path of the day: Ava's line manager, then the duty manager on the rota
    assert.equal(r.escalation[0].capacity, 'line_manager');
    assert.equal(r.escalation[0].found, true);
    assert.equal(r.escalation[0].worker.name, 'Graham Osei');
    assert.equal(r.escalation[1].capacity, 'duty_manager');
    const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'Europe/London' }).format(new Date());
    assert.equal(r.escalation[1].weekday, weekday);
    if (r.escalation[1].found) assert.ok(r.escalation[1].worker.name);
    else assert.match(r.escalation[1].reason, /nobody is on the duty manager rota/);

    // Ben goes on leave too: nobody in the team can take it, so the front door does (W4)
    await ok(
        await post(s.manager, `/api/workers/${fx.ben.id}/calendar`, {
            kind: 'leave', starts_at: iso(now - HOUR), ends_at: iso(back), title: 'Annual leave',
        }),
        201,
    );
    r = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
    assert.equal(r.answer, 'front_door');
    assert.equal(r.front_door_manages, true);
    assert.deepEqual(r.colleagues, []);
    assert.match(r.reason, /the front door deals with the contact/);
});

test('call-back promise and a message to the PA: in-app with the narrative, email with the reference only (W2, H8, H11)', async () => {
    const pat = await newPerson('Pat');
    await allocate(pat.id, fx.priya.id, fx.lcs.id);
    const narrative = 'Pat rang about the landlord keeping the deposit';
    const c = await newContact(s.agent, { subject_person_ids: [pat.id], worker_id: fx.priya.id, summary: narrative });

    const by = iso(Date.now() + 4 * HOUR);
    expectError(await post(s.agent, `/api/contacts/${c.id}/callback-promise`, { worker_id: fx.priya.id, callback_by: by }), 400, 'if_no_call');
    expectError(await post(s.agent, `/api/contacts/${c.id}/callback-promise`, {
        worker_id: fx.priya.id, callback_by: iso(Date.now() - DAY), if_no_call: 'ring again',
    }), 400, 'callback_by');
    const promise = await ok(await post(s.agent, `/api/contacts/${c.id}/callback-promise`, {
        worker_id: fx.priya.id,
        callback_by: by,
        told: 'Priya will ring you back this afternoon',
        if_no_call: 'Ring the helpline again after 16:00 and ask for the duty PA',
    }), 201);
    assert.equal(promise.callback_by, by);
    assert.equal(promise.worker.name, 'Priya Shah');
    assert.equal(promise.told_by.id, s.agent.user.id);
    assert.ok(promise.task_id > 0);

    expectError(await post(s.agent, `/api/contacts/${c.id}/message-to-worker`, {
        worker_id: fx.priya.id, what_happened: narrative, what_was_done: 'Told Pat Priya will call',
    }), 400, 'follow_up');
    // left by the team manager, so that the agent is neither the sender nor the PA below
    const msg = await ok(await post(s.manager, `/api/contacts/${c.id}/message-to-worker`, {
        worker_id: fx.priya.id,
        what_happened: narrative,
        what_was_done: 'Told Pat that Priya will call back by this afternoon',
        follow_up: 'Call Pat about the deposit protection scheme',
        callback_promise_id: promise.id,
    }), 201);
    assert.equal(msg.contact_reference, c.reference);
    assert.ok(msg.in_app_message_id > 0, 'in-app message queued');
    assert.ok(msg.email_message_id > 0, 'email alert queued');
    assert.ok(msg.clock_id > 0, 'message-returned clock started');
    assert.equal(msg.returned_at, null);

    // the in-app message carries what happened, what was done and the follow-up
    const inbox = await ok(await get(s.practitioner, '/api/messages?unread=1'));
    const inApp = inbox.items.find((m) => m.id === msg.in_app_message_id);
    assert.ok(inApp, 'in the PA inbox');
    assert.match(inApp.body, /landlord keeping the deposit/);
    assert.match(inApp.body, /deposit protection scheme/);
    assert.equal(inApp.link, `/contacts/${c.id}`);

    // the email carries the reference and a link, never the narrative (H11, minimum data)
    const mail = await waitFor('the PA email', () =>
        mails().find((m) => m.to.includes(fx.priya.email) && m.subject.includes(c.reference)));
    assert.match(mail.body, new RegExp(c.reference));
    assert.match(mail.body, new RegExp(`/contacts/${c.id}`));
    assert.doesNotMatch(mail.body, /landlord|deposit|Pat/);

    // the clock: message returned within 1 working day, owned by the PA
    let k = await clockById(msg.clock_id);
    assert.equal(k.policy.code, 'message_returned');
    assert.equal(k.entity.type, 'worker_message');
    assert.equal(k.entity.id, msg.id);
    /* the clock leads to where the message is dealt with: its contact's call-backs */
    assert.equal(k.entity.link, `/contacts/${c.id}#callbacks`);
    assert.equal(k.owner.user_id, s.practitioner.user.id, 'the PA owns the clock');
    assert.equal(k.state, 'running');
    // and the contact's deadlines list it beside the contact's own clocks
    const onContact = await ok(await get(s.agent, `/api/contacts/${c.id}/clocks`));
    assert.ok(onContact.items.some((x) => x.id === msg.clock_id), JSON.stringify(onContact.items));
    assert.ok(onContact.items.some((x) => x.entity.type === 'contact'));

    // "my work" for the PA: the call-back task and the message waiting
    const mine = await ok(await get(s.practitioner, '/api/my/work'));
    const task = mine.tasks.find((t) => t.id === promise.task_id);
    assert.ok(task, 'call-back task in my work');
    assert.equal(task.kind, 'call_back');
    assert.equal(task.due_at, by);
    assert.ok(mine.worker_messages.some((m) => m.id === msg.id));
    assert.ok(mine.messages_unread >= 1);

    // someone else cannot say the call was returned; the PA can, once; the clock stops
    assert.equal((await post(s.agent, `/api/worker-messages/${msg.id}/returned`, {})).status, 403);
    const back = await ok(await post(s.practitioner, `/api/worker-messages/${msg.id}/returned`, { note: 'Rang Pat at 15:10' }));
    assert.ok(back.returned_at);
    assert.equal(back.returned_by.id, s.practitioner.user.id);
    k = await clockById(msg.clock_id);
    assert.equal(k.state, 'met');
    expectError(await post(s.practitioner, `/api/worker-messages/${msg.id}/returned`, {}), 409);
    const listed = await ok(await get(s.agent, `/api/contacts/${c.id}/message-to-worker`));
    assert.equal(listed.items.length, 1);
    assert.equal(listed.items[0].return_note, 'Rang Pat at 15:10');
    const promises = await ok(await get(s.agent, `/api/contacts/${c.id}/callback-promise`));
    assert.equal(promises.items[0].if_no_call, 'Ring the helpline again after 16:00 and ask for the duty PA');
});

test('written item for a named worker, transferred as a message pointing to it (W3); work done on behalf of the team alerts the worker (W5)', async () => {
    const sam = await newPerson('Sam');
    await allocate(sam.id, fx.priya.id, fx.lcs.id);
    const c = await newContact(s.agent, { channel: 'letter', subject_person_ids: [sam.id], worker_id: fx.priya.id });
    expectError(await post(s.agent, `/api/contacts/${c.id}/written-items`, {
        description: 'Letter from the housing office', stored_at: 'Scanned to the contact', acknowledged_by: 'someone',
    }), 400, 'acknowledged_by');
    const item = await ok(await post(s.agent, `/api/contacts/${c.id}/written-items`, {
        worker_id: fx.priya.id,
        description: 'Letter from the housing office dated 2 March',
        stored_at: 'Scanned to the contact; original in the post room safe',
        wants_original: false,
        acknowledged_by: 'service',
        can_act_in_time: true,
    }), 201);
    assert.equal(item.wants_original, false);
    assert.equal(item.acknowledged_by, 'service');
    const msg = await ok(await post(s.agent, `/api/contacts/${c.id}/message-to-worker`, {
        worker_id: fx.priya.id,
        what_happened: 'A letter came for Priya from the housing office',
        what_was_done: 'Scanned and filed; original kept in the safe',
        follow_up: 'Read the letter on the contact',
        written_item_id: item.id,
    }), 201);
    assert.equal(msg.written_item_id, item.id);
    const other = await newContact(s.agent);
    expectError(await post(s.agent, `/api/contacts/${other.id}/message-to-worker`, {
        worker_id: fx.priya.id, what_happened: 'x', what_was_done: 'y', follow_up: 'z', written_item_id: item.id,
    }), 400, 'written_item_id');

    // W5: without naming the worker, the allocated one is alerted
    const done = await ok(await post(s.agent, `/api/contacts/${c.id}/on-behalf`, {
        kind: 'suspend_service',
        details: 'Home care suspended: Sam was admitted to the General on Monday night',
    }), 201);
    assert.equal(done.worker.id, fx.priya.id);
    assert.ok(done.in_app_message_id > 0);
    assert.ok(done.email_message_id > 0);
    const inbox = await ok(await get(s.practitioner, '/api/messages'));
    assert.ok(inbox.items.some((m) => m.id === done.in_app_message_id && /admitted to the General/.test(m.body)));
    const mail = await waitFor('the on-behalf email', () =>
        mails().find((m) => m.subject.includes('Service suspended') && m.subject.includes(c.reference)));
    assert.doesNotMatch(mail.body, /admitted|General|Sam/);
    const nobody = await newContact(s.agent, { subject_person_ids: [(await newPerson('Nobody')).id] });
    expectError(await post(s.agent, `/api/contacts/${nobody.id}/on-behalf`, {
        kind: 'arrange_respite', details: 'Respite week booked as agreed in the plan',
    }), 409, 'worker_id');
    expectError(await post(s.agent, `/api/contacts/${c.id}/on-behalf`, { kind: 'tidy_up', details: 'x' }), 400, 'kind');
});

test('referrals: accepted by the receiving team, or returned with a reason; clocks move on (C4, A5)', async () => {
    const c = await newContact(s.agent, { service: 'children' });
    const made = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 201);
    assert.match(made.reference, /^R-\d{4}-\d{6}$/);
    assert.equal(made.kind, 'locality_hub', 'kind from the team type');
    assert.equal(made.state, 'pending');
    assert.equal(made.from_team.id, fx.centre.id, 'made by the contact centre agent');
    const policies = made.clocks.map((k) => k.policy).sort();
    assert.deepEqual(policies, ['non_urgent_transfer', 'referral_decision', 'written_confirmation']);

    const queue = await ok(await get(s.coordinator, `/api/teams/${fx.hub.id}/referrals`));
    assert.equal(queue.team.id, fx.hub.id);
    assert.ok(queue.items.some((r) => r.id === made.id));

    // only the receiving team (or a manager) answers
    expectError(await post(s.agent, `/api/referrals/${made.id}/accept`, {}), 403);
    const accepted = await ok(await post(s.coordinator, `/api/referrals/${made.id}/accept`, { note: 'on the hub list for Thursday' }));
    assert.equal(accepted.state, 'accepted');
    assert.equal(accepted.answered_by.id, s.coordinator.user.id);
    const byPolicy = Object.fromEntries(accepted.clocks.map((k) => [k.policy, k]));
    assert.equal(byPolicy.non_urgent_transfer.state, 'met');
    assert.equal(byPolicy.referral_decision.state, 'met');
    assert.equal(byPolicy.written_confirmation.state, 'running');
    expectError(await post(s.coordinator, `/api/referrals/${made.id}/return`, { reason: 'too late' }), 409, 'state');
    const pending = await ok(await get(s.coordinator, `/api/teams/${fx.hub.id}/referrals`));
    assert.ok(!pending.items.some((r) => r.id === made.id), 'off the pending queue');
    const acceptedList = await ok(await get(s.coordinator, `/api/teams/${fx.hub.id}/referrals?state=accepted`));
    assert.ok(acceptedList.items.some((r) => r.id === made.id));

    // the hub has it on its workflow: the contact is not referred to them again
    const dup = expectError(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 409, 'to_team_id');
    assert.ok(dup.message.includes(made.reference), dup.message);

    // returned: a reason is required
    const c2 = await newContact(s.agent, { service: 'children' });
    const second = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c2.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 201);
    expectError(await post(s.coordinator, `/api/referrals/${second.id}/return`, {}), 400, 'reason');
    const returned = await ok(await post(s.coordinator, `/api/referrals/${second.id}/return`, {
        reason: 'The family lives in the west: Locality Hub West covers them',
    }));
    assert.equal(returned.state, 'returned');
    assert.equal(returned.return_reason, 'The family lives in the west: Locality Hub West covers them');
    const k2 = Object.fromEntries(returned.clocks.map((k) => [k.policy, k]));
    assert.equal(k2.referral_decision.state, 'met');
    assert.ok(k2.non_urgent_transfer.stopped_at);

    const all = await ok(await get(s.agent, `/api/contacts/${c.id}/referrals`));
    assert.deepEqual(all.items.map((r) => r.state), ['accepted']);
    const all2 = await ok(await get(s.agent, `/api/contacts/${c2.id}/referrals`));
    assert.deepEqual(all2.items.map((r) => r.state), ['returned']);
    expectError(await get(s.agent, `/api/teams/${fx.hub.id}/referrals?state=lost`), 400, 'state');
});

test('a transfer to assessment needs the recommendation and work plan (C5)', async () => {
    const c = await newContact(s.agent, { service: 'children' });
    expectError(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.ra.id, safeguarding: false, kind: 'other_team',
    }), 400, 'kind');
    expectError(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.ra.id, safeguarding: false,
    }), 409, 'recommendation');
    const rec = await post(s.manager, `/api/contacts/${c.id}/decisions`, {
        kind: 'recommendation',
        value: 'transfer_to_assessment',
        rationale: 'Neglect indicators over two weeks; needs a single assessment',
        work_plan: 'Home visit within 2 working days; school and GP checks',
    });
    assert.equal(rec.status, 201, rec.text);
    const made = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.ra.id, safeguarding: false,
    }), 201);
    assert.equal(made.kind, 'assessment');
    assert.equal(made.work_plan, 'Home visit within 2 working days; school and GP checks');
    assert.equal(made.recommendation, 'Neglect indicators over two weeks; needs a single assessment');
    assert.equal(made.recommendation_decision_id, rec.json.decision.id);
});

test('a safeguarding transfer must record the phone call (C3); its 30-minute clock starts', async () => {
    const c = await newContact(s.agent, { service: 'children', caller_email: 'jo.bloggs@eastfield-school.example' });
    await post(s.manager, `/api/contacts/${c.id}/decisions`, {
        kind: 'recommendation', value: 'transfer_to_assessment', rationale: 'Disclosure at school', work_plan: 'Strategy discussion today',
    });
    const body = { contact_id: c.id, to_team_id: fx.ra.id, safeguarding: true };
    expectError(await post(s.agent, '/api/referrals', body), 400, 'phoned_to');
    expectError(await post(s.agent, '/api/referrals', { ...body, phoned_to: 'Kofi Mensah' }), 400, 'phoned_at');
    expectError(await post(s.agent, '/api/referrals', { ...body, phoned_to: 'Kofi Mensah', phoned_at: iso(Date.now() + DAY) }), 400, 'phoned_at');
    expectError(await post(s.agent, '/api/referrals', { contact_id: c.id, to_team_id: fx.ra.id }), 400, 'safeguarding');
    const phonedAt = iso(Date.now() - MINUTE);
    const made = await ok(await post(s.agent, '/api/referrals', { ...body, phoned_to: 'Kofi Mensah, duty social worker', phoned_at: phonedAt }), 201);
    assert.equal(made.safeguarding, true);
    assert.equal(made.phoned_to, 'Kofi Mensah, duty social worker');
    assert.equal(made.phoned_at, phonedAt);
    const sg = made.clocks.find((k) => k.policy === 'safeguarding_workflow');
    assert.ok(sg, 'safeguarding clock');
    /* on the deadlines dashboard a referral's clock is named by the referral's reference */
    const sgClock = await clockById(sg.id);
    assert.equal(sgClock.entity.reference, made.reference);
    assert.equal(sgClock.entity.link, `/contacts/${c.id}#referrals`, 'the clock leads to the referral');
    assert.equal(Date.parse(sg.due_at) - Date.parse(made.created_at), 30 * MINUTE);
    assert.ok(!made.clocks.some((k) => k.policy === 'non_urgent_transfer'));
    fx.safeguardingReferral = made;
    fx.safeguardingContact = c;
});

test('the written confirmation to the referrer: generated, sent by email, recorded, and the 48-hour clock stops (C3)', async () => {
    const noEmail = await newContact(s.agent, { service: 'children' });
    const r0 = await ok(await post(s.agent, '/api/referrals', { contact_id: noEmail.id, to_team_id: fx.hub.id, safeguarding: false }), 201);
    const preview0 = await ok(await get(s.agent, `/api/referrals/${r0.id}/confirmation`));
    assert.equal(preview0.to, null);
    expectError(await post(s.agent, `/api/referrals/${r0.id}/confirmation`, {}), 400, 'to');
    expectError(await post(s.agent, `/api/referrals/${r0.id}/confirmation`, { to: 'not an address' }), 400, 'to');

    const r = fx.safeguardingReferral;
    const c = fx.safeguardingContact;
    const preview = await ok(await get(s.agent, `/api/referrals/${r.id}/confirmation`));
    assert.equal(preview.sent, false);
    assert.equal(preview.to, 'jo.bloggs@eastfield-school.example');
    assert.match(preview.subject, new RegExp(r.reference));
    assert.match(preview.text, new RegExp(`Dear ${c.caller_name}`));
    assert.match(preview.text, new RegExp(`${r.reference} \\(contact ${c.reference}\\)`));
    assert.match(preview.text, /Referral and Assessment North/);
    assert.ok(!preview.text.includes(c.summary), 'no narrative in the letter');

    const sent = await ok(await post(s.agent, `/api/referrals/${r.id}/confirmation`, {}), 201);
    assert.equal(sent.sent, true);
    assert.ok(sent.sent_at);
    assert.equal(sent.sent_by.id, s.agent.user.id);
    const after = await ok(await get(s.agent, `/api/referrals/${r.id}`));
    assert.equal(after.confirmation_sent_at, sent.sent_at);
    const k = after.clocks.find((x) => x.policy === 'written_confirmation');
    assert.equal(k.state, 'met');
    assert.ok(k.stopped_at);
    expectError(await post(s.agent, `/api/referrals/${r.id}/confirmation`, {}), 409);
    const again = await ok(await get(s.agent, `/api/referrals/${r.id}/confirmation`));
    assert.equal(again.sent, true);
    assert.equal(again.text, sent.text);
    const mail = await waitFor('the confirmation email', () =>
        mails().find((m) => m.to.includes('jo.bloggs@eastfield-school.example') && m.subject.includes(r.reference)));
    assert.match(mail.body, /Thank you for your referral/);
    assert.doesNotMatch(mail.body, /sign in/, 'no link into frontdoor for an outside referrer');
});

test('tasks: follow-ups agreed with the worker, checking advice worked, review requests to the allocated worker or reviewing team; my work (W6, W7, W12)', async () => {
    const c = await newContact(s.agent);
    const due = iso(Date.now() + 2 * DAY);
    expectError(await post(s.agent, '/api/tasks', { kind: 'follow_up', due_at: due, note: 'Ring in a week', contact_id: c.id }), 400, 'agreed_with');
    expectError(await post(s.agent, '/api/tasks', { kind: 'chase', due_at: due, note: 'x', contact_id: c.id }), 400, 'kind');
    expectError(await post(s.agent, '/api/tasks', { kind: 'call_back', due_at: iso(Date.now() - DAY), note: 'x', contact_id: c.id }), 400, 'due_at');
    expectError(await post(s.agent, '/api/tasks', { kind: 'call_back', due_at: due, note: 'x' }), 400, 'contact_id');
    const follow = await ok(await post(s.agent, '/api/tasks', {
        kind: 'follow_up', due_at: due, note: 'Ring Mrs Turner: did the carers centre call?', contact_id: c.id,
        agreed_with: 'Priya Shah (PA), who asked for a call in two days',
    }), 201);
    assert.equal(follow.owner.id, s.agent.user.id);
    assert.equal(follow.state, 'open');
    const advice = await ok(await post(s.agent, '/api/tasks', {
        kind: 'check_advice_worked', due_at: iso(Date.now() + 7 * DAY), note: 'Did the benefits advice help?', contact_id: c.id,
    }), 201);

    // W7: a review request goes to the allocated worker's sign-in ...
    const ray = await newPerson('Ray');
    await allocate(ray.id, fx.priya.id, fx.lcs.id);
    const review = await ok(await post(s.agent, '/api/tasks', {
        kind: 'review_request', due_at: due, note: 'Ray asks for a review of the pathway plan', person_id: ray.id,
    }), 201);
    assert.equal(review.owner.id, s.practitioner.user.id);
    // ... or, with no allocated worker, to the reviewing team
    const eve = await newPerson('Eve');
    await allocate(eve.id, null, fx.crt.id, 'reviewing_team');
    const teamReview = await ok(await post(s.agent, '/api/tasks', {
        kind: 'review_request', due_at: due, note: 'Eve asks for her care plan to be reviewed', person_id: eve.id,
    }), 201);
    assert.equal(teamReview.owner, null);
    assert.equal(teamReview.team.id, fx.crt.id);
    const lone = await newPerson('Lone');
    expectError(await post(s.agent, '/api/tasks', { kind: 'review_request', due_at: due, note: 'review', person_id: lone.id }), 409, 'owner_user_id');

    const mine = await ok(await get(s.agent, '/api/my/work'));
    const ids = mine.tasks.map((t) => t.id);
    assert.ok(ids.includes(follow.id) && ids.includes(advice.id));
    assert.ok(!ids.includes(review.id));
    const dues = mine.tasks.map((t) => Date.parse(t.due_at));
    assert.deepEqual(dues, [...dues].sort((a, b) => a - b), 'soonest due first');
    assert.ok(mine.contacts.some((x) => x.id === c.id), 'contacts I own');
    const pa = await ok(await get(s.practitioner, '/api/my/work'));
    assert.ok(pa.tasks.some((t) => t.id === review.id));
    const crtManager = await ok(await get(s.manager, '/api/my/work'));
    assert.ok(crtManager.team_tasks.some((t) => t.id === teamReview.id), "the team's unowned review");

    // closing: once; a cancellation needs a reason; strangers cannot
    assert.equal((await post(s.practitioner, `/api/tasks/${follow.id}/done`, {})).status, 403);
    const done = await ok(await post(s.agent, `/api/tasks/${follow.id}/done`, { note: 'She had heard from them' }));
    assert.equal(done.state, 'done');
    expectError(await post(s.agent, `/api/tasks/${follow.id}/done`, {}), 409, 'state');
    expectError(await post(s.agent, `/api/tasks/${advice.id}/cancel`, {}), 400, 'reason');
    const cancelled = await ok(await post(s.agent, `/api/tasks/${advice.id}/cancel`, { reason: 'Recorded twice' }));
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.close_note, 'Recorded twice');
    const later = await ok(await get(s.agent, '/api/my/work'));
    assert.ok(!later.tasks.some((t) => t.id === follow.id || t.id === advice.id), 'closed tasks leave my work');
    const one = await ok(await get(s.agent, `/api/tasks/${follow.id}`));
    assert.equal(one.close_note, 'She had heard from them');
});

test('clear desk: referrals not yet passed on and contacts without an outcome (A11)', async () => {
    const c = await newContact(s.agent, { service: 'adults' });
    const r = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.hub.id, from_team_id: fx.centre.id, safeguarding: false,
    }), 201);
    let desk = await ok(await get(s.agent, `/api/clear-desk?team=${fx.centre.id}`));
    assert.equal(desk.team.id, fx.centre.id);
    assert.match(desk.day, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(desk.referrals_pending.some((x) => x.id === r.id), 'the unpassed referral');
    assert.ok(desk.contacts_without_outcome.some((x) => x.id === c.id), 'waiting in the contact centre queue');
    const mine = await ok(await get(s.agent, '/api/clear-desk'));
    assert.equal(mine.team, null);
    assert.ok(mine.referrals_pending.some((x) => x.id === r.id));

    // a transfer decided without a referral shows too, until the referral is made
    const t = await newContact(s.agent, { service: 'children' });
    const tr = await post(s.agent, `/api/contacts/${t.id}/decisions`, {
        kind: 'transfer', value: 'locality_hub', team_id: fx.hub.id, rationale: 'Several needs: the hub',
    });
    assert.equal(tr.status, 201, tr.text);
    desk = await ok(await get(s.agent, '/api/clear-desk'));
    assert.ok(desk.transfers_not_referred.some((x) => x.contact_id === t.id && x.to_team.id === fx.hub.id));
    await ok(await post(s.agent, '/api/referrals', { contact_id: t.id, to_team_id: fx.hub.id, safeguarding: false }), 201);
    desk = await ok(await get(s.agent, '/api/clear-desk'));
    assert.ok(!desk.transfers_not_referred.some((x) => x.contact_id === t.id));

    // once the hub accepts it, it is passed on and leaves the desk
    await ok(await post(s.coordinator, `/api/referrals/${r.id}/accept`, {}));
    desk = await ok(await get(s.agent, `/api/clear-desk?team=${fx.centre.id}`));
    assert.ok(!desk.referrals_pending.some((x) => x.id === r.id));
    assert.equal((await get(s.agent, '/api/clear-desk?team=999999')).status, 404);
});

// --- the routing answer before the contact is saved (GET /api/routing) and restricted records

// The answer without what only a saved contact has, and with the "next free" instant kept apart:
// a worker free now is "next free" at the moment of asking, which moves between two requests.
function answerOnly(r) {
    const { contact_id: _id, contact_reference: _ref, ...rest } = r;
    const copy = JSON.parse(JSON.stringify(rest));
    const next = copy.availability ? copy.availability.next_available_at : null;
    if (copy.availability) delete copy.availability.next_available_at;
    return { copy, next };
}

function assertSameAnswer(before, saved, what) {
    assert.equal(before.contact_id, undefined, `${what}: no contact before saving`);
    assert.equal(before.contact_reference, undefined);
    const a = answerOnly(before), b = answerOnly(saved);
    assert.deepEqual(a.copy, b.copy, what);
    assert.equal(a.next === null, b.next === null, `${what}: next free given alike`);
    if (a.next !== null) {
        assert.ok(Math.abs(Date.parse(a.next) - Date.parse(b.next)) <= 5000, `${what}: ${a.next} ~ ${b.next}`);
    }
}

const routingQuery = ({ persons = [], worker = null, team = null }) => {
    const q = new URLSearchParams();
    for (const p of persons) q.append('person', String(p));
    if (worker) q.set('worker', String(worker));
    if (team) q.set('team', String(team));
    return `/api/routing?${q}`;
};

test('routing before saving: the same answer as for the saved contact, audited as the pre-save check', async () => {
    const rob = await newPerson('Rob');
    await allocate(rob.id, fx.ava.id, fx.team.id);
    const sid = await newPerson('Sid'); // nobody holds Sid's case
    const cases = [
        { what: 'allocated worker', persons: [rob.id], worker: fx.ava.id },
        { what: 'worker not allocated', persons: [rob.id], worker: fx.priya.id },
        { what: 'team responsible', persons: [rob.id], team: fx.team.id },
        { what: 'two persons, one nobody holds', persons: [rob.id, sid.id], worker: fx.ava.id },
    ];
    for (const k of cases) {
        const c = await newContact(s.agent, {
            subject_person_ids: k.persons,
            ...(k.worker ? { worker_id: k.worker } : {}),
            ...(k.team ? { team_id: k.team } : {}),
        });
        const saved = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
        const before = await ok(await get(s.agent, routingQuery(k)));
        assertSameAnswer(before, saved, k.what);
        assert.deepEqual(before.persons.map((p) => p.person_id), k.persons);
    }
    // the answers differ where the facts do, so the comparison above is not vacuous
    const held = await ok(await get(s.agent, routingQuery({ persons: [rob.id], worker: fx.ava.id })));
    const refused = await ok(await get(s.agent, routingQuery({ persons: [rob.id], worker: fx.priya.id })));
    assert.equal(held.transfer_allowed, true);
    assert.equal(refused.transfer_allowed, false);
    assert.equal(refused.answer, 'not_allocated');
    assert.match(refused.reason, /Ava Around/);
    const both = await ok(await get(s.agent, routingQuery({ persons: [rob.id, sid.id], worker: fx.ava.id })));
    assert.equal(both.transfer_allowed, false, 'Ava holds Rob but not Sid');
    // a person named twice is asked about once
    const twice = await ok(await get(s.agent, routingQuery({ persons: [rob.id, rob.id], worker: fx.ava.id })));
    assert.equal(twice.persons.length, 1);

    const audit = await ok(await get(s.admin, `/api/audit?entity=person&id=${rob.id}`));
    const checks = audit.items.filter((e) => e.action === 'allocation.check'
        && e.reason.includes('routing before the contact is saved') && e.user.id === s.agent.user.id);
    assert.ok(checks.length >= 1, JSON.stringify(audit.items.map((e) => [e.action, e.reason])));
});

test('routing before saving: the errors name the field', async () => {
    const tom = await newPerson('Tom');
    const field = async (path, want) => expectError(await get(s.agent, path), 400, want);
    await field(`/api/routing?worker=${fx.ava.id}`, 'person');
    await field(`/api/routing?person=&worker=${fx.ava.id}`, 'person');
    await field(`/api/routing?person=abc&worker=${fx.ava.id}`, 'person');
    await field(`/api/routing?person=0&worker=${fx.ava.id}`, 'person');
    await field(`/api/routing?person=${tom.id}&person=-3&worker=${fx.ava.id}`, 'person');
    await field(routingQuery({ persons: [999999999], worker: fx.ava.id }), 'person');
    const many = Array.from({ length: 21 }, (_, i) => tom.id + i + 100000);
    await field(routingQuery({ persons: many, worker: fx.ava.id }), 'person');
    await field(routingQuery({ persons: [tom.id] }), 'worker');
    await field(`/api/routing?person=${tom.id}&worker=x`, 'worker');
    await field(routingQuery({ persons: [tom.id], worker: 999999 }), 'worker');
    await field(routingQuery({ persons: [tom.id], team: 999999 }), 'team');
    const e = await field(routingQuery({ persons: [999999999], worker: fx.ava.id }), 'person');
    assert.match(e.message, /999999999/);
    // signed out: no answer at all
    assert.equal((await fetch(`${srv.url}${routingQuery({ persons: [tom.id], worker: fx.ava.id })}`)).status, 401);
});

test('routing a restricted person: who holds the case is withheld from an agent, shown to the allocated worker and a manager (W13)', async () => {
    const rae = await newPerson('Rae');
    await allocate(rae.id, fx.priya.id, fx.lcs.id); // Priya is the demo practitioner's worker
    const c = await newContact(s.agent, { subject_person_ids: [rae.id], worker_id: fx.ben.id });
    await ok(await post(s.manager, `/api/persons/${rae.id}/restriction`, {
        restricted: true, reason: 'restricted for the routing suite: a staff member\'s relative',
    }));

    // the agent may not open the record: still "do not transfer", but not who holds the case
    const before = await ok(await get(s.agent, routingQuery({ persons: [rae.id], worker: fx.ben.id })));
    const saved = await ok(await get(s.agent, `/api/contacts/${c.id}/routing`));
    assertSameAnswer(before, saved, 'restricted, agent');
    for (const r of [before, saved]) {
        assert.equal(r.answer, 'not_allocated');
        assert.equal(r.transfer_allowed, false);
        assert.equal(r.persons[0].restricted, true);
        assert.equal(r.persons[0].holder_withheld, true);
        assert.equal(r.persons[0].allowed, false);
        assert.deepEqual(r.allocated, []);
        assert.match(r.reason, /Ben Around is not allocated/);
        assert.match(r.reason, /restricted/);
        assert.match(r.reason, /pass the call to the duty manager/);
        assert.match(r.persons[0].reason, /restricted/);
        // the record is not open to the agent: the words do not name the person either
        assert.equal(r.persons[0].name, null);
        assert.equal(r.persons[0].reason,
            'Ben Around is not allocated to this person; the record is restricted, so who holds the case is not shown');
        assert.match(r.reason, /not allocated to the person \(restricted record\)/);
        for (const name of ['Priya Shah', 'Leaving Care Service', rae.display_name]) {
            assert.ok(!JSON.stringify(r).includes(name), `${name} is not in ${JSON.stringify(r)}`);
        }
        assert.equal(r.availability, null);
        assert.deepEqual(r.escalation.map((e) => e.capacity), ['duty_manager'], 'who to pass it to');
    }
    // asking for the worker who holds it: the transfer is allowed, the allocations still withheld
    const mine = await ok(await get(s.agent, routingQuery({ persons: [rae.id], worker: fx.priya.id })));
    assert.equal(mine.transfer_allowed, true);
    assert.equal(mine.persons[0].holder_withheld, true);
    assert.deepEqual(mine.allocated, []);

    // a manager, and the allocated worker herself, see it all as for any other record
    for (const who of ['manager', 'practitioner']) {
        const r = await ok(await get(s[who], routingQuery({ persons: [rae.id], worker: fx.ben.id })));
        assert.equal(r.answer, 'not_allocated', who);
        assert.equal(r.persons[0].restricted, true);
        assert.equal(r.persons[0].holder_withheld, false, who);
        assert.match(r.reason, /Priya Shah/, who);
        assert.equal(r.persons[0].name, rae.display_name, who);
        assert.ok(r.reason.includes(rae.display_name), who);
        assert.ok(r.allocated.some((a) => a.worker.id === fx.priya.id && a.person_id === rae.id), who);
        assert.deepEqual(r.escalation, []);
        const onContact = await ok(await get(s[who], `/api/contacts/${c.id}/routing`));
        assert.match(onContact.reason, /Priya Shah/, who);
    }

    // the agent opens the record with a reason (break-glass): then they see who holds it too
    await ok(await post(s.agent, `/api/persons/${rae.id}/access`, {
        reason: 'Rae rang in crisis and asked for a worker by name',
    }));
    const opened = await ok(await get(s.agent, routingQuery({ persons: [rae.id], worker: fx.ben.id })));
    assert.equal(opened.persons[0].holder_withheld, false);
    assert.match(opened.reason, /Priya Shah/);
});

test('a contact is not referred to the same team twice while the first referral is open; a returned one may be sent again', async () => {
    const c = await newContact(s.agent, { service: 'children' });
    const body = { contact_id: c.id, to_team_id: fx.hub.id, safeguarding: false };
    const first = await ok(await post(s.agent, '/api/referrals', body), 201);
    const dup = expectError(await post(s.agent, '/api/referrals', body), 409, 'to_team_id');
    assert.ok(dup.message.includes(first.reference), dup.message);
    assert.ok(dup.message.includes('Locality Hub East'), dup.message);
    // another agent, the same answer: it is the contact and the team that count
    expectError(await post(s.duty, '/api/referrals', body), 409, 'to_team_id');
    // another team is a different referral
    const elsewhere = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.lcs.id, safeguarding: false,
    }), 201);
    assert.equal(elsewhere.to_team.id, fx.lcs.id);
    await ok(await post(s.coordinator, `/api/referrals/${first.id}/return`, {
        reason: 'More information needed from the school first',
    }));
    const again = await ok(await post(s.agent, '/api/referrals', body), 201);
    assert.notEqual(again.reference, first.reference);
    const all = await ok(await get(s.agent, `/api/contacts/${c.id}/referrals`));
    assert.equal(all.items.filter((r) => r.to_team.id === fx.hub.id && r.state === 'pending').length, 1);
});

test('a referral is sent from the referring user\'s team, not from the queue the contact waits in', async () => {
    const c = await newContact(s.agent, { service: 'children', caller_email: 'referrer@school.example' });
    // the contact moves to the R&A team's queue
    await ok(await post(s.manager, `/api/contacts/${c.id}/decisions`, {
        kind: 'route', value: 'team', team_id: fx.ra.id, rationale: 'Held by R&A North for now',
    }), 201);
    const made = await ok(await post(s.agent, '/api/referrals', {
        contact_id: c.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 201);
    assert.equal(made.from_team.id, fx.centre.id, 'the agent works in the Contact Centre');
    const list = await ok(await get(s.coordinator, `/api/teams/${fx.hub.id}/referrals`));
    assert.equal(list.items.find((r) => r.id === made.id).from_team.name, 'Contact Centre');
    const letter = await ok(await get(s.agent, `/api/referrals/${made.id}/confirmation`));
    assert.match(letter.text, /\nContact Centre\n$/, 'signed by the team that sent it');
    assert.doesNotMatch(letter.text, /Referral and Assessment North/);
    // a sign-in with no team and no worker sends it from no team
    const c2 = await newContact(s.agent, { service: 'children' });
    await ok(await post(s.manager, `/api/contacts/${c2.id}/decisions`, {
        kind: 'route', value: 'team', team_id: fx.ra.id, rationale: 'Held by R&A North for now',
    }), 201);
    const byAdmin = await ok(await post(s.admin, '/api/referrals', {
        contact_id: c2.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 201);
    assert.equal(byAdmin.from_team, null);
    // a user whose team is the receiving team does not refer "from" it
    const c3 = await newContact(s.agent, { service: 'children' });
    const byHub = await ok(await post(s.coordinator, '/api/referrals', {
        contact_id: c3.id, to_team_id: fx.hub.id, safeguarding: false,
    }), 201);
    assert.notEqual(byHub.from_team?.id, fx.hub.id);
});

test('referral to assessment: typed recommendation text never stands in for the decision; an adult needs the Care Act checks, all named at once (C5, A3, W8, W9, W14)', async () => {
    const intake = await teamByName('Adult Intake Team');
    const adult = await newContact(s.agent, { service: 'adults' });
    const typed = {
        contact_id: adult.id, to_team_id: intake.id, safeguarding: false, kind: 'assessment',
        recommendation: 'Manager says assess', work_plan: 'Assess at home next week',
    };
    const res = await post(s.agent, '/api/referrals', typed);
    const e = expectError(res, 409, 'care_act_prevention');
    assert.match(e.message, /prevention/);
    assert.deepEqual(res.json.errors.map((x) => x.field), [
        'care_act_prevention', 'care_act_finance_info', 'care_act_advocacy_needed',
        'care_act_eligibility',
    ]);
    assert.ok(!res.json.errors.some((x) => /recommendation/i.test(`${x.field} ${x.message}`)),
        'an adult is not sent to a recommendation decision they do not have');
    // the kind is taken from the team when not given: the same gate
    expectError(await post(s.agent, '/api/referrals', {
        contact_id: adult.id, to_team_id: intake.id, safeguarding: false,
    }), 409, 'care_act_prevention');
    for (const kind of ['care_act_prevention', 'care_act_finance_info', 'care_act_advocacy_needed',
        'care_act_eligibility']) {
        await ok(await post(s.duty, `/api/contacts/${adult.id}/decisions`, {
            kind, value: kind === 'care_act_advocacy_needed' ? 'no' : 'yes', rationale: `Checked ${kind}`,
        }), 201);
    }
    // the checks answered, the work plan for the receiving team is still written on the referral
    expectError(await post(s.agent, '/api/referrals', { ...typed, work_plan: '' }), 400, 'work_plan');
    const made = await ok(await post(s.agent, '/api/referrals', typed), 201);
    assert.equal(made.kind, 'assessment');
    assert.equal(made.recommendation_decision_id, null, 'no decision stands behind an adult\'s advice');
    assert.equal(made.work_plan, 'Assess at home next week');

    // a child: text typed on the referral is not the decision
    const child = await newContact(s.agent, { service: 'children' });
    const childBody = {
        contact_id: child.id, to_team_id: fx.ra.id, safeguarding: false,
        recommendation: 'I think it should be assessed', work_plan: 'Visit soon',
    };
    expectError(await post(s.agent, '/api/referrals', childBody), 409, 'recommendation');
    const rec = await ok(await post(s.manager, `/api/contacts/${child.id}/decisions`, {
        kind: 'recommendation', value: 'transfer_to_assessment',
        rationale: 'Repeated missing episodes', work_plan: 'Return interview; strategy discussion',
    }), 201);
    expectError(await post(s.agent, '/api/referrals', childBody), 400, 'recommendation');
    expectError(await post(s.agent, '/api/referrals', { ...childBody, recommendation: '' }), 400, 'work_plan');
    const sent = await ok(await post(s.agent, '/api/referrals', {
        ...childBody, recommendation: 'Repeated missing episodes', work_plan: '',
    }), 201);
    assert.equal(sent.recommendation_decision_id, rec.decision.id);
    assert.equal(sent.recommendation, 'Repeated missing episodes');
    assert.equal(sent.work_plan, 'Return interview; strategy discussion');
});
