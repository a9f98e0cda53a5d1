// The service directory (issue 3): teams and workers (read, create, change, role checks),
// availability from calendars (entries added as JSON and imported as iCalendar), allocations and
// the W1 check with its audit trail, and the CSV and calendar imports through the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, errorOf } from './server.mjs';

let srv;
let agent;
let manager;
let practitioner;
let duty;
before(async () => {
    srv = await startServer();
    agent = await srv.signIn('agent');
    manager = await srv.signIn('manager');
    practitioner = await srv.signIn('practitioner');
    duty = await srv.signIn('duty');
});
after(async () => {
    // Let the server's last stderr lines reach the harness before its directory goes: the
    // harness appends them to server.log there, and 'exit' can come before the last 'data'.
    const stderr = srv?.child?.stderr;
    const drained = stderr && !stderr.closed ? once(stderr, 'close') : null;
    await srv?.stop();
    if (drained) await drained;
    await srv?.cleanup();
});

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function iso(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function ok(res, status = 200) {
    assert.equal(res.status, status, `${res.status} ${res.text}`);
    return res.json;
}

async function teamByName(name) {
    const body = await ok(await srv.as(agent, `/api/teams?q=${encodeURIComponent(name)}`));
    const t = body.items.find((x) => x.name === name);
    assert.ok(t, `team ${name} in the demo`);
    return t;
}

async function workerByName(name) {
    const body = await ok(await srv.as(agent, `/api/workers?q=${encodeURIComponent(name)}`));
    const w = body.items.find((x) => x.name === name);
    assert.ok(w, `worker ${name} in the demo`);
    return w;
}

test('the demo directory: CLA duty lines, opening hours, members and availability', async () => {
    const cla = await ok(await srv.as(agent, '/api/teams?type=cla_team'));
    assert.ok(cla.items.length >= 2);
    for (const t of cla.items) {
        assert.equal(t.type, 'cla_team');
        assert.match(t.duty_line, /^0\d{3} \d{3} \d{4}$/);
        assert.equal(typeof t.open_now, 'boolean');
        assert.deepEqual(Object.keys(t.hours), WEEKDAYS);
    }
    const vcs = await ok(await srv.as(agent, '/api/teams?type=voluntary_sector'));
    assert.ok(vcs.items.length >= 1);
    assert.ok(vcs.items.every((t) => t.council === false));

    const edt = await teamByName('Emergency Duty Team');
    assert.equal(edt.closed_bank_holidays, false);
    assert.equal(edt.hours.saturday, '00:00-24:00');
    // its members work bank holidays to their hours; an office team's do not
    const edtOne = await ok(await srv.as(agent, `/api/teams/${edt.id}`));
    assert.ok(edtOne.members.length >= 1);
    for (const m of edtOne.members) {
        const w = await ok(await srv.as(agent, `/api/workers/${m.id}`));
        assert.equal(w.works_bank_holidays, true, `${w.name} works bank holidays`);
    }

    const lcs = await teamByName('Leaving Care Service');
    const one = await ok(await srv.as(agent, `/api/teams/${lcs.id}`));
    assert.ok(one.members.length >= 5);
    const manager = one.members.find((m) => m.is_manager);
    assert.ok(manager, 'the team has a manager');
    assert.equal(manager.role, 'team_manager');

    const crt = await teamByName("Children's Reception Team");
    const crtOne = await ok(await srv.as(agent, `/api/teams/${crt.id}`));
    assert.equal(crtOne.closed_days.length, 1);
    assert.match(crtOne.closed_days[0].date, /^\d{4}-\d{2}-\d{2}$/);

    // C2: the safeguarding-qualified workers of the reception team
    const qualified = await ok(
        await srv.as(agent, `/api/workers?team=${crt.id}&safeguarding=1`),
    );
    assert.ok(qualified.items.length >= 2);
    assert.ok(qualified.items.every((w) => w.safeguarding_qualified));

    // the PA on leave all this week
    const natalie = await workerByName('Natalie Brooks');
    const av = await ok(await srv.as(agent, `/api/workers/${natalie.id}/availability`));
    assert.equal(av.status, 'busy');
    assert.equal(av.available_now, false);
    assert.equal(av.current_entry.kind, 'leave');
    assert.equal(av.current_entry.title, undefined, 'titles are not shown to others');
    assert.ok(Date.parse(av.next_available_at) >= Date.parse(av.current_entry.ends_at));
    assert.equal(av.line_manager.name, 'Graham Osei');
    // the PA in an appointment now
    const shane = await workerByName('Shane Doyle');
    const av2 = await ok(await srv.as(agent, `/api/workers/${shane.id}/availability`));
    assert.equal(av2.current_entry.kind, 'appointment');
    assert.ok(Date.parse(av2.next_available_at) >= Date.parse(av2.current_entry.ends_at));

    // demo users are linked to their workers
    const priya = await workerByName('Priya Shah');
    assert.equal(priya.user.username, 'practitioner');
    assert.equal(priya.line_manager.name, 'Graham Osei');
    assert.equal(priya.works_bank_holidays, false);
    const head = (await ok(await srv.as(agent, '/api/workers?role=head_of_service'))).items;
    assert.equal(head.length, 1);
});

test('teams: create, change, close a day; only directory admins may', async () => {
    const body = {
        name: 'Youth Justice Service',
        type: 'external_agency',
        locality: 'County',
        duty_line: '0306 999 0777',
        email: 'YJS@Demo-Council.example',
        hours: { friday: '09:00-16:30', saturday: 'closed' },
    };
    const denied = await srv.as(agent, '/api/teams', { method: 'POST', json: body });
    assert.equal(denied.status, 403);
    const created = await ok(await srv.as(manager, '/api/teams', { method: 'POST', json: body }), 201);
    assert.equal(created.name, body.name);
    assert.equal(created.email, 'YJS@demo-council.example', 'the domain is lower-cased');
    assert.equal(created.hours.monday, '09:00-17:00', 'days not given keep the default');
    assert.equal(created.hours.friday, '09:00-16:30');
    assert.equal(created.council, false);

    const dup = await srv.as(manager, '/api/teams', { method: 'POST', json: body });
    assert.equal(dup.status, 409);
    assert.equal(errorOf(dup).field, 'name');

    const badType = await srv.as(manager, '/api/teams', {
        method: 'POST',
        json: { ...body, name: 'X', type: 'police' },
    });
    assert.equal(badType.status, 400);
    assert.equal(errorOf(badType).field, 'type');
    const badHours = await srv.as(manager, '/api/teams', {
        method: 'POST',
        json: { ...body, name: 'Y', hours: { monday: '9 till 5' } },
    });
    assert.equal(badHours.status, 400);
    assert.equal(errorOf(badHours).field, 'hours.monday');
    const badPhone = await srv.as(manager, '/api/teams', {
        method: 'POST',
        json: { ...body, name: 'Z', duty_line: '12' },
    });
    assert.equal(errorOf(badPhone).field, 'duty_line');
    const unknown = await srv.as(manager, '/api/teams', {
        method: 'POST',
        json: { ...body, name: 'W', colour: 'red' },
    });
    assert.equal(errorOf(unknown).field, 'colour');

    const changed = await ok(
        await srv.as(manager, `/api/teams/${created.id}`, {
            method: 'PUT',
            json: { locality: 'North', reason: 'moved office' },
        }),
    );
    assert.equal(changed.locality, 'North');
    assert.equal(changed.duty_line, body.duty_line, 'fields left out are kept');
    assert.ok(changed.updated_at);
    const missing = await srv.as(manager, '/api/teams/999999', { method: 'PUT', json: {} });
    assert.equal(missing.status, 404);

    const closed = await srv.as(manager, `/api/teams/${created.id}/closed-days`, {
        method: 'POST',
        json: { date: '2027-01-04', reason: 'Office move' },
    });
    assert.equal(closed.status, 201, closed.text);
    const again = await srv.as(manager, `/api/teams/${created.id}/closed-days`, {
        method: 'POST',
        json: { date: '2027-01-04', reason: 'Office move' },
    });
    assert.equal(again.status, 409);

    // changes are audited
    const audit = await ok(await srv.as(manager, `/api/audit?entity=team&id=${created.id}`));
    const actions = audit.items.map((e) => e.action);
    for (const a of ['team.create', 'team.update', 'team.close_day']) assert.ok(actions.includes(a), a);
});

test('workers: create with teams and a line manager, change, refuse bad input', async () => {
    const lcs = await teamByName('Leaving Care Service');
    const graham = await workerByName('Graham Osei');
    const body = {
        staff_number: 'W9001',
        name: 'Jordan Ellis',
        job_title: 'Personal Adviser',
        role: 'personal_adviser',
        teams: [lcs.id],
        line_manager_id: graham.id,
        phone: '07700 900999',
        safeguarding_qualified: false,
        hours: { wednesday: 'closed' },
    };
    assert.equal((await srv.as(agent, '/api/workers', { method: 'POST', json: body })).status, 403);
    const w = await ok(await srv.as(manager, '/api/workers', { method: 'POST', json: body }), 201);
    assert.equal(w.teams[0].name, 'Leaving Care Service');
    assert.equal(w.line_manager.id, graham.id);
    assert.equal(w.hours.wednesday, 'closed');
    assert.equal(w.works_bank_holidays, false, 'bank holidays are off unless said');
    assert.equal(typeof w.availability?.status, 'undefined'); // create answers the record only

    const read = await ok(await srv.as(agent, `/api/workers/${w.id}`));
    assert.ok(['available', 'busy', 'not_working'].includes(read.availability.status));

    const dup = await srv.as(manager, '/api/workers', { method: 'POST', json: body });
    assert.equal(dup.status, 409);
    assert.equal(errorOf(dup).field, 'staff_number');
    const badRole = await srv.as(manager, '/api/workers', {
        method: 'POST',
        json: { ...body, staff_number: 'W9002', role: 'wizard' },
    });
    assert.equal(errorOf(badRole).field, 'role');
    const noTeam = await srv.as(manager, '/api/workers', {
        method: 'POST',
        json: { ...body, staff_number: 'W9003', teams: [987654] },
    });
    assert.equal(noTeam.status, 400);
    assert.equal(errorOf(noTeam).field, 'teams');
    const backwards = await srv.as(manager, '/api/workers', {
        method: 'POST',
        json: { ...body, staff_number: 'W9004', active_from: '2026-05-01', active_to: '2026-04-01' },
    });
    assert.equal(errorOf(backwards).field, 'active_to');

    // line management cannot go round in a circle
    const circle = await srv.as(manager, `/api/workers/${graham.id}`, {
        method: 'PUT',
        json: { line_manager_id: w.id },
    });
    assert.equal(circle.status, 400);
    assert.equal(errorOf(circle).field, 'line_manager_id');

    const changed = await ok(
        await srv.as(manager, `/api/workers/${w.id}`, {
            method: 'PUT',
            json: {
                safeguarding_qualified: true, active_to: '2030-03-31', works_bank_holidays: true,
                reason: 'qualified',
            },
        }),
    );
    assert.equal(changed.safeguarding_qualified, true);
    assert.equal(changed.works_bank_holidays, true);
    assert.equal((await ok(await srv.as(agent, `/api/workers/${w.id}`))).works_bank_holidays, true);
    const notBool = await srv.as(manager, `/api/workers/${w.id}`, {
        method: 'PUT',
        json: { works_bank_holidays: 'yes', reason: 'typo' },
    });
    assert.equal(notBool.status, 400);
    assert.equal(errorOf(notBool).field, 'works_bank_holidays');
    assert.equal(changed.active_to, '2030-03-31');
    assert.equal(changed.name, body.name);
});

test('availability: entries added as JSON, by the worker or an admin only', async () => {
    const priya = await workerByName('Priya Shah'); // the practitioner user's own worker
    const natalie = await workerByName('Natalie Brooks');
    const now = Date.now();
    const entry = {
        kind: 'leave',
        starts_at: iso(now - HOUR),
        ends_at: iso(now + 3 * DAY),
        title: 'Dentist and a long weekend',
    };
    const other = await srv.as(practitioner, `/api/workers/${natalie.id}/calendar`, {
        method: 'POST',
        json: entry,
    });
    assert.equal(other.status, 403, 'not their calendar');
    const asAgent = await srv.as(agent, `/api/workers/${priya.id}/calendar`, {
        method: 'POST',
        json: entry,
    });
    assert.equal(asAgent.status, 403);
    const added = await srv.as(practitioner, `/api/workers/${priya.id}/calendar`, {
        method: 'POST',
        json: entry,
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.json.title, entry.title);

    const av = await ok(await srv.as(agent, `/api/workers/${priya.id}/availability`));
    assert.equal(av.available_now, false);
    assert.equal(av.status, 'busy');
    assert.equal(av.current_entry.kind, 'leave');
    assert.ok(Date.parse(av.next_available_at) >= now + 3 * DAY - 1000);

    // titles: the worker sees them, others see kinds and times
    const mine = await ok(await srv.as(practitioner, `/api/workers/${priya.id}/calendar`));
    assert.ok(mine.items.some((e) => e.title === entry.title));
    const theirs = await ok(await srv.as(agent, `/api/workers/${priya.id}/calendar`));
    assert.ok(theirs.items.length >= 1);
    assert.ok(theirs.items.every((e) => e.title === undefined));

    const bad = await srv.as(manager, `/api/workers/${priya.id}/calendar`, {
        method: 'POST',
        json: { ...entry, ends_at: entry.starts_at },
    });
    assert.equal(errorOf(bad).field, 'ends_at');
    const wrongType = await srv.as(manager, `/api/workers/${priya.id}/calendar`, {
        method: 'POST',
        body: 'kind=leave',
        contentType: 'application/x-www-form-urlencoded',
    });
    assert.equal(wrongType.status, 415);
});

function icsDate(ms) {
    return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

test('availability: an iCalendar file imported over the API, and again without duplicates', async () => {
    const shane = await workerByName('Shane Doyle');
    const base = Date.now() + 10 * DAY;
    const ics = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//api test//EN',
        'BEGIN:VEVENT',
        'UID:api-supervision@test',
        `DTSTAMP:${icsDate(Date.now())}`,
        `DTSTART:${icsDate(base)}`,
        `DTEND:${icsDate(base + HOUR)}`,
        'SUMMARY:Supervision',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:api-course@test',
        `DTSTAMP:${icsDate(Date.now())}`,
        `DTSTART:${icsDate(base + DAY)}`,
        `DTEND:${icsDate(base + DAY + 6 * HOUR)}`,
        'SUMMARY:Safeguarding course',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:api-free@test',
        `DTSTAMP:${icsDate(Date.now())}`,
        `DTSTART:${icsDate(base + 2 * DAY)}`,
        `DTEND:${icsDate(base + 2 * DAY + HOUR)}`,
        'TRANSP:TRANSPARENT',
        'SUMMARY:Reminder',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
    ].join('\r\n');
    const post = () =>
        srv.as(manager, `/api/workers/${shane.id}/calendar`, {
            method: 'POST',
            body: ics,
            contentType: 'text/calendar',
        });
    const first = await ok(await post());
    assert.equal(first.events, 3);
    assert.equal(first.imported, 2);
    assert.equal(first.skipped, 1);
    assert.deepEqual(first.items.map((e) => e.kind).sort(), ['supervision', 'training']);
    await ok(await post());
    const listed = await ok(
        await srv.as(manager, `/api/workers/${shane.id}/calendar?from=${iso(base - HOUR)}&to=${iso(base + 3 * DAY)}`),
    );
    assert.equal(listed.items.length, 2, 'a second import replaces, never duplicates');

    const notIcs = await srv.as(manager, `/api/workers/${shane.id}/calendar`, {
        method: 'POST',
        body: 'hello',
        contentType: 'text/calendar',
    });
    assert.equal(notIcs.status, 400);
    assert.match(errorOf(notIcs).message, /iCalendar/);
});

test('allocations: allocate, check (W1), history, end with a reason, all audited', async () => {
    // a real person: reading their allocations is a read of their record (W13 rules apply)
    const made = await srv.as(agent, '/api/persons', {
        method: 'POST',
        json: { given_name: 'Tamsin', family_name: 'Allocatova', date_of_birth: '2007-03-09', confirm_new: true,
                reason: 'test person for allocations' },
    });
    assert.equal(made.status, 201, made.text);
    const person = made.json.id;
    const priya = await workerByName('Priya Shah');
    const natalie = await workerByName('Natalie Brooks');
    const lcs = await teamByName('Leaving Care Service');
    const intake = await teamByName('Adult Intake Team');
    const cla = await teamByName('CLA Team North');

    const pa = { person_id: person, worker_id: priya.id, team_id: lcs.id, kind: 'personal_adviser' };
    assert.equal((await srv.as(agent, '/api/allocations', { method: 'POST', json: pa })).status, 403);
    const a = await ok(await srv.as(manager, '/api/allocations', { method: 'POST', json: pa }), 201);
    assert.equal(a.worker.name, 'Priya Shah');
    assert.equal(a.team.name, 'Leaving Care Service');
    assert.equal(a.current, true);
    const dup = await srv.as(duty, '/api/allocations', { method: 'POST', json: pa });
    assert.equal(dup.status, 409);
    const wrongTeam = await srv.as(manager, '/api/allocations', {
        method: 'POST',
        json: { ...pa, kind: 'key_worker', team_id: cla.id },
    });
    assert.equal(errorOf(wrongTeam).field, 'team_id');
    const review = await ok(
        await srv.as(duty, '/api/allocations', {
            method: 'POST',
            json: { person_id: person, team_id: intake.id, kind: 'reviewing_team' },
        }),
        201,
    );

    const check = (q) => srv.as(agent, `/api/allocations/check?person=${person}&${q}`);
    let c = await ok(await check(`worker=${priya.id}`));
    assert.equal(c.allowed, true);
    assert.equal(c.worker_allocated, true);
    assert.match(c.reason, /Priya Shah is allocated/);
    assert.equal(c.allocated.length, 2);
    c = await ok(await check(`worker=${natalie.id}`));
    assert.equal(c.allowed, false);
    assert.equal(c.anyone_allocated, true);
    assert.match(c.reason, /Natalie Brooks is not allocated/);
    c = await ok(await check(`team=${intake.id}`));
    assert.equal(c.allowed, true);
    assert.equal(c.team_responsible, true);
    assert.match(c.reason, /review/);
    c = await ok(await check(`team=${cla.id}`));
    assert.equal(c.allowed, false);
    const noTarget = await srv.as(agent, `/api/allocations/check?person=${person}`);
    assert.equal(noTarget.status, 400);

    // end the PA allocation: it stays in the history with its reason
    const noReason = await srv.as(manager, `/api/allocations/${a.id}/end`, { method: 'POST', json: {} });
    assert.equal(errorOf(noReason).field, 'reason');
    const ended = await ok(
        await srv.as(manager, `/api/allocations/${a.id}/end`, {
            method: 'POST',
            json: { reason: 'transferred to another PA' },
        }),
    );
    assert.equal(ended.current, false);
    assert.equal(ended.ended.reason, 'transferred to another PA');
    const again = await srv.as(manager, `/api/allocations/${a.id}/end`, {
        method: 'POST',
        json: { reason: 'again' },
    });
    assert.equal(again.status, 409);
    c = await ok(await check(`worker=${priya.id}`));
    assert.equal(c.allowed, false);

    const history = await ok(await srv.as(agent, `/api/persons/${person}/allocations`));
    assert.equal(history.items.length, 2);
    assert.equal(history.current_count, 1);
    assert.ok(history.items.some((x) => x.id === a.id && x.ended.reason === 'transferred to another PA'));
    assert.ok(history.items.some((x) => x.id === review.id && x.current));

    // nobody allocated: the front door deals with it (W4)
    c = await ok(await srv.as(agent, `/api/allocations/check?person=${person + 1}&worker=${priya.id}`));
    assert.equal(c.anyone_allocated, false);
    assert.match(c.reason, /front door deals with it/);

    const audit = await ok(await srv.as(manager, `/api/audit?entity=person&id=${person}`));
    const actions = audit.items.map((e) => e.action);
    for (const x of ['allocation.create', 'allocation.check', 'allocation.end', 'allocation.list']) {
        assert.ok(actions.includes(x), `${x} audited`);
    }
});

test('CSV import through the CLI: every row checked, all or nothing', async () => {
    const file = join(srv.dir, 'teams.csv');
    const before = (await ok(await srv.as(agent, '/api/teams'))).items.length;
    writeFileSync(
        file,
        'name,type,locality,duty_line,monday\n' +
            'Riverside Food Bank,voluntary_sector,South,0808 157 0040,10:00-14:00\n' +
            '"Harbour Advice, Debt and Money",voluntary_sector,South,0808 157 0050,nine to five\n' +
            'Police Liaison,police,County,,\n',
    );
    let r = cli(['import', 'teams', '--db', srv.db, file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /row 3, column monday/);
    assert.match(r.stderr, /row 4, column type/);
    assert.equal((await ok(await srv.as(agent, '/api/teams'))).items.length, before, 'nothing imported');

    writeFileSync(
        file,
        'name,type,locality,duty_line,monday\n' +
            'Riverside Food Bank,voluntary_sector,South,0808 157 0040,10:00-14:00\n' +
            '"Harbour Advice, Debt and Money",voluntary_sector,South,0808 157 0050,09:00-17:00\n',
    );
    r = cli(['import', 'teams', '--db', srv.db, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Imported 2 teams/);
    const harbour = await teamByName('Harbour Advice, Debt and Money');
    assert.equal(harbour.duty_line, '0808 157 0050');

    const workers = join(srv.dir, 'workers.csv');
    writeFileSync(
        workers,
        'staff_number,name,role,teams,manages,line_manager,safeguarding_qualified\n' +
            'V100,Robin Vale,team_manager,Riverside Food Bank,Riverside Food Bank,,no\n' +
            'V101,Sam Ford,other,Riverside Food Bank,,V100,maybe\n',
    );
    r = cli(['import', 'workers', '--db', srv.db, workers]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /row 3, column safeguarding_qualified/);
    writeFileSync(
        workers,
        'staff_number,name,role,teams,manages,line_manager,safeguarding_qualified,works_bank_holidays\n' +
            'V101,Sam Ford,other,Riverside Food Bank,,V100,no,yes\n' +
            'V100,Robin Vale,team_manager,Riverside Food Bank,Riverside Food Bank,,no,\n',
    );
    r = cli(['import', 'workers', '--db', srv.db, workers]);
    assert.equal(r.status, 0, r.stderr);
    const sam = await workerByName('Sam Ford');
    assert.equal(sam.line_manager.name, 'Robin Vale');
    assert.equal(sam.works_bank_holidays, true);
    assert.equal((await workerByName('Robin Vale')).works_bank_holidays, false);

    const help = cli(['import', '--help']);
    assert.equal(help.status, 0);
    for (const kind of ['teams', 'workers', 'allocations', 'calendar']) assert.match(help.stdout, new RegExp(kind));
    assert.equal(cli(['import', 'nonsense', '--db', srv.db, file]).status, 2);
});

test('calendar import and a team calendar through the CLI', async () => {
    const file = join(srv.dir, 'cal.ics');
    const start = Date.now() + 5 * DAY;
    writeFileSync(
        file,
        [
            'BEGIN:VCALENDAR',
            'VERSION:2.0',
            'PRODID:-//cli test//EN',
            'BEGIN:VEVENT',
            'UID:cli-leave@test',
            `DTSTAMP:${icsDate(Date.now())}`,
            `DTSTART:${icsDate(start)}`,
            `DTEND:${icsDate(start + 2 * DAY)}`,
            'SUMMARY:Annual leave',
            'END:VEVENT',
            'END:VCALENDAR',
            '',
        ].join('\r\n'),
    );
    const r = cli(['import', 'calendar', '--db', srv.db, '--worker', 'W1007', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Imported 1 calendar entries for Nina Farouk/);
    const nina = await workerByName('Nina Farouk');
    const cal = await ok(await srv.as(manager, `/api/workers/${nina.id}/calendar?to=${iso(start + 3 * DAY)}`));
    assert.ok(cal.items.some((e) => e.kind === 'leave' && e.source === 'ics'));
    assert.equal(cli(['import', 'calendar', '--db', srv.db, '--worker', 'nobody', file]).status, 1);

    // the EDT works Christmas evening; a Monday-to-Friday team does not
    const edt = cli(['calendar', 'add', '--team', 'Emergency Duty Team', '--db', srv.db,
        '--from', '2026-12-25T10:00', '--working-minutes', '60']);
    assert.equal(edt.status, 0, edt.stderr);
    assert.equal(edt.stdout.trim(), '2026-12-25T18:00:00+00:00');
    const cla = cli(['calendar', 'add', '--team', 'CLA Team North', '--db', srv.db,
        '--from', '2026-12-24T16:30', '--working-minutes', '60']);
    assert.equal(cla.stdout.trim(), '2026-12-29T09:30:00+00:00');
    assert.equal(cli(['calendar', 'add', '--team', 'No Such Team', '--db', srv.db,
        '--from', '2026-12-24T16:30', '--working-minutes', '60']).status, 1);
});

test('migration 11: members of a team open on bank holidays come to work them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-migration-'));
    try {
        const db = join(dir, 'fd.db');
        assert.equal(cli(['init', '--demo', '--db', db]).status, 0);
        const sqlite = (sql) => {
            const r = spawnSync('sqlite3', ['-batch', db], { input: sql, encoding: 'utf8' });
            assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
            return r.stdout.trim();
        };
        // the database as migration 10 left it: no column, and no later migration applied
        sqlite('ALTER TABLE workers DROP COLUMN works_bank_holidays;'
            + ' DELETE FROM schema_migrations WHERE version >= 11;');
        const r = cli(['init', '--db', db]);
        assert.equal(r.status, 0, r.stderr);
        const edt = "SELECT COUNT(*) FROM workers w JOIN worker_teams wt ON wt.worker_id = w.id"
            + " JOIN teams t ON t.id = wt.team_id WHERE t.name = 'Emergency Duty Team'";
        const members = Number(sqlite(`${edt};`));
        assert.ok(members >= 1, 'the demo has emergency duty workers');
        assert.equal(Number(sqlite(`${edt} AND w.works_bank_holidays = 1;`)), members);
        assert.equal(Number(sqlite('SELECT COUNT(*) FROM workers WHERE works_bank_holidays = 1'
            + ' AND id NOT IN (SELECT wt.worker_id FROM worker_teams wt JOIN teams t'
            + ' ON t.id = wt.team_id WHERE t.closed_bank_holidays = 0);')), 0,
        'nobody else is changed');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
