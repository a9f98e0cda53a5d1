// Persons (issue 3): search with its reasons and warnings first, the duplicate check on create
// (409, then confirm), an NHS number that wins outright, corrections kept as versions, merge and
// the redirect of the merged-away record, restricted records (limited view, break-glass with a
// reason, its audit event), warning markers (12-month review rule), relationships and
// households, role checks, and the CSV import through the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, contactBody, errorOf } from './server.mjs';

let srv;
let agent;
let practitioner;
let manager;
let analyst;
before(async () => {
    srv = await startServer();
    agent = await srv.signIn('agent');
    practitioner = await srv.signIn('practitioner');
    manager = await srv.signIn('manager');
    analyst = await srv.signIn('analyst');
});
after(async () => {
    const stderr = srv?.child?.stderr;
    const drained = stderr && !stderr.closed ? once(stderr, 'close') : null;
    await srv?.stop();
    if (drained) await drained;
    await srv?.cleanup();
});

async function ok(res, status = 200) {
    assert.equal(res.status, status, `${res.status} ${res.text}`);
    return res.json;
}

const search = (who, q) => srv.as(who, `/api/persons/search?${new URLSearchParams(q)}`);

async function findOne(q) {
    const body = await ok(await search(manager, q));
    assert.ok(body.items.length >= 1, `a result for ${JSON.stringify(q)}`);
    return body.items[0];
}

function yearsAgo(n, mmdd) {
    return `${new Date().getUTCFullYear() - n}-${mmdd}`;
}

test('search tolerates nicknames and typos, ranks with reasons, shows warnings first', async () => {
    // "Bill" is the demo's William Forsyth, known as Bill
    const bill = await ok(await search(agent, { q: 'Bill Forsyth' }));
    assert.equal(bill.items[0].display_name, 'William Forsyth');
    assert.deepEqual(Object.keys(bill.items[0])[0], 'warnings');
    assert.ok(bill.items[0].reasons.length > 0);
    assert.equal(typeof bill.items[0].score, 'number');

    // a misspelt family name with the date of birth in free text
    const gary = await ok(await search(agent, { q: 'Garry Hartly' }));
    const top = gary.items[0];
    assert.equal(top.display_name, 'Gary Hartley');
    assert.equal(Object.keys(top)[0], 'warnings');
    assert.equal(top.warnings.length, 1, 'the demo warning marker on Gary Hartley');
    assert.equal(top.warnings[0].type, 'violence');
    assert.equal(top.warnings[0].active, true);

    // separate fields: swapped names and a partial date of birth
    const swapped = await ok(
        await search(agent, { given: 'Hartley', family: 'Donna', dob: yearsAgo(34, '06') }),
    );
    assert.equal(swapped.items[0].display_name, 'Donna Hartley');
    assert.ok(swapped.items[0].reasons.some((r) => /swapped|other way/.test(r)), swapped.items[0].reasons.join());

    // a caller who gives only a first name: the one word is tried as a first name too
    const kayleigh = await ok(await search(agent, { q: 'Kayleigh' }));
    assert.equal(kayleigh.items[0]?.display_name, 'Kayleigh Price', JSON.stringify(kayleigh.items));
    // and a surname alone still finds its family first
    const price = await ok(await search(agent, { q: 'Price' }));
    assert.equal(price.items[0]?.display_name, 'Kayleigh Price');

    // the search is audited as one event, not as reads of each person
    const audit = await ok(await srv.as(manager, '/api/audit?entity=person&limit=1000'));
    assert.ok(audit.items.some((e) => e.action === 'person.search'));

    // nothing to search for
    assert.equal((await search(agent, { limit: '5' })).status, 400);
    // an invalid NHS number is refused, naming the parameter
    const bad = await search(agent, { nhs: '1234567890' });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'nhs');
});

test('roles: an analyst cannot search or read persons', async () => {
    assert.equal((await search(analyst, { q: 'Hartley' })).status, 403);
    const donna = await findOne({ q: 'Donna Hartley' });
    assert.equal((await srv.as(analyst, `/api/persons/${donna.id}`)).status, 403);
});

