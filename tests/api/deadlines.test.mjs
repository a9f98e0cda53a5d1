// Deadlines (issue 5): service-level clocks, escalation to the right people, the outbox and
// email delivery over real SMTP. The server runs with a test clock (FRONTDOOR_TEST_CLOCK=1,
// POST /api/test/advance-time) and delivers email to an aiosmtpd server on loopback, whose
// Mailbox handler writes each message to a maildir that this file reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, makeDemoDb, Server, freePort, contactBody, errorOf } from './server.mjs';

// Debian's python3 carries python3-aiosmtpd; a python3 earlier on PATH (pyenv) may not.
const PYTHON = process.env.FRONTDOOR_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const WAIT_LIMIT_MS = 15000; // guards against a hang; not an assertion about speed

let srv;
let smtp;
let smtpPort;
let maildir;
let workDir;
let admin, agent, practitioner, duty, manager;

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

async function portOpen(port) {
    return new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => {
            s.end();
            resolve(true);
        });
        s.on('error', () => resolve(false));
    });
}

// Every message the SMTP server received: {to, subject, body, raw}.
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
        return { to: header('To'), subject: header('Subject'), body: rest.join('\n\n'), raw };
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

async function advance(minutes) {
    const res = await srv.as(admin, '/api/test/advance-time', { method: 'POST', json: { minutes } });
    assert.equal(res.status, 200, res.text);
    return res.json;
}

async function clock(id, session = admin) {
    const res = await srv.as(session, `/api/clocks/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

async function newContact(session, over = {}) {
    const res = await srv.as(session, '/api/contacts', { method: 'POST', json: contactBody(over) });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

async function event(session, body) {
    const res = await srv.as(session, '/api/clock-events', { method: 'POST', json: body });
    assert.equal(res.status, 200, res.text);
    return res.json;
}

// The directory's worker for a demo user, and that worker's line manager (GET /api/workers).
async function workerOfUser(userId) {
    const res = await srv.as(admin, '/api/workers');
    assert.equal(res.status, 200, res.text);
    const w = res.json.items.find((x) => x.user && x.user.id === userId);
    assert.ok(w, `no worker for user ${userId}`);
    return w;
}

async function worker(id) {
    const res = await srv.as(admin, `/api/workers/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
}

before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'fd-smtp-'));
    maildir = join(workDir, 'maildir');
    smtpPort = await freePort();
    smtp = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c',
        'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let smtpErr = '';
    smtp.stderr.on('data', (d) => (smtpErr += d));
    await waitFor(`aiosmtpd on ${smtpPort} (${smtpErr})`, () => portOpen(smtpPort));
    process.env.FRONTDOOR_TEST_CLOCK = '1';
    process.env.FRONTDOOR_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    process.env.FRONTDOOR_MAIL_FROM = 'frontdoor@demo-council.example';
    process.env.FRONTDOOR_PUBLIC_URL = 'https://frontdoor.demo-council.example/';
    srv = await startServer();
    admin = await srv.signIn('admin');
    agent = await srv.signIn('agent');
    practitioner = await srv.signIn('practitioner');
    duty = await srv.signIn('duty');
    manager = await srv.signIn('manager');
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

test('the shipped policies are there, with their targets', async () => {
    const res = await srv.as(agent, '/api/sla-policies');
    assert.equal(res.status, 200, res.text);
    const by = Object.fromEntries(res.json.items.map((p) => [p.code, p]));
    const want = {
        safeguarding_workflow: ['minutes', 30],
        non_urgent_transfer: ['working_hours', 2],
        written_confirmation: ['hours', 48],
        action_recorded: ['hours', 24],
        referral_decision: ['working_days', 1],
        letter_answered: ['working_days', 5],
        message_returned: ['working_days', 1],
        call_answered: ['seconds', 20],
        assessment: ['working_days', 45],
    };
    for (const [code, [unit, target]] of Object.entries(want)) {
        assert.ok(by[code], `policy ${code} is missing`);
        assert.equal(by[code].unit, unit, code);
        assert.equal(by[code].target, target, code);
        assert.equal(by[code].active, true);
    }
    assert.deepEqual(
        by.safeguarding_workflow.escalation.map((s) => s.tell),
        ['owner', 'line_manager', 'duty_manager', 'head_of_service'],
    );
    assert.deepEqual(
        by.hub_dispute.escalation.map((s) => s.tell),
        ['senior_district_officer', 'head_of_service'],
    );
});

