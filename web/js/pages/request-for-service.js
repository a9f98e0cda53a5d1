/*
 * request-for-service page (/request-for-service): the public form (requirement L1) that
 * professionals and families use, without signing in, to ask for help for a child. It follows
 * the GOV.UK question-page pattern: a start page with the 999 warning, one page per topic
 * (?step=who, about-you, child, urgency, concern, consent), "Check your answers", then a
 * confirmation with the reference. Answers live only in this module's memory for the visit
 * (nothing is kept in the browser's storage) and go to POST /api/public/requests once. It
 * checks each page in the browser for speed; the server decides in the end, and its errors
 * are shown on the page of the question they name. It adds two defences a person never
 * notices: a hidden field left empty, and the time the form was open.
 */
import { h, svg } from '../dom.js';
import {
  backLink, button, dateInput, errorSummary, link, paragraph, textarea, textInput,
} from '../govuk.js';
import { isRealDate, londonParts } from '../time.js';

const PATH = '/request-for-service';
const CAPTION = 'Request for service';
const TITLE = 'Ask for help for a child or family';

/* The server's limits (domain/service_request.h), counted in characters. */
const LIMITS = {
  name: 200, short: 100, organisation: 200, address: 500, concern: 5000, reason: 1000,
};

const KINDS = [
  { value: 'professional', text: 'I work with the child or family', hint: 'For example, in a school, health service, the police, housing or a charity' },
  { value: 'family', text: 'I am a parent, relative or carer of the child' },
  { value: 'acquaintance', text: 'I am a friend, neighbour or child minder' },
  { value: 'self', text: 'I am the child or young person this is about' },
  { value: 'other', text: 'I am someone else' },
];

/* Agencies as the server knows them (domain/service_request.c). */
const AGENCIES = [
  ['school', 'School'],
  ['education', 'Education services'],
  ['gp', 'GP'],
  ['health_visitor', 'Health visitor'],
  ['school_nurse', 'School nurse'],
  ['primary_health', 'Other primary health services'],
  ['emergency_department', 'Hospital A&E'],
  ['health_other', 'Other health services'],
  ['housing', 'Housing'],
  ['la_social_care', 'Council social care'],
  ['la_other', 'Other council service'],
  ['other_la', 'Another council'],
  ['early_help', 'Early help'],
  ['police', 'Police'],
  ['legal', 'Courts, probation, Cafcass or prison'],
  ['voluntary', "Children's centre, charity or other organisation"],
].map(([value, text]) => ({ value, text }));

const URGENCIES = [
  { value: 'danger_now', text: 'A child is in danger now' },
  { value: 'harm', text: 'I am worried a child is being harmed or is at risk of harm' },
  { value: 'support', text: 'The child or family needs help or support' },
];

const CONSENTS = [
  { value: 'yes', text: 'Yes, they know and agree' },
  { value: 'no', text: 'No' },
];

const STEPS = ['who', 'about-you', 'child', 'urgency', 'concern', 'consent', 'check'];

/* Which page asks for each field the server may name. */
const FIELD_STEP = {
  submitter_kind: 'who',
  agency: 'about-you',
  organisation: 'about-you',
  role: 'about-you',
  relationship: 'about-you',
  submitter_name: 'about-you',
  submitter_phone: 'about-you',
  submitter_email: 'about-you',
  child_first_name: 'child',
  child_last_name: 'child',
  child_date_of_birth: 'child',
  child_address: 'child',
  child_postcode: 'child',
  urgency: 'urgency',
  concern: 'concern',
  consent: 'consent',
  consent_reason: 'consent',
};

/* Where each field's error summary link goes (the first input of the question). */
const ANCHORS = {
  submitter_kind: '#submitter-kind',
  agency: '#agency',
  organisation: '#organisation',
  role: '#role',
  relationship: '#relationship',
  submitter_name: '#submitter-name',
  submitter_phone: '#submitter-phone',
  submitter_email: '#submitter-email',
  child_first_name: '#child-first-name',
  child_last_name: '#child-last-name',
  child_date_of_birth: '#child-dob-day',
  child_address: '#child-address',
  child_postcode: '#child-postcode',
  urgency: '#urgency',
  concern: '#concern',
  consent: '#consent',
  consent_reason: '#consent-reason',
};

