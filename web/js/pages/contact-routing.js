/*
 * contact routing: the "Worker or team asked for" section of a contact's page (W1-W4, H8, H9,
 * H11). It shows the server's routing answer (GET /api/contacts/{id}/routing): allocated or
 * not, who is, when the worker is next free, colleagues free now and the escalation path of the
 * day. When the server allows the transfer but the worker cannot take it now, it records what
 * the person was told about a call-back and what to do if no call comes, and leaves the worker
 * a message with what happened, what was done and the follow-up needed; both are listed once
 * recorded. A message not yet returned can be marked returned (POST
 * /api/worker-messages/{id}/returned, which stops its 1-working-day clock) by the practitioner
 * it was for or a manager; once returned it says who returned it and when. When the server says
 * the worker is not allocated, nothing is offered that would pass the contact to them. It
 * decides nothing: the server's refusals come back through the page's report().
 * routingBeforeSavingAnswer draws the same answer (GET /api/routing) on the agent's screen
 * before the contact is saved: first what to do, once, then for each person only whether the
 * worker or team asked for holds their case.
 */
import { ApiError, sessionUser } from '../api.js';
import { getWorker } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import { routingAnswer } from '../contact-view.js';
import { sentence } from '../fields.js';
import { button, dateInput, summaryList, textarea, textInput } from '../govuk.js';
import { badge } from '../moj.js';
import { whenWords } from '../schedule.js';
import { formatDateTime, fromLondonWallTime, isRealDate, parseTime } from '../time.js';
import { callbackPromise, markMessageReturned, messageToWorker } from '../workflow-api.js';
import { send } from './contact-decisions.js';

/* Reads a GOV.UK date input and a time field into an ISO instant, or { error }. */
function readWhen(f, prefix, what) {
  const get = (n) => String(f.get(n) ?? '').trim();
  const [day, month, year, time] = [get(`${prefix}-day`), get(`${prefix}-month`),
    get(`${prefix}-year`), get(`${prefix}-time`)];
  if (!day && !month && !year) return { error: `Enter the date ${what}` };
  const n = (s) => (/^\d+$/.test(s) ? Number(s) : NaN);
  if (!isRealDate(n(year), n(month), n(day))) {
    return { error: `The date ${what} must be a real date` };
  }
  const t = parseTime(time);
  if (!t) return { error: `Enter the time ${what}, like 14:30`, field: 'time' };
  const instant = fromLondonWallTime({ year: n(year), month: n(month), day: n(day), ...t });
  if (!instant) {
    return {
      error: 'That time did not happen on that day because the clocks went forward', field: 'time',
    };
  }
  return { iso: instant.iso, values: { day, month, year, time } };
}