test('recording a contact starts the 24-hour "action recorded" clock, owned by its recorder', async () => {
    const c = await newContact(agent);
    const res = await srv.as(agent, `/api/contacts/${c.id}/clocks`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.items.length, 1, res.text);
    const k = res.json.items[0];
    assert.equal(k.policy.code, 'action_recorded');
    assert.equal(k.state, 'running');
    assert.equal(k.owner.user_id, agent.user.id);
    assert.equal(k.entity.reference, c.reference);
    assert.equal(k.entity.link, `/contacts/${c.id}`);
    assert.equal(Date.parse(k.due_at) - Date.parse(c.received_at), 24 * 3600 * 1000);
    assert.equal(k.time_left.working, false);
    assert.equal(k.time_left.overdue, false);
    assert.match(k.time_left.text, /left$/);
});

async function team(name) {
    const res = await srv.as(admin, `/api/teams?q=${encodeURIComponent(name)}`);
    assert.equal(res.status, 200, res.text);
    const t = res.json.items.find((x) => x.name === name);
    assert.ok(t, `no team ${name}`);
    return t;
}

test('a letter received on the Thursday before Good Friday is due in 5 working days', async () => {
    // the adult contact team answers letters on weekdays and closes on bank holidays
    const adults = await team('Adult Customer Contact Team');
    assert.equal(adults.closed_bank_holidays, true);
    assert.equal(adults.hours.saturday, 'closed');
    assert.equal(adults.hours.thursday, '08:30-17:00');
    // recording a letter starts its clock, on the line it came in on, from when it arrived;
    // the event from the mailroom then finds that clock rather than starting another
    const at = '2026-04-02T16:30:00+01:00';
    const c = await newContact(agent, { channel: 'letter', received_at: at, line_team_id: adults.id });
    const r = await event(agent, {
        event: 'letter.received',
        entity: 'contact',
        entity_id: c.id,
        team_id: adults.id,
        at,
    });
    assert.equal(r.started.length, 1, JSON.stringify(r));
    const k = r.started[0];
    assert.equal(k.policy.code, 'letter_answered');
    assert.equal(k.team.id, adults.id);
    // Good Friday 3 April, the weekend and Easter Monday 6 April do not count:
    // Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    assert.equal(k.due_at_local, '2026-04-13T16:30:00+01:00');
    assert.equal(k.due_at, '2026-04-13T15:30:00Z');
    // warned one working day before: Friday 10 April
    assert.equal(k.warn_at, '2026-04-10T15:30:00Z');
    // the same event twice does not start a second clock
    const again = await event(agent, {
        event: 'letter.received',
        entity: 'contact',
        entity_id: c.id,
        team_id: adults.id,
        at,
    });
    assert.equal(again.started[0].id, k.id);

    // a team that opens on Saturday mornings counts Saturday 4 April: Sat 4, Tue 7, Wed 8,
    // Thu 9, Fri 10 April
    const centre = await team('Contact Centre');
    assert.equal(centre.hours.saturday, '09:00-12:00');
    assert.equal(centre.closed_bank_holidays, true);
    const c2 = await newContact(agent, { channel: 'letter', received_at: at, line_team_id: centre.id });
    const r2 = await event(agent, {
        event: 'letter.received',
        entity: 'contact',
        entity_id: c2.id,
        team_id: centre.id,
        at,
    });
    assert.equal(r2.started[0].due_at_local, '2026-04-10T16:30:00+01:00');
});