test('create: likely duplicates are refused with the candidates, then confirmed', async () => {
    const bill = {
        given_name: 'Bill',
        family_name: 'Forsythe',
        date_of_birth: yearsAgo(67, '07-07'),
        sex: 'M',
    };
    const refused = await srv.as(agent, '/api/persons', { method: 'POST', json: bill });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorOf(refused).code, 'conflict');
    assert.ok(refused.json.candidates.length >= 1);
    assert.equal(refused.json.candidates[0].display_name, 'William Forsyth');
    assert.ok(refused.json.candidates[0].score >= 0.5);

    const created = await ok(
        await srv.as(agent, '/api/persons', {
            method: 'POST',
            json: { ...bill, confirm_new: true, reason: 'a different man: checked with the caller' },
        }),
        201,
    );
    assert.equal(created.display_name, 'Bill Forsythe');
    assert.equal(created.version, 1);
    assert.equal(Object.keys(created)[0], 'warnings');

    // validation names the field
    const invalid = await srv.as(agent, '/api/persons', {
        method: 'POST',
        json: { given_name: 'Test', family_name: 'Person', addresses: [{ postcode: 'NOT A PC' }] },
    });
    assert.equal(invalid.status, 400);
    assert.equal(errorOf(invalid).field, 'addresses[0].postcode');
    const unknown = await srv.as(agent, '/api/persons', {
        method: 'POST',
        json: { given_name: 'Test', family_name: 'Person', shoe_size: 9 },
    });
    assert.equal(errorOf(unknown).field, 'shoe_size');
});

test('an NHS number wins outright, and one already recorded cannot be used again', async () => {
    const liam = await findOne({ q: 'Liam Hartley' });
    const full = await ok(await srv.as(manager, `/api/persons/${liam.id}`));
    const hit = await ok(await search(agent, { family: 'Somebody', nhs: full.nhs_number }));
    assert.equal(hit.items[0].id, liam.id);
    assert.equal(hit.items[0].outright, true);
    assert.equal(hit.items[0].score, 1);

    const taken = await srv.as(agent, '/api/persons', {
        method: 'POST',
        json: { given_name: 'Other', family_name: 'Child', nhs_number: full.nhs_number, confirm_new: true },
    });
    assert.equal(taken.status, 409);
    assert.equal(errorOf(taken).field, 'nhs_number');
});

test('corrections keep every version with who, when, why and what changed', async () => {
    const p = await ok(
        await srv.as(agent, '/api/persons', {
            method: 'POST',
            json: { given_name: 'Kerry', family_name: 'Whitlock', date_of_birth: '1990-04', confirm_new: true },
        }),
        201,
    );
    const noReason = await srv.as(agent, `/api/persons/${p.id}`, {
        method: 'PATCH',
        json: { family_name: 'Whitlocke' },
    });
    assert.equal(noReason.status, 400);
    assert.equal(errorOf(noReason).field, 'reason');

    const fixed = await ok(
        await srv.as(agent, `/api/persons/${p.id}`, {
            method: 'PATCH',
            json: { family_name: 'Whitlocke', date_of_birth: '1990-04-17', reason: 'checked her passport', version: 1 },
        }),
    );
    assert.equal(fixed.version, 2);
    assert.deepEqual(fixed.changed, ['family_name', 'date_of_birth']);

    const stale = await srv.as(agent, `/api/persons/${p.id}`, {
        method: 'PATCH',
        json: { given_name: 'Kez', reason: 'known as', version: 1 },
    });
    assert.equal(stale.status, 409);

    const history = await ok(await srv.as(agent, `/api/persons/${p.id}/history`));
    assert.equal(history.versions.length, 2);
    assert.equal(history.versions[0].record.family_name, 'Whitlock');
    assert.equal(history.versions[1].record.family_name, 'Whitlocke');
    assert.equal(history.versions[1].reason, 'checked her passport');
    assert.deepEqual(history.versions[1].changed, ['family_name', 'date_of_birth']);
    assert.equal(history.versions[1].recorded_by.name, 'Amira Khan');

    // the search index follows the correction
    const found = await ok(await search(agent, { family: 'Whitlocke', dob: '1990-04-17' }));
    assert.equal(found.items[0].id, p.id);
});

