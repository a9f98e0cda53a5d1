// The contact page's follow-up work (issue 4: W6, W7, W12): GET /api/contacts/{id}/tasks lists
// the tasks about one contact, oldest first, with their kind, owner and state — a follow-up set
// from the contact, closed as done; a review request (W7) that the server gives to the allocated
// worker; 404 for a contact that does not exist; the read is audited. Runs the real binary on a
// demo database: the care leaver's call for his PA, Priya Shah (the demo's practitioner user).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, contactBody, errorOf } from './server.mjs';

const HOUR = 3600 * 1000;

let srv;
const s = {}; // sessions by demo username
let leaver; // the demo contact about a person allocated to the practitioner

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function post(session, path, json) {
    return srv.as(session, path, { method: 'POST', json });
}

function ok(res, status = 200) {
    assert.equal(res.status, status, res.text);
    return res.json;
}

before(async () => {
    srv = await startServer();
    for (const u of ['agent', 'practitioner', 'manager']) s[u] = await srv.signIn(u);
    const list = ok(await srv.as(s.agent, '/api/contacts?limit=100'));
    leaver = list.items.find((c) => c.caller_name === 'Care leaver (aged 19)');
    assert.ok(leaver, 'the demo has the care leaver\'s call');
    assert.equal(leaver.subject_person_ids.length, 1, 'about one person');
});

after(async () => {
    await srv?.cleanup();
});

test('a follow-up set from the contact is listed with its owner and state, then done',
    async () => {
        const before = ok(await srv.as(s.agent, `/api/contacts/${leaver.id}/tasks`));
        assert.equal(before.contact_id, leaver.id);
        const due = isoZ(Date.now() + 26 * HOUR);
        const made = ok(await post(s.agent, '/api/tasks', {
            kind: 'follow_up',
            contact_id: leaver.id,
            due_at: due,
            note: 'Ring him on Friday to check the landlord has withdrawn the notice.',
            agreed_with: 'Priya Shah (PA), by phone',
        }), 201);

        const after1 = ok(await srv.as(s.agent, `/api/contacts/${leaver.id}/tasks`));
        assert.equal(after1.items.length, before.items.length + 1, 'one more task');
        const ids = after1.items.map((t) => t.id);
        assert.deepEqual(ids, ids.slice().sort((a, b) => a - b), 'oldest first');
        const listed = after1.items.find((t) => t.id === made.id);
        assert.ok(listed, 'the new task is listed');
        assert.equal(listed.kind, 'follow_up');
        assert.equal(listed.state, 'open');
        assert.equal(listed.due_at, due);
        assert.equal(listed.contact_id, leaver.id);
        assert.equal(listed.agreed_with, 'Priya Shah (PA), by phone');
        assert.equal(listed.owner.id, s.agent.user.id, 'without an owner it is the recorder\'s');
        assert.equal(typeof listed.owner.name, 'string');
        assert.ok(listed.owner.name.length > 0, 'the owner is named');
        assert.equal(listed.team, null);
        assert.equal(listed.overdue, false);
        for (const t of after1.items) assert.equal(t.contact_id, leaver.id, 'only this contact\'s');

        ok(await post(s.agent, `/api/tasks/${made.id}/done`, {}));
        const after2 = ok(await srv.as(s.agent, `/api/contacts/${leaver.id}/tasks`));
        const closed = after2.items.find((t) => t.id === made.id);
        assert.equal(closed.state, 'done');
        assert.equal(closed.closed_by.id, s.agent.user.id);
        assert.ok(closed.closed_at);
    });

test('a review request (W7) goes to the allocated worker and is listed on the contact',
    async () => {
        const review = ok(await post(s.agent, '/api/tasks', {
            kind: 'review_request',
            contact_id: leaver.id,
            due_at: isoZ(Date.now() + 72 * HOUR),
            note: 'He asks for his pathway plan to be reviewed now that he may lose the flat.',
        }), 201);
        assert.equal(review.owner.id, s.practitioner.user.id, 'the PA (the practitioner) owns it');
        assert.equal(review.person_id, leaver.subject_person_ids[0], 'about the contact\'s person');

        const listed = ok(await srv.as(s.agent, `/api/contacts/${leaver.id}/tasks`)).items
            .find((t) => t.id === review.id);
        assert.ok(listed, 'listed on the contact');
        assert.equal(listed.kind, 'review_request');
        assert.equal(listed.owner.id, s.practitioner.user.id);
        assert.equal(listed.state, 'open');

        const work = ok(await srv.as(s.practitioner, '/api/my/work'));
        assert.ok(work.tasks.some((t) => t.id === review.id), 'in the PA\'s work');
    });

