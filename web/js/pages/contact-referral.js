/*
 * contact-referral: the contact page's "Refer to a team" section (C3, C4, C5, A5). A form
 * sends the referral — the team from the directory, whether it is a safeguarding referral
 * and, if so, who in that team was phoned and at what time today (C3), and the recommendation
 * and work plan — and the contact's referrals are listed with their state as a badge. Each
 * referral's written confirmation to the referrer (C3, C4) opens on request: before it is sent,
 * the text that would go and an address field (the contact's email for the referrer is used
 * when it is left empty, and one must be entered when there is none); once sent, the text that
 * was sent, to whom, when and by whom. Opening it is an audited read, so it is fetched only
 * then. The server decides everything: its 400 and 409 answers are shown in the page's GOV.UK
 * error summary in its own words; a gate's refusal links to the decisions it waits for.
 */
import { h, replaceContent } from '../dom.js';
import { revealRadios, select } from '../fields.js';
import { button, link, summaryList, textarea, textInput } from '../govuk.js';
import { badge } from '../moj.js';
import { statusBadge, timeLeftWords } from '../clocks.js';
import { confirmation, createReferral, sendConfirmation } from '../referral-api.js';
import { formatDateTime, fromLondonWallTime, londonParts, parseTime } from '../time.js';
import { ApiError } from '../api.js';
import { GATE_HREFS, send } from './contact-decisions.js';

const STATE_BADGES = {
  pending: ['Waiting for the team', 'blue'],
  accepted: ['Accepted', 'green'],
  returned: ['Returned', 'red'],
};

/* referralBadge(referral): the state as an MOJ badge, shared with the team's page. */
export function referralBadge(r) {
  const [text, colour] = STATE_BADGES[r.state] || [r.state, 'grey'];
  return badge(text, colour, 'State: ');
}

/* The ISO instant of a time today in London ("14:30"), or null. */
function todayAt(text) {
  const t = parseTime(text);
  if (!t) return null;
  const p = londonParts(new Date());
  const when = fromLondonWallTime({ year: p.year, month: p.month, day: p.day, ...t });
  return when ? when.date.toISOString().replace(/\.\d+Z$/, 'Z') : null;
}

function referralList(page, referrals) {
  if (!referrals.length) {
    return h('p', { class: 'govuk-body' }, 'No referral has been made for this contact.');
  }
  return h('ul', { class: 'govuk-list' }, referrals.map((r) => h('li', { class: 'app-panel' },
    h('h3', { class: 'govuk-heading-s' }, `${r.reference} to ${r.to_team ? r.to_team.name
      : 'a team'} `, referralBadge(r)),
    r.to_team ? h('p', { class: 'govuk-body' }, link(`/referrals/team/${encodeURIComponent(
      r.to_team.id)}`, `${r.to_team.name}: incoming referrals`)) : null,
    summaryList([
      { key: 'Safeguarding', value: r.safeguarding ? 'Yes' : 'No' },
      r.phoned_to ? {
        key: 'Phoned', value: `${r.phoned_to}, ${formatDateTime(r.phoned_at)}`,
      } : null,
      { key: 'Made', value: `${formatDateTime(r.created_at)}${r.created_by
        ? ` by ${r.created_by.name}` : ''}` },
      r.answered_at ? { key: r.state === 'returned' ? 'Returned' : 'Accepted',
        value: `${formatDateTime(r.answered_at)}${r.answered_by ? ` by ${r.answered_by.name}`
          : ''}` } : null,
      r.return_reason ? { key: 'Why it was returned', value: r.return_reason } : null,
      {
        key: 'Written confirmation',
        value: r.confirmation_sent_at ? `Sent ${formatDateTime(r.confirmation_sent_at)}`
          : 'Not sent yet',
      },
      ...(r.clocks || []).map((c) => ({
        key: c.name,
        value: [statusBadge(c, new Date().toISOString()), ' ', timeLeftWords(c)],
      })),
    ].filter(Boolean)),
    confirmationPanel(page, r))));
}