/* The visit's answers, errors to show on a page, the reference once sent. */
let answers = {};
let pending = {};
let startedAt = null;
let sentReference = null;
let reachedCheck = false; /* once seen, "Continue" after a change goes back to it */

const chars = (s) => [...s].length;
const trimmed = (s) => String(s ?? '').trim();
const isSelf = () => answers.submitter_kind === 'self';
const isProfessional = () => answers.submitter_kind === 'professional';

function stepUrl(step) {
  return step ? `${PATH}?step=${encodeURIComponent(step)}` : PATH;
}

function sentence(message) {
  const text = String(message || '').trim();
  if (!text) return text;
  const first = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first.slice(0, -1) : first;
}

/* ---- markup the shared builders do not offer ------------------------------------------- */

function warningText(...children) {
  return h('div', { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'govuk-warning-text__text' },
      h('span', { class: 'govuk-visually-hidden' }, 'Warning'), ' ', ...children));
}

function errorMessage(id, text) {
  return h('p', { id, class: 'govuk-error-message' },
    h('span', { class: 'govuk-visually-hidden' }, 'Error:'), ' ', text);
}

function pageHeading(text) {
  return h('h1', { class: 'govuk-heading-l' },
    h('span', { class: 'govuk-caption-l' }, CAPTION), text);
}

/*
 * questionRadios({ id, name, legend, hint, items: [{ value, text, hint, conditional }], value,
 * error, asHeading }): radios whose legend may be the page's h1, with GOV.UK conditional
 * reveals shown for the checked item. The reveal is done here, not by govuk-frontend's Radios,
 * which marks the radios aria-expanded: ARIA 1.2 does not allow that attribute on a radio
 * (axe's aria-allowed-attr), and the revealed content follows its radio in reading order.
 */
function questionRadios(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  const legend = o.asHeading
    ? h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--l' },
      h('h1', { class: 'govuk-fieldset__heading' },
        h('span', { class: 'govuk-caption-l' }, CAPTION), o.legend))
    : h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, o.legend);
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('fieldset', {
      class: 'govuk-fieldset',
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || null,
    },
    legend,
    o.hint ? h('div', { id: hintId, class: 'govuk-hint' }, o.hint) : null,
    o.error ? errorMessage(errorId, o.error) : null,
    h('div', { class: 'govuk-radios', on: { change: syncReveals } },
      o.items.map((item, i) => {
        const itemId = i === 0 ? o.id : `${o.id}-${i + 1}`;
        const itemHintId = item.hint ? `${itemId}-item-hint` : null;
        const conditionalId = item.conditional ? `conditional-${itemId}` : null;
        return [
          h('div', { class: 'govuk-radios__item' },
            h('input', {
              class: 'govuk-radios__input',
              id: itemId,
              name: o.name,
              type: 'radio',
              value: item.value,
              checked: item.value === o.value,
              'aria-describedby': itemHintId,
              dataset: conditionalId ? { reveals: conditionalId } : {},
            }),
            h('label', { class: 'govuk-label govuk-radios__label', for: itemId }, item.text),
            item.hint ? h('div', { id: itemHintId, class: 'govuk-hint govuk-radios__hint' },
              item.hint) : null),
          item.conditional ? h('div', {
            class: ['govuk-radios__conditional',
              item.value !== o.value && 'govuk-radios__conditional--hidden'],
            id: conditionalId,
          }, item.conditional) : null,
        ];
      }))));
}

/* Shows the conditional content of the checked radio in the group and hides the others'. */
function syncReveals(event) {
  const group = event.currentTarget;
  for (const input of group.querySelectorAll('input[data-reveals]')) {
    const target = group.querySelector(`#${CSS.escape(input.dataset.reveals)}`);
    if (target) target.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
  }
}

function select(o) {
  const errorId = o.error ? `${o.id}-error` : null;
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('label', { class: 'govuk-label govuk-label--s', for: o.id }, o.label),
    o.error ? errorMessage(errorId, o.error) : null,
    h('select', {
      class: ['govuk-select', o.error && 'govuk-select--error'],
      id: o.id,
      name: o.name,
      'aria-describedby': errorId,
    },
    h('option', { value: '', selected: !o.value }, 'Choose the kind of organisation'),
    o.items.map((item) => h('option', { value: item.value, selected: item.value === o.value },
      item.text))));
}

