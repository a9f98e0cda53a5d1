/*
 * my work page (/my-work): what the signed-in user has to do — handovers offered to them to
 * accept or decline (H12), the open contacts they own, longest waiting first (C8), and, where
 * the server offers GET /api/my/work (docs/routing.md), their tasks, their teams' unowned tasks
 * and the messages from the front door they have not yet returned (W2, W6, W7, W12), each
 * with "Mark as returned" and an optional note (POST /api/worker-messages/{id}/returned).
 * Without that endpoint it shows what GET /api/my/contacts gives. Apart from closing a task
 * and marking a call returned, each item links to where it is dealt with.
 */
import { ApiError, getContact, loadSession } from '../api.js';
import { h, replaceContent } from '../dom.js';
import { sentence } from '../fields.js';
import {
  errorSummary, heading, initComponents, link, notificationBanner, paragraph, table,
} from '../govuk.js';
import { badge } from '../moj.js';
import { formatShortDateTime } from '../time.js';
import {
  apiHas, contactCodes, markMessageReturned, myContacts, myWork, taskDone,
} from '../workflow-api.js';
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

/*
 * withReferences(items): handovers and tasks carry their contact's id but not its reference;
 * the references are looked up (once per contact) so the links read as staff know them.
 */
async function withReferences(items) {
  const ids = [...new Set(items.filter((o) => o.contact_id && !o.contact_reference)
    .map((o) => o.contact_id))];
  const refs = new Map(await Promise.all(ids.map(async (id) => {
    try {
      return [id, (await getContact(id)).reference];
    } catch {
      return [id, null];
    }
  })));
  return items.map((o) => (refs.get(o.contact_id)
    ? { ...o, contact_reference: refs.get(o.contact_id) } : o));
}

function offeredSection(offered) {
  const title = h('h2', { class: 'govuk-heading-m', id: 'offered' }, 'Handovers offered to you');
  if (!offered.length) {
    return [title, paragraph('No one is waiting for you to take over a contact.')];
  }
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

function aboutWords(t) {
  if (t.contact_id) return contactLink(t.contact_id, t.contact_reference);
  return t.person_id ? `Person ${t.person_id}` : '';
}

function tasksSection(ctx, title, id, tasks, { owner = false, report } = {}) {
  const heading2 = h('h2', { class: 'govuk-heading-m', id }, title);
  if (!tasks.length) return [heading2, paragraph('Nothing to do here.')];
  const done = async (t) => {
    try {
      await taskDone(t.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && err.code === 'csrf') await loadSession().catch(() => null);
      report(err instanceof ApiError && [403, 404, 409].includes(err.status)
        ? `The task could not be closed: ${sentence(err.message)}`
        : 'Sorry, there is a problem with the service. The task is still open. Try again');
      return;
    }
    ctx.navigate('/my-work', { replace: true, state: { done: 'The task has been marked done' } });
  };
  return [heading2, table({
    caption: title,
    captionClass: 'govuk-visually-hidden',
    head: ['Task', 'Due', 'About', ...(owner ? ['Team'] : []), 'Note',
      h('span', { class: 'govuk-visually-hidden' }, 'Action')],
    rows: tasks.map((t) => [
      {
        content: [TASK_WORDS[t.kind] || t.kind, t.overdue ? [' ', badge('Overdue', 'red')] : null],
      },
      formatShortDateTime(t.due_at),
      aboutWords(t),
      ...(owner ? [t.team ? t.team.name : ''] : []),
      { content: t.note || '', classes: 'app-table__summary' },
      owner ? '' : h('button', {
        type: 'button',
        class: 'govuk-button govuk-button--secondary app-button--small',
        on: { click: () => done(t) },
      }, 'Mark done', h('span', { class: 'govuk-visually-hidden' },
        ` (${TASK_WORDS[t.kind] || t.kind}, due ${formatShortDateTime(t.due_at)})`)),
    ]),
  })];
}

function workerMessagesSection(ctx, messages, report) {
  const title = h('h2', { class: 'govuk-heading-m', id: 'worker-messages' },
    'Messages from the front door to return');
  if (!messages.length) return [title, paragraph('No calls are waiting for you to return.')];
  const returned = async (event, m) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') || '').trim();
    try {
      await markMessageReturned(m.id, note);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && err.code === 'csrf') await loadSession().catch(() => null);
      report(err instanceof ApiError && [400, 403, 404, 409].includes(err.status)
        ? `The call could not be marked as returned: ${sentence(err.message)}`
        : 'Sorry, there is a problem with the service. The call is not marked as returned. '
          + 'Try again');
      return;
    }
    ctx.navigate('/my-work', {
      replace: true,
      state: { done: `The call about ${m.contact_reference || `contact ${m.contact_id}`} has `
        + 'been marked as returned' },
    });
  };
  return [title, table({
    caption: 'Messages from the front door to return',
    captionClass: 'govuk-visually-hidden',
    head: ['Contact', 'Sent', 'What happened', 'Follow-up needed',
      h('span', { class: 'govuk-visually-hidden' }, 'Action')],
    rows: messages.map((m) => [
      { content: contactLink(m.contact_id, m.contact_reference), classes: 'app-nowrap' },
      formatShortDateTime(m.sent_at),
      { content: m.what_happened, classes: 'app-table__summary' },
      { content: m.follow_up, classes: 'app-table__summary' },
      h('form', { novalidate: true, on: { submit: (event) => returned(event, m) } },
        h('div', { class: 'govuk-form-group govuk-!-margin-bottom-2' },
          h('label', { class: 'govuk-label govuk-label--s', for: `return-note-${m.id}` },
            'Note (optional)'),
          h('input', {
            class: 'govuk-input', id: `return-note-${m.id}`, name: 'note', type: 'text',
            autocomplete: 'off',
          })),
        h('button', {
          type: 'submit',
          class: 'govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0',
        }, 'Mark as returned', h('span', { class: 'govuk-visually-hidden' },
          ` (${m.contact_reference || `contact ${m.contact_id}`})`))),
    ]),
  })];
}