test('amending when a letter was received moves its clocks; the old ones are kept as corrected (A10)', async () => {
    const adults = await team('Adult Customer Contact Team');
    const c = await newContact(agent, { channel: 'letter', line_team_id: adults.id });
    const clocksOf = async () => {
        const res = await srv.as(agent, `/api/contacts/${c.id}/clocks`);
        assert.equal(res.status, 200, res.text);
        return res.json.items;
    };
    // open: not stopped (one already past its new deadline is breached at once, still open)
    const running = (items, code) => items.filter((k) => k.policy.code === code && !k.stopped_at);
    const before = await clocksOf();
    const oldLetter = running(before, 'letter_answered')[0];
    assert.ok(oldLetter, JSON.stringify(before));

    // the letter in fact came two days earlier: every clock counting from it starts again
    const earlier = new Date(Date.parse(c.received_at) - 2 * 24 * 3600 * 1000).toISOString()
        .replace('.000Z', 'Z');
    const amend = async (json) => {
        const res = await srv.as(agent, `/api/contacts/${c.id}`, { method: 'PATCH', json });
        assert.equal(res.status, 200, res.text);
        return res.json;
    };
    await amend({ received_at: earlier, reason: 'Date stamp on the envelope was two days earlier' });
    const after = await clocksOf();
    const action = running(after, 'action_recorded');
    assert.equal(action.length, 1, JSON.stringify(after));
    assert.equal(Date.parse(action[0].due_at) - Date.parse(earlier), 24 * 3600 * 1000);
    // two days ago plus 24 hours has passed: the scheduler, woken by the write, breaches it
    await waitFor('the re-anchored clock breached', async () =>
        (await clock(action[0].id)).state === 'breached');
    const letter = running(after, 'letter_answered');
    assert.equal(letter.length, 1);
    assert.notEqual(letter[0].id, oldLetter.id);
    assert.equal(letter[0].started_at, earlier);
    // no later than before (the same when both times fall outside the team's working hours)
    assert.ok(Date.parse(letter[0].due_at) <= Date.parse(oldLetter.due_at), 'the letter is not due later');
    const corrected = after.filter((k) => k.outcome === 'corrected');
    assert.deepEqual(corrected.map((k) => k.policy.code).sort(), ['action_recorded', 'letter_answered']);
    for (const k of corrected) {
        assert.equal(k.state, 'cancelled', 'neither met nor missed');
        const history = await clock(k.id);
        assert.ok(history.history.some((e) => e.kind === 'stop'), JSON.stringify(history));
    }

    // recorded as a letter by mistake: its clock no longer applies; made a letter again: it does
    await amend({ channel: 'email', reason: 'It came by email, not post' });
    assert.equal(running(await clocksOf(), 'letter_answered').length, 0);
    assert.equal(running(await clocksOf(), 'action_recorded').length, 1);
    await amend({ channel: 'letter', reason: 'It was a letter after all' });
    const last = running(await clocksOf(), 'letter_answered');
    assert.equal(last.length, 1);
    assert.equal(last[0].started_at, earlier);
});