function summaryRows(rows) {
  return h('dl', { class: 'govuk-summary-list' },
    rows.map((row) => h('div', { class: 'govuk-summary-list__row' },
      h('dt', { class: 'govuk-summary-list__key' }, row.key),
      h('dd', { class: 'govuk-summary-list__value app-preserve-lines' },
        row.value || h('span', { class: 'govuk-hint govuk-!-margin-0' }, 'Not given')),
      h('dd', { class: 'govuk-summary-list__actions' },
        link(stepUrl(row.step), ['Change',
          h('span', { class: 'govuk-visually-hidden' }, ` ${row.key.toLowerCase()}`)])))));
}

/* ---- checks in the browser ------------------------------------------------------------- */

function checkText(errors, field, value, { required, max, missing, what, multiline = false }) {
  const v = trimmed(value);
  if (!v) {
    if (required) errors.push({ field, text: missing });
    return;
  }
  if (!multiline && /[\r\n]/.test(v)) {
    errors.push({ field, text: `${what} must be on one line` });
  } else if (chars(v) > max) {
    errors.push({ field, text: `${what} must be ${max.toLocaleString('en-GB')} characters or fewer` });
  }
}

function dobText(v) {
  const [day, month, year] = [v.dob_day, v.dob_month, v.dob_year].map(trimmed);
  if (!day && !month && !year) return { text: '' };
  const number = (s) => (/^\d+$/.test(s) ? Number(s) : NaN);
  if (!year || !/^\d{4}$/.test(year)) {
    return { error: 'Date of birth must include a year with 4 numbers, like 2015' };
  }
  if (day && !month) return { error: 'Date of birth must include a month if it includes a day' };
  const y = number(year);
  const m = month ? number(month) : 1;
  const d = day ? number(day) : 1;
  if (!isRealDate(y, m, d)) return { error: 'Date of birth must be a real date' };
  const today = londonParts(new Date());
  const asNumber = (yy, mm, dd) => yy * 10000 + mm * 100 + dd;
  if (asNumber(y, m, d) > asNumber(today.year, today.month, today.day)) {
    return { error: 'Date of birth must be today or in the past' };
  }
  const pad = (n) => String(n).padStart(2, '0');
  if (!month) return { text: String(y) };
  if (!day) return { text: `${y}-${pad(m)}` };
  return { text: `${y}-${pad(m)}-${pad(d)}` };
}

