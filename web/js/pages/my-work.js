/*
 * my work page (/my-work): what the signed-in user has to do — handovers offered to them to
 * accept or decline (H12), the open contacts they own, longest waiting first (C8), and, where
 * the server offers GET /api/my/work (docs/routing.md), their tasks, their teams' unowned tasks
 * and the messages from the front door they have not yet returned (W2, W6, W7, W12). Without
 * that endpoint it shows what GET /api/my/contacts gives. It only reads: each item links to
 * where it is dealt with.
 */
import { getContact } from '../api.js';
import { h } from '../dom.js';
import { heading, link, paragraph, table } from '../govuk.js';
import { badge } from '../moj.js';
import { formatShortDateTime } from '../time.js';
import { apiHas, contactCodes, myContacts, myWork } from '../workflow-api.js';
import { contactTable } from './queues.js';

const TASK_WORDS = {
  call_back: 'Call back',
  follow_up: 'Follow-up',
  check_advice_worked: 'Check the advice worked',
  review_request: 'Review request',
};

function contactLink(id, reference) {
  return link(`/contacts/${encodeURIComponent(id)}`, reference || `Contact ${id}`);
}

/* The offered handovers carry the contact's id; their references are looked up to show. */
async function withReferences(offered) {
  return Promise.all(offered.map(async (o) => {
    if (o.contact_reference) return o;
    try {
      const c = await getContact(o.contact_id);
      return { ...o, contact_reference: c.reference };
    } catch {
      return o;
    }
  }));
}

function offeredSection(offered) {
  const title = h('h2', { class: 'govuk-heading-m', id: 'offered' }, 'Handovers offered to you');
  if (!offered.length) return [title, paragraph('No one is waiting for you to take over a contact.')];
  return [title, table({
    caption: 'Handovers offered to you',
    captionClass: 'govuk-visually-hidden',
    head: ['Contact', 'From', 'What was agreed', 'Offered'],
    rows: offered.map((o) => [
      { content: contactLink(o.contact_id, o.contact_reference), classes: 'app-nowrap' },
      o.from ? o.from.name : '',
      { content: o.note, classes: 'app-table__summary' },
      formatShortDateTime(o.created_at),
    ]),
  }), paragraph('Open the contact to accept or decline.')];
}

function tasksSection(title, id, tasks, { owner = false } = {}) {
  const heading2 = h('h2', { class: 'govuk-heading-m', id }, title);
  if (!tasks.length) return [heading2, paragraph('Nothing to do here.')];
  return [heading2, table({
    caption: title,
    captionClass: 'govuk-visually-hidden',
    head: ['Task', 'Due', 'About', owner ? 'Team' : 'Note', ...(owner ? ['Note'] : [])],
    rows: tasks.map((t) => [
      [TASK_WORDS[t.kind] || t.kind, t.overdue ? [' ', badge('Overdue', 'red')] : null],
      formatShortDateTime(t.due_at),
      t.contact_id ? contactLink(t.contact_id, t.contact_reference) : (t.person_id ? `Person ${t.person_id}` : ''),
      ...(owner ? [t.team ? t.team.name : ''] : []),
      { content: t.note || '', classes: 'app-table__summary' },
    ]),
  })];
}

function workerMessagesSection(messages) {
  const title = h('h2', { class: 'govuk-heading-m', id: 'worker-messages' },
    'Messages from the front door to return');
  if (!messages.length) return [title, paragraph('No calls are waiting for you to return.')];
  return [title, table({
    caption: 'Messages from the front door to return',
    captionClass: 'govuk-visually-hidden',
    head: ['Contact', 'Sent', 'What happened', 'Follow-up needed'],
    rows: messages.map((m) => [
      { content: contactLink(m.contact_id, m.contact_reference), classes: 'app-nowrap' },
      formatShortDateTime(m.sent_at),
      { content: m.what_happened, classes: 'app-table__summary' },
      { content: m.follow_up, classes: 'app-table__summary' },
    ]),
  })];
}

export async function myWorkPage(ctx) {
  ctx.setTitle('My work');
  const [codes, hasWork] = await Promise.all([contactCodes(), apiHas('GET', '/api/my/work')]);
  const content = [heading('My work')];
  if (hasWork) {
    const work = await myWork();
    const contacts = Array.isArray(work.contacts) ? work.contacts : [];
    const offered = await withReferences(Array.isArray(work.handovers_offered)
      ? work.handovers_offered : []);
    if (Number.isInteger(work.messages_unread) && work.messages_unread > 0) {
      content.push(paragraph(`You have ${work.messages_unread} unread `
        + `${work.messages_unread === 1 ? 'message' : 'messages'}: `,
      link('/messages?unread=1', 'read your messages'), '.'));
    }
    content.push(
      offeredSection(offered),
      tasksSection('Your tasks', 'tasks', Array.isArray(work.tasks) ? work.tasks : []),
      workerMessagesSection(Array.isArray(work.worker_messages) ? work.worker_messages : []),
      h('h2', { class: 'govuk-heading-m', id: 'contacts' }, 'Your open contacts'),
      contacts.length ? contactTable(contacts, codes, {
        caption: 'Your open contacts, longest waiting first',
        captionClass: 'govuk-visually-hidden',
        owner: false,
      }) : paragraph('You own no open contacts.'),
      tasksSection("Your teams' tasks with no owner", 'team-tasks',
        Array.isArray(work.team_tasks) ? work.team_tasks : [], { owner: true }),
    );
    return content;
  }
  const data = await myContacts({ limit: 200 });
  const items = Array.isArray(data.items) ? data.items : [];
  const offered = await withReferences(Array.isArray(data.offered) ? data.offered : []);
  const total = Number.isInteger(data.total) ? data.total : items.length;
  content.push(
    offeredSection(offered),
    h('h2', { class: 'govuk-heading-m', id: 'contacts' }, 'Your open contacts'),
    items.length ? [
      paragraph(total > items.length
        ? `The ${items.length} longest waiting of your ${total} open contacts.`
        : `${total} open ${total === 1 ? 'contact' : 'contacts'}, longest waiting first.`),
      contactTable(items, codes, {
        caption: 'Your open contacts, longest waiting first',
        captionClass: 'govuk-visually-hidden',
        owner: false,
      }),
    ] : paragraph('You own no open contacts.'),
  );
  return content;
}
