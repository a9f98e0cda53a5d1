/*
 * contact-view: how the parts of a contact look wherever they appear (the agent's contact
 * screen, a contact's page, the queues): the 999 guidance for someone in danger now, a person
 * with their warning markers first (A13), the routing answer for a named worker or team (W1-W4,
 * H8, H9), and the words for the API's codes (taken from GET /api/contact-codes where the server
 * has them). It renders only; it neither fetches nor decides — the server's answers are shown
 * as they come.
 */
import { h } from './dom.js';
import { checkboxes, sentence, warningText } from './fields.js';
import { textInput } from './govuk.js';
import { badge } from './moj.js';
import { whenWords } from './schedule.js';

/* codeLabel(items, code, key): the label of code in a code set like codes.reasons. */
export function codeLabel(items, code, key = 'code') {
  const found = (items || []).find((item) => item[key] === code);
  return found ? found.label : String(code ?? '');
}

/* "Priya Shah – Leaving Care Service": a worker as a choice in a list. */
export function workerWords(w) {
  const teams = Array.isArray(w.teams) ? w.teams.map((t) => t.name).join(', ') : '';
  return teams ? `${w.name} – ${teams}` : w.name;
}

const QUEUE_WORDS = {
  contact_centre: "The contact centre's queue",
  duty: "The duty team's queue",
  team: "A team's incoming queue",
};

/* queueWords(queue, teamName): "The duty team's queue", "Leaving Care Service's incoming queue". */
export function queueWords(queue, teamName = null) {
  if (!queue) return 'Not in a queue';
  if (queue.name === 'team' && teamName) return `${teamName}'s incoming queue`;
  return QUEUE_WORDS[queue.name] || String(queue.name);
}

export const SERVICE_LABELS = {
  children: 'A child or young person',
  adults: 'An adult',
};

export const CONSENT_LABELS = {
  yes: 'Yes, they agree to information being shared',
  no: 'No, they do not agree',
  not_asked: 'Not asked',
};

/*
 * dangerPanel(guidance, { heading, id }): the 999 guidance, prominent: a red panel with a
 * heading and the server's words. Nothing when there is no guidance text.
 */
export function dangerPanel(guidance, { heading = 'Someone is in danger now: call 999', id = null,
  level = 2 } = {}) {
  if (!guidance) return null;
  return h('div', { class: 'app-danger', id },
    h(`h${level}`, { class: 'govuk-heading-m app-danger__heading' }, heading),
    h('p', { class: 'govuk-body-l app-danger__text' }, guidance));
}

/*
 * beforeSaveGuidance(guidance): the 999 guidance as it may be shown before the contact is
 * saved. The server's text ends by saying that a safeguarding concern "has been raised", which
 * is only true once the contact is saved; that sentence is left out here and said as what will
 * happen instead.
 */
export function beforeSaveGuidance(guidance) {
  const sentences = String(guidance || '').match(/[^.!?]+[.!?]*/g) || [];
  const kept = sentences.filter((s) => !/has been raised|has been told/i.test(s));
  return kept.join('').trim();
}

function personFacts(p) {
  const facts = [];
  if (p.date_of_birth) {
    const age = Number.isInteger(p.age) ? ` (${p.age})` : '';
    facts.push(`Born ${formatDate(p.date_of_birth)}${age}`);
  } else if (p.expected_date_of_birth) {
    facts.push(`Expected ${formatDate(p.expected_date_of_birth)}`);
  }
  const addresses = Array.isArray(p.addresses) ? p.addresses : [];
  const current = addresses.find((a) => a && a.current) || addresses[0];
  const address = typeof p.address === 'string' ? p.address : current ? addressText(current) : '';
  if (address) facts.push(address);
  if (p.nhs_number) facts.push(`NHS number ${p.nhs_number}`);
  const phones = Array.isArray(p.phones) ? p.phones : [];
  if (phones.length) facts.push(`Phone ${phones.map((x) => x.number).join(', ')}`);
  return facts;
}

function addressText(a) {
  if (!a || typeof a !== 'object') return String(a ?? '');
  if (a.text) return a.text;
  return [a.line1, a.line2, a.locality || a.town, a.postcode].filter(Boolean).join(', ');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/* formatDate("2010-05-14") → "14 May 2010"; partial dates ("2010-05", "2010") as far as known. */
export function formatDate(text) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(text ?? ''));
  if (!m) return String(text ?? '');
  if (!m[2]) return m[1];
  if (!m[3]) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/* The active warning markers of a person (search results and records both carry them). */