test('merge: the duplicate redirects to the survivor, leaves search, keeps its history', async () => {
    const a = await ok(
        await srv.as(agent, '/api/persons', {
            method: 'POST',
            json: { given_name: 'Marcus', family_name: 'Oyelaran', date_of_birth: '2001-09-30', confirm_new: true },
        }),
        201,
    );
    const b = await ok(
        await srv.as(agent, '/api/persons', {
            method: 'POST',
            json: { given_name: 'Marcus', family_name: 'Oyelarin', date_of_birth: '2001-09-30', confirm_new: true },
        }),
        201,
    );
    // a contact about the duplicate: the merge names the survivor in a new version of it
    const contact = await ok(
        await srv.as(agent, '/api/contacts', {
            method: 'POST',
            json: contactBody({ subject_person_ids: [b.id] }),
        }),
        201,
    );
    const json = { into_id: a.id, reason: 'same young man: recorded twice by two teams' };
    assert.equal((await srv.as(agent, `/api/persons/${b.id}/merge`, { method: 'POST', json })).status, 403);
    const merged = await ok(await srv.as(manager, `/api/persons/${b.id}/merge`, { method: 'POST', json }));
    assert.equal(merged.into, a.id);

    assert.equal(merged.moved.contacts, 1);
    const after = await ok(await srv.as(agent, `/api/contacts/${contact.id}`));
    assert.deepEqual(after.subject_person_ids, [a.id]);

    const redirect = await srv.as(agent, `/api/persons/${b.id}`);
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get('location'), `/api/persons/${a.id}`);
    assert.equal(redirect.json.merged_into, a.id);

    const survivor = await ok(await srv.as(agent, `/api/persons/${a.id}`));
    assert.deepEqual(survivor.merged_from, [b.id]);
    assert.ok(survivor.other_names.some((n) => n.family_name === 'Oyelarin' && n.kind === 'alias'));

    const found = await ok(await search(agent, { given: 'Marcus', family: 'Oyelarin' }));
    assert.ok(found.items.every((i) => i.id !== b.id));
    assert.equal(found.items[0].id, a.id);

    // both histories are kept; the merged record cannot be corrected or merged again
    assert.equal((await ok(await srv.as(agent, `/api/persons/${b.id}/history`))).versions.length, 1);
    const again = await srv.as(manager, `/api/persons/${b.id}/merge`, { method: 'POST', json });
    assert.equal(again.status, 409);
    const patch = await srv.as(agent, `/api/persons/${b.id}`, {
        method: 'PATCH',
        json: { given_name: 'Mark', reason: 'typo' },
    });
    assert.equal(patch.status, 409);

    const audit = await ok(await srv.as(manager, `/api/audit?entity=person&id=${b.id}`));
    assert.ok(audit.items.some((e) => e.action === 'person.merge'));
});

test('restricted record: name only, then break-glass with a reason, audited', async () => {
    const tyler = await findOne({ q: 'Tyler Okonkwo-Barnes' });

    // the agent (contact centre) sees that the record exists and the name, nothing more
    const limited = await ok(await srv.as(agent, `/api/persons/${tyler.id}`));
    assert.equal(limited.access, 'limited');
    assert.equal(limited.display_name, 'Tyler Okonkwo-Barnes');
    assert.equal(limited.date_of_birth, undefined);
    assert.equal(limited.addresses, undefined);
    const hit = (await ok(await search(agent, { q: 'Tyler Okonkwo-Barnes' }))).items[0];
    assert.equal(hit.access, 'limited');
    assert.equal(hit.reasons, undefined);
    assert.equal(hit.date_of_birth, undefined);
    assert.equal((await srv.as(agent, `/api/persons/${tyler.id}/history`)).status, 403);
    const patch = await srv.as(agent, `/api/persons/${tyler.id}`, {
        method: 'PATCH',
        json: { first_language: 'English', reason: 'update' },
    });
    assert.equal(patch.status, 403);

    // a member of the PA's team and a manager see it without asking
    assert.equal((await ok(await srv.as(practitioner, `/api/persons/${tyler.id}`))).access_basis, 'team');
    assert.equal((await ok(await srv.as(manager, `/api/persons/${tyler.id}`))).access_basis, 'manager');

    // break-glass needs a real reason
    const noReason = await srv.as(agent, `/api/persons/${tyler.id}/access`, { method: 'POST', json: {} });
    assert.equal(noReason.status, 400);
    assert.equal(errorOf(noReason).field, 'reason');
    const reason = 'Tyler rang the contact centre in crisis and his PA cannot be reached';
    const opened = await ok(
        await srv.as(agent, `/api/persons/${tyler.id}/access`, { method: 'POST', json: { reason } }),
    );
    assert.equal(opened.basis, 'break_glass');
    assert.ok(Date.parse(opened.expires_at) > Date.now());

    const full = await ok(await srv.as(agent, `/api/persons/${tyler.id}`));
    assert.equal(full.access, 'full');
    assert.equal(full.access_basis, 'break_glass');
    assert.ok(full.date_of_birth);
    assert.ok(full.allocations.length >= 1);

    // the opening and its reason are in the audit trail
    const audit = await ok(await srv.as(manager, `/api/audit?entity=person&id=${tyler.id}`));
    const event = audit.items.find((e) => e.action === 'person.access_override');
    assert.ok(event, 'person.access_override event');
    assert.equal(event.reason, reason);
    assert.ok(audit.items.some((e) => e.action === 'person.read_limited'));

    // another session of the same user is not opened
    const second = await srv.signIn('agent');
    assert.equal((await ok(await srv.as(second, `/api/persons/${tyler.id}`))).access, 'limited');
});