const CHECKS = {
  who(v) {
    return KINDS.some((k) => k.value === v.submitter_kind) ? []
      : [{ field: 'submitter_kind', text: 'Select who you are' }];
  },
  'about-you': (v) => {
    const errors = [];
    if (isProfessional()) {
      if (!AGENCIES.some((a) => a.value === v.agency)) {
        errors.push({ field: 'agency', text: 'Select the kind of organisation you work for' });
      }
      checkText(errors, 'organisation', v.organisation, {
        required: true, max: LIMITS.organisation, missing: 'Enter the name of your organisation',
        what: 'Organisation',
      });
      checkText(errors, 'role', v.role, {
        required: true, max: LIMITS.short, missing: 'Enter your role or job title', what: 'Role',
      });
    }
    if (!isSelf()) {
      checkText(errors, 'submitter_name', v.submitter_name, {
        required: true, max: LIMITS.name, missing: 'Enter your name', what: 'Your name',
      });
    }
    if (!isProfessional() && !isSelf()) {
      checkText(errors, 'relationship', v.relationship, {
        required: false, max: LIMITS.short, what: 'Relationship to the child',
      });
    }
    const phone = trimmed(v.submitter_phone);
    const email = trimmed(v.submitter_email);
    if (!phone && !email) {
      errors.push({ field: 'submitter_phone', text: 'Enter a phone number or an email address' });
    }
    if (phone && (phone.replace(/\D/g, '').length < 8 || /[^\d\s()+.-]/.test(phone))) {
      errors.push({
        field: 'submitter_phone', text: 'Enter a phone number, like 01632 960 001 or 07700 900 982',
      });
    }
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      errors.push({
        field: 'submitter_email',
        text: 'Enter an email address in the correct format, like name@example.com',
      });
    }
    return errors;
  },
  child(v) {
    const errors = [];
    const whose = isSelf() ? 'your' : "the child's";
    checkText(errors, 'child_first_name', v.child_first_name, {
      required: true, max: LIMITS.short, missing: `Enter ${whose} first name`,
      what: 'First name',
    });
    checkText(errors, 'child_last_name', v.child_last_name, {
      required: true, max: LIMITS.short, missing: `Enter ${whose} last name`, what: 'Last name',
    });
    const dob = dobText(v);
    if (dob.error) errors.push({ field: 'child_date_of_birth', text: dob.error });
    checkText(errors, 'child_address', v.child_address, {
      required: false, max: LIMITS.address, what: 'Address', multiline: true,
    });
    const postcode = trimmed(v.child_postcode).replace(/\s+/g, '');
    if (postcode && !/^[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}$/.test(postcode)) {
      errors.push({ field: 'child_postcode', text: 'Enter a real postcode, like LE11 3AB' });
    }
    return errors;
  },
  urgency(v) {
    return URGENCIES.some((u) => u.value === v.urgency) ? []
      : [{ field: 'urgency', text: 'Select how urgent this is' }];
  },
  concern(v) {
    const errors = [];
    checkText(errors, 'concern', v.concern, {
      required: true, max: LIMITS.concern, multiline: true,
      missing: 'Tell us what you are worried about or what help is needed',
      what: 'What you are worried about',
    });
    return errors;
  },
  consent(v) {
    if (!CONSENTS.some((c) => c.value === v.consent)) {
      return [{ field: 'consent', text: 'Select whether the family knows and agrees' }];
    }
    const errors = [];
    if (v.consent === 'no') {
      checkText(errors, 'consent_reason', v.consent_reason, {
        required: true, max: LIMITS.reason, multiline: true,
        missing: 'Explain why you are asking without the family agreeing', what: 'The reason',
      });
    }
    return errors;
  },
};

/* The request body from the answers: only the questions this sender was asked. */
function requestBody(hiddenField) {
  const a = answers;
  const body = {
    submitter_kind: a.submitter_kind,
    child_first_name: trimmed(a.child_first_name),
    child_last_name: trimmed(a.child_last_name),
    concern: trimmed(a.concern),
    urgency: a.urgency,
    consent: a.consent,
    form_time_ms: Math.max(0, Math.round(performance.now() - (startedAt ?? performance.now()))),
    website: hiddenField,
  };
  const optional = {
    submitter_phone: a.submitter_phone,
    submitter_email: a.submitter_email,
    child_address: a.child_address,
    child_postcode: a.child_postcode,
    child_date_of_birth: dobText(a).text,
  };
  if (isProfessional()) {
    Object.assign(optional, { agency: a.agency, organisation: a.organisation, role: a.role });
  } else if (!isSelf()) {
    optional.relationship = a.relationship;
  }
  if (!isSelf()) optional.submitter_name = a.submitter_name;
  if (a.consent === 'no') optional.consent_reason = a.consent_reason;
  for (const [key, value] of Object.entries(optional)) {
    const v = trimmed(value);
    if (v) body[key] = v;
  }
  return body;
}

/* ---- pages ----------------------------------------------------------------------------- */

function startPage(ctx) {
  ctx.setTitle(TITLE);
  return h('div', { class: 'govuk-grid-row' },
    h('div', { class: 'govuk-grid-column-two-thirds' },
      h('h1', { class: 'govuk-heading-xl' }, TITLE),
      warningText('If a child is in immediate danger, call 999. If you think a child is being '
        + 'seriously harmed now, phone the First Response team on 0306 999 0140 instead of '
        + 'using this form.'),
      paragraph('Use this form to tell the council\'s First Response team that a child or '
        + 'young person, or their family, needs help or support, or that you are worried about '
        + 'a child\'s safety.'),
      paragraph('Professionals, parents, relatives, carers, neighbours and young people '
        + 'themselves can use it. You do not need an account.'),
      h('h2', { class: 'govuk-heading-m' }, 'Before you start'),
      paragraph('You will be asked for:'),
      h('ul', { class: 'govuk-list govuk-list--bullet' },
        h('li', {}, 'your name and a phone number or email address'),
        h('li', {}, "the child's name, and their date of birth and address if you know them"),
        h('li', {}, 'what you are worried about'),
        h('li', {}, 'whether the family knows you are contacting us')),
      paragraph('It takes about 10 minutes. Your answers are not saved until you send them, so '
        + 'do not leave the form open on a shared computer.'),
      h('a', {
        href: stepUrl('who'),
        role: 'button',
        draggable: 'false',
        class: 'govuk-button govuk-button--start',
        'data-module': 'govuk-button',
      }, 'Start now', svg('svg', {
        class: 'govuk-button__start-icon', xmlns: 'http://www.w3.org/2000/svg', width: '17.5',
        height: '19', viewBox: '0 0 33 40', 'aria-hidden': 'true', focusable: 'false',
      }, svg('path', { fill: 'currentColor', d: 'M0 0h13l20 20-20 20H0l20-20z' })))));
}