test('a safeguarding referral missed at 30 minutes escalates to the line manager, then the duty manager', async () => {
    const owner = await workerOfUser(practitioner.user.id);
    assert.ok(owner.line_manager, 'the demo practitioner has a line manager');
    const lineManager = await worker(owner.line_manager.id);
    const dutyWorker = await workerOfUser(duty.user.id);
    // the duty manager of every day is the demo duty manager, so the test holds on any weekday
    const rota = Object.fromEntries(
        ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
            d,
            dutyWorker.id,
        ]),
    );
    const put = await srv.as(duty, '/api/escalation-contacts', {
        method: 'PUT',
        json: { duty_manager_rota: rota },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.duty_manager_rota[6].duty_manager.worker_id, dutyWorker.id);

    const secret = 'NARRATIVE-MUST-NOT-LEAVE-' + Date.now();
    const c = await newContact(agent, { summary: `Child disclosed harm at school. ${secret}` });
    const r = await event(practitioner, {
        event: 'referral.safeguarding_created',
        entity: 'contact',
        entity_id: c.id,
    });
    assert.equal(r.started.length, 1, JSON.stringify(r));
    const id = r.started[0].id;
    const due = Date.parse(r.started[0].due_at);
    assert.equal(due - Date.parse(r.started[0].started_at), 30 * 60 * 1000);
    assert.equal(r.started[0].owner.user_id, practitioner.user.id);

    // 21 minutes on: the owner is warned (10 minutes before), nobody else yet
    await advance(21);
    let k = await clock(id);
    assert.equal(k.state, 'running');
    assert.ok(k.warned_at, 'warned');
    assert.deepEqual(k.history.map((e) => e.kind), ['start', 'warning']);
    const inbox = await srv.as(practitioner, '/api/messages?unread=1');
    assert.equal(inbox.status, 200);
    assert.ok(inbox.json.items.some((m) => m.clock_id === id && /^Deadline soon/.test(m.subject)));

    // 31 minutes: missed; the owner is told
    await advance(10);
    k = await clock(id);
    assert.equal(k.state, 'breached');
    assert.equal(k.breached_at, r.started[0].due_at);
    assert.equal(k.breach_reason_needed, true);
    assert.equal(k.time_left.overdue, true);
    // 46 minutes: the line manager; 61 minutes: the duty manager of the day
    await advance(15);
    await advance(15);
    k = await clock(id);
    const steps = k.history.filter((e) => e.kind === 'escalation' || e.kind === 'escalation_skipped');
    assert.deepEqual(
        steps.map((e) => [e.step, e.tell, e.told && e.told.name]),
        [
            [1, 'owner', owner.name],
            [2, 'line_manager', lineManager.name],
            [3, 'duty_manager', dutyWorker.name],
        ],
        JSON.stringify(k.history),
    );
    assert.deepEqual(
        steps.map((e) => Date.parse(e.scheduled_at) - due),
        [0, 15 * 60000, 30 * 60000],
    );
    assert.equal(k.escalation.steps_done, 3);
    assert.equal(Date.parse(k.escalation.next_step_at) - due, 60 * 60000); // head of service next

    // in-app messages reach those who sign in: the owner and the duty manager
    const dutyInbox = await srv.as(duty, '/api/messages');
    const mine = dutyInbox.json.items.find((m) => m.clock_id === id);
    assert.ok(mine, JSON.stringify(dutyInbox.json));
    assert.match(mine.subject, new RegExp(`^Deadline missed: .*\\(${c.reference}\\)$`));
    assert.match(mine.body, /duty manager of the day/);
    assert.equal(mine.link, `/contacts/${c.id}`);
    assert.ok(dutyInbox.json.unread >= 1);

    // the duty manager acknowledges: the chain stops before the head of service
    const ack = await srv.as(duty, `/api/clocks/${id}/acknowledge`, {
        method: 'POST',
        json: { note: 'Spoken to the team manager; referral now on the workflow.' },
    });
    assert.equal(ack.status, 200, ack.text);
    assert.equal(ack.json.escalation.acknowledged_by, duty.user.id);
    await advance(60);
    k = await clock(id);
    assert.ok(!k.history.some((e) => e.tell === 'head_of_service'), JSON.stringify(k.history));
    assert.equal(k.history.at(-1).kind, 'acknowledge');

    // a breach needs its reason, recorded once
    const reason = await srv.as(practitioner, `/api/clocks/${id}/breach-reason`, {
        method: 'POST',
        json: { reason: 'Duty worker was on a home visit.' },
    });
    assert.equal(reason.status, 200, reason.text);
    assert.equal(reason.json.breach_reason, 'Duty worker was on a home visit.');
    assert.equal(reason.json.breach_reason_needed, false);
    const twice = await srv.as(practitioner, `/api/clocks/${id}/breach-reason`, {
        method: 'POST',
        json: { reason: 'Another reason' },
    });
    assert.equal(twice.status, 409);
    // someone neither owning nor told may not acknowledge or explain
    const stranger = await srv.as(agent, `/api/clocks/${id}/breach-reason`, {
        method: 'POST',
        json: { reason: 'x' },
    });
    assert.equal(stranger.status, 403, stranger.text);

    // the emails reach the SMTP server: owner (warning and breach), line manager, duty manager
    const expected = [owner.email, lineManager.email, dutyWorker.email];
    const got = await waitFor('the escalation emails', () => {
        const m = mails().filter((x) => x.subject.includes(c.reference));
        return expected.every((a) => m.some((x) => x.to.includes(a))) && m.length >= 4 ? m : null;
    });
    for (const m of got) {
        assert.ok(!m.raw.includes(secret), 'an email carries the narrative');
        assert.ok(!m.raw.includes('Test Caller'), 'an email carries the caller');
        assert.ok(m.body.includes(c.reference));
        assert.ok(
            m.body.includes(`https://frontdoor.demo-council.example/contacts/${c.id}`),
            m.body,
        );
    }
    const toLineManager = got.find((x) => x.to.includes(lineManager.email));
    assert.match(toLineManager.body, /the owner's line manager/);
    // and the outbox says so
    k = await waitFor('delivered states', async () => {
        const cur = await clock(id);
        const emails = cur.messages.filter((m) => m.channel === 'email');
        return emails.length >= 4 && emails.every((m) => m.state === 'delivered') ? cur : null;
    });
    const inApp = k.messages.filter((m) => m.channel === 'in_app').map((m) => m.recipient_user_id);
    assert.ok(inApp.includes(practitioner.user.id) && inApp.includes(duty.user.id));
});

