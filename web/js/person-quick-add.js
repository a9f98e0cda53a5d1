/*
 * person-quick-add: the short "Add a new person" form inside the person picker (X2; issue 4
 * A1 "found with the person search, or created") — what a call gives: given and family name,
 * date of birth (full, month and year, or year alone; or, for an unborn child, when it is
 * due), sex (nothing chosen), postcode and phone. It sends POST /api/persons; when the server
 * answers 409 with people who may be the same person it shows them, warnings first, each with
 * "Use this person", and "None of these – create a new record" sends the same details again
 * with confirm_new. It is not a <form>: it lives inside the contact's form, so Enter in its
 * fields adds the person and never submits the form around it, and its fields have names no
 * page reads. The server's 400s are shown in its words on the field they name and handed to
 * the page's error summary through report(). It checks in the browser only what the API
 * cannot be told (the parts of a date). It does not add anyone to the contact: the picker
 * does, from onUse(person).
 */
import { ApiError, loadSession } from './api.js';
import { personCard } from './contact-view.js';
import { h, replaceContent } from './dom.js';
import { checkboxes, sentence } from './fields.js';
import {
  dateInput, errorSummary, initComponents, radios, textInput,
} from './govuk.js';
import { createPerson } from './persons-api.js';
import { isRealDate } from './time.js';

const EMPTY = {
  given: '', family: '', day: '', month: '', year: '', expected: false, sex: '', postcode: '',
  phone: '',
};

/* The quick form's field for a field the server names (given_name, addresses[0].postcode…). */
function fieldKey(field) {
  const f = String(field || '');
  if (f === 'given_name') return 'given';
  if (f === 'family_name') return 'family';
  if (f === 'date_of_birth' || f === 'expected_date_of_birth') return 'dob';
  if (f === 'sex') return 'sex';
  if (f.startsWith('addresses')) return 'postcode';
  if (f.startsWith('phones')) return 'phone';
  return null;
}

/*
 * namesFromQuery(q): { given, family, day, month, year } read from what was searched for, so a
 * search for "Bex Smyth 14/05/2010" fills the names and the date ("Smyth, Bex" too). Words
 * with digits (a postcode, an NHS number) are left out.
 */
