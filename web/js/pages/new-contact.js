/*
 * new-contact page (/contacts/new): the agent's contact screen, built for a phone call and the
 * keyboard — one page, top to bottom in the order a call goes: "danger now" (the 999 guidance
 * at once, W10), the line and its greeting with the agent's name (H7), how the contact came and
 * when (a call records when it was answered), who is contacting (census source; a
 * professional's organisation and role), the caller's details, the person or persons it is
 * about found with the inline person search, their warning markers first (A13), the worker or
 * team asked for with the routing answer (W1, H8, H9: the transfer is offered only when the
 * server allows it), the reason and narrative, communication needs (A8) and consent to share
 * (W13), and last, optionally, the outcome of a call resolved at the front door
 * (new-contact-outcome.js). Nothing is pre-selected for a decision, a category or an urgency.
 * It checks what it can in the browser for speed; the server decides in the end, and its 400
 * answers are shown on the field they name. On success it goes to the contact's page, where
 * other decisions and outcomes are recorded; if the outcome chosen here is refused once the
 * contact is saved, that page says so, in the server's words, and the outcome is recorded there.
 */
import { ApiError, createContact, loadSession } from '../api.js';
import {
  beforeSaveGuidance, communicationNeedsField, dangerPanel, SERVICE_LABELS, workerWords,
} from '../contact-view.js';
import { listTeams, listWorkers } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import {
  checkboxes, insetText, revealRadios, select, sentence, syncReveals,
} from '../fields.js';
import {
  button, dateInput, errorSummary, heading, initComponents, link, textarea, textInput,
} from '../govuk.js';
import {
  formatTime24, fromLondonWallTime, isRealDate, londonParts, parseTime,
} from '../time.js';
import { createPersonPicker } from '../person-picker.js';
import {
  apiHas, contactCodes, greeting, listLines, outcomeCodes, routingBeforeSaving,
} from '../workflow-api.js';
import { routingBeforeSavingAnswer } from './contact-routing.js';
import { CLOSING_ANCHORS, createClosing, emptyClosing } from './new-contact-outcome.js';

const CALLER_MAX = 200;
const SUMMARY_MAX = 10000;
const FUTURE_SLACK_MS = 5 * 60 * 1000; /* the server allows 5 minutes of clock difference */
const LINE_KEY = 'frontdoor.line'; /* the line last chosen in this tab (a team id, not personal) */

/* Where each field's error summary link goes (server field names and the form's own). */
const ANCHORS = {
  danger_now: '#danger-now',
  line_team_id: '#line',
  channel: '#channel',
  received_date: '#received-day',
  received_at: '#received-day',
  received_time: '#received-time',
  answered_at: '#answered-time',
  source: '#source',
  source_code: '#source-code',
  caller_organisation: '#caller-organisation',
  caller_role: '#caller-role',
  caller_name: '#caller-name',
  caller_phone: '#caller-phone',
  caller_email: '#caller-email',
  caller_address: '#caller-address',
  subject_person_ids: '#person-search',
  service: '#service',
  worker_id: '#worker',
  team_id: '#team',
  reason_code: '#reason',
  summary: '#summary',
  interpreter_language: '#interpreter-language',
  communication_other: '#communication-other',
  consent: '#consent',
  consent_justification: '#consent-justification',
  ...CLOSING_ANCHORS,
};

const chars = (s) => [...s].length;

function defaultValues(now) {
  const p = londonParts(now);
  let line = '';
  try {
    line = sessionStorage.getItem(LINE_KEY) || '';
  } catch {
    line = '';
  }
  return {
    danger_now: false,
    line,
    channel: '',
    day: String(p.day),
    month: String(p.month),
    year: String(p.year),
    time: formatTime24(p),
    answered_time: formatTime24(p),
    source: '',
    source_code: '',
    caller_organisation: '',
    caller_role: '',
    caller_name: '',
    caller_phone: '',
    caller_email: '',
    caller_address: '',
    person_ids: '',
    service: '',
    worker_id: '',
    team_id: '',
    reason_code: '',
    summary: '',
    needs: [],
    interpreter_language: '',
    communication_other: '',
    consent: '',
    consent_justification: '',
    close: emptyClosing(),
  };
}