test('pausing where the policy allows: the deadline moves on by the working time left', async () => {
    const c = await newContact(agent, { channel: 'letter' });
    const r = await event(agent, { event: 'letter.received', entity: 'contact', entity_id: c.id });
    const id = r.started[0].id;
    const before = r.started[0];
    assert.equal(before.time_left.working, true);
    const p = await srv.as(agent, `/api/clocks/${id}/pause`, {
        method: 'POST',
        json: { reason: 'Waiting for the GP practice to reply' },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.state, 'paused');
    assert.equal(p.json.due_at, null);
    assert.equal(p.json.time_left, null);
    await advance(3 * 24 * 60);
    const res = await srv.as(agent, `/api/clocks/${id}/resume`, { method: 'POST' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'running');
    // the same working time is left as when it paused (give or take the minute it was read in)
    assert.ok(Math.abs(res.json.time_left.ms - before.time_left.ms) <= 60000, res.text);
    assert.ok(Date.parse(res.json.due_at) > Date.parse(before.due_at));
    assert.deepEqual(
        res.json.history.map((e) => e.kind),
        ['start', 'pause', 'resume'],
    );
    assert.equal(res.json.history[1].detail, 'Waiting for the GP practice to reply');
    // a policy that does not allow pausing
    const own = (await srv.as(agent, `/api/contacts/${c.id}/clocks`)).json.items.find(
        (k) => k.policy.code === 'action_recorded',
    );
    const no = await srv.as(agent, `/api/clocks/${own.id}/pause`, {
        method: 'POST',
        json: { reason: 'x' },
    });
    assert.equal(no.status, 409, no.text);
    assert.match(errorOf(no).message, /does not allow/);
    const noReason = await srv.as(agent, `/api/clocks/${id}/pause`, { method: 'POST', json: {} });
    assert.equal(noReason.status, 400);
    assert.equal(errorOf(noReason).field, 'reason');
});

test('an event that stops a clock records it met in time', async () => {
    const c = await newContact(agent);
    const r = await event(agent, { event: 'message.left', entity: 'contact', entity_id: c.id });
    assert.equal(r.started[0].policy.code, 'message_returned');
    const s = await event(agent, { event: 'message.returned', entity: 'contact', entity_id: c.id });
    assert.equal(s.stopped.length, 1);
    assert.equal(s.stopped[0].state, 'met');
    assert.equal(s.stopped[0].open, false);
    const bad = await srv.as(agent, '/api/clock-events', {
        method: 'POST',
        json: { event: 'Letter Received', entity: 'contact', entity_id: c.id },
    });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'event');
});

test('policies change by versions, with a reason, by administrators only', async () => {
    const list = await srv.as(admin, '/api/sla-policies');
    const p = list.json.items.find((x) => x.code === 'written_confirmation');
    const change = {
        version: p.version,
        name: p.name,
        start_event: p.start_event,
        stop_event: p.stop_event,
        unit: 'hours',
        target: 36,
        warn_before: 6,
        warn_unit: 'hours',
        escalation: p.escalation,
        reason: 'Council standard tightened to 36 hours',
    };
    const denied = await srv.as(manager, `/api/sla-policies/${p.id}`, { method: 'PUT', json: change });
    assert.equal(denied.status, 403);
    const ok = await srv.as(admin, `/api/sla-policies/${p.id}`, { method: 'PUT', json: change });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.version, p.version + 1);
    assert.equal(ok.json.target, 36);
    assert.equal(ok.json.changed_by.id, admin.user.id);
    assert.equal(ok.json.versions.length, 2);
    const stale = await srv.as(admin, `/api/sla-policies/${p.id}`, { method: 'PUT', json: change });
    assert.equal(stale.status, 409);
    assert.equal(errorOf(stale).field, 'version');
    const invalid = await srv.as(admin, `/api/sla-policies/${p.id}`, {
        method: 'PUT',
        json: { ...change, version: p.version + 1, warn_before: 40 },
    });
    assert.equal(invalid.status, 400);
    assert.equal(errorOf(invalid).field, 'warn_before');
    // a new clock runs by the new version
    const c = await newContact(agent);
    const r = await event(agent, { event: 'referral.created', entity: 'contact', entity_id: c.id });
    const k = r.started.find((x) => x.policy.code === 'written_confirmation');
    assert.equal(k.policy.version, p.version + 1);
    assert.equal(Date.parse(k.due_at) - Date.parse(k.started_at), 36 * 3600 * 1000);
    // a new policy
    const added = await srv.as(admin, '/api/sla-policies', {
        method: 'POST',
        json: {
            code: 'hub_meeting_papers',
            name: 'Hub meeting papers circulated',
            start_event: 'hub.meeting_arranged',
            stop_event: 'hub.papers_circulated',
            unit: 'working_days',
            target: 2,
            escalation: [{ tell: 'owner', after_minutes: 0 }],
            reason: 'Locality co-ordinators asked for it',
        },
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.json.version, 1);
});

test('the inbox counts unread messages and marks one read', async () => {
    const res = await srv.as(practitioner, '/api/messages');
    assert.equal(res.status, 200);
    assert.ok(res.json.items.length > 0);
    const unread = res.json.unread;
    const m = res.json.items.find((x) => !x.read);
    assert.ok(m);
    const mark = await srv.as(practitioner, `/api/messages/${m.id}/read`, { method: 'POST' });
    assert.equal(mark.status, 204, mark.text);
    const after = await srv.as(practitioner, '/api/messages');
    assert.equal(after.json.unread, unread - 1);
    assert.equal(after.json.items.find((x) => x.id === m.id).read, true);
    const other = await srv.as(agent, `/api/messages/${m.id}/read`, { method: 'POST' });
    assert.equal(other.status, 404);
});

test('the deadlines dashboard counts per team and policy, for managers', async () => {
    const res = await srv.as(manager, '/api/dashboard/deadlines');
    assert.equal(res.status, 200, res.text);
    const d = res.json;
    assert.ok(d.overall.breached_this_month >= 1);
    const sum = (k) => d.teams.reduce((n, t) => n + t[k], 0);
    for (const k of ['running', 'paused', 'overdue', 'breached_this_month', 'met_this_month']) {
        assert.equal(sum(k), d.overall[k], k);
        assert.equal(d.policies.reduce((n, p) => n + p[k], 0), d.overall[k], k);
    }
    const sg = d.policies.find((p) => p.policy.code === 'safeguarding_workflow');
    assert.ok(sg.breached_this_month >= 1);
    const denied = await srv.as(agent, '/api/dashboard/deadlines');
    assert.equal(denied.status, 403);
});

test('clock lists are sorted by time left and filter by due time and state', async () => {
    const res = await srv.as(agent, '/api/clocks?state=open&limit=200');
    assert.equal(res.status, 200, res.text);
    const due = res.json.items.filter((k) => k.due_at).map((k) => Date.parse(k.due_at));
    assert.deepEqual(due, [...due].sort((a, b) => a - b));
    const cutoff = new Date(Date.parse(res.json.now) + 3600 * 1000).toISOString();
    const soon = await srv.as(agent, `/api/clocks?due_before=${encodeURIComponent(cutoff)}`);
    assert.equal(soon.status, 200, soon.text);
    assert.ok(soon.json.items.every((k) => Date.parse(k.due_at) < Date.parse(cutoff) && k.open));
    const mine = await srv.as(agent, '/api/clocks?owner=me&state=open');
    assert.equal(mine.status, 200, mine.text);
    assert.ok(mine.json.items.length > 0);
    assert.ok(mine.json.items.every((k) => k.owner && k.owner.user_id === agent.user.id && k.open));
    const paused = await srv.as(agent, '/api/clocks?state=paused');
    assert.ok(paused.json.items.every((k) => k.state === 'paused'));
    const bad = await srv.as(agent, '/api/clocks?state=late');
    assert.equal(bad.status, 400);
});

test('without a test clock, time cannot be moved', async () => {
    delete process.env.FRONTDOOR_TEST_CLOCK;
    const { dir, db } = makeDemoDb();
    const plain = new Server({ dir, db });
    try {
        await plain.start();
        const a = await plain.signIn('admin');
        const res = await plain.as(a, '/api/test/advance-time', { method: 'POST', json: { minutes: 5 } });
        assert.equal(res.status, 404);
    } finally {
        await plain.cleanup();
        process.env.FRONTDOOR_TEST_CLOCK = '1';
    }
});
