/*
 * new-contact page (/contacts/new): the "Record a contact" form. It checks required fields in
 * the browser, turns the date and time received (Europe/London wall clock, defaulting to now)
 * into ISO 8601 with its offset, posts to /api/contacts, and on success goes to the new
 * contact's page. The server's 400 { field } answers are shown on the field they name. It does
 * not decide what is valid in the end: the server does.
 */
import { ApiError, createContact, loadSession } from '../api.js';
import { h, replaceContent } from '../dom.js';
import {
  button, dateInput, errorSummary, heading, initComponents, link, radios, textarea, textInput,
} from '../govuk.js';
import { CHANNELS } from '../labels.js';
import {
  formatTime24, fromLondonWallTime, isRealDate, londonParts, parseTime,
} from '../time.js';

const CALLER_MAX = 200;
const SUMMARY_MAX = 10000;
const FUTURE_SLACK_MS = 5 * 60 * 1000; /* the server allows 5 minutes of clock difference */

/* Where each field's error summary link goes. */
const ANCHORS = {
  channel: '#channel',
  received_date: '#received-day',
  received_time: '#received-time',
  caller_name: '#caller-name',
  summary: '#summary',
};

const chars = (s) => [...s].length;

function defaultValues(now) {
  const p = londonParts(now);
  return {
    channel: '',
    day: String(p.day),
    month: String(p.month),
    year: String(p.year),
    time: formatTime24(p),
    caller_name: '',
    summary: '',
  };
}

function readForm(form) {
  const data = new FormData(form);
  const get = (name) => String(data.get(name) ?? '');
  return {
    channel: get('channel'),
    day: get('received-day').trim(),
    month: get('received-month').trim(),
    year: get('received-year').trim(),
    time: get('received-time').trim(),
    caller_name: get('caller_name'),
    summary: get('summary'),
  };
}

function listWords(words) {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/*
 * checkReceived(values, now): { errors, iso }. errors are { field, text, parts? } for the date
 * and the time; iso is set when both are good.
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
  if (errors.length) return { errors, iso: null };

  const instant = fromLondonWallTime({ ...date, ...time });
  if (!instant) {
    return {
      errors: [{
        field: 'received_time',
        text: 'Time received did not happen on that day because the clocks went forward',
      }],
      iso: null,
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
    };
  }
  return { errors: [], iso: instant.iso };
}

/* validate(values, now): { errors (in form order), body (the API request) or null }. */
export function validate(v, now = new Date()) {
  const errors = [];
  if (!CHANNELS.some((c) => c.value === v.channel)) {
    errors.push({ field: 'channel', text: 'Select how the contact was received' });
  }
  const received = checkReceived(v, now);
  errors.push(...received.errors);
  const caller = v.caller_name.trim();
  if (caller === '') {
    errors.push({ field: 'caller_name', text: "Enter the caller's name" });
  } else if (chars(caller) > CALLER_MAX) {
    errors.push({
      field: 'caller_name', text: `Caller's name must be ${CALLER_MAX} characters or fewer`,
    });
  }
  const summary = v.summary.trim();
  if (summary === '') {
    errors.push({ field: 'summary', text: 'Enter a summary of the contact' });
  } else if (chars(summary) > SUMMARY_MAX) {
    errors.push({ field: 'summary', text: 'Summary must be 10,000 characters or fewer' });
  }
  if (errors.length) return { errors, body: null };
  return {
    errors,
    body: { channel: v.channel, received_at: received.iso, caller_name: caller, summary },
  };
}

/* The server named a field in a 400: say what is wrong with it in the form's words. */
function serverFieldError(err) {
  switch (err.field) {
    case 'channel':
      return { field: 'channel', text: 'Select how the contact was received' };
    case 'received_at':
      return {
        field: 'received_date',
        text: 'Date and time received must be a real date and time, now or in the past',
      };
    case 'caller_name':
      return {
        field: 'caller_name', text: `Enter the caller's name in ${CALLER_MAX} characters or fewer`,
      };
    case 'summary':
      return { field: 'summary', text: 'Enter a summary in 10,000 characters or fewer' };
    default:
      return { text: `The contact could not be saved: ${err.message}` };
  }
}

export function newContactPage(ctx) {
  const root = h('div', { class: 'govuk-grid-row' });
  let values = defaultValues(new Date());
  let errors = [];
  let busy = false;

  const errorFor = (field) => errors.find((e) => e.field === field);

  function draw() {
    ctx.setTitle('Record a contact', errors.length > 0);
    const dateError = errorFor('received_date');
    const form = h('form', { method: 'post', novalidate: true, on: { submit: onSubmit } },
      radios({
        id: 'channel',
        name: 'channel',
        legend: 'How was the contact received?',
        legendClass: 'govuk-fieldset__legend--m',
        items: CHANNELS,
        value: values.channel,
        error: errorFor('channel')?.text,
      }),
      dateInput({
        id: 'received',
        legend: 'Date received',
        legendClass: 'govuk-fieldset__legend--m',
        hint: 'For example, 23 11 2026',
        values: { day: values.day, month: values.month, year: values.year },
        error: dateError?.text,
        errorParts: dateError?.parts,
      }),
      textInput({
        id: 'received-time',
        name: 'received-time',
        label: 'Time received',
        labelClass: 'govuk-label--m',
        hint: 'UK time, on the 24-hour clock, for example 09:15 or 14:30',
        value: values.time,
        error: errorFor('received_time')?.text,
        classes: 'govuk-input--width-5',
        spellcheck: false,
      }),
      textInput({
        id: 'caller-name',
        name: 'caller_name',
        label: "Caller's name",
        labelClass: 'govuk-label--m',
        hint: 'The person who made the contact. If they would not give a name, say so',
        value: values.caller_name,
        error: errorFor('caller_name')?.text,
        autocomplete: 'off',
        spellcheck: false,
      }),
      textarea({
        id: 'summary',
        name: 'summary',
        label: 'Summary',
        labelClass: 'govuk-label--m',
        hint: 'What the caller told you and what they are asking for',
        value: values.summary,
        error: errorFor('summary')?.text,
        rows: 8,
      }),
      h('div', { class: 'govuk-button-group' },
        button('Save contact'),
        link('/contacts', 'Cancel')));
    replaceContent(root, h('div', { class: 'govuk-grid-column-two-thirds' },
      errors.length ? errorSummary(errors.map((e) => ({
        text: e.text, href: e.field ? ANCHORS[e.field] : null,
      }))) : null,
      heading('Record a contact'),
      form));
    if (root.isConnected) initComponents(root);
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    values = readForm(event.currentTarget);
    const checked = validate(values);
    errors = checked.errors;
    if (errors.length) {
      draw();
      return;
    }
    busy = true;
    try {
      const contact = await createContact(checked.body);
      ctx.navigate(`/contacts/${encodeURIComponent(contact.id)}`, {
        state: { created: contact.id },
      });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && err.status === 400 && err.field) {
        errors = [serverFieldError(err)];
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
  return root;
}