function readForm(form, codes, closing) {
  const data = new FormData(form);
  const get = (name) => String(data.get(name) ?? '');
  const source = get('source');
  const consent = get('consent');
  return {
    danger_now: data.get('danger_now') === 'yes',
    line: get('line'),
    channel: get('channel'),
    day: get('received-day').trim(),
    month: get('received-month').trim(),
    year: get('received-year').trim(),
    time: get('received-time').trim(),
    answered_time: get('answered-time').trim(),
    source,
    source_code: source && hasCensusChoice(codes, source) ? get(`source_code_${source}`) : '',
    caller_organisation: get('caller_organisation'),
    caller_role: get('caller_role'),
    caller_name: get('caller_name'),
    caller_phone: get('caller_phone'),
    caller_email: get('caller_email'),
    caller_address: get('caller_address'),
    person_ids: get('person_ids'),
    service: get('service'),
    worker_id: get('worker_id'),
    team_id: get('team_id'),
    reason_code: get('reason_code'),
    summary: get('summary'),
    needs: data.getAll('needs').map(String),
    interpreter_language: get('interpreter_language'),
    communication_other: get('communication_other'),
    consent,
    consent_justification: consent === 'no' || consent === 'not_asked'
      ? get(`consent_justification_${consent}`) : '',
    close: closing ? closing.read(form) : emptyClosing(),
  };
}

function hasCensusChoice(codes, source) {
  const s = codes.sources.find((x) => x.code === source);
  return Boolean(s && s.census_codes.length > 1);
}

function isCall(codes, channel) {
  const c = codes.channels.find((x) => x.code === channel);
  return Boolean(c && c.is_call);
}

