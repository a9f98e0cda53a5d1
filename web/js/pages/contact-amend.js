/*
 * contact-amend: the contact page's "Amend this contact" form and the history of versions
 * (A10, A1, C1). The form covers every field an amendment may change (PATCH
 * /api/contacts/{id}; domain/contact.h contact_field_names), grouped as the agent's contact
 * screen groups them (new-contact.js): how and when it came, who made contact, who it is
 * about, the worker or team asked for, what it is about, communication needs, consent to share
 * and danger now. It opens with the contact's current values and nothing else chosen, sends
 * only the fields that changed, with the reason and the version amended, and shows the
 * server's refusals on the field they name. It checks in the browser only what the server
 * cannot see (a date or time that is not real, a need ticked without saying what); the rules
 * (received in the past, answered after received, a professional's organisation, why
 * information is shared without consent) are the server's, in its words. The history shows
 * each version with who, when, why and the changed fields in words. It renders and sends; it
 * does not decide what a valid contact is.
 */
import { communicationNeedsField, SERVICE_LABELS, workerWords } from '../contact-view.js';
import { h, replaceContent } from '../dom.js';
import { checkboxes, revealRadios, select, syncReveals } from '../fields.js';
import { button, dateInput, textarea, textInput } from '../govuk.js';
import { timeline } from '../moj.js';
import { createPersonPicker } from '../person-picker.js';
import {
  formatDateTime, formatTime24, fromLondonWallTime, isRealDate, londonParts, parseTime,
} from '../time.js';
import { amendContact } from '../workflow-api.js';
import { send } from './contact-decisions.js';

/* Words for the fields an amendment lists as changed: one for every name the API may send. */
export const FIELD_WORDS = {
  channel: 'how it was received',
  received_at: 'when it was received',
  answered_at: 'when it was answered',
  caller_name: "caller's name",
  summary: 'summary',
  source: 'who made contact',
  source_code: 'census referral source',
  caller_organisation: 'organisation',
  caller_role: 'role',
  caller_phone: "caller's phone number",
  caller_email: "caller's email address",
  caller_address: "caller's address",
  subject_person_ids: 'persons it is about',
  worker_id: 'worker asked for',
  team_id: 'team asked for',
  reason_code: 'reason',
  interpreter_language: 'interpreter language',
  bsl: 'British Sign Language',
  private_room: 'private room',
  communication_other: 'other communication needs',
  consent: 'consent to share',
  consent_justification: 'why information is shared without consent',
  danger_now: 'danger now',
  line_team_id: 'line it came in on',
  service: 'child or adult',
};

/* The input each field's error links to and is shown on (API names and the form's own). */
const FIELD_IDS = {
  channel: 'amend-channel',
  received_at: 'amend-received-day',
  received_date: 'amend-received-day',
  received_time: 'amend-received-time',
  answered_at: 'amend-answered-time',
  line_team_id: 'amend-line',
  source: 'amend-source',
  source_code: 'amend-source-code',
  caller_organisation: 'amend-caller-organisation',
  caller_role: 'amend-caller-role',
  caller_name: 'amend-caller-name',
  caller_phone: 'amend-caller-phone',
  caller_email: 'amend-caller-email',
  caller_address: 'amend-caller-address',
  subject_person_ids: 'amend-person-search',
  service: 'amend-service',
  worker_id: 'amend-worker',
  team_id: 'amend-team',
  reason_code: 'amend-reason-code',
  summary: 'amend-summary',
  interpreter_language: 'amend-interpreter-language',
  bsl: 'amend-needs',
  private_room: 'amend-needs',
  communication_other: 'amend-communication-other',
  consent: 'amend-consent',
  consent_justification: 'amend-consent-justification',
  danger_now: 'amend-danger-now',
  reason: 'amend-reason',
};

const JUSTIFIED = new Set(['no', 'not_asked']); /* consent answers with a justification box */

const trim = (s) => String(s ?? '').trim();
const idText = (id) => (id ? String(id) : '');
const isId = (s) => /^[1-9][0-9]*$/.test(s);

function isCall(codes, channel) {
  return Boolean(codes.channels.find((c) => c.code === channel)?.is_call);
}

function hasCensusChoice(codes, source) {
  const s = codes.sources.find((x) => x.code === source);
  return Boolean(s && s.census_codes.length > 1);
}

