/*
 * contact-work: the contact page's follow-up work (issue 4) — written contacts for a named
 * worker (W3: what the item is, where it is stored, whether the worker wants the original, who
 * sends the acknowledgement; the worker is told in frontdoor and by email, and the banner and
 * the list say so), work done on behalf of the allocated team (W5: a service
 * suspended or restarted, agreed respite arranged, a referral completed; the allocated worker is
 * alerted), the tasks about the contact (W6 follow-ups agreed with the allocated worker, W12
 * checking that the information and advice worked, W7 review requests, whose owner the server
 * chooses) with "Mark done" for open ones, and the email's attachments (A12), shown only when
 * there are any. Each part lists what the server holds and offers a GOV.UK form; the server
 * decides everything and its refusals are shown in the page's error summary in its own words.
 * It does not fetch the contact or draw the rest of the page (contact.js does).
 */
import { ApiError, sessionUser } from '../api.js';
import { h, replaceContent } from '../dom.js';
import { revealRadios, select } from '../fields.js';
import {
  button, dateInput, link, summaryList, table, textarea, textInput,
} from '../govuk.js';
import { badge } from '../moj.js';
import { formatDateTime, fromLondonWallTime, isRealDate, parseTime } from '../time.js';
import {
  contactAttachments, contactTasks, createTask, onBehalfActions, recordOnBehalf,
  recordWrittenItem, taskDone, writtenItems,
} from '../workflow-api.js';
import { send } from './contact-decisions.js';

/*
 * contactWork(id): what the sections show — { written, behalf, tasks, attachments }, each the
 * server's items, or null when that list could not be read (a 401 still signs out).
 */
export async function contactWork(id) {
  const items = (p) => p.then((d) => (Array.isArray(d.items) ? d.items : [])).catch((err) => {
    if (err instanceof ApiError && err.status === 401) throw err;
    return null;
  });
  const [written, behalf, tasks, attachments] = await Promise.all([
    items(writtenItems(id)), items(onBehalfActions(id)), items(contactTasks(id)),
    items(contactAttachments(id)),
  ]);
  return { written, behalf, tasks, attachments };
}

/* The field errors a form shows, by API field, from the errors it reported. */
function fieldErrorsOf(errors) {
  return Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.text]));
}

function unavailable(what) {
  return h('p', { class: 'govuk-body' }, `The ${what} cannot be shown right now. Try again later.`);
}

function recordedWords(at, by) {
  return `${formatDateTime(at)}${by ? ` by ${by.name}` : ''}`;
}

function sortedWorkers(workers) {
  return workers.slice().sort((a, b) => a.name.localeCompare(b.name));
}

function inDetails(id, summary, content) {
  return h('details', { class: 'govuk-details', id },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, summary)),
    h('div', { class: 'govuk-details__text' }, content));
}

/* --- written contacts (W3) ------------------------------------------------------------------- */

const TRI_ITEMS = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: 'unknown', text: 'Not known yet' },
];
const triWords = (v) => (v === true ? 'Yes' : v === false ? 'No' : 'Not known yet');
const triValue = (s) => (s === 'yes' ? true : s === 'no' ? false : null);

const ACK_WORDS = {
  practitioner: 'The practitioner',
  front_door: 'The front door',
  service: "A service mechanism (business support or the team's inbox)",
  none: 'Nobody: no acknowledgement is needed',
};

/* How the worker a written item is for was told, from the messages the server queued. */
function writtenToldWords(w) {
  if (!w.told) return null;
  const ways = alertWays(w.told);
  return ways ? `${w.told.worker.name}, ${ways}`
    : `Nobody: ${w.told.worker.name} has no sign-in and no email address. Telephone them`;
}

/* The banner after recording a written item: who was told, as the server says. */
function writtenDoneWords(w) {
  if (!w || !w.told) return 'The written contact has been recorded';
  const ways = alertWays(w.told);
  return ways ? `The written contact has been recorded. ${w.told.worker.name} has been told ${ways}`
    : `The written contact has been recorded. ${w.told.worker.name} could not be told: they have `
      + 'no sign-in and no email address. Telephone them';
}