function donePage(ctx) {
  ctx.setTitle('Request sent');
  return h('div', { class: 'govuk-grid-row' },
    h('div', { class: 'govuk-grid-column-two-thirds' },
      h('div', { class: 'govuk-panel govuk-panel--confirmation' },
        h('h1', { class: 'govuk-panel__title' }, 'Request sent'),
        h('div', { class: 'govuk-panel__body' }, 'Your reference number', h('br'),
          h('strong', { id: 'reference' }, sentReference))),
      h('h2', { class: 'govuk-heading-m' }, 'What happens next'),
      paragraph('The First Response team will read your request and decide what help is needed. '
        + 'They may contact you to ask more. Quote your reference number if you contact us '
        + 'about this request.'),
      warningText('If a child is in immediate danger, call 999.'),
      paragraph(link(PATH, 'Send another request'))));
}

/* The form of one question page; fields is what the page shows. */
function questionPage(ctx, step, { title, content, errors, legendIsHeading = false }) {
  ctx.setTitle(title, errors.length > 0);
  const index = STEPS.indexOf(step);
  const back = index > 0 ? stepUrl(STEPS[index - 1]) : PATH;
  const form = h('form', {
    method: 'post', novalidate: true, on: { submit: (event) => onContinue(event, ctx, step) },
  }, content, button('Continue'));
  return h('div', { class: 'govuk-grid-row' },
    h('div', { class: 'govuk-grid-column-two-thirds' },
      backLink(back),
      errors.length ? errorSummary(errors.map((e) => ({
        text: e.text, href: ANCHORS[e.field] || null,
      }))) : null,
      legendIsHeading ? null : pageHeading(title),
      form));
}

function readAnswers(form, step) {
  const data = new FormData(form);
  const names = {
    who: ['submitter_kind'],
    'about-you': ['agency', 'organisation', 'role', 'relationship', 'submitter_name',
      'submitter_phone', 'submitter_email'],
    child: ['child_first_name', 'child_last_name', 'child-dob-day', 'child-dob-month',
      'child-dob-year', 'child_address', 'child_postcode'],
    urgency: ['urgency'],
    concern: ['concern'],
    consent: ['consent', 'consent_reason'],
  }[step] || [];
  for (const name of names) {
    const key = name.replace(/^child-dob-/, 'dob_');
    /* an unchecked radio sends nothing: that is an answer taken back */
    answers[key] = data.has(name) ? String(data.get(name)) : '';
  }
}

function onContinue(event, ctx, step) {
  event.preventDefault();
  readAnswers(event.currentTarget, step);
  const errors = CHECKS[step](answers);
  if (errors.length) {
    pending = { step, errors };
    ctx.navigate(stepUrl(step), { replace: true });
    return;
  }
  pending = {};
  ctx.navigate(stepUrl(nextStep(step)));
}

/* The page after step: the next one; or, when changing an answer from "Check your answers",
 * the first later page a change has left unanswered (a new kind of sender has new questions),
 * else "Check your answers" again. */
function nextStep(step) {
  const later = STEPS.slice(STEPS.indexOf(step) + 1);
  if (!reachedCheck) return later[0];
  return later.find((s) => s !== 'check' && CHECKS[s](answers).length > 0) || 'check';
}

function whoPage(ctx, errors) {
  return questionPage(ctx, 'who', {
    title: 'Who are you?',
    legendIsHeading: true,
    errors,
    content: questionRadios({
      id: 'submitter-kind',
      name: 'submitter_kind',
      legend: 'Who are you?',
      asHeading: true,
      items: KINDS,
      value: answers.submitter_kind,
      error: errors.find((e) => e.field === 'submitter_kind')?.text,
    }),
  });
}