function listWords(words) {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/*
 * checkReceived(values, now): { errors, iso, date }. errors are { field, text, parts? } for the
 * date and the time; iso is set when both are good.
 */
function checkReceived(v, now) {
  const errors = [];
  const parts = { day: v.day, month: v.month, year: v.year };
  const missing = Object.keys(parts).filter((k) => parts[k] === '');
  let date = null;
  if (missing.length === 3) {
    errors.push({ field: 'received_date', text: 'Enter the date the contact was received' });
  } else if (missing.length > 0) {
    errors.push({
      field: 'received_date',
      text: `Date received must include a ${listWords(missing)}`,
      parts: new Set(missing),
    });
  } else {
    const number = (s) => (/^\d+$/.test(s) ? Number(s) : NaN);
    const [day, month, year] = [v.day, v.month, v.year].map(number);
    if (!isRealDate(year, month, day)) {
      errors.push({ field: 'received_date', text: 'Date received must be a real date' });
    } else {
      date = { year, month, day };
    }
  }
  let time = null;
  if (v.time === '') {
    errors.push({ field: 'received_time', text: 'Enter the time the contact was received' });
  } else {
    time = parseTime(v.time);
    if (!time) {
      errors.push({
        field: 'received_time',
        text: 'Time received must be a real time, like 09:15 or 14:30',
      });
    }
  }
  if (errors.length) return { errors, iso: null, date: null };

  const instant = fromLondonWallTime({ ...date, ...time });
  if (!instant) {
    return {
      errors: [{
        field: 'received_time',
        text: 'Time received did not happen on that day because the clocks went forward',
      }],
      iso: null,
      date: null,
    };
  }
  if (instant.date.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    const today = londonParts(now);
    const dayAfter = Date.UTC(date.year, date.month - 1, date.day)
      > Date.UTC(today.year, today.month - 1, today.day);
    return {
      errors: [dayAfter
        ? { field: 'received_date', text: 'Date received must be today or in the past' }
        : { field: 'received_time', text: 'Time received must be now or in the past' }],
      iso: null,
      date: null,
    };
  }
  return { errors: [], iso: instant.iso, date, instant: instant.date };
}

/* checkAnswered(values, received, now): { error, iso } for a call's time answered (optional). */
function checkAnswered(v, received, now) {
  if (v.answered_time === '') return { error: null, iso: null };
  const time = parseTime(v.answered_time);
  if (!time) {
    return {
      error: {
        field: 'answered_at', text: 'Time answered must be a real time, like 09:15 or 14:30',
      },
      iso: null,
    };
  }
  if (!received.date) return { error: null, iso: null };
  const instant = fromLondonWallTime({ ...received.date, ...time });
  if (!instant || instant.date.getTime() < received.instant.getTime()) {
    return {
      error: {
        field: 'answered_at',
        text: 'Time answered must be the same as or after the time received',
      },
      iso: null,
    };
  }
  if (instant.date.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    return {
      error: { field: 'answered_at', text: 'Time answered must be now or in the past' },
      iso: null,
    };
  }
  return { error: null, iso: instant.iso };
}

/* parsePersonIds("12, 14"): [12, 14], or null when the text is not a list of ids. */
function parsePersonIds(text) {
  const parts = String(text).split(/[\s,]+/).filter(Boolean);
  if (!parts.every((p) => /^[1-9][0-9]{0,15}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}

/*
 * validate(values, { codes, subjects, searchable, closing }, now): { errors (in form order),
 * body (the contact's API request) or null }. closing (createClosing) checks the outcome part.
 */
export function validate(v, {
  codes, subjects = [], searchable = true, closing = null,
}, now = new Date()) {
  const errors = [];
  if (!codes.channels.some((c) => c.code === v.channel)) {
    errors.push({ field: 'channel', text: 'Select how the contact was received' });
  }
  const received = checkReceived(v, now);
  errors.push(...received.errors);
  const call = isCall(codes, v.channel);
  const answered = call ? checkAnswered(v, received, now) : { error: null, iso: null };
  if (answered.error) errors.push(answered.error);
  const organisation = v.caller_organisation.trim();
  if (v.source === 'professional' && organisation === '') {
    errors.push({
      field: 'caller_organisation', text: 'Enter the organisation the professional works for',
    });
  }
  const caller = v.caller_name.trim();
  if (caller === '') {
    errors.push({ field: 'caller_name', text: "Enter the caller's name" });
  } else if (chars(caller) > CALLER_MAX) {
    errors.push({
      field: 'caller_name', text: `Caller's name must be ${CALLER_MAX} characters or fewer`,
    });
  }
  let personIds = subjects.map((p) => p.id);
  if (!searchable && v.person_ids.trim() !== '') {
    const parsed = parsePersonIds(v.person_ids);
    if (!parsed) {
      errors.push({
        field: 'subject_person_ids',
        text: 'Person ids must be numbers separated by commas, like 12, 14',
      });
    } else {
      personIds = parsed;
    }
  }
  const summary = v.summary.trim();
  if (summary === '') {
    errors.push({ field: 'summary', text: 'Enter a summary of the contact' });
  } else if (chars(summary) > SUMMARY_MAX) {
    errors.push({ field: 'summary', text: 'Summary must be 10,000 characters or fewer' });
  }
  if (v.needs.includes('interpreter') && v.interpreter_language.trim() === '') {
    errors.push({
      field: 'interpreter_language', text: 'Enter the language an interpreter is needed for',
    });
  }
  if (v.consent === 'no' && v.consent_justification.trim() === '') {
    errors.push({
      field: 'consent_justification', text: 'Enter why information is shared without consent',
    });
  }
  if (closing && v.close) errors.push(...closing.check(v.close, v.service));
  if (errors.length) return { errors, body: null };

  const body = { channel: v.channel, received_at: received.iso, caller_name: caller, summary };
  const optional = (key, value) => {
    const text = String(value ?? '').trim();
    if (text !== '') body[key] = text;
  };
  if (answered.iso) body.answered_at = answered.iso;
  if (v.danger_now) body.danger_now = true;
  if (/^[1-9][0-9]*$/.test(v.line)) body.line_team_id = Number(v.line);
  optional('source', v.source);
  optional('source_code', v.source_code);
  if (v.source === 'professional') {
    optional('caller_organisation', organisation);
    optional('caller_role', v.caller_role);
  }
  optional('caller_phone', v.caller_phone);
  optional('caller_email', v.caller_email);
  optional('caller_address', v.caller_address);
  if (personIds.length) body.subject_person_ids = personIds;
  optional('service', v.service);
  if (/^[1-9][0-9]*$/.test(v.worker_id)) body.worker_id = Number(v.worker_id);
  if (/^[1-9][0-9]*$/.test(v.team_id)) body.team_id = Number(v.team_id);
  optional('reason_code', v.reason_code);
  if (v.needs.includes('interpreter')) optional('interpreter_language', v.interpreter_language);
  if (v.needs.includes('bsl')) body.bsl = true;
  if (v.needs.includes('private_room')) body.private_room = true;
  if (v.needs.includes('other')) optional('communication_other', v.communication_other);
  optional('consent', v.consent);
  if (v.consent === 'no' || v.consent === 'not_asked') {
    optional('consent_justification', v.consent_justification);
  }
  return { errors, body };
}

/* The server named a field in a 400 ({ field, message }): its message, on that field. */
function serverFieldError(e) {
  const field = e.field === 'received_at' ? 'received_date' : e.field;
  if (field && ANCHORS[field]) return { field, text: sentence(e.message) };
  return { text: `The contact could not be saved: ${sentence(e.message)}` };
}

export async function newContactPage(ctx) {
  const [codes, teamsData, workersData, linesData, searchable, canCreate, outcomesData] =
    await Promise.all([
      contactCodes(), listTeams(), listWorkers(), listLines(),
      apiHas('GET', '/api/persons/search'), apiHas('POST', '/api/persons'),
      outcomeCodes().catch((err) => {
        if (err instanceof ApiError && err.status === 401) throw err;
        return null; /* the contact can still be saved; the outcome is then recorded on its page */
      }),
    ]);
  const teams = (teamsData.items || []).slice().sort((a, b) => a.name.localeCompare(b.name));
  /* the lines an agent answers, as the server lists them (GET /api/lines) */
  const lines = (linesData.items || []).slice()
    .sort((a, b) => a.team_name.localeCompare(b.team_name));
  const workers = (workersData.items || []).slice().sort((a, b) => a.name.localeCompare(b.name));
  const closing = outcomesData ? createClosing({
    outcomes: outcomesData.items || [], codes, teams: teamsData.items || [],
  }) : null;

  const root = h('div', {});
  let values = defaultValues(new Date());
  if (/^[1-9][0-9]*$/.test(ctx.query.get('line') || '')) values.line = ctx.query.get('line');
  if (!lines.some((t) => String(t.id) === values.line)) values.line = '';
  let errors = [];
  let busy = false;

  /* What lives outside the form's inputs: the persons found and added, the greeting. */
  let pickerErrors = []; /* the picker's "Add a new person" errors, [{ text, href }] */
  const picker = searchable ? createPersonPicker({
    id: 'person-search',
    ctx,
    canCreate,
    onChange: () => drawRouting(),
    report: (list) => {
      keepValues();
      pickerErrors = list;
      draw();
    },
  }) : null;
  let greetingState = null; /* { line, script } or { line, error } */
  let routingSeq = 0;
  let greetingSeq = 0;
  const regions = {};

  const errorFor = (field) => errors.find((e) => e.field === field);

  /* ---- the greeting (H7) ---- */

  async function loadGreeting(line) {
    const seq = ++greetingSeq;
    try {
      sessionStorage.setItem(LINE_KEY, line);
    } catch {
      /* storage may be off; the line is then asked for again next time */
    }
    if (!line) {
      greetingState = null;
      drawGreeting();
      return;
    }
    try {
      const g = await greeting(line);
      if (seq !== greetingSeq) return;
      greetingState = { line, script: g.script, lineName: g.line && g.line.team_name };
    } catch (err) {
      if (seq !== greetingSeq) return;
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      greetingState = { line, error: true };
    }
    drawGreeting();
  }

  function drawGreeting() {
    if (!regions.greeting) return;
    if (!greetingState) {
      replaceContent(regions.greeting, h('p', { class: 'govuk-body app-greeting__empty' },
        'Choose the line to see the greeting to say.'));
      return;
    }
    if (greetingState.error) {
      replaceContent(regions.greeting, h('p', { class: 'govuk-body' },
        'The greeting for this line cannot be shown right now. Answer with the line\'s name and '
        + 'your name.'));
      return;
    }
    replaceContent(regions.greeting, h('div', { class: 'app-greeting' },
      h('p', { class: 'govuk-body-s app-greeting__label' }, 'Say:'),
      h('p', { class: 'govuk-body-l app-greeting__script', id: 'greeting-script' },
        greetingState.script)));
  }

  /* ---- danger now (W10) ---- */

  function drawDanger(on) {
    if (!regions.danger) return;
    replaceContent(regions.danger, on ? dangerPanel(beforeSaveGuidance(codes.danger_guidance), {
      heading: 'Call 999 now if someone is in immediate danger',
    }) : null, on ? h('p', { class: 'govuk-body' },
      'When you save this contact, frontdoor raises a safeguarding concern and tells the duty '
      + 'manager at once. Save it as soon as you have the caller\'s name and what is happening.')
      : null);
  }

  /* A call records when it was answered: the field shows for the call channels only. */
  function showAnswered(channel) {
    if (regions.answered) regions.answered.hidden = !isCall(codes, channel);
  }

  /* ---- the routing answer before saving (W1, H8, H9, W13): one call, GET /api/routing ---- */

  async function drawRouting() {
    if (!regions.routing) return;
    const seq = ++routingSeq;
    const form = root.querySelector('form');
    const workerId = form ? String(new FormData(form).get('worker_id') || '') : values.worker_id;
    const teamId = form ? String(new FormData(form).get('team_id') || '') : values.team_id;
    if (!workerId && !teamId) {
      replaceContent(regions.routing);
      return;
    }
    const subjects = picker ? picker.subjects() : [];
    if (subjects.length === 0) {
      replaceContent(regions.routing, insetText(searchable
        ? 'Add the person it is about to see whether this worker or team is allocated to them.'
        : 'Save the contact with the person it is about to see whether this worker or team is '
          + 'allocated to them.'));
      return;
    }
    replaceContent(regions.routing,
      h('p', { class: 'govuk-body' }, 'Checking who is allocated…'));
    try {
      const answer = await routingBeforeSaving({
        persons: subjects.map((p) => p.id), worker: workerId, team: teamId,
      });
      if (seq !== routingSeq) return;
      replaceContent(regions.routing, routingBeforeSavingAnswer(answer, subjects));
    } catch (err) {
      if (seq !== routingSeq) return;
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      replaceContent(regions.routing, h('p', { class: 'govuk-body' },
        err instanceof ApiError && err.status === 400 && err.message
          ? `Whether they are allocated cannot be checked: ${err.message}. ` : 'Whether they are '
          + 'allocated cannot be checked right now. ', 'Do not transfer the call until it is '
          + 'checked.'));
    }
  }

  /* ---- the form ---- */

  function keepValues() {
    const form = root.querySelector('form');
    if (form) values = readForm(form, codes, closing);
  }

  function sourceItems() {
    return codes.sources.map((s) => {
      const census = s.census_codes.length > 1 ? select({
        id: s.code === values.source ? 'source-code' : `source-code-${s.code}`,
        name: `source_code_${s.code}`,
        label: 'Census referral source',
        labelClass: 'govuk-label--s',
        hint: `Leave as it is to record ${s.default_census_code} (${s.census_codes[0].label})`,
        placeholder: `Not known: ${s.default_census_code}`,
        items: s.census_codes.map((c) => ({ value: c.code, text: `${c.code} – ${c.label}` })),
        value: s.code === values.source ? values.source_code : '',
        error: s.code === values.source ? errorFor('source_code')?.text : null,
      }) : null;
      const professional = s.code === 'professional' ? [
        textInput({
          id: 'caller-organisation',
          name: 'caller_organisation',
          label: 'Organisation',
          labelClass: 'govuk-label--s',
          value: values.caller_organisation,
          error: errorFor('caller_organisation')?.text,
          autocomplete: 'organization',
        }),
        textInput({
          id: 'caller-role',
          name: 'caller_role',
          label: 'Role (optional)',
          labelClass: 'govuk-label--s',
          hint: 'For example, school nurse or designated safeguarding lead',
          value: values.caller_role,
          error: errorFor('caller_role')?.text,
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

  function draw() {
    ctx.setTitle('Record a contact', errors.length > 0 || pickerErrors.length > 0);
    const dateError = errorFor('received_date');
    const call = (code) => isCall(codes, code);
    const section = (title, ...children) => h('div', { class: 'app-contact-section' },
      h('h2', { class: 'govuk-heading-m' }, title), ...children);

    regions.danger = h('div', { class: 'app-danger-region', 'aria-live': 'assertive' });
    regions.greeting = h('div', { id: 'greeting', 'aria-live': 'polite' });
    regions.routing = h('div', { id: 'routing', 'aria-live': 'polite' });
    regions.closing = h('div', { id: 'closing' });
    regions.answered = h('div', { class: 'app-reveal', hidden: !call(values.channel) },
      textInput({
        id: 'answered-time',
        name: 'answered-time',
        label: 'Time answered',
        labelClass: 'govuk-label--s',
        hint: 'For a call: UK time, for example 09:15',
        value: values.answered_time,
        error: errorFor('answered_at')?.text,
        classes: 'govuk-input--width-5',
        spellcheck: false,
      }));

    const persons = searchable ? picker.nodes(errorFor('subject_person_ids')?.text) : [
      textInput({
        id: 'person-search',
        name: 'person_ids',
        label: 'Person ids (optional)',
        labelClass: 'govuk-label--s',
        hint: 'Person search is not available on this server yet: enter the ids of the persons '
          + 'it is about, separated by commas',
        value: values.person_ids,
        error: errorFor('subject_person_ids')?.text,
        spellcheck: false,
      }),
    ];

    const form = h('form', { method: 'post', novalidate: true, on: { submit: onSubmit } },
      checkboxes({
        id: 'danger-now',
        name: 'danger_now',
        legend: 'Is anyone in danger now?',
        legendClass: 'govuk-fieldset__legend--s',
        items: [{
          value: 'yes',
          text: 'Yes – someone is in danger now, or a crime is happening',
          checked: values.danger_now,
        }],
        onChange: (event) => drawDanger(event.target.checked),
      }),
      regions.danger,

      section('The call',
        select({
          id: 'line',
          name: 'line',
          label: 'Line the call came in on',
          labelClass: 'govuk-label--s',
          placeholder: 'Choose the line',
          items: lines.map((l) => ({
            value: String(l.id), text: `${l.team_name} (${l.duty_line})`,
          })),
          value: values.line,
          error: errorFor('line_team_id')?.text,
          on: { change: (event) => loadGreeting(event.target.value) },
        }),
        regions.greeting,
        revealRadios({
          id: 'channel',
          name: 'channel',
          legend: 'How was the contact received?',
          legendClass: 'govuk-fieldset__legend--s',
          items: codes.channels.map((c) => ({ value: c.code, text: c.label })),
          value: values.channel,
          error: errorFor('channel')?.text,
          small: true,
          onChange: (event) => showAnswered(event.target.value),
        }),
        regions.answered,
        dateInput({
          id: 'received',
          legend: 'Date received',
          legendClass: 'govuk-fieldset__legend--s',
          hint: 'For example, 23 11 2026',
          values: { day: values.day, month: values.month, year: values.year },
          error: dateError?.text,
          errorParts: dateError?.parts,
        }),
        textInput({
          id: 'received-time',
          name: 'received-time',
          label: 'Time received',
          labelClass: 'govuk-label--s',
          hint: 'UK time, on the 24-hour clock, for example 09:15 or 14:30',
          value: values.time,
          error: errorFor('received_time')?.text,
          classes: 'govuk-input--width-5',
          spellcheck: false,
        })),

      section('Who is contacting',
        revealRadios({
          id: 'source',
          name: 'source',
          legend: 'Who is making contact?',
          legendClass: 'govuk-fieldset__legend--s',
          items: sourceItems(),
          value: values.source,
          error: errorFor('source')?.text,
          small: true,
        }),
        textInput({
          id: 'caller-name',
          name: 'caller_name',
          label: "Caller's name",
          labelClass: 'govuk-label--s',
          hint: 'The person who made the contact. If they would not give a name, say so',
          value: values.caller_name,
          error: errorFor('caller_name')?.text,
          autocomplete: 'off',
          spellcheck: false,
        }),
        textInput({
          id: 'caller-phone',
          name: 'caller_phone',
          label: "Caller's phone number (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_phone,
          error: errorFor('caller_phone')?.text,
          type: 'tel',
          autocomplete: 'off',
          classes: 'govuk-input--width-20',
        }),
        textInput({
          id: 'caller-email',
          name: 'caller_email',
          label: "Caller's email address (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_email,
          error: errorFor('caller_email')?.text,
          type: 'email',
          autocomplete: 'off',
          spellcheck: false,
        }),
        textarea({
          id: 'caller-address',
          name: 'caller_address',
          label: "Caller's address (optional)",
          labelClass: 'govuk-label--s',
          value: values.caller_address,
          error: errorFor('caller_address')?.text,
          rows: 2,
        })),

      section('Who it is about',
        persons,
        revealRadios({
          id: 'service',
          name: 'service',
          legend: 'Is the contact about a child or an adult?',
          legendClass: 'govuk-fieldset__legend--s',
          hint: 'This decides which rules apply: priorities for children, the Care Act checks '
            + 'for adults. Leave it if you do not know yet',
          items: codes.services.map((s) => ({ value: s, text: SERVICE_LABELS[s] || s })),
          value: values.service,
          error: errorFor('service')?.text,
          small: true,
          onChange: (event) => drawClosing(event.target.value),
        })),

      section('Worker or team asked for',
        h('p', { class: 'govuk-body' }, 'Only if the caller asks for someone by name.'),
        select({
          id: 'worker',
          name: 'worker_id',
          label: 'Worker asked for (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'No one named',
          items: workers.map((w) => ({
            value: String(w.id),
            text: workerWords(w),
          })),
          value: values.worker_id,
          error: errorFor('worker_id')?.text,
          on: { change: () => drawRouting() },
        }),
        select({
          id: 'team',
          name: 'team_id',
          label: 'Team asked for (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'No team named',
          items: teams.filter((t) => t.council !== false)
            .map((t) => ({ value: String(t.id), text: t.name })),
          value: values.team_id,
          error: errorFor('team_id')?.text,
          on: { change: () => drawRouting() },
        }),
        regions.routing),

      section('What it is about',
        select({
          id: 'reason',
          name: 'reason_code',
          label: 'Reason for the contact (optional)',
          labelClass: 'govuk-label--s',
          placeholder: 'Choose a reason',
          items: codes.reasons.map((r) => ({ value: r.code, text: r.label })),
          value: values.reason_code,
          error: errorFor('reason_code')?.text,
        }),
        textarea({
          id: 'summary',
          name: 'summary',
          label: 'Summary',
          labelClass: 'govuk-label--s',
          hint: 'What the caller told you and what they are asking for',
          value: values.summary,
          error: errorFor('summary')?.text,
          rows: 6,
        })),

      section('Communication needs',
        communicationNeedsField({ values, error: (f) => errorFor(f)?.text })),

      section('Consent to share',
        revealRadios({
          id: 'consent',
          name: 'consent',
          legend: 'Does the person agree to information being shared? (optional)',
          legendClass: 'govuk-fieldset__legend--s',
          small: true,
          items: [
            { value: 'yes', text: 'Yes' },
            {
              value: 'no',
              text: 'No',
              conditional: textarea({
                id: values.consent === 'no' ? 'consent-justification' : 'consent-justification-no',
                name: 'consent_justification_no',
                label: 'Why information is shared without consent',
                labelClass: 'govuk-label--s',
                value: values.consent === 'no' ? values.consent_justification : '',
                error: values.consent === 'no' ? errorFor('consent_justification')?.text : null,
                rows: 3,
              }),
            },
            {
              value: 'not_asked',
              text: 'Not asked',
              conditional: textarea({
                id: values.consent === 'not_asked' ? 'consent-justification'
                  : 'consent-justification-not-asked',
                name: 'consent_justification_not_asked',
                label: 'If information is shared without asking, why (optional)',
                labelClass: 'govuk-label--s',
                value: values.consent === 'not_asked' ? values.consent_justification : '',
                error: values.consent === 'not_asked' ? errorFor('consent_justification')?.text
                  : null,
                rows: 3,
              }),
            },
          ],
          value: values.consent,
          error: errorFor('consent')?.text,
        })),

      closing ? section('If you have finished with this call', regions.closing) : null,

      h('div', { class: 'govuk-button-group' },
        button('Save contact'),
        link('/contacts', 'Cancel')));

    replaceContent(root, h('div', { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-two-thirds-from-desktop' },
        errors.length || pickerErrors.length ? errorSummary([...errors.map((e) => ({
          text: e.text, href: e.field ? ANCHORS[e.field] : null,
        })), ...pickerErrors]) : null,
        heading('Record a contact'),
        form)));
    for (const group of form.querySelectorAll('.govuk-radios, .govuk-checkboxes')) {
      syncReveals(group);
    }
    drawDanger(values.danger_now);
    drawGreeting();
    drawRouting();
    drawClosing(values.service, values.close);
    if (root.isConnected) initComponents(root);
  }

  /* The outcome part follows the service chosen: its codes are the child's or the adult's. */
  function drawClosing(service, closeValues = null) {
    if (!closing || !regions.closing) return;
    const form = root.querySelector('form');
    const now = closeValues || (form ? closing.read(form) : values.close);
    replaceContent(regions.closing, closing.nodes(service, now, errorFor));
    for (const group of regions.closing.querySelectorAll('.govuk-radios')) syncReveals(group);
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    keepValues();
    const checked = validate(values, {
      codes, subjects: picker ? picker.subjects() : [], searchable, closing,
    });
    errors = checked.errors;
    if (errors.length) {
      draw();
      return;
    }
    busy = true;
    try {
      const contact = await createContact(checked.body);
      /* The contact is saved: from here on nothing the agent typed about it can be lost. */
      const state = { created: contact.id };
      if (closing && closing.chosen(values.close, values.service)) {
        const refused = await closing.submit(contact.id, values.close, values.service)
          .catch((err) => {
            if (err instanceof ApiError && err.status === 401) return { signedOut: true };
            return { reason: 'There is a problem with the service' };
          });
        if (refused && refused.signedOut) {
          ctx.signedOut();
          return;
        }
        if (refused) {
          state.notDoneFor = contact.id;
          state.notDone = `The outcome has not been recorded: ${refused.reason}. Record it on `
            + 'this page';
        } else {
          state.doneFor = contact.id;
          state.done = 'The outcome has been recorded';
        }
      }
      ctx.navigate(`/contacts/${encodeURIComponent(contact.id)}`, { state });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && (err.status === 400 || err.status === 404) && err.field) {
        errors = err.errors.map(serverFieldError); /* every field the server found at fault */
      } else if (err instanceof ApiError && err.status === 403) {
        errors = [{ text: `The contact could not be saved: ${sentence(err.message)}` }];
      } else {
        if (err instanceof ApiError && err.code === 'csrf') {
          await loadSession().catch(() => null); /* a fresh token for the next attempt */
        }
        errors = [{ text: 'Sorry, there is a problem with the service. The contact has not been '
          + 'saved. Try again' }];
      }
    } finally {
      busy = false;
    }
    draw();
  }

  draw();
  if (values.line) loadGreeting(values.line);
  return root;
}