test('404 for a contact that does not exist; a contact without tasks lists none', async () => {
    const res = await srv.as(s.agent, '/api/contacts/987654/tasks');
    assert.equal(res.status, 404, res.text);
    assert.equal(errorOf(res).code, 'not_found');

    const fresh = ok(await post(s.agent, '/api/contacts', contactBody()), 201);
    const none = ok(await srv.as(s.agent, `/api/contacts/${fresh.id}/tasks`));
    assert.deepEqual(none, { contact_id: fresh.id, items: [] });
});

test('needs a session, and the read is audited against the contact', async () => {
    const anon = await srv.request(`/api/contacts/${leaver.id}/tasks`);
    assert.equal(anon.status, 401, anon.text);
    const audit = ok(await srv.as(s.manager, `/api/audit?entity=contact&id=${leaver.id}`));
    assert.ok(audit.items.some((e) => e.action === 'task.list'), 'task.list is audited');
});

// W3: the transfer of a written contact is a message pointing to the record.
test('a written item for a worker messages them, pointing to the item; its JSON says who was told',
    async () => {
        const workers = ok(await srv.as(s.agent, '/api/workers?limit=100')).items;
        const priya = workers.find((w) => w.user && w.user.id === s.practitioner.user.id);
        const helen = workers.find((w) => w.name === 'Helen Ward');
        assert.ok(priya && helen, 'the demo has Priya Shah (signs in) and Helen Ward');
        assert.equal(helen.user, null, 'Helen Ward has no sign-in');

        const before = ok(await srv.as(s.practitioner, '/api/messages?limit=200'));
        const item = ok(await post(s.agent, `/api/contacts/${leaver.id}/written-items`, {
            worker_id: priya.id,
            description: 'Letter from the landlord dated 2 March',
            stored_at: 'Scanned to the contact; original in the post room safe',
            acknowledged_by: 'front_door',
            wants_original: true,
        }), 201);
        assert.deepEqual(item.told.worker, { id: priya.id, name: priya.name });
        assert.ok(item.told.in_app_message_id > 0, 'told in frontdoor');
        assert.ok(item.told.email_message_id > 0, 'and by email');

        const after1 = ok(await srv.as(s.practitioner, '/api/messages?limit=200'));
        assert.equal(after1.total, before.total + 1, 'one new message for Priya');
        const msg = after1.items.find((m) => m.id === item.told.in_app_message_id);
        assert.ok(msg, 'the in-app message is in her inbox');
        assert.equal(msg.link, `/contacts/${leaver.id}#written-item-${item.id}`);
        assert.deepEqual(msg.about, { type: 'written_item', id: item.id });
        assert.ok(msg.subject.includes(leaver.reference), msg.subject);
        assert.ok(msg.body.includes('Letter from the landlord'), msg.body);
        assert.ok(msg.body.includes('post room safe'), msg.body);

        // A worker without a sign-in is told by email only; the item is recorded either way.
        const forHelen = ok(await post(s.agent, `/api/contacts/${leaver.id}/written-items`, {
            worker_id: helen.id, description: 'Form from the college', stored_at: 'Scanned',
            acknowledged_by: 'none',
        }), 201);
        assert.equal(forHelen.told.in_app_message_id, null);
        assert.ok(forHelen.told.email_message_id > 0);

        // No worker named: nobody is told.
        const nobody = ok(await post(s.agent, `/api/contacts/${leaver.id}/written-items`, {
            description: 'A leaflet', stored_at: 'Reception', acknowledged_by: 'none',
        }), 201);
        assert.equal(nobody.told, null);

        const listed = ok(await srv.as(s.agent, `/api/contacts/${leaver.id}/written-items`));
        const byId = new Map(listed.items.map((w) => [w.id, w]));
        assert.deepEqual(byId.get(item.id).told, item.told);
        assert.deepEqual(byId.get(forHelen.id).told, forHelen.told);
        assert.equal(byId.get(nobody.id).told, null);
    });