function aboutYouPage(ctx, errors) {
  const err = (field) => errors.find((e) => e.field === field)?.text;
  const fields = [];
  if (isProfessional()) {
    fields.push(
      select({
        id: 'agency', name: 'agency', label: 'What kind of organisation do you work for?',
        items: AGENCIES, value: answers.agency, error: err('agency'),
      }),
      textInput({
        id: 'organisation', name: 'organisation', label: 'Name of your organisation',
        labelClass: 'govuk-label--s', value: answers.organisation, error: err('organisation'),
        autocomplete: 'organization',
      }),
      textInput({
        id: 'role', name: 'role', label: 'Your role or job title', labelClass: 'govuk-label--s',
        value: answers.role, error: err('role'), autocomplete: 'organization-title',
      }),
    );
  }
  if (!isSelf()) {
    fields.push(textInput({
      id: 'submitter-name', name: 'submitter_name', label: 'Your full name',
      labelClass: 'govuk-label--s', value: answers.submitter_name, error: err('submitter_name'),
      autocomplete: 'name', spellcheck: false,
    }));
  }
  if (!isProfessional() && !isSelf()) {
    fields.push(textInput({
      id: 'relationship', name: 'relationship', label: 'Your relationship to the child (optional)',
      labelClass: 'govuk-label--s', hint: 'For example, mother, grandparent or neighbour',
      value: answers.relationship, error: err('relationship'),
    }));
  }
  fields.push(
    h('p', { class: 'govuk-body', id: 'contact-hint' },
      'Give at least one way for us to contact you.'),
    textInput({
      id: 'submitter-phone', name: 'submitter_phone', label: 'Phone number',
      labelClass: 'govuk-label--s', type: 'tel', value: answers.submitter_phone,
      error: err('submitter_phone'), autocomplete: 'tel', classes: 'govuk-input--width-20',
    }),
    textInput({
      id: 'submitter-email', name: 'submitter_email', label: 'Email address',
      labelClass: 'govuk-label--s', type: 'email', value: answers.submitter_email,
      error: err('submitter_email'), autocomplete: 'email', spellcheck: false,
    }),
  );
  return questionPage(ctx, 'about-you', {
    title: isSelf() ? 'How can we contact you?' : 'About you', errors, content: fields,
  });
}

function childPage(ctx, errors) {
  const err = (field) => errors.find((e) => e.field === field)?.text;
  const self = isSelf();
  return questionPage(ctx, 'child', {
    title: self ? 'About you' : 'About the child or young person',
    errors,
    content: [
      textInput({
        id: 'child-first-name', name: 'child_first_name', label: 'First name',
        labelClass: 'govuk-label--s', value: answers.child_first_name,
        error: err('child_first_name'), spellcheck: false,
        autocomplete: self ? 'given-name' : 'off',
      }),
      textInput({
        id: 'child-last-name', name: 'child_last_name', label: 'Last name',
        labelClass: 'govuk-label--s', value: answers.child_last_name,
        error: err('child_last_name'), spellcheck: false,
        autocomplete: self ? 'family-name' : 'off',
      }),
      dateInput({
        id: 'child-dob',
        legend: 'Date of birth (optional)',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'For example, 27 3 2015. If you know only the year, or the month and year, '
          + 'enter those',
        values: { day: answers.dob_day, month: answers.dob_month, year: answers.dob_year },
        error: err('child_date_of_birth'),
      }),
      textarea({
        id: 'child-address', name: 'child_address', label: 'Address (optional)',
        labelClass: 'govuk-label--s', value: answers.child_address, error: err('child_address'),
        rows: 3,
      }),
      textInput({
        id: 'child-postcode', name: 'child_postcode', label: 'Postcode (optional)',
        labelClass: 'govuk-label--s', value: answers.child_postcode,
        error: err('child_postcode'), classes: 'govuk-input--width-10',
        autocomplete: self ? 'postal-code' : 'off',
      }),
    ],
  });
}