test('warning markers: review at most 12 months on, shown first, reviewed', async () => {
    const p = await findOne({ q: 'Daniel Kowalski' });
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date();
    later.setUTCMonth(later.getUTCMonth() + 13);
    const tooLate = later.toISOString().slice(0, 10);
    const base = { type: 'verbal_abuse', starts_on: today, told: true, told_how: 'by phone' };
    const refused = await srv.as(manager, `/api/persons/${p.id}/warnings`, {
        method: 'POST',
        json: { ...base, review_on: tooLate },
    });
    assert.equal(refused.status, 400);
    assert.equal(errorOf(refused).field, 'review_on');

    // an agent must name the manager who agreed; a manager agrees it themselves
    const noManager = await srv.as(agent, `/api/persons/${p.id}/warnings`, {
        method: 'POST',
        json: { ...base, review_on: '2099-01-01' },
    });
    assert.equal(noManager.status, 400);

    const six = new Date();
    six.setUTCMonth(six.getUTCMonth() + 6);
    const w = await ok(
        await srv.as(manager, `/api/persons/${p.id}/warnings`, {
            method: 'POST',
            json: { ...base, review_on: six.toISOString().slice(0, 10), detail: 'Shouted at reception staff' },
        }),
        201,
    );
    assert.equal(w.agreed_by.name, 'Mark Evans');
    const person = await ok(await srv.as(agent, `/api/persons/${p.id}`));
    assert.equal(Object.keys(person)[0], 'warnings');
    assert.equal(person.warnings[0].id, w.id);

    const ended = await ok(
        await srv.as(manager, `/api/warnings/${w.id}/reviews`, {
            method: 'POST',
            json: { outcome: 'end', note: 'no incidents for six months' },
        }),
        201,
    );
    assert.equal(ended.active, false);
    const twice = await srv.as(manager, `/api/warnings/${w.id}/reviews`, {
        method: 'POST',
        json: { outcome: 'end' },
    });
    assert.equal(twice.status, 409);
});

test('relationships are stored once and read from both sides; households group people', async () => {
    const liam = await findOne({ q: 'Liam Hartley' });
    const donna = await findOne({ q: 'Donna Hartley' });
    const l = await ok(await srv.as(manager, `/api/persons/${liam.id}`));
    const mother = l.relationships.find((r) => r.person.id === donna.id);
    assert.equal(mother.type, 'parent');
    const d = await ok(await srv.as(manager, `/api/persons/${donna.id}`));
    assert.ok(d.relationships.some((r) => r.person.id === liam.id && r.type === 'child'));
    assert.ok(d.households.some((h) => h.name === 'Hartley family' && h.members.length === 4));

    // the same fact from the other side is a conflict
    const dup = await srv.as(agent, `/api/persons/${donna.id}/relationships`, {
        method: 'POST',
        json: { related_person_id: liam.id, type: 'child' },
    });
    assert.equal(dup.status, 409);

    const ruby = await findOne({ q: 'Ruby Hartley' });
    const hh = await ok(
        await srv.as(agent, '/api/households', {
            method: 'POST',
            json: { kind: 'household', name: 'Grandmother\'s house', members: [{ person_id: ruby.id, role: 'child' }] },
        }),
        201,
    );
    assert.equal(hh.members.length, 1);
    const left = await ok(
        await srv.as(agent, `/api/households/${hh.id}/leave`, {
            method: 'POST',
            json: { person_id: ruby.id, reason: 'back home with her mother' },
        }),
    );
    assert.equal(left.members[0].current, false);
});

test('import persons: all or nothing, with row, column and reason', async () => {
    const bad = join(srv.dir, 'bad.csv');
    writeFileSync(
        bad,
        'given_name,family_name,date_of_birth,nhs_number,postcode\n' +
            'Ada,Lovelace,1990-12-10,,BA1 1AA\n' +
            'Alan,Turing,1990-13-01,,BA1 1AA\n' +
            'Grace,Hopper,1991-01-01,9434765918,BA1 1AA\n',
    );
    const r1 = cli(['import', 'persons', '--db', srv.db, bad]);
    assert.equal(r1.status, 1, r1.stderr);
    assert.match(r1.stderr, /row 3, column date_of_birth/);
    assert.match(r1.stderr, /row 4, column nhs_number/);
    assert.equal((await ok(await search(manager, { family: 'Lovelace' }))).count, 0, 'nothing imported');

    const good = join(srv.dir, 'good.csv');
    writeFileSync(
        good,
        'local_id,given_name,family_name,known_as,date_of_birth,sex,postcode,phone\n' +
            'LEG001,Ada,Lovelace,Addie,1990-12-10,F,BA1 1AB,07700 900500\n' +
            'LEG002,Alan,Turing,,1990-06,M,BA1 1AB,\n',
    );
    const r2 = cli(['import', 'persons', '--db', srv.db, good]);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, /Imported 2 persons/);
    const ada = await ok(await search(manager, { q: 'Addie Lovelace' }));
    assert.equal(ada.items[0].display_name, 'Ada Lovelace');

    const again = cli(['import', 'persons', '--db', srv.db, good]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /column local_id: already recorded/);
});