export function namesFromQuery(q) {
  const out = { given: '', family: '', day: '', month: '', year: '' };
  const text = String(q || '').trim();
  const comma = text.indexOf(',');
  const words = [];
  for (const token of (comma >= 0 ? `${text.slice(comma + 1)} ${text.slice(0, comma)}` : text)
    .split(/\s+/).filter(Boolean)) {
    const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(token);
    if (date) {
      [, out.day, out.month, out.year] = date;
    } else if (/^[\p{L}][\p{L}'’-]*$/u.test(token)) {
      words.push(token);
    }
  }
  if (words.length === 1) {
    out.family = words[0];
  } else if (words.length > 1) {
    out.given = words.slice(0, -1).join(' ');
    out.family = words.at(-1);
  }
  return out;
}

/*
 * checkDate(values): { text, error, parts } — the date the API takes ("2010-05-14", "2010-05",
 * "2010" or null when none is given), or why the parts cannot make one. Whether it is in the
 * past, or close enough for an expected date, is the server's to say.
 */
export function checkDate(v) {
  const what = v.expected ? 'Expected date of birth' : 'Date of birth';
  const parts = { day: v.day.trim(), month: v.month.trim(), year: v.year.trim() };
  if (!parts.day && !parts.month && !parts.year) return { text: null };
  const fail = (error, ...named) => ({ error, parts: new Set(named) });
  if (!parts.year) return fail(`${what} must include a year`, 'year');
  if (parts.day && !parts.month) return fail(`${what} must include a month`, 'month');
  for (const p of ['day', 'month', 'year']) {
    if (parts[p] && !/^\d+$/.test(parts[p])) return fail(`${what} must be a real date`, p);
  }
  if (!/^\d{4}$/.test(parts.year)) return fail('Year must include 4 numbers', 'year');
  const [day, month, year] = [parts.day, parts.month, parts.year].map(Number);
  if (parts.month && (month < 1 || month > 12)) {
    return fail(`${what} must be a real date`, 'month');
  }
  if (parts.day && !isRealDate(year, month, day)) {
    return fail(`${what} must be a real date`, 'day');
  }
  const pad = (n) => String(n).padStart(2, '0');
  return {
    text: `${parts.year}${parts.month ? `-${pad(month)}` : ''}${parts.day ? `-${pad(day)}` : ''}`,
  };
}

/* matchWords(candidate): how sure the server is that they are the person, and why. */
function matchWords(c) {
  const score = Number(c.score);
  const how = c.outright ? 'same NHS number or UPN'
    : `${Number.isFinite(score) ? Math.round(score * 100) : '?'}% likely`;
  const why = Array.isArray(c.reasons) && c.reasons.length ? ` – ${c.reasons.join(', ')}` : '';
  return h('p', { class: 'govuk-body-s' }, h('strong', {}, `Match: ${how}`), why);
}

/* bodyFor(values, dateText, confirm): the POST /api/persons body for the quick form. */
export function bodyFor(v, dateText, confirm) {
  const body = { given_name: v.given.trim(), family_name: v.family.trim() };
  if (dateText) body[v.expected ? 'expected_date_of_birth' : 'date_of_birth'] = dateText;
  if (v.sex) body.sex = v.sex;
  if (v.postcode.trim()) body.addresses = [{ postcode: v.postcode.trim() }];
  if (v.phone.trim()) body.phones = [v.phone.trim()];
  if (confirm) body.confirm_new = true;
  return body;
}

/*
 * createQuickAdd({ id, ctx, onUse, report }): id prefixes every element id (the picker's id);
 * onUse(person, { created }) adds a person to the contact — one the server just created
 * (created: true, the whole record) or a candidate chosen from the duplicate check; report(errors)
 * shows [{ text, href }] in the page's error summary (and [] clears it) — without it the form
 * shows its own summary. Returns { nodes(), open(query), isOpen() }.
 */
export function createQuickAdd({ id, ctx, onUse, report = null }) {
  const ids = {
    root: `${id}-new`,
    heading: `${id}-new-heading`,
    given: `${id}-new-given`,
    family: `${id}-new-family`,
    dob: `${id}-new-dob`,
    expected: `${id}-new-expected`,
    sex: `${id}-new-sex`,
    postcode: `${id}-new-postcode`,
    phone: `${id}-new-phone`,
    candidates: `${id}-new-candidates`,
  };
  /* Where each field's error summary link goes: the first input of the field. */
  const anchors = {
    given: ids.given,
    family: ids.family,
    dob: `${ids.dob}-day`,
    sex: ids.sex,
    postcode: ids.postcode,
    phone: ids.phone,
  };
  let isOpen = false;
  let stage = 'form'; /* or 'candidates' */
  let values = { ...EMPTY };
  let errors = []; /* [{ key, text, parts? }]; key null for the form as a whole */
  let candidates = [];
  let identifierTaken = false;
  let busy = false;
  let root = null;

  /* Reads what is typed into values (the inputs are rebuilt on every redraw). */
  function sync() {
    if (!root || !isOpen || stage !== 'form') return;
    const get = (elementId) => root.querySelector(`#${elementId}`);
    const text = (elementId) => (get(elementId) ? get(elementId).value : '');
    if (!get(ids.given)) return;
    values = {
      given: text(ids.given),
      family: text(ids.family),
      day: text(`${ids.dob}-day`),
      month: text(`${ids.dob}-month`),
      year: text(`${ids.dob}-year`),
      expected: Boolean(get(ids.expected)?.checked),
      sex: root.querySelector(`input[name="${ids.sex}"]:checked`)?.value || '',
      postcode: text(ids.postcode),
      phone: text(ids.phone),
    };
  }

  function summaryItems() {
    return errors.map((e) => ({ text: e.text, href: `#${anchors[e.key] || ids.given}` }));
  }

  /* setErrors(list): keeps them, redraws, and tells the page when its summary must change. */
  function setErrors(list) {
    const had = errors.length > 0;
    errors = list;
    draw();
    if (report && (had || list.length)) report(summaryItems());
  }

  const errorOf = (key) => errors.find((e) => e.key === key);

  function focus(elementId) {
    const el = document.getElementById(elementId);
    if (el) el.focus();
  }

  function close() {
    isOpen = false;
    stage = 'form';
    values = { ...EMPTY };
    candidates = [];
    identifierTaken = false;
    setErrors([]);
  }

  async function submit(confirm) {
    if (busy) return;
    sync();
    const date = checkDate(values);
    if (date.error) {
      stage = 'form';
      setErrors([{ key: 'dob', text: date.error, parts: date.parts }]);
      return;
    }
    busy = true;
    const pending = root && root.querySelector(`#${ids.root}-send`);
    if (pending) pending.textContent = confirm ? 'Adding…' : 'Checking…';
    let person;
    try {
      person = await createPerson(bodyFor(values, date.text, confirm));
    } catch (err) {
      busy = false;
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && err.status === 409) {
        stage = 'candidates';
        candidates = Array.isArray(err.body?.candidates) ? err.body.candidates : [];
        identifierTaken = err.field === 'nhs_number';
        setErrors([]);
        focus(ids.candidates);
        return;
      }
      stage = 'form';
      let list;
      if (err instanceof ApiError && err.status === 400) {
        list = err.errors.map((e) => {
          const key = fieldKey(e.field);
          return { key, text: key ? sentence(e.message)
            : `The person could not be added: ${sentence(e.message)}` };
        });
      } else if (err instanceof ApiError && err.status === 403) {
        list = [{ key: null, text: `The person could not be added: ${sentence(err.message)}` }];
      } else {
        if (err instanceof ApiError && err.code === 'csrf') {
          await loadSession().catch(() => null); /* a fresh token for the next attempt */
        }
        list = [{ key: null, text: 'Sorry, there is a problem with the service. The person has '
          + 'not been added. Try again' }];
      }
      setErrors(list);
      return;
    }
    busy = false;
    close();
    onUse(person, { created: true });
  }

  function use(candidate) {
    close();
    onUse(candidate, { created: false });
  }

  const smallButton = (text, onClick, extra = {}) => h('button', {
    type: 'button',
    class: 'govuk-button govuk-button--secondary',
    on: { click: onClick },
    ...extra,
  }, text);

  function formNodes() {
    const dobError = errorOf('dob');
    const general = errors.filter((e) => !e.key);
    return [
      general.length ? h('p', { class: 'govuk-error-message', id: `${ids.root}-error` },
        h('span', { class: 'govuk-visually-hidden' }, 'Error:'), ' ',
        general.map((e) => e.text).join('. ')) : null,
      textInput({
        id: ids.given,
        name: ids.given,
        label: 'Given names',
        labelClass: 'govuk-label--s',
        value: values.given,
        error: errorOf('given')?.text,
        autocomplete: 'off',
        spellcheck: false,
      }),
      textInput({
        id: ids.family,
        name: ids.family,
        label: 'Family name',
        labelClass: 'govuk-label--s',
        value: values.family,
        error: errorOf('family')?.text,
        autocomplete: 'off',
        spellcheck: false,
      }),
      dateInput({
        id: ids.dob,
        legend: 'Date of birth (optional)',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'For example, 14 5 2010. If only the month and year, or the year, is known, '
          + 'leave the rest empty',
        values: { day: values.day, month: values.month, year: values.year },
        error: dobError?.text,
        errorParts: dobError?.parts,
      }),
      checkboxes({
        id: ids.expected,
        name: ids.expected,
        legend: 'Not born yet? (optional)',
        legendClass: 'govuk-fieldset__legend--s',
        small: true,
        items: [{
          value: 'yes',
          text: 'The baby is not born yet: the date above is when they are due',
          checked: values.expected,
        }],
      }),
      radios({
        id: ids.sex,
        name: ids.sex,
        legend: 'Sex (optional)',
        legendClass: 'govuk-fieldset__legend--s',
        value: values.sex,
        error: errorOf('sex')?.text,
        items: [{ value: 'F', text: 'Female' }, { value: 'M', text: 'Male' },
          { value: 'U', text: 'Not known or not stated' }],
      }),
      textInput({
        id: ids.postcode,
        name: ids.postcode,
        label: 'Postcode (optional)',
        labelClass: 'govuk-label--s',
        value: values.postcode,
        error: errorOf('postcode')?.text,
        autocomplete: 'off',
        classes: 'govuk-input--width-10',
      }),
      textInput({
        id: ids.phone,
        name: ids.phone,
        label: 'Phone number (optional)',
        labelClass: 'govuk-label--s',
        value: values.phone,
        error: errorOf('phone')?.text,
        type: 'tel',
        autocomplete: 'off',
        classes: 'govuk-input--width-20',
      }),
      h('div', { class: 'govuk-button-group' },
        smallButton('Check and add this person', () => submit(false), { id: `${ids.root}-send` }),
        smallButton('Cancel', () => {
          close();
          focus(id);
        })),
    ];
  }

  function candidateNodes() {
    return [
      h('h4', { class: 'govuk-heading-s', id: ids.candidates, tabindex: '-1' },
        'This person may already be recorded'),
      h('p', { class: 'govuk-body' }, identifierTaken
        ? 'A person with this NHS number or UPN is already recorded: use their record.'
        : 'Check these people first. If one of them is the person, use their record; if none '
          + 'of them is, create a new record.'),
      h('ul', { class: 'govuk-list app-search__results' }, candidates.map((c) => {
        const card = personCard(c, {
          headingLevel: 5,
          actions: [smallButton(['Use this person', h('span', {
            class: 'govuk-visually-hidden',
          }, `: ${c.display_name || ''}`)], () => use(c))],
        });
        card.insertBefore(matchWords(c), card.querySelector('.app-person__actions'));
        return h('li', {}, card);
      })),
      h('div', { class: 'govuk-button-group' },
        identifierTaken ? null : smallButton('None of these – create a new record',
          () => submit(true), { id: `${ids.root}-send` }),
        smallButton('Change the details', () => {
          stage = 'form';
          draw();
          focus(ids.given);
        }),
        smallButton('Cancel', () => {
          close();
          focus(id);
        })),
    ];
  }

  function draw() {
    if (!root) return;
    sync();
    if (!isOpen) {
      replaceContent(root);
      return;
    }
    replaceContent(root, h('div', {
      class: 'app-reveal',
      role: 'group',
      'aria-labelledby': ids.heading,
      on: {
        keydown: (event) => {
          /* Enter in a field adds the person; it never submits the contact form. */
          if (event.key === 'Enter' && event.target.tagName === 'INPUT') {
            event.preventDefault();
            if (stage === 'form') submit(false);
          }
        },
      },
    },
    h('h3', { class: 'govuk-heading-m', id: ids.heading }, 'Add a new person'),
    !report && errors.length ? errorSummary(summaryItems()) : null,
    stage === 'candidates' ? candidateNodes() : [
      h('p', { class: 'govuk-body' }, 'Only what the caller can tell you now. We check '
        + 'whether the person is already recorded before adding them.'),
      formNodes(),
    ]));
    if (!report && errors.length) initComponents(root);
  }

  return {
    /* nodes(): the form's region, built afresh with what was typed so far. */
    nodes() {
      sync();
      root = h('div', { id: ids.root });
      draw();
      return root;
    },
    /* open(query): shows the form, filled from what was searched for, and focuses it. */
    open(query) {
      if (!isOpen) {
        isOpen = true;
        stage = 'form';
        values = { ...EMPTY, ...namesFromQuery(query) };
      }
      draw();
      focus(ids.given);
    },
    isOpen: () => isOpen,
    /* errors(): [{ text, href }] for the page's error summary. */
    errors: () => summaryItems(),
  };
}