function urgencyPage(ctx, errors) {
  return questionPage(ctx, 'urgency', {
    title: 'How urgent is this?',
    legendIsHeading: true,
    errors,
    content: questionRadios({
      id: 'urgency',
      name: 'urgency',
      legend: 'How urgent is this?',
      asHeading: true,
      items: URGENCIES.map((u) => (u.value === 'danger_now' ? {
        ...u,
        conditional: warningText('Call 999 now. Do not wait for a reply to this form. You can '
          + 'send the form as well, after you have called.'),
      } : u)),
      value: answers.urgency,
      error: errors.find((e) => e.field === 'urgency')?.text,
    }),
  });
}

function concernPage(ctx, errors) {
  return questionPage(ctx, 'concern', {
    title: 'What are you worried about?',
    errors,
    content: textarea({
      id: 'concern',
      name: 'concern',
      label: 'Tell us what is happening and what help you think is needed',
      labelClass: 'govuk-label--s',
      hint: 'Include what you have seen or been told, when, and anything already done to help. '
        + `Up to ${LIMITS.concern.toLocaleString('en-GB')} characters`,
      value: answers.concern,
      error: errors.find((e) => e.field === 'concern')?.text,
      rows: 10,
    }),
  });
}

function consentPage(ctx, errors) {
  const reasonError = errors.find((e) => e.field === 'consent_reason')?.text;
  return questionPage(ctx, 'consent', {
    title: 'Does the family know you are asking for help, and agree?',
    legendIsHeading: true,
    errors,
    content: questionRadios({
      id: 'consent',
      name: 'consent',
      legend: 'Does the family know you are asking for help, and agree?',
      asHeading: true,
      hint: 'We usually talk to the family first. You can ask without their agreement if telling '
        + 'them could put a child at risk.',
      items: CONSENTS.map((c) => (c.value === 'no' ? {
        ...c,
        conditional: textarea({
          id: 'consent-reason', name: 'consent_reason',
          label: 'Why are you asking without their agreement?', value: answers.consent_reason,
          error: reasonError, rows: 4,
        }),
      } : c)),
      value: answers.consent,
      error: errors.find((e) => e.field === 'consent')?.text,
    }),
  });
}