export function activeWarnings(p) {
  return (Array.isArray(p.warnings) ? p.warnings : []).filter((w) => w.active !== false);
}

function communicationWords(c) {
  if (!c || typeof c !== 'object') return null;
  const parts = [];
  if (c.first_language && c.first_language !== 'English') {
    parts.push(`First language: ${c.first_language}`);
  }
  if (c.interpreter_needed) parts.push('Needs an interpreter');
  if (c.bsl_needed) parts.push('Needs a British Sign Language interpreter');
  if (c.other_needs) parts.push(c.other_needs);
  return parts.length ? parts.join('. ') : null;
}

/* A search result says care_leaver: true; a record says care_leaver: { is_care_leaver }. */
function isCareLeaver(p) {
  const c = p.care_leaver;
  return c === true || Boolean(c && typeof c === 'object' && c.is_care_leaver);
}

function personName(p) {
  return p.display_name || [p.given_name, p.family_name].filter(Boolean).join(' ')
    || `Person ${p.id}`;
}

/*
 * personCard(p, { headingLevel, headingId, actions, href }): a person as an agent needs them on
 * a call — warning markers first (A13), then name (a link to href if given), date of birth,
 * address, NHS number, communication needs and who is allocated. actions are nodes (buttons)
 * at the end.
 */
export function personCard(p, {
  headingLevel = 3, headingId = null, actions = null, href = null,
} = {}) {
  const warnings = activeWarnings(p);
  const limited = p.access && p.access !== 'full';
  const allocations = (Array.isArray(p.allocations) ? p.allocations : [])
    .filter((a) => a.current !== false && !a.ended);
  const comms = communicationWords(p.communication);
  return h('div', { class: ['app-person', warnings.length && 'app-person--warning'] },
    warnings.map((w) => warningText(w.label || 'Warning marker', w.detail ? `: ${w.detail}` : '')),
    h(`h${headingLevel}`, {
      class: 'govuk-heading-s app-person__name', id: headingId, tabindex: headingId ? '-1' : null,
    }, href ? h('a', { class: 'govuk-link', href }, personName(p)) : personName(p),
    p.age_group ? [' ', badge(p.age_group === 'child' ? 'Child' : 'Adult', 'blue')] : null,
    isCareLeaver(p) ? [' ', badge('Care leaver', 'purple')] : null),
    limited ? h('p', { class: 'govuk-body-s' },
      'This record is restricted: only the name is shown to you.') : null,
    limited ? null : h('p', { class: 'govuk-body-s app-person__facts' },
      personFacts(p).join(' · ')),
    comms ? h('p', { class: 'govuk-body-s' }, h('strong', {}, 'Communication: '), comms) : null,
    allocations.length ? h('p', { class: 'govuk-body-s' }, h('strong', {}, 'Allocated: '),
      allocations.map((a) => [a.worker ? a.worker.name : null, a.worker && a.team ? ', ' : null,
        a.team ? a.team.name : null, a.kind_label ? ` (${a.kind_label})` : null])
        .flatMap((x, i) => (i ? ['; ', x] : [x]))) : null,
    actions ? h('div', { class: 'govuk-button-group app-person__actions' }, actions) : null);
}

const ANSWER_WORDS = {
  pass_on: { text: 'Pass it on', colour: 'green' },
  unavailable: { text: 'Not available now', colour: 'amber' },
  colleague: { text: 'A colleague can take it', colour: 'blue' },
  not_allocated: { text: 'Do not transfer', colour: 'red' },
  front_door: { text: 'The front door deals with it', colour: 'purple' },
};

const CAPACITY_WORDS = {
  line_manager: 'Their line manager',
  duty_manager: 'The duty manager of the day',
  head_of_service: 'The head of service',
};

/*
 * routingAnswer(r): the server's routing answer for a recorded contact (GET
 * /api/contacts/{id}/routing), read top-down as one instruction: the answer and its reason,
 * when the worker is next free, colleagues free now and the escalation path; then the facts —
 * for each person whether the worker or team asked for holds their case, and who is
 * allocated. The worker's number for a transfer is shown only when transfer_allowed is true.
 */