function promiseForm(page, { contact, worker, availability }) {
  const wrap = h('div', {});
  let values = { day: '', month: '', year: '', time: '', told: '', if_no_call: '' };
  let fieldErrors = {};
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      h('h3', { class: 'govuk-heading-m' }, 'Record the call-back promised'),
      availability && availability.next_available_at ? h('p', { class: 'govuk-body' },
        `${worker.name} is next free ${whenWords(availability.next_available_at)}.`) : null,
      dateInput({
        id: 'callback-by',
        legend: 'Call back by (date)',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'For example, 30 11 2026',
        values,
        error: fieldErrors.callback_by,
      }),
      textInput({
        id: 'callback-by-time',
        name: 'callback-by-time',
        label: 'Call back by (time)',
        labelClass: 'govuk-label--s',
        hint: 'UK time, for example 14:30',
        value: values.time,
        error: fieldErrors.callback_by_time,
        classes: 'govuk-input--width-5',
      }),
      textarea({
        id: 'callback-told', name: 'told', label: 'What the person was told (optional)',
        labelClass: 'govuk-label--s', value: values.told, error: fieldErrors.told, rows: 2,
      }),
      textarea({
        id: 'callback-if-no-call',
        name: 'if_no_call',
        label: 'What they should do if no call comes',
        labelClass: 'govuk-label--s',
        value: values.if_no_call,
        error: fieldErrors.if_no_call,
        rows: 2,
      }),
      button('Record the call-back', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    values = {
      day: String(f.get('callback-by-day') || ''), month: String(f.get('callback-by-month') || ''),
      year: String(f.get('callback-by-year') || ''), time: String(f.get('callback-by-time') || ''),
      told: String(f.get('told') || ''), if_no_call: String(f.get('if_no_call') || ''),
    };
    const errors = [];
    const when = readWhen(f, 'callback-by', 'to call back by');
    if (when.error) {
      errors.push(when.field === 'time'
        ? { field: 'callback_by_time', text: when.error, href: '#callback-by-time' }
        : { field: 'callback_by', text: when.error, href: '#callback-by-day' });
    }
    if (!values.if_no_call.trim()) {
      errors.push({
        field: 'if_no_call',
        text: 'Enter what they should do if no call comes',
        href: '#callback-if-no-call',
      });
    }
    if (!errors.length) {
      const body = {
        worker_id: worker.id, callback_by: when.iso, if_no_call: values.if_no_call.trim(),
      };
      if (values.told.trim()) body.told = values.told.trim();
      const refused = await send(page, () => callbackPromise(contact.id, body), {
        fieldIds: {
          callback_by: 'callback-by-day', told: 'callback-told', if_no_call: 'callback-if-no-call',
        },
        failed: 'The call-back has not been recorded.',
        done: 'The call-back promised has been recorded',
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.text]));
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

function messageForm(page, { contact, worker, latestPromise }) {
  const wrap = h('div', {});
  let values = { what_happened: '', what_was_done: '', follow_up: '' };
  let fieldErrors = {};
  const fields = [
    ['what_happened', 'message-what-happened', 'What happened', 'Enter what happened'],
    ['what_was_done', 'message-what-was-done', 'What was done', 'Enter what was done'],
    ['follow_up', 'message-follow-up', 'Follow-up needed', 'Enter the follow-up needed'],
  ];
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      h('h3', { class: 'govuk-heading-m' }, `Leave ${worker.name} a message`),
      h('p', { class: 'govuk-body' }, 'They get it in their inbox, and an email with the '
        + 'contact\'s reference.', latestPromise ? ' The call-back promised is included.' : ''),
      fields.map(([name, id, label]) => textarea({
        id,
        name,
        label,
        labelClass: 'govuk-label--s',
        value: values[name],
        error: fieldErrors[name],
        rows: 3,
      })),
      button('Send the message', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    values = Object.fromEntries(fields.map(([name]) => [name, String(f.get(name) || '')]));
    const errors = fields.filter(([name]) => !values[name].trim())
      .map(([name, id, , missing]) => ({ field: name, text: missing, href: `#${id}` }));
    if (!errors.length) {
      const body = {
        worker_id: worker.id,
        ...Object.fromEntries(fields.map(([n]) => [n, values[n].trim()])),
      };
      if (latestPromise) body.callback_promise_id = latestPromise.id;
      const refused = await send(page, () => messageToWorker(contact.id, body), {
        fieldIds: Object.fromEntries(fields.map(([name, id]) => [name, id])),
        failed: 'The message has not been sent.',
        done: `The message to ${worker.name} has been sent`,
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.text]));
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

/* Whether the signed-in user may record that the call was returned without asking the server
 * who the worker is: a manager who may allocate work (the server checks again). */
function mayAllocate() {
  const me = sessionUser();
  return Boolean(me && Array.isArray(me.permissions) && me.permissions.includes('allocate'));
}

/*
 * returnForm(page, m): "Mark as returned" with an optional note, for message m not yet
 * returned — shown to a manager at once, and to the practitioner the message was for once the
 * directory says the worker is them; nothing for anyone else.
 */
function returnForm(page, m) {
  const wrap = h('div', { class: 'app-message-return' });
  const noteId = `message-${m.id}-return-note`;
  let note = '';
  let error = null;
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      textarea({
        id: noteId,
        name: 'note',
        label: 'What was done when the call was returned (optional)',
        labelClass: 'govuk-label--s',
        value: note,
        error,
        rows: 2,
      }),
      button(['Mark as returned', h('span', { class: 'govuk-visually-hidden' },
        ` (message to ${m.worker ? m.worker.name : 'the worker'})`)],
      { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    note = String(new FormData(event.currentTarget).get('note') || '');
    const refused = await send(page, () => markMessageReturned(m.id, note.trim()), {
      fieldIds: { note: noteId },
      formHref: `#${noteId}`,
      failed: 'The message has not been marked as returned.',
      done: `The message to ${m.worker ? m.worker.name : 'the worker'} has been marked as `
        + 'returned',
    });
    if (!refused) return;
    error = (refused.find((e) => e.field === 'note') || {}).text || null;
    draw();
    page.report(refused);
  }
  const me = sessionUser();
  if (mayAllocate()) {
    draw();
  } else if (me && m.worker && m.worker.id) {
    getWorker(m.worker.id).then((w) => {
      if (w && w.user && w.user.id === me.id) draw();
    }).catch((err) => {
      if (err instanceof ApiError && err.status === 401) page.ctx.signedOut();
    });
  }
  return wrap;
}

/* "Sent 23 November 2026 at 9am by Sam Agent. Returned 23 November 2026 at 2:30pm by Priya
 * Shah. Note: …", or "Not returned yet." and the control to mark it. */
function messageValue(page, m) {
  const sent = `Sent ${formatDateTime(m.sent_at)}${m.sent_by ? ` by ${m.sent_by.name}` : ''}. `;
  if (m.returned_at) {
    return [sent, `Returned ${formatDateTime(m.returned_at)}`,
      m.returned_by ? ` by ${m.returned_by.name}` : '', '.',
      m.return_note ? ` Note: ${m.return_note}` : ''];
  }
  return [sent, 'Not returned yet.', returnForm(page, m)];
}

/*
 * callbacksAndMessages(page, promises, messages): the call-backs promised and the messages left
 * on a contact as a summary list; a message not yet returned has "Mark as returned" for those
 * who may (returnForm). For the contact page, also once the contact is closed.
 */
export function callbacksAndMessages(page, promises, messages) {
  return summaryList([
    ...promises.map((p) => ({
      key: 'Call-back promised',
      value: [`By ${formatDateTime(p.callback_by)}${p.worker ? ` (${p.worker.name})` : ''}. `,
        p.told ? `Told: ${p.told} ` : '', `If no call comes: ${p.if_no_call}`],
    })),
    ...messages.map((m) => ({
      key: `Message to ${m.worker ? m.worker.name : 'the worker'}`,
      value: messageValue(page, m),
    })),
  ]);
}

/*
 * routingSection(page, { contact, routed, promises, messages, askedWords }): the section's
 * nodes, or null when there is nothing to answer. routed is the server's answer or { error }.
 */
export function routingSection(page, {
  contact, routed, promises = [], messages = [], askedWords,
}) {
  if (!routed) return null;
  const title = h('h2', { class: 'govuk-heading-l', id: 'routing' }, 'Worker or team asked for');
  if (routed.error !== undefined) {
    return [title, h('p', { class: 'govuk-body' }, `The caller asked for ${askedWords}. `,
      routed.error ? `The routing answer cannot be given: ${routed.error}.`
        : 'The routing answer cannot be shown right now. Do not transfer until it is checked.')];
  }
  const out = [title, h('p', { class: 'govuk-body' }, `The caller asked for ${askedWords}.`),
    h('div', {
      class: ['app-routing',
        routed.transfer_allowed ? 'app-routing--allowed' : 'app-routing--refused'],
    }, routingAnswer(routed))];
  if (promises.length || messages.length) {
    out.push(h('h3', { class: 'govuk-heading-m' }, 'Call-backs and messages'),
      callbacksAndMessages(page, promises, messages));
  }
  const worker = routed.asked_for && routed.asked_for.worker;
  const av = routed.availability;
  const needsMessage = routed.transfer_allowed && worker && !contact.outcome
    && !(av && av.available_now);
  if (needsMessage) {
    out.push(h('div', { class: 'app-panel' },
      promiseForm(page, { contact, worker, availability: av })),
    h('div', { class: 'app-panel' },
      messageForm(page, { contact, worker, latestPromise: promises.at(-1) || null })));
  } else if (!routed.transfer_allowed && routed.reason) {
    out.push(h('p', { class: 'govuk-body' }, sentence('nothing here passes the contact to '
      + `${worker ? worker.name : 'the team asked for'}: they are not allocated.`)));
  }
  return out;
}

/* --- the answer on the agent's screen before the contact is saved ---------------------------- */

const BEFORE_SAVING_WORDS = {
  pass_on: { text: 'Pass it on', colour: 'green' },
  unavailable: { text: 'Not available now', colour: 'amber' },
  colleague: { text: 'A colleague can take it', colour: 'blue' },
  not_allocated: { text: 'Do not transfer', colour: 'red' },
  front_door: { text: 'The front door deals with it', colour: 'purple' },
};

const STEP_WORDS = {
  line_manager: 'Their line manager',
  duty_manager: 'The duty manager of the day',
};

/* "Dee Okafor, 01632 960301, dee@…" for an escalation step, or why nobody holds it. */
function stepWords(e) {
  const who = STEP_WORDS[e.capacity] || sentence(String(e.capacity).replace(/_/g, ' '));
  if (!e.found || !e.worker) return `${who}: ${e.reason ? e.reason : 'nobody is named'}`;
  return `${who}, ${e.worker.name}${e.phone ? `, ${e.phone}` : ''}${e.email ? `, ${e.email}` : ''}`;
}

/*
 * The row for one person: only whether the worker or team asked for holds their case (the
 * server's line for them, which gives no instruction), and if someone else does, who — or
 * that the record is restricted. What to do is said once, above, for the contact as a whole.
 */
function personRow(p, r, name) {
  if (p.allowed) {
    return { key: name, value: [badge('Allocated', 'green'), ' ', `${sentence(p.reason)}.`] };
  }
  let who = null;
  if (p.anyone_allocated && !p.holder_withheld) {
    const held = (r.allocated || []).filter((a) => a.person_id === p.person_id);
    who = h('p', { class: 'govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0' },
      'Allocated now: ',
      held.map((a) => [a.worker ? a.worker.name : a.team?.name,
        a.worker && a.team ? ` (${a.team.name})` : null,
        a.kind_label ? `, ${a.kind_label}` : null])
        .flatMap((x, i) => (i ? ['; ', x] : [x])), '.');
  }
  return {
    key: name,
    value: [badge(p.anyone_allocated ? 'Not allocated' : 'Nobody allocated', 'red'), ' ',
      `${sentence(p.reason || 'The worker or team asked for is not allocated')}.`, who],
  };
}

/*
 * routingBeforeSavingAnswer(r, subjects): the server's routing answer before saving (GET
 * /api/routing), read top-down as one instruction: first what to do (the answer as a whole:
 * the worker's number only when the transfer is allowed and they are free now, when they are
 * next free, colleagues free now and the escalation path); then, for each person (named by the
 * server, else from subjects, the persons added to the contact), whether the worker or team
 * asked for holds their case, and if not who does (or that the record is restricted).
 */
export function routingBeforeSavingAnswer(r, subjects = []) {
  const nameOf = (p) => {
    if (p.name) return p.name;
    const s = subjects.find((x) => String(x.id) === String(p.person_id));
    return (s && s.display_name) || 'The person';
  };
  const words = BEFORE_SAVING_WORDS[r.answer] || { text: String(r.answer), colour: 'grey' };
  const whole = [h('h3', { class: 'govuk-heading-s' }, 'What to do'),
    h('p', { class: 'govuk-body' }, badge(words.text, words.colour, 'Answer: '), ' ',
      sentence(r.reason))];
  const worker = r.asked_for && r.asked_for.worker;
  const team = r.asked_for && r.asked_for.team;
  const av = r.availability;
  if (r.transfer_allowed && av) {
    if (av.available_now) {
      whole.push(h('p', { class: 'govuk-body' }, badge('Available now', 'green'), ' ',
        av.phone ? `Transfer the call to ${(av.worker || worker).name} on ${av.phone}.`
          : 'You can pass the call on.'));
    } else {
      whole.push(h('p', { class: 'govuk-body' }, av.next_available_at
        ? `${(av.worker || worker).name} is next free ${av.next_available_text}.`
        : 'When they will next be free is not known.'));
    }
  } else if (r.transfer_allowed && !worker && team) {
    whole.push(h('p', { class: 'govuk-body' }, `You can pass the contact to ${team.name}`,
      team.duty_line ? ` (duty line ${team.duty_line}).` : '.'));
  }
  const colleagues = r.transfer_allowed && Array.isArray(r.colleagues) ? r.colleagues : [];
  if (colleagues.length) {
    whole.push(h('p', { class: 'govuk-body' }, h('strong', {}, 'Free now in the team: '),
      colleagues.map((c) => `${c.name}${c.phone ? ` (${c.phone})` : ''}`).join('; ')));
  }
  const escalation = Array.isArray(r.escalation) ? r.escalation : [];
  if (escalation.length) {
    whole.push(h('p', { class: 'govuk-body' },
      r.transfer_allowed ? 'If it cannot wait:' : 'Pass the call to:'),
    h('ol', { class: 'govuk-list govuk-list--number' },
      escalation.map((e) => h('li', {}, stepWords(e)))));
  }
  const persons = Array.isArray(r.persons) ? r.persons : [];
  return [
    h('div', {
      class: ['app-routing-answer', 'app-routing',
        r.transfer_allowed ? 'app-routing--allowed' : 'app-routing--refused'],
    }, whole),
    persons.length ? [h('h3', { class: 'govuk-heading-s' }, 'Who holds the case'),
      summaryList(persons.map((p) => personRow(p, r, nameOf(p))))] : null,
  ];
}