/* The confirmation as sent: to whom, when, by whom, and its text. */
function sentView(c) {
  return [
    summaryList([
      { key: 'Sent to', value: c.to },
      {
        key: 'Sent',
        value: `${formatDateTime(c.sent_at)}${c.sent_by ? ` by ${c.sent_by.name}` : ''}`,
      },
      { key: 'Subject', value: c.subject },
    ]),
    h('div', { class: 'govuk-inset-text app-preserve-lines' }, c.text),
  ];
}

/* The text that would be sent, and the form that sends it. */
function previewForm(page, r, c, wrap) {
  const inputId = `confirmation-to-${r.id}`;
  let value = '';
  let error = null;
  function draw() {
    replaceContent(wrap,
      summaryList([
        { key: 'To', value: c.to || 'No email address is recorded for the referrer' },
        { key: 'Subject', value: c.subject },
      ]),
      h('div', { class: 'govuk-inset-text app-preserve-lines' }, c.text),
      h('form', { novalidate: true, on: { submit: onSubmit } },
        textInput({
          id: inputId, name: 'to', type: 'email', autocomplete: 'email', spellcheck: false,
          label: c.to ? 'Send it to another email address (optional)'
            : 'The referrer\'s email address',
          labelClass: 'govuk-label--s',
          hint: c.to ? `Left empty, it goes to ${c.to}`
            : 'The contact has no email address for the referrer: enter one',
          value, error,
        }),
        button(`Send written confirmation for ${r.reference}`,
          { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    value = String(new FormData(event.currentTarget).get('to') || '').trim();
    let errors = [];
    if (!value && !c.to) {
      errors = [{ field: 'to', text: 'Enter the referrer\'s email address', href: `#${inputId}` }];
    } else {
      const refused = await send(page, () => sendConfirmation(r.id, value), {
        fieldIds: { to: inputId },
        failed: 'The confirmation has not been sent.',
        done: `The written confirmation for ${r.reference} has been sent`,
        formHref: `#${inputId}`,
      });
      if (!refused) return;
      errors = refused;
    }
    error = errors.find((e) => e.field === 'to')?.text || null;
    draw();
    page.report(errors);
  }
  draw();
}

/*
 * The written confirmation of referral r, in a details element: fetched when first opened
 * (the read is audited), as sent or as a preview with the form that sends it.
 */
function confirmationPanel(page, r) {
  const wrap = h('div', {}, h('p', { class: 'govuk-body', role: 'status' },
    'Getting the written confirmation'));
  let loading = false;
  let loaded = false;
  async function load() {
    loading = true;
    try {
      const c = await confirmation(r.id);
      loaded = true;
      if (c.sent) replaceContent(wrap, ...sentView(c));
      else previewForm(page, r, c, wrap);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        page.ctx.signedOut();
        return;
      }
      replaceContent(wrap, h('p', { class: 'govuk-body', role: 'status' },
        'Sorry, the written confirmation could not be shown. Close this and open it again to '
        + 'try again.'));
    } finally {
      loading = false;
    }
  }
  const details = h('details', {
    class: 'govuk-details',
    id: `confirmation-${r.id}`,
    on: {
      toggle: () => {
        if (details.open && !loaded && !loading) load();
      },
    },
  },
  h('summary', { class: 'govuk-details__summary' },
    h('span', { class: 'govuk-details__summary-text' }, r.confirmation_sent_at
      ? `The written confirmation sent for ${r.reference}`
      : `Preview and send the written confirmation for ${r.reference}`)),
  h('div', { class: 'govuk-details__text' }, wrap));
  return details;
}

function referralForm(page, { contact, teams }) {
  const wrap = h('div', {});
  let values = {
    team: '', safeguarding: null, phoned_to: '', phoned_time: '', recommendation: '',
    work_plan: '',
  };
  let fieldErrors = {};
  const fieldIds = {
    to_team_id: 'referral-team', safeguarding: 'referral-safeguarding',
    phoned_to: 'referral-phoned-to', phoned_at: 'referral-phoned-time',
    recommendation: 'referral-recommendation', work_plan: 'referral-work-plan',
  };
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      select({
        id: 'referral-team',
        name: 'team',
        label: 'Team',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a team',
        items: teams.map((t) => ({ value: String(t.id), text: t.name })),
        value: values.team,
        error: fieldErrors.to_team_id,
      }),
      revealRadios({
        id: 'referral-safeguarding',
        name: 'safeguarding',
        legend: 'Is this a safeguarding referral?',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'A safeguarding referral is also a phone call to the team',
        small: true,
        value: values.safeguarding,
        error: fieldErrors.safeguarding,
        items: [
          {
            value: 'yes',
            text: 'Yes',
            conditional: [
              textInput({
                id: 'referral-phoned-to', name: 'phoned_to',
                label: 'Who in the team you spoke to', value: values.phoned_to,
                error: fieldErrors.phoned_to,
              }),
              textInput({
                id: 'referral-phoned-time', name: 'phoned_time',
                label: 'When you spoke to them', hint: 'Today, UK time, for example 14:30',
                value: values.phoned_time, error: fieldErrors.phoned_at,
                classes: 'govuk-input--width-5',
              }),
            ],
          },
          { value: 'no', text: 'No' },
        ],
      }),
      textarea({
        id: 'referral-recommendation', name: 'recommendation',
        label: 'Recommendation or advice (optional)', labelClass: 'govuk-label--s',
        hint: 'A child\'s transfer to assessment carries the recommendation decision recorded '
          + 'on this contact: leave this empty for it. For an adult, a manager\'s advice',
        value: values.recommendation, error: fieldErrors.recommendation, rows: 3,
      }),
      textarea({
        id: 'referral-work-plan', name: 'work_plan', label: 'Work plan',
        labelClass: 'govuk-label--s',
        hint: 'Needed for an adult\'s referral to assessment. A child\'s transfer to assessment '
          + 'carries the recommendation decision\'s work plan: leave this empty for it',
        value: values.work_plan, error: fieldErrors.work_plan, rows: 3,
      }),
      button('Send the referral', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const get = (n) => String(f.get(n) || '');
    values = {
      team: get('team'), safeguarding: get('safeguarding') || null, phoned_to: get('phoned_to'),
      phoned_time: get('phoned_time'), recommendation: get('recommendation'),
      work_plan: get('work_plan'),
    };
    const errors = [];
    const add = (field, text) => errors.push({ field, text, href: `#${fieldIds[field]}` });
    if (!values.team) add('to_team_id', 'Choose the team');
    if (!values.safeguarding) add('safeguarding', 'Say whether this is a safeguarding referral');
    let phonedAt = null;
    if (values.safeguarding === 'yes') {
      if (!values.phoned_to.trim()) add('phoned_to', 'Enter who in the team you spoke to');
      phonedAt = todayAt(values.phoned_time);
      if (!phonedAt) add('phoned_at', 'Enter when you spoke to them, like 14:30');
    }
    if (!errors.length) {
      const body = {
        contact_id: contact.id,
        to_team_id: Number(values.team),
        safeguarding: values.safeguarding === 'yes',
      };
      if (body.safeguarding) {
        body.phoned_to = values.phoned_to.trim();
        body.phoned_at = phonedAt;
      }
      if (values.recommendation.trim()) body.recommendation = values.recommendation.trim();
      if (values.work_plan.trim()) body.work_plan = values.work_plan.trim();
      const refused = await send(page, () => createReferral(body), {
        fieldIds,
        failed: 'The referral has not been sent.',
        done: 'The referral has been sent',
        formHref: '#referral-team',
        gateHrefs: GATE_HREFS,
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

/* referralSection(page, { contact, teams, referrals }): the section's nodes. */
export function referralSection(page, { contact, teams, referrals }) {
  const council = teams.slice().sort((a, b) => a.name.localeCompare(b.name));
  return [
    h('h2', { class: 'govuk-heading-l', id: 'referrals' }, 'Referrals'),
    referralList(page, referrals),
    contact.outcome ? null : h('details', { class: 'govuk-details', id: 'refer' },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Refer to a team')),
      h('div', { class: 'govuk-details__text' }, referralForm(page, { contact, teams: council }))),
  ];
}