function writtenList(items) {
  if (items === null) return unavailable('written contacts');
  if (!items.length) {
    return h('p', { class: 'govuk-body' }, 'No written contact has been recorded on this contact.');
  }
  return h('ul', { class: 'govuk-list', id: 'written-list' }, items.map((w) => h('li', {
    class: 'app-panel', id: `written-item-${w.id}`,
  },
  h('h3', { class: 'govuk-heading-s' }, w.description),
  summaryList([
    { key: 'For', value: w.worker ? w.worker.name : 'No worker named' },
    w.told ? { key: 'Told', value: writtenToldWords(w) } : null,
    { key: 'Where it is stored', value: w.stored_at, valueClass: 'app-preserve-lines' },
    { key: 'Wants the original', value: triWords(w.wants_original) },
    { key: 'Can act on it in time', value: triWords(w.can_act_in_time) },
    { key: 'Acknowledgement sent by', value: ACK_WORDS[w.acknowledged_by] || w.acknowledged_by },
    w.person_told ? {
      key: 'What the person was told', value: w.person_told, valueClass: 'app-preserve-lines',
    } : null,
    { key: 'Recorded', value: recordedWords(w.recorded_at, w.recorded_by) },
  ].filter(Boolean)))));
}

function writtenForm(page, { contact, workers }) {
  const wrap = h('div', {});
  const fieldIds = {
    worker_id: 'written-worker', description: 'written-description', stored_at: 'written-stored-at',
    wants_original: 'written-wants-original', can_act_in_time: 'written-can-act',
    acknowledged_by: 'written-ack', person_told: 'written-person-told',
  };
  let values = {
    worker: '', description: '', stored_at: '', wants_original: null, can_act_in_time: null,
    acknowledged_by: null, person_told: '',
  };
  let fieldErrors = {};
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      select({
        id: fieldIds.worker_id, name: 'worker', label: 'Who it is for (optional)',
        labelClass: 'govuk-label--s', placeholder: 'No worker named',
        items: sortedWorkers(workers).map((w) => ({ value: String(w.id), text: w.name })),
        value: values.worker, error: fieldErrors.worker_id,
      }),
      textarea({
        id: fieldIds.description, name: 'description', label: 'What it is',
        labelClass: 'govuk-label--s',
        hint: 'For example, a letter from the GP dated 1 March, a form or a report',
        value: values.description, error: fieldErrors.description, rows: 2,
      }),
      textarea({
        id: fieldIds.stored_at, name: 'stored_at', label: 'Where it is stored',
        labelClass: 'govuk-label--s',
        hint: 'For example, scanned to the contact; the original in the post room safe',
        value: values.stored_at, error: fieldErrors.stored_at, rows: 2,
      }),
      revealRadios({
        id: fieldIds.wants_original, name: 'wants_original', small: true, inline: true,
        legend: 'Does the worker want the original?', legendClass: 'govuk-fieldset__legend--s',
        items: TRI_ITEMS, value: values.wants_original, error: fieldErrors.wants_original,
      }),
      revealRadios({
        id: fieldIds.can_act_in_time, name: 'can_act_in_time', small: true, inline: true,
        legend: 'Can the worker act on it in time?', legendClass: 'govuk-fieldset__legend--s',
        items: TRI_ITEMS, value: values.can_act_in_time, error: fieldErrors.can_act_in_time,
      }),
      revealRadios({
        id: fieldIds.acknowledged_by, name: 'acknowledged_by', small: true,
        legend: 'Who sends the acknowledgement?', legendClass: 'govuk-fieldset__legend--s',
        items: Object.entries(ACK_WORDS).map(([value, text]) => ({ value, text })),
        value: values.acknowledged_by, error: fieldErrors.acknowledged_by,
      }),
      textarea({
        id: fieldIds.person_told, name: 'person_told',
        label: 'What the person was told (optional)', labelClass: 'govuk-label--s',
        hint: 'When the worker is away', value: values.person_told,
        error: fieldErrors.person_told, rows: 2,
      }),
      button('Record the written contact', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const get = (n) => String(f.get(n) ?? '');
    values = {
      worker: get('worker'), description: get('description'), stored_at: get('stored_at'),
      wants_original: get('wants_original') || null,
      can_act_in_time: get('can_act_in_time') || null,
      acknowledged_by: get('acknowledged_by') || null, person_told: get('person_told'),
    };
    const errors = [];
    const add = (field, text) => errors.push({ field, text, href: `#${fieldIds[field]}` });
    if (!values.description.trim()) add('description', 'Enter what the written item is');
    if (!values.stored_at.trim()) add('stored_at', 'Enter where the item is stored');
    if (!values.acknowledged_by) add('acknowledged_by', 'Choose who sends the acknowledgement');
    if (!errors.length) {
      const body = {
        description: values.description.trim(),
        stored_at: values.stored_at.trim(),
        acknowledged_by: values.acknowledged_by,
        wants_original: triValue(values.wants_original),
        can_act_in_time: triValue(values.can_act_in_time),
      };
      if (values.worker) body.worker_id = Number(values.worker);
      if (values.person_told.trim()) body.person_told = values.person_told.trim();
      let answer = null;
      /* the banner names who was told, which only the server's answer says */
      const told = { ...page, done: () => page.done(writtenDoneWords(answer)) };
      const refused = await send(told, async () => {
        answer = await recordWrittenItem(contact.id, body);
      }, {
        fieldIds,
        failed: 'The written contact has not been recorded.',
        formHref: `#${fieldIds.description}`,
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = fieldErrorsOf(errors);
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

/* writtenSection(page, { contact, items, workers }): "Written contacts" (W3). */
export function writtenSection(page, { contact, items, workers }) {
  return [
    h('h2', { class: 'govuk-heading-l', id: 'written' }, 'Written contacts'),
    writtenList(items),
    inDetails('record-written', 'Record a written contact',
      writtenForm(page, { contact, workers })),
  ];
}

/* --- done on behalf of the allocated team (W5) ----------------------------------------------- */

const BEHALF_KINDS = [
  {
    value: 'suspend_service', text: 'Suspend a service', hint: 'For example, a hospital admission',
  },
  { value: 'restart_service', text: 'Restart a service', hint: 'For example, a discharge' },
  {
    value: 'arrange_respite', text: 'Arrange respite',
    hint: 'Only respite already agreed in the care and support plan',
  },
  { value: 'complete_referral', text: 'Complete a referral' },
];

/* How the worker was alerted ("in frontdoor and by email"), from the messages the server
 * queued. */
function alertWays(a) {
  return [a.in_app_message_id ? 'in frontdoor' : null, a.email_message_id ? 'by email' : null]
    .filter(Boolean).join(' and ');
}

function alertWords(a) {
  const ways = alertWays(a);
  return `${a.worker ? a.worker.name : 'The worker'}${ways ? `, ${ways}` : ''}`;
}

/* The banner after recording: what was done, and who was alerted, as the server says. */
function behalfDoneWords(a, named) {
  const who = a.worker ? a.worker.name : 'the worker';
  const ways = alertWays(a);
  return `${a.label} has been recorded. ${named ? who : `The allocated worker, ${who},`} has been `
    + `alerted${ways ? ` ${ways}` : ''}`;
}

function behalfList(items) {
  if (items === null) return unavailable('work done on behalf of the allocated team');
  if (!items.length) {
    return h('p', { class: 'govuk-body' },
      'Nothing has been done on behalf of the allocated team on this contact.');
  }
  return h('ul', { class: 'govuk-list', id: 'on-behalf-list' }, items.map((a) => h('li', {
    class: 'app-panel',
  },
  h('h3', { class: 'govuk-heading-s' }, a.label || a.kind),
  summaryList([
    { key: 'What was done and why', value: a.details, valueClass: 'app-preserve-lines' },
    { key: 'Alerted', value: alertWords(a) },
    { key: 'Recorded', value: recordedWords(a.recorded_at, a.recorded_by) },
  ]))));
}

function behalfForm(page, { contact, workers }) {
  const wrap = h('div', {});
  const fieldIds = { kind: 'behalf-kind', details: 'behalf-details', worker_id: 'behalf-worker' };
  let values = { kind: null, details: '', worker: '' };
  let fieldErrors = {};
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      h('p', { class: 'govuk-body' }, 'The allocated worker is told in frontdoor, with the '
        + 'details, and by email with the contact\'s reference only.'),
      revealRadios({
        id: fieldIds.kind, name: 'kind', small: true, legend: 'What was done?',
        legendClass: 'govuk-fieldset__legend--s', items: BEHALF_KINDS, value: values.kind,
        error: fieldErrors.kind,
      }),
      textarea({
        id: fieldIds.details, name: 'details', label: 'What was done and why',
        labelClass: 'govuk-label--s', value: values.details, error: fieldErrors.details, rows: 3,
      }),
      select({
        id: fieldIds.worker_id, name: 'worker', label: 'Worker to alert (optional)',
        labelClass: 'govuk-label--s',
        hint: 'Left as it is, the worker allocated to the person is alerted',
        placeholder: 'The allocated worker',
        items: sortedWorkers(workers).map((w) => ({ value: String(w.id), text: w.name })),
        value: values.worker, error: fieldErrors.worker_id,
      }),
      button('Record it and alert the worker', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const get = (n) => String(f.get(n) ?? '');
    values = { kind: get('kind') || null, details: get('details'), worker: get('worker') };
    const errors = [];
    const add = (field, text) => errors.push({ field, text, href: `#${fieldIds[field]}` });
    if (!values.kind) add('kind', 'Choose what was done');
    if (!values.details.trim()) add('details', 'Enter what was done and why');
    if (!errors.length) {
      const body = { kind: values.kind, details: values.details.trim() };
      if (values.worker) body.worker_id = Number(values.worker);
      let answer = null;
      /* the banner names who was alerted, which only the server's answer says */
      const told = {
        ...page,
        done: () => page.done(behalfDoneWords(answer, Boolean(body.worker_id))),
      };
      const refused = await send(told, async () => {
        answer = await recordOnBehalf(contact.id, body);
      }, {
        fieldIds,
        failed: 'The work done on behalf of the team has not been recorded.',
        formHref: `#${fieldIds.kind}`,
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = fieldErrorsOf(errors);
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

/* behalfSection(page, { contact, items, workers }): "Done on behalf of the allocated team". */
export function behalfSection(page, { contact, items, workers }) {
  return [
    h('h2', { class: 'govuk-heading-l', id: 'on-behalf' }, 'Done on behalf of the allocated team'),
    behalfList(items),
    inDetails('record-on-behalf', 'Record work done on behalf of the allocated team',
      behalfForm(page, { contact, workers })),
  ];
}

/* --- tasks (W6, W7, W12) --------------------------------------------------------------------- */

const STATE_BADGES = {
  open: ['Open', 'blue'],
  done: ['Done', 'green'],
  cancelled: ['Cancelled', 'grey'],
};

function ownerWords(t) {
  if (t.owner) return t.owner.name;
  if (t.team) return `${t.team.name} (team)`;
  return 'Nobody';
}

function taskRows(page, items) {
  return items.map((t, i) => {
    const [stateText, colour] = STATE_BADGES[t.state] || [t.state, 'grey'];
    const markDone = async (event) => {
      event.preventDefault();
      const refused = await send(page, () => taskDone(t.id), {
        failed: 'The task has not been marked done.',
        done: `The task "${t.label}" has been marked done`,
      });
      if (refused) page.report(refused);
    };
    return [
      t.label || t.kind,
      h('span', { class: 'app-preserve-lines' }, t.note,
        t.agreed_with ? h('span', { class: 'govuk-body-s' }, ` (agreed with ${t.agreed_with})`)
          : null),
      ownerWords(t),
      h('span', {}, formatDateTime(t.due_at), t.overdue ? [' ', badge('Overdue', 'red')] : null),
      h('span', {}, badge(stateText, colour, 'State: '), t.closed_at
        ? ` ${recordedWords(t.closed_at, t.closed_by)}` : null),
      t.state === 'open' ? h('form', { novalidate: true, on: { submit: markDone } },
        button(['Mark done', h('span', { class: 'govuk-visually-hidden' },
          `: task ${i + 1}, ${t.label}`)], {
          class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0',
        })) : '',
    ];
  });
}

function taskList(page, items) {
  if (items === null) return unavailable('tasks');
  if (!items.length) {
    return h('p', { class: 'govuk-body' }, 'No task has been set on this contact.');
  }
  return table({
    caption: `${items.length} ${items.length === 1 ? 'task' : 'tasks'} on this contact`,
    captionClass: 'govuk-table__caption--s',
    head: ['Task', 'What is to be done', 'Owner', 'Due', 'State', 'Action'],
    rows: taskRows(page, items),
  });
}

const TASK_KINDS = [
  {
    value: 'follow_up', text: 'Follow-up agreed with the allocated worker',
    conditional: 'agreed_with',
  },
  { value: 'check_advice_worked', text: 'Check that the information and advice worked' },
  {
    value: 'review_request', text: 'Request for a review',
    hint: 'Left without an owner, it goes to the allocated worker, or else the team that '
      + 'reviews the person',
  },
];

/* Reads the GOV.UK date input and the time field into an ISO instant, or { error, part }. */
function readDue(f, prefix) {
  const get = (n) => String(f.get(n) ?? '').trim();
  const [day, month, year, time] = [get(`${prefix}-day`), get(`${prefix}-month`),
    get(`${prefix}-year`), get(`${prefix}-time`)];
  if (!day && !month && !year) return { error: 'Enter the date the task is due', part: 'date' };
  const n = (s) => (/^\d+$/.test(s) ? Number(s) : NaN);
  if (!isRealDate(n(year), n(month), n(day))) {
    return { error: 'The date the task is due must be a real date', part: 'date' };
  }
  const t = parseTime(time);
  if (!t) return { error: 'Enter the time the task is due, like 14:30', part: 'time' };
  const when = fromLondonWallTime({ year: n(year), month: n(month), day: n(day), ...t });
  if (!when) {
    return {
      error: 'That time did not happen on that day because the clocks went forward', part: 'time',
    };
  }
  return { iso: when.iso };
}

function taskForm(page, { contact, workers, teams }) {
  const wrap = h('div', {});
  const fieldIds = {
    kind: 'task-kind', agreed_with: 'task-agreed-with', note: 'task-note',
    due_at: 'task-due-day', due_time: 'task-due-time', owner_user_id: 'task-owner',
    team_id: 'task-owner', person_id: 'task-owner', contact_id: 'task-kind',
  };
  let values = {
    kind: null, agreed_with: '', note: '', day: '', month: '', year: '', time: '', owner: '',
  };
  let fieldErrors = {};
  const me = sessionUser();
  const people = sortedWorkers(workers.filter((w) => w.user)).map((w) => ({
    value: `user:${w.user.id}`, text: me && w.user.id === me.id ? `${w.name} (you)` : w.name,
    group: 'People',
  }));
  const teamItems = teams.filter((t) => t.council !== false).slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({ value: `team:${t.id}`, text: t.name, group: 'Teams' }));
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      revealRadios({
        id: fieldIds.kind, name: 'kind', small: true, legend: 'What kind of task is it?',
        legendClass: 'govuk-fieldset__legend--s', value: values.kind, error: fieldErrors.kind,
        items: TASK_KINDS.map((k) => ({
          value: k.value, text: k.text, hint: k.hint,
          conditional: k.conditional ? textInput({
            id: fieldIds.agreed_with, name: 'agreed_with', label: 'Who it was agreed with',
            hint: 'For example, Priya Shah (PA), by phone', value: values.agreed_with,
            error: fieldErrors.agreed_with,
          }) : null,
        })),
      }),
      textarea({
        id: fieldIds.note, name: 'note', label: 'What is to be done',
        labelClass: 'govuk-label--s', value: values.note, error: fieldErrors.note, rows: 3,
      }),
      dateInput({
        id: 'task-due', legend: 'Due (date)', legendClass: 'govuk-fieldset__legend--s',
        hint: 'For example, 27 11 2026', values, error: fieldErrors.due_at,
      }),
      textInput({
        id: fieldIds.due_time, name: 'task-due-time', label: 'Due (time)',
        labelClass: 'govuk-label--s', hint: 'UK time, for example 14:30', value: values.time,
        error: fieldErrors.due_time, classes: 'govuk-input--width-5',
      }),
      select({
        id: fieldIds.owner_user_id, name: 'owner', label: 'Who does it (optional)',
        labelClass: 'govuk-label--s',
        hint: 'Left as it is, the task is yours; a request for a review goes to the allocated '
          + 'worker, or else the team that reviews the person',
        placeholder: 'Decided by frontdoor', items: [...people, ...teamItems],
        value: values.owner, error: fieldErrors.owner_user_id || fieldErrors.team_id
          || fieldErrors.person_id,
      }),
      button('Set the task', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const get = (n) => String(f.get(n) ?? '');
    values = {
      kind: get('kind') || null, agreed_with: get('agreed_with'), note: get('note'),
      day: get('task-due-day'), month: get('task-due-month'), year: get('task-due-year'),
      time: get('task-due-time'), owner: get('owner'),
    };
    const errors = [];
    const add = (field, text) => errors.push({ field, text, href: `#${fieldIds[field]}` });
    if (!values.kind) add('kind', 'Choose what kind of task it is');
    if (values.kind === 'follow_up' && !values.agreed_with.trim()) {
      add('agreed_with', 'Enter who the follow-up was agreed with');
    }
    if (!values.note.trim()) add('note', 'Enter what is to be done');
    const due = readDue(f, 'task-due');
    if (due.error) add(due.part === 'time' ? 'due_time' : 'due_at', due.error);
    if (!errors.length) {
      const body = {
        kind: values.kind, contact_id: contact.id, note: values.note.trim(), due_at: due.iso,
      };
      if (values.kind === 'follow_up') body.agreed_with = values.agreed_with.trim();
      const [ownerKind, ownerId] = values.owner.split(':');
      if (ownerKind === 'user') body.owner_user_id = Number(ownerId);
      if (ownerKind === 'team') body.team_id = Number(ownerId);
      let answer = null;
      /* the banner says who owns it: for a review request the server chose */
      const told = {
        ...page,
        done: () => page.done(`The task "${answer.label}" has been set for ${ownerWords(answer)}`),
      };
      const refused = await send(told, async () => {
        answer = await createTask(body);
      }, {
        fieldIds,
        failed: 'The task has not been set.',
        formHref: `#${fieldIds.kind}`,
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = fieldErrorsOf(errors);
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

/* tasksSection(page, { contact, items, workers, teams }): "Tasks" (W6, W7, W12). */
export function tasksSection(page, { contact, items, workers, teams }) {
  return [
    h('h2', { class: 'govuk-heading-l', id: 'tasks' }, 'Tasks'),
    taskList(page, items),
    inDetails('set-task', 'Set a task', taskForm(page, { contact, workers, teams })),
  ];
}

/* --- the email's attachments (A12) ----------------------------------------------------------- */

const TYPE_WORDS = {
  'application/pdf': 'PDF document',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'text/plain': 'Plain text',
  'text/csv': 'CSV spreadsheet',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.ms-excel': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'message/rfc822': 'Email message',
};

/* sizeWords(bytes): "1 byte", "512 bytes", "3 KB", "1.5 MB". */
export function sizeWords(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/* attachmentsSection({ items }): the email's attachments, or nothing when there are none. */
export function attachmentsSection({ items }) {
  if (items === null) {
    return [h('h2', { class: 'govuk-heading-l', id: 'attachments' }, 'Attachments'),
      unavailable('attachments')];
  }
  if (!items.length) return null;
  return [
    h('h2', { class: 'govuk-heading-l', id: 'attachments' }, 'Attachments'),
    table({
      caption: `${items.length} ${items.length === 1 ? 'file' : 'files'} attached to the email`,
      captionClass: 'govuk-table__caption--s',
      head: ['File name', 'Type', 'Size', 'Download'],
      rows: items.map((a) => [
        a.filename,
        TYPE_WORDS[a.content_type] || a.content_type,
        sizeWords(a.size),
        link(a.href || `/api/attachments/${encodeURIComponent(a.id)}`,
          ['Download', h('span', { class: 'govuk-visually-hidden' }, ` ${a.filename}`)],
          { download: a.filename }),
      ]),
    }),
  ];
}

/*
 * workSections(page, { contact, work, workers, teams }): every section above, in page order,
 * for the contact page to add after its referrals. work is contactWork()'s answer.
 */
export function workSections(page, { contact, work, workers, teams }) {
  return [
    ...writtenSection(page, { contact, items: work.written, workers }),
    ...behalfSection(page, { contact, items: work.behalf, workers }),
    ...tasksSection(page, { contact, items: work.tasks, workers, teams }),
    ...(attachmentsSection({ items: work.attachments }) || []),
  ];
}