export function routingAnswer(r) {
  const words = ANSWER_WORDS[r.answer] || { text: String(r.answer), colour: 'grey' };
  const out = [h('p', { class: 'govuk-body' }, badge(words.text, words.colour, 'Answer: '))];
  if (!r.transfer_allowed) {
    out.push(warningText(sentence(r.reason || 'Do not transfer the contact')));
  } else {
    out.push(h('p', { class: 'govuk-body' }, sentence(r.reason)));
  }
  const av = r.availability;
  if (r.transfer_allowed && av) {
    if (av.available_now) {
      out.push(h('p', { class: 'govuk-body' }, `${av.worker ? av.worker.name : 'They'} ${
        av.phone ? `can take it now: transfer to ${av.phone}.` : 'can take it now.'}`));
    } else {
      out.push(h('p', { class: 'govuk-body' }, av.next_available_at
        ? `${av.worker ? av.worker.name : 'They'} will next be free `
          + `${whenWords(av.next_available_at)}.`
        : 'When they will next be free is not known.'));
    }
  }
  const colleagues = Array.isArray(r.colleagues) ? r.colleagues : [];
  if (r.transfer_allowed && colleagues.length) {
    out.push(h('p', { class: 'govuk-body' }, h('strong', {}, 'Free now in the team: '),
      colleagues.map((c) => `${c.name}${c.phone ? ` (${c.phone})` : ''}`).join('; ')));
  }
  const escalation = Array.isArray(r.escalation) ? r.escalation : [];
  if (escalation.length) {
    out.push(h('p', { class: 'govuk-body' }, 'If it cannot wait:'),
      h('ol', { class: 'govuk-list govuk-list--number' }, escalation.map((e) => h('li', {},
        CAPACITY_WORDS[e.capacity] || sentence(String(e.capacity).replace(/_/g, ' ')),
        e.found && e.worker ? `: ${e.worker.name}` : ': nobody named',
        e.phone ? `, ${e.phone}` : '', e.email ? `, ${e.email}` : ''))));
  }
  /* the facts under the instruction: for each person only whether the worker or team asked
   * for holds their case (the server's line gives no instruction), then who holds it */
  const persons = Array.isArray(r.persons) ? r.persons : [];
  if (persons.length) {
    out.push(h('ul', { class: 'govuk-list app-routing__persons' }, persons.map((p) => h('li', {},
      h('strong', {}, `${p.name || (p.holder_withheld ? 'The person (restricted record)'
        : 'The person')}: `), `${sentence(p.reason)}.`))));
  }
  const allocated = Array.isArray(r.allocated) ? r.allocated : [];
  if (allocated.length) {
    out.push(h('p', { class: 'govuk-body' }, h('strong', {}, 'Allocated: '),
      allocated.map((a) => [a.worker ? a.worker.name : a.team?.name,
        a.worker && a.team ? ` (${a.team.name})` : null])
        .flatMap((x, i) => (i ? ['; ', x] : [x]))));
  }
  return out;
}

/*
 * communicationNeedsField({ prefix, values, error, groupError }): the communication needs
 * checkboxes (A8) as the agent's screen and the amend form ask them — an interpreter (with the
 * language), BSL, a private room, something else (with what). Ids are prefixed (prefix + 'needs',
 * prefix + 'interpreter-language', prefix + 'communication-other'); values holds needs (an array
 * of the ticked values), interpreter_language and communication_other; error(field) gives a
 * field's error text or null.
 */
export function communicationNeedsField({ prefix = '', values, error, groupError = null }) {
  return checkboxes({
    id: `${prefix}needs`,
    name: 'needs',
    legend: 'Does the person need any of these? (optional)',
    legendClass: 'govuk-fieldset__legend--s',
    small: true,
    error: groupError,
    items: [
      {
        value: 'interpreter',
        text: 'An interpreter',
        checked: values.needs.includes('interpreter'),
        conditional: textInput({
          id: `${prefix}interpreter-language`,
          name: 'interpreter_language',
          label: 'Language',
          labelClass: 'govuk-label--s',
          value: values.interpreter_language,
          error: error('interpreter_language'),
          classes: 'govuk-input--width-20',
        }),
      },
      { value: 'bsl', text: 'British Sign Language', checked: values.needs.includes('bsl') },
      {
        value: 'private_room',
        text: 'A private room',
        checked: values.needs.includes('private_room'),
      },
      {
        value: 'other',
        text: 'Something else',
        checked: values.needs.includes('other'),
        conditional: textInput({
          id: `${prefix}communication-other`,
          name: 'communication_other',
          label: 'What they need',
          labelClass: 'govuk-label--s',
          value: values.communication_other,
          error: error('communication_other'),
        }),
      },
    ],
  });
}