function listWords(words) {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/* The form's values for the contact as it stands: what the form opens with. */
function currentValues(c) {
  const received = londonParts(new Date(c.received_at));
  const needs = [];
  if (c.interpreter_language) needs.push('interpreter');
  if (c.bsl) needs.push('bsl');
  if (c.private_room) needs.push('private_room');
  if (c.communication_other) needs.push('other');
  return {
    channel: c.channel || '',
    day: String(received.day),
    month: String(received.month),
    year: String(received.year),
    time: formatTime24(received),
    answered_time: c.answered_at ? formatTime24(londonParts(new Date(c.answered_at))) : '',
    line: idText(c.line_team_id),
    source: c.source || '',
    source_code: c.source_code || '',
    caller_organisation: c.caller_organisation || '',
    caller_role: c.caller_role || '',
    caller_name: c.caller_name || '',
    caller_phone: c.caller_phone || '',
    caller_email: c.caller_email || '',
    caller_address: c.caller_address || '',
    service: c.service || '',
    worker_id: idText(c.worker_id),
    team_id: idText(c.team_id),
    reason_code: c.reason_code || '',
    summary: c.summary || '',
    needs,
    interpreter_language: c.interpreter_language || '',
    communication_other: c.communication_other || '',
    consent: c.consent || '',
    consent_justification: c.consent_justification || '',
    danger_now: Boolean(c.danger_now),
    reason: '',
  };
}

function readForm(form, codes) {
  const data = new FormData(form);
  const get = (name) => String(data.get(name) ?? '');
  const source = get('source');
  const consent = get('consent');
  return {
    channel: get('channel'),
    day: get('amend-received-day').trim(),
    month: get('amend-received-month').trim(),
    year: get('amend-received-year').trim(),
    time: get('received_time').trim(),
    answered_time: get('answered_time').trim(),
    line: get('line'),
    source,
    source_code: source && hasCensusChoice(codes, source) ? get(`source_code_${source}`) : '',
    caller_organisation: get('caller_organisation'),
    caller_role: get('caller_role'),
    caller_name: get('caller_name'),
    caller_phone: get('caller_phone'),
    caller_email: get('caller_email'),
    caller_address: get('caller_address'),
    service: get('service'),
    worker_id: get('worker_id'),
    team_id: get('team_id'),
    reason_code: get('reason_code'),
    summary: get('summary'),
    needs: data.getAll('needs').map(String),
    interpreter_language: get('interpreter_language'),
    communication_other: get('communication_other'),
    consent,
    consent_justification: JUSTIFIED.has(consent) ? get(`consent_justification_${consent}`) : '',
    danger_now: data.get('danger_now') === 'yes',
    reason: get('reason'),
  };
}

/*
 * receivedDate(v): { errors, date } for the date received as typed: errors name 'received_date'
 * (with the parts at fault) when it is not a real date.
 */
function receivedDate(v) {
  const parts = { day: v.day, month: v.month, year: v.year };
  const missing = Object.keys(parts).filter((k) => parts[k] === '');
  if (missing.length === 3) {
    return {
      errors: [{ field: 'received_date', text: 'Enter the date the contact was received' }],
    };
  }
  if (missing.length > 0) {
    return {
      errors: [{
        field: 'received_date',
        text: `Date received must include a ${listWords(missing)}`,
        parts: new Set(missing),
      }],
    };
  }
  const number = (s) => (/^\d+$/.test(s) ? Number(s) : NaN);
  const [day, month, year] = [v.day, v.month, v.year].map(number);
  if (!isRealDate(year, month, day)) {
    return { errors: [{ field: 'received_date', text: 'Date received must be a real date' }] };
  }
  return { errors: [], date: { year, month, day } };
}

/* wallTime(date, text, field, what): { error } or { iso } for a London time on date. */
function wallTime(date, text, field, what) {
  const time = parseTime(text);
  if (!time) return { error: { field, text: `${what} must be a real time, like 09:15 or 14:30` } };
  const instant = fromLondonWallTime({ ...date, ...time });
  if (!instant) {
    return {
      error: {
        field, text: `${what} did not happen on that day because the clocks went forward`,
      },
    };
  }
  return { iso: instant.iso };
}

/*
 * amendment(v, was, { codes, contact, subjectIds }): { errors (in form order), body } where
 * body holds only the fields whose values differ from the contact as it stands (null clears
 * one). The times are sent only when they were changed, so a time recorded to the second is
 * not rounded to the minute by an amendment of something else.
 */
function amendment(v, was, { codes, contact, subjectIds }) {
  const errors = [];
  const body = {};
  const text = (key, now, before) => {
    if (trim(now) !== trim(before)) body[key] = trim(now) === '' ? null : trim(now);
  };
  const id = (key, now, before) => {
    if (now !== before) body[key] = isId(now) ? Number(now) : null;
  };

  /* How and when it came */
  if (v.channel !== was.channel) body.channel = v.channel || null;
  const dateChanged = v.day !== was.day || v.month !== was.month || v.year !== was.year;
  const received = receivedDate(v);
  errors.push(...received.errors);
  if (!received.date) {
    if (v.time === '') {
      errors.push({ field: 'received_time', text: 'Enter the time the contact was received' });
    }
  } else if (dateChanged || v.time !== was.time) {
    if (v.time === '') {
      errors.push({ field: 'received_time', text: 'Enter the time the contact was received' });
    } else {
      const t = wallTime(received.date, v.time, 'received_time', 'Time received');
      if (t.error) errors.push(t.error);
      else body.received_at = t.iso;
    }
  }
  if (!isCall(codes, v.channel)) {
    if (contact.answered_at) body.answered_at = null;
  } else if (v.answered_time !== was.answered_time || (dateChanged && v.answered_time !== '')) {
    if (v.answered_time === '') {
      body.answered_at = null;
    } else if (received.date) {
      const t = wallTime(received.date, v.answered_time, 'answered_at', 'Time answered');
      if (t.error) errors.push(t.error);
      else body.answered_at = t.iso;
    }
  }
  id('line_team_id', v.line, was.line);

  /* Who made contact */
  if (v.source !== was.source) body.source = v.source || null;
  const kind = codes.sources.find((s) => s.code === v.source);
  const census = v.source_code || (kind ? kind.default_census_code : was.source_code);
  if (v.source !== was.source) {
    if (v.source_code) body.source_code = v.source_code;
  } else if (census !== was.source_code) {
    body.source_code = v.source_code || null;
  }
  if (v.source === 'professional') {
    text('caller_organisation', v.caller_organisation, was.caller_organisation);
    text('caller_role', v.caller_role, was.caller_role);
  } else if (was.source === 'professional') {
    /* as on the contact screen, an organisation and role are kept for a professional only */
    if (was.caller_organisation) body.caller_organisation = null;
    if (was.caller_role) body.caller_role = null;
  }
  text('caller_name', v.caller_name, was.caller_name);
  text('caller_phone', v.caller_phone, was.caller_phone);
  text('caller_email', v.caller_email, was.caller_email);
  text('caller_address', v.caller_address, was.caller_address);

  /* Who it is about */
  if (subjectIds) {
    const before = contact.subject_person_ids;
    if (subjectIds.length !== before.length || subjectIds.some((x, i) => x !== before[i])) {
      body.subject_person_ids = subjectIds;
    }
  }
  if (v.service !== was.service) body.service = v.service || null;

  /* Worker or team asked for; what it is about */
  id('worker_id', v.worker_id, was.worker_id);
  id('team_id', v.team_id, was.team_id);
  text('reason_code', v.reason_code, was.reason_code);
  text('summary', v.summary, was.summary);

  /* Communication needs */
  const need = (name, key, what) => {
    const ticked = v.needs.includes(name);
    const now = ticked ? trim(v[key]) : '';
    if (ticked && now === '') errors.push({ field: key, text: what });
    else text(key, now, was[key]);
  };
  need('interpreter', 'interpreter_language', 'Enter the language an interpreter is needed for');
  for (const [name, key] of [['bsl', 'bsl'], ['private_room', 'private_room']]) {
    if (v.needs.includes(name) !== Boolean(contact[key])) body[key] = v.needs.includes(name);
  }
  need('other', 'communication_other', 'Enter the other communication needs');

  /* Consent to share */
  if (v.consent !== was.consent) body.consent = v.consent || null;
  text('consent_justification', JUSTIFIED.has(v.consent) ? v.consent_justification : '',
    was.consent_justification);

  if (v.danger_now !== was.danger_now) body.danger_now = v.danger_now;

  if (!errors.length && Object.keys(body).length === 0) {
    errors.push({ text: 'Change at least one thing before saving the amendment' });
  }
  if (!trim(v.reason)) {
    errors.push({ field: 'reason', text: 'Enter why you are changing the contact' });
  }
  return { errors, body };
}

/* Select items with the current value kept even when it is not among the choices offered. */
function withCurrent(items, value, text) {
  if (!value || items.some((i) => i.value === value)) return items;
  return [{ value, text }, ...items];
}

/*
 * amendSection(page, { contact, codes, persons, searchable, teams, workers }): the "Amend this
 * contact" details and its form. page is { ctx, report(errors), done(message) } from the
 * contact page; persons are the records of the persons it is about (for the picker); teams
 * and workers are the directory's (for the line and the worker or team asked for).
 */
export function amendSection(page, {
  contact, codes, persons, searchable, teams = [], workers = [],
}) {
  const wrap = h('div', {});
  const picker = searchable ? createPersonPicker({
    id: 'amend-person-search',
    ctx: page.ctx,
    initial: persons,
    label: 'Add someone it is about',
  }) : null;
  const was = currentValues(contact);
  let values = { ...was, needs: was.needs.slice() };
  let fieldErrors = {}; /* field → { text, parts? } */
  let open = false;
  let busy = false;

  const council = teams.filter((t) => t.council !== false)
    .sort((a, b) => a.name.localeCompare(b.name));
  const teamName = (id) => teams.find((t) => String(t.id) === id)?.name || `Team ${id}`;
  const lineItems = withCurrent(council.filter((t) => t.duty_line)
    .map((t) => ({ value: String(t.id), text: `${t.name} (${t.duty_line})` })),
  was.line, teamName(was.line));
  const teamItems = withCurrent(council.map((t) => ({ value: String(t.id), text: t.name })),
    was.team_id, teamName(was.team_id));
  const workerItems = withCurrent(workers.slice().sort((a, b) => a.name.localeCompare(b.name))
    .map((w) => ({ value: String(w.id), text: workerWords(w) })),
  was.worker_id, `Worker ${was.worker_id}`);

  const err = (field) => fieldErrors[field]?.text || null;
  /* A part of the form under a rule, with a heading when it holds more than one question. */
  const group = (title, ...children) => h('div', { class: 'app-contact-section' },
    title ? h('h3', { class: 'govuk-heading-s' }, title) : null, ...children);

  function sourceItems() {
    return codes.sources.map((s) => {
      const current = s.code === values.source;
      const census = s.census_codes.length > 1 ? select({
        id: current ? 'amend-source-code' : `amend-source-code-${s.code}`,
        name: `source_code_${s.code}`,
        label: 'Census referral source',
        labelClass: 'govuk-label--s',
        hint: `Leave as it is to record ${s.default_census_code} (${s.census_codes[0].label})`,
        placeholder: `Not known: ${s.default_census_code}`,
        items: s.census_codes.map((c) => ({ value: c.code, text: `${c.code} – ${c.label}` })),
        value: current ? values.source_code : '',
        error: current ? err('source_code') : null,
      }) : null;
      const professional = s.code === 'professional' ? [
        textInput({
          id: 'amend-caller-organisation',
          name: 'caller_organisation',
          label: 'Organisation',
          labelClass: 'govuk-label--s',
          value: values.caller_organisation,
          error: err('caller_organisation'),
          autocomplete: 'organization',
        }),
        textInput({
          id: 'amend-caller-role',
          name: 'caller_role',
          label: 'Role (optional)',
          labelClass: 'govuk-label--s',
          hint: 'For example, school nurse or designated safeguarding lead',
          value: values.caller_role,
          error: err('caller_role'),
          autocomplete: 'organization-title',
        }),
      ] : null;
      return {
        value: s.code,
        text: s.label,
        conditional: professional || census ? [professional, census] : null,
      };
    });
  }

  function justification(answer, label) {
    const current = values.consent === answer;
    return textarea({
      id: current ? 'amend-consent-justification'
        : `amend-consent-justification-${answer.replace('_', '-')}`,
      name: `consent_justification_${answer}`,
      label,
      labelClass: 'govuk-label--s',
      value: current ? values.consent_justification : '',
      error: current ? err('consent_justification') : null,
      rows: 3,
    });
  }

  function draw() {
    const dateError = fieldErrors.received_date || fieldErrors.received_at;
    const answered = h('div', { class: 'app-reveal', hidden: !isCall(codes, values.channel) },
      textInput({
        id: 'amend-answered-time',
        name: 'answered_time',
        label: 'Time answered (optional)',
        labelClass: 'govuk-label--s',
        hint: 'For a call: UK time on the day it was received, for example 09:15. Leave it '
          + 'empty if it was not recorded',
        value: values.answered_time,
        error: err('answered_at'),
        classes: 'govuk-input--width-5',
        spellcheck: false,
      }));

    const form = h('form', { novalidate: true, on: { submit: onSubmit } },
      h('p', { class: 'govuk-body' }, 'Nothing is overwritten: your change is kept as a new '
        + 'version with your name, the time and your reason. Change only what was wrong or '
        + 'missing.'),

      group('How and when it came',
        revealRadios({
          id: 'amend-channel',
          name: 'channel',
          legend: 'How was the contact received?',
          legendClass: 'govuk-fieldset__legend--s',
          items: codes.channels.map((c) => ({ value: c.code, text: c.label })),
          value: values.channel,
          error: err('channel'),
          small: true,
          onChange: (event) => {
            answered.hidden = !isCall(codes, event.target.value);
          },
        }),
        answered,
        dateInput({
          id: 'amend-received',
          legend: 'Date received',
          legendClass: 'govuk-fieldset__legend--s',
          hint: 'For example, 23 11 2026',
          values: { day: values.day, month: values.month, year: values.year },
          error: dateError?.text,
          errorParts: dateError?.parts,
        }),
        textInput({
          id: 'amend-received-time',
          name: 'received_time',
          label: 'Time received',
          labelClass: 'govuk-label--s',
          hint: 'UK time, on the 24-hour clock, for example 09:15 or 14:30',
          value: values.time,
          error: err('received_time'),
          classes: 'govuk-input--width-5',
          spellcheck: false,
        }),
        select({
          id: 'amend-line',
          name: 'line',
          label: 'Line it came in on',
          labelClass: 'govuk-label--s',
          placeholder: 'No line recorded',
          items: lineItems,
          value: values.line,
          error: err('line_team_id'),
        })),

      group('The caller',
        revealRadios({
          id: 'amend-source',
          name: 'source',
          legend: 'Who made contact?',
          legendClass: 'govuk-fieldset__legend--s',
          items: sourceItems(),
          value: values.source,
          error: err('source'),
          small: true,
        }),
        textInput({
          id: 'amend-caller-name',
          name: 'caller_name',
          label: "Caller's name",
          labelClass: 'govuk-label--s',
          value: values.caller_name,
          error: err('caller_name'),
          autocomplete: 'off',
          spellcheck: false,
        }),
        textInput({
          id: 'amend-caller-phone',
          name: 'caller_phone',
          label: "Caller's phone number (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_phone,
          error: err('caller_phone'),
          type: 'tel',
          autocomplete: 'off',
          classes: 'govuk-input--width-20',
        }),
        textInput({
          id: 'amend-caller-email',
          name: 'caller_email',
          label: "Caller's email address (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_email,
          error: err('caller_email'),
          type: 'email',
          autocomplete: 'off',
          spellcheck: false,
        }),
        textarea({
          id: 'amend-caller-address',
          name: 'caller_address',
          label: "Caller's address (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_address,
          error: err('caller_address'),
          rows: 2,
        })),

      group('Who it is about',
        picker ? picker.nodes(err('subject_person_ids')) : null,
        revealRadios({
          id: 'amend-service',
          name: 'service',
          legend: 'Is the contact about a child or an adult?',
          legendClass: 'govuk-fieldset__legend--s',
          items: codes.services.map((s) => ({ value: s, text: SERVICE_LABELS[s] || s })),
          value: values.service,
          error: err('service'),
          small: true,
        })),

      group('Worker or team asked for',
        select({
          id: 'amend-worker',
          name: 'worker_id',
          label: 'Worker asked for (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'No one named',
          items: workerItems,
          value: values.worker_id,
          error: err('worker_id'),
        }),
        select({
          id: 'amend-team',
          name: 'team_id',
          label: 'Team asked for (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'No team named',
          items: teamItems,
          value: values.team_id,
          error: err('team_id'),
        })),

      group('What it is about',
        select({
          id: 'amend-reason-code',
          name: 'reason_code',
          label: 'Reason for the contact (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'Choose a reason',
          items: codes.reasons.map((r) => ({ value: r.code, text: r.label })),
          value: values.reason_code,
          error: err('reason_code'),
        }),
        textarea({
          id: 'amend-summary',
          name: 'summary',
          label: 'Summary',
          labelClass: 'govuk-label--s',
          value: values.summary,
          error: err('summary'),
          rows: 6,
        })),

      group('Communication needs',
        communicationNeedsField({
          prefix: 'amend-', values, error: err, groupError: err('bsl') || err('private_room'),
        })),

      group('Consent to share',
        revealRadios({
          id: 'amend-consent',
          name: 'consent',
          legend: 'Does the person agree to information being shared?',
          legendClass: 'govuk-fieldset__legend--s',
          small: true,
          items: [
            { value: 'yes', text: 'Yes' },
            {
              value: 'no',
              text: 'No',
              conditional: justification('no', 'Why information is shared without consent'),
            },
            {
              value: 'not_asked',
              text: 'Not asked',
              conditional: justification('not_asked',
                'If information is shared without asking, why (optional)'),
            },
          ],
          value: values.consent,
          error: err('consent'),
        })),

      group(null,
        checkboxes({
          id: 'amend-danger-now',
          name: 'danger_now',
          legend: 'Is anyone in danger now?',
          legendClass: 'govuk-fieldset__legend--s',
          items: [{
            value: 'yes',
            text: 'Someone is in danger now',
            hint: contact.danger_now ? null : 'Saving this raises a safeguarding concern and '
              + 'tells the duty manager at once',
            checked: values.danger_now,
          }],
          error: err('danger_now'),
          small: true,
        })),

      group(null,
        textarea({
          id: 'amend-reason',
          name: 'reason',
          label: 'Why are you changing it?',
          labelClass: 'govuk-label--s',
          hint: 'This is kept with the new version',
          value: values.reason,
          error: err('reason'),
          rows: 3,
        }),
        button('Save the amendment', { class: 'govuk-button govuk-button--secondary' })));

    replaceContent(wrap, h('details', {
      class: 'govuk-details', id: 'amend', open: open || Object.keys(fieldErrors).length > 0,
    },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'Amend this contact')),
    h('div', { class: 'govuk-details__text' }, form)));
    for (const choices of form.querySelectorAll('.govuk-radios, .govuk-checkboxes')) {
      syncReveals(choices);
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    values = readForm(event.currentTarget, codes);
    open = true;
    const { errors, body } = amendment(values, was, {
      codes, contact, subjectIds: picker ? picker.subjectIds() : null,
    });
    for (const e of errors) e.href = e.field ? `#${FIELD_IDS[e.field]}` : '#amend-channel';
    if (!errors.length) {
      body.version = contact.version;
      body.reason = trim(values.reason);
      busy = true;
      const refused = await send(page, () => amendContact(contact.id, body), {
        fieldIds: FIELD_IDS,
        failed: 'The amendment has not been saved.',
        formHref: '#amend-channel',
        done: `The amendment has been saved as version ${contact.version + 1}`,
      });
      busy = false;
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = Object.fromEntries(errors.filter((e) => e.field)
      .map((e) => [e.field, { text: e.text, parts: e.parts }]));
    draw();
    page.report(errors);
  }

  draw();
  return wrap;
}

/* historySection(versions): the versions, newest first, as an MOJ timeline. */
export function historySection(versions) {
  const items = Array.isArray(versions.items) ? versions.items : [];
  const title = h('h2', { class: 'govuk-heading-l', id: 'history' }, 'History');
  if (!items.length) return [title, h('p', { class: 'govuk-body' }, 'No versions to show.')];
  return [title, timeline(items.slice().reverse().map((v) => ({
    title: v.version === 1 ? 'Version 1: recorded' : `Version ${v.version}: amended`,
    byline: v.recorded_by ? v.recorded_by.name : null,
    datetime: v.recorded_at,
    dateText: formatDateTime(v.recorded_at),
    description: v.version === 1 ? null : [
      h('p', { class: 'govuk-body' }, h('strong', {}, 'Why: '), v.reason),
      v.changed && v.changed.length ? h('p', { class: 'govuk-body' }, h('strong', {}, 'Changed: '),
        v.changed.map((f) => FIELD_WORDS[f] || f).join(', ')) : null,
    ],
  })))];
}