export async function myWorkPage(ctx) {
  ctx.setTitle('My work');
  const [codes, hasWork] = await Promise.all([contactCodes(), apiHas('GET', '/api/my/work')]);
  const doneText = ctx.state && typeof ctx.state.done === 'string' ? ctx.state.done : null;
  if (doneText) history.replaceState(null, '', location.href); /* once, not on Back */
  const errorRegion = h('div', {});
  const report = (text) => {
    ctx.setTitle('My work', true);
    replaceContent(errorRegion, errorSummary([{ text }]));
    initComponents(errorRegion);
  };
  const content = [
    doneText ? notificationBanner({ success: true, text: doneText }) : null,
    errorRegion,
    heading('My work'),
  ];
  if (hasWork) {
    const work = await myWork();
    const contacts = Array.isArray(work.contacts) ? work.contacts : [];
    const list = (x) => (Array.isArray(x) ? x : []);
    const [offered, tasks, teamTasks] = await Promise.all([
      withReferences(list(work.handovers_offered)), withReferences(list(work.tasks)),
      withReferences(list(work.team_tasks)),
    ]);
    if (Number.isInteger(work.messages_unread) && work.messages_unread > 0) {
      content.push(paragraph(`You have ${work.messages_unread} unread `
        + `${work.messages_unread === 1 ? 'message' : 'messages'}: `,
      link('/messages?unread=1', 'read your messages'), '.'));
    }
    content.push(
      offeredSection(offered),
      tasksSection(ctx, 'Your tasks', 'tasks', tasks, { report }),
      workerMessagesSection(ctx, Array.isArray(work.worker_messages) ? work.worker_messages : [],
        report),
      h('h2', { class: 'govuk-heading-m', id: 'contacts' }, 'Your open contacts'),
      contacts.length ? contactTable(contacts, codes, {
        caption: 'Your open contacts, longest waiting first',
        captionClass: 'govuk-visually-hidden',
        owner: false,
      }) : paragraph('You own no open contacts.'),
      tasksSection(ctx, "Your teams' tasks with no owner", 'team-tasks', teamTasks, {
        owner: true, report,
      }),
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