function label(list, value) {
  return list.find((item) => item.value === value)?.text || '';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/* "2 April 2016", "April 2016" or "2016" for the date of birth as sent. */
function dobWords(text) {
  const [year, month, day] = text.split('-').map(Number);
  if (!year) return '';
  if (!month) return String(year);
  return `${day ? `${day} ` : ''}${MONTHS[month - 1]} ${year}`;
}

function checkPage(ctx, errors) {
  reachedCheck = true;
  ctx.setTitle('Check your answers before sending your request', errors.length > 0);
  const a = answers;
  const rows = [{ key: 'Who you are', value: label(KINDS, a.submitter_kind), step: 'who' }];
  if (isProfessional()) {
    rows.push(
      { key: 'Kind of organisation', value: label(AGENCIES, a.agency), step: 'about-you' },
      { key: 'Organisation', value: trimmed(a.organisation), step: 'about-you' },
      { key: 'Role', value: trimmed(a.role), step: 'about-you' },
    );
  }
  if (!isSelf()) rows.push({ key: 'Your name', value: trimmed(a.submitter_name), step: 'about-you' });
  if (!isProfessional() && !isSelf()) {
    rows.push({ key: 'Relationship', value: trimmed(a.relationship), step: 'about-you' });
  }
  rows.push(
    { key: 'Phone number', value: trimmed(a.submitter_phone), step: 'about-you' },
    { key: 'Email address', value: trimmed(a.submitter_email), step: 'about-you' },
    {
      key: isSelf() ? 'Your name' : "Child's name",
      value: `${trimmed(a.child_first_name)} ${trimmed(a.child_last_name)}`,
      step: 'child',
    },
    { key: 'Date of birth', value: dobWords(dobText(a).text), step: 'child' },
    {
      key: 'Address',
      value: [trimmed(a.child_address), trimmed(a.child_postcode).toUpperCase()]
        .filter(Boolean).join('\n'),
      step: 'child',
    },
    { key: 'How urgent', value: label(URGENCIES, a.urgency), step: 'urgency' },
    { key: 'What you are worried about', value: trimmed(a.concern), step: 'concern' },
    {
      key: 'The family knows and agrees',
      value: a.consent === 'no' ? `No: ${trimmed(a.consent_reason)}` : label(CONSENTS, a.consent),
      step: 'consent',
    },
  );
  const form = h('form', {
    method: 'post', novalidate: true, on: { submit: (event) => onSend(event, ctx) },
  },
  // A field people never see (hidden from sight, from screen readers and from the tab
  // order): a program that fills in every field gives itself away.
  h('div', { hidden: true },
    h('label', { for: 'website' }, 'Leave this field empty'),
    h('input', {
      id: 'website', name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off',
    })),
  h('h2', { class: 'govuk-heading-m' }, 'Now send your request'),
  paragraph('By sending this request you confirm that the information is correct to the best '
    + 'of your knowledge.'),
  button('Send request'));
  return h('div', { class: 'govuk-grid-row' },
    h('div', { class: 'govuk-grid-column-two-thirds' },
      backLink(stepUrl('consent')),
      errors.length ? errorSummary(errors.map((e) => ({
        text: e.text, href: e.field ? ANCHORS[e.field] : null,
      }))) : null,
      pageHeading('Check your answers before sending your request'),
      summaryRows(rows),
      form));
}

/* An error answer: status, and the contract's error object (with its errors list). */
class SendError extends Error {
  constructor(status, error) {
    super(error?.message || `request failed with status ${status}`);
    this.status = status;
    this.code = error?.code || null;
    this.field = error?.field || null;
    this.errors = Array.isArray(error?.errors) ? error.errors : [];
  }
}

/* POSTs the request (no session, so no CSRF token); resolves to the receipt. */
async function send(body) {
  const response = await fetch('/api/public/requests', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw new SendError(response.status, data?.error);
  return data;
}

let sending = false;

async function onSend(event, ctx) {
  event.preventDefault();
  if (sending) return;
  const hiddenField = String(new FormData(event.currentTarget).get('website') ?? '');
  sending = true;
  try {
    const result = await send(requestBody(hiddenField));
    sentReference = result.reference;
    answers = {};
    startedAt = null;
    pending = {};
    reachedCheck = false;
    ctx.navigate(stepUrl('sent'), { replace: true });
    return;
  } catch (err) {
    pending = { step: 'check', errors: sendErrors(err) };
    const fieldStep = pending.errors.map((e) => FIELD_STEP[e.field]).find(Boolean);
    if (fieldStep) {
      pending = {
        step: fieldStep,
        errors: pending.errors.filter((e) => FIELD_STEP[e.field] === fieldStep),
      };
      ctx.navigate(stepUrl(fieldStep));
      return;
    }
    ctx.navigate(stepUrl('check'), { replace: true });
  } finally {
    sending = false;
  }
}

function sendErrors(err) {
  const danger = ' If a child is in danger now, call 999';
  if (!(err instanceof SendError)) console.warn('frontdoor: could not send the request', err);
  if (err instanceof SendError && err.status === 400 && err.code === 'invalid') {
    const list = err.errors.length ? err.errors : [{ field: err.field, message: err.message }];
    return list.map((e) => ({ field: e.field, text: sentence(e.message) }));
  }
  if (err instanceof SendError && (err.status === 429 || err.code === 'rejected')) {
    return [{ text: sentence(err.message) }];
  }
  return [{
    text: `Sorry, there is a problem with the service. Your request has not been sent. Try `
      + `again later.${danger}`,
  }];
}

/* The page for the address: the start page, a question, the check page or the reference. */
export function requestForServicePage(ctx) {
  const step = ctx.query.get('step') || '';
  if (step === 'sent' && sentReference) return donePage(ctx);
  if (!STEPS.includes(step)) {
    return startPage(ctx);
  }
  if (step !== 'who' && !answers.submitter_kind) {
    /* the answers went with a reload: begin again rather than show half a form */
    ctx.navigate(stepUrl('who'), { replace: true });
    return h('div');
  }
  if (startedAt === null) startedAt = performance.now();
  sentReference = null;
  const errors = pending.step === step ? pending.errors : [];
  pending = {};
  const pages = {
    who: whoPage,
    'about-you': aboutYouPage,
    child: childPage,
    urgency: urgencyPage,
    concern: concernPage,
    consent: consentPage,
    check: checkPage,
  };
  return pages[step](ctx, errors);
}
