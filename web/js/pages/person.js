/*
 * person page (/persons/{id}): one person — warning markers first (A13), then who they are
 * (names, date of birth and age, communication needs, identifiers, addresses, contact details,
 * care leaver status), who is allocated to them, their relationships and households, and the
 * history of corrections. A restricted record the reader may not open shows the name and a
 * form to give the reason for opening it (break-glass, W13), which the server records. A
 * merged-away record's address leads to the record that survived.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import {
  backLink, button, errorSummary, heading, link, notificationBanner, paragraph, summaryList,
  table, textarea,
} from '../govuk.js';
import { badge, timeline } from '../moj.js';
import { getPerson, openRestricted, personHistory } from '../persons-api.js';
import { formatDateTime } from '../time.js';
import { notFoundPage } from './errors.js';
import { fieldErrorText, partialDateWords, warningsFirst } from './person-bits.js';

function h2(text) {
  return h('h2', { class: 'govuk-heading-m' }, text);
}

function yesNo(v) {
  return v ? 'Yes' : 'No';
}

function ageWords(p) {
  if (p.expected_date_of_birth) return `Unborn: expected ${partialDateWords(p.expected_date_of_birth)}`;
  if (!p.date_of_birth) return 'Date of birth not known';
  const r = p.age_range || {};
  const age = Number.isInteger(p.age) ? `${p.age}` : `${r.min} or ${r.max}`;
  return `${partialDateWords(p.date_of_birth)} (age ${age}, ${p.age_group})`;
}

function addressWords(a) {
  return [a.line1, a.line2, a.locality, a.postcode].filter(Boolean).join(', ');
}

function detailsList(p) {
  const c = p.communication || {};
  const needs = [
    c.first_language ? `First language: ${c.first_language}` : null,
    c.interpreter_needed ? 'Needs an interpreter' : null,
    c.bsl_needed ? 'Needs a British Sign Language interpreter' : null,
    c.other_needs || null,
  ].filter(Boolean);
  const current = (p.addresses || []).find((a) => a.current);
  const cl = p.care_leaver || {};
  return summaryList([
    { key: 'Date of birth', value: ageWords(p) },
    { key: 'Other names', value: (p.other_names || []).length
      ? h('ul', { class: 'govuk-list' }, p.other_names.map((n) => h('li', {},
        `${[n.given_name, n.family_name].filter(Boolean).join(' ')} (${n.kind.replace('_', ' ')})`)))
      : 'None recorded' },
    { key: 'Sex', value: { M: 'Male', F: 'Female' }[p.sex] || 'Not known or not stated' },
    { key: 'Communication needs', value: needs.length
      ? h('ul', { class: 'govuk-list' }, needs.map((n) => h('li', {}, n))) : 'None recorded' },
    { key: 'Address', value: current ? addressWords(current) : 'Not known' },
    { key: 'Phone', value: (p.phones || []).map((x) => x.number).join(', ') || 'Not known' },
    { key: 'Email', value: p.email || 'Not known' },
    { key: 'NHS number', value: p.nhs_number || 'Not known' },
    { key: 'UPN', value: p.upn || 'Not known' },
    { key: 'Ethnicity', value: p.ethnicity_label || 'Not recorded' },
    { key: 'Care leaver', value: cl.is_care_leaver ? ['Yes', cl.left_care_on
      ? `, left care ${partialDateWords(cl.left_care_on)}` : '', cl.over_21 === true
      ? ' (21 or over: extended duties)' : ''] : 'No' },
  ]);
}

function allocationsTable(items) {
  if (!items || items.length === 0) return paragraph('Nobody is allocated.');
  return table({
    caption: 'Allocations',
    captionClass: 'govuk-visually-hidden',
    head: ['Kind', 'Worker', 'Team', 'From', 'Current'],
    rows: items.map((a) => [
      a.kind_label || a.kind,
      a.worker ? link(`/workers/${encodeURIComponent(a.worker.id)}`, a.worker.name) : '—',
      a.team ? link(`/teams/${encodeURIComponent(a.team.id)}`, a.team.name) : '—',
      a.starts_at ? formatDateTime(a.starts_at) : '',
      yesNo(a.current),
    ]),
  });
}

function relationshipsList(items) {
  const current = (items || []).filter((r) => r.current);
  if (current.length === 0) return paragraph('None recorded.');
  return h('ul', { class: 'govuk-list' }, current.map((r) => h('li', {},
    link(`/persons/${encodeURIComponent(r.person.id)}`, r.person.name || `Person ${r.person.id}`),
    ` (${r.label.toLowerCase()})`, r.note ? ` – ${r.note}` : '')));
}

function householdsList(items) {
  if (!items || items.length === 0) return paragraph('None recorded.');
  return items.map((hh) => h('div', {},
    h('h3', { class: 'govuk-heading-s' }, hh.name, ` (${hh.kind})`),
    h('ul', { class: 'govuk-list' }, (hh.members || []).filter((m) => m.current).map((m) =>
      h('li', {}, link(`/persons/${encodeURIComponent(m.person.id)}`, m.person.name),
        ` (${m.role.replace('_', ' ')})`)))));
}

function historyTimeline(history) {
  const versions = Array.isArray(history?.versions) ? history.versions.slice().reverse() : [];
  if (versions.length === 0) return paragraph('No history.');
  return timeline(versions.map((v) => ({
    title: v.version === 1 ? 'Record created' : `Corrected: ${(v.changed || []).join(', ')
      .replace(/_/g, ' ')}`,
    byline: v.recorded_by?.name || 'the system',
    datetime: v.recorded_at,
    dateText: formatDateTime(v.recorded_at),
    description: v.reason,
  })));
}

/* The view of a restricted record the reader may not open: name, warnings, the reason form. */
function limitedView(ctx, p, problem) {
  ctx.setTitle(p.display_name, Boolean(problem));
  const form = h('form', {
    novalidate: true,
    on: {
      async submit(event) {
        event.preventDefault();
        const reason = String(new FormData(event.target).get('reason') || '').trim();
        try {
          await openRestricted(p.id, reason);
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 400) throw err;
          ctx.navigate(location.pathname, { replace: true, state: { problem: fieldErrorText(err) } });
          return;
        }
        ctx.navigate(location.pathname, { replace: true, state: { opened: true } });
      },
    },
  },
  textarea({ id: 'reason', name: 'reason', label: 'Why do you need to open this record?',
    labelClass: 'govuk-label--s', rows: 3, error: problem,
    hint: 'Your reason is recorded with your name. The record stays open to you for an hour.' }),
  button('Open this record', { class: 'govuk-button govuk-button--warning' }));
  return [
    problem ? errorSummary([{ text: problem, href: '#reason' }]) : null,
    backLink('/persons', 'Back to search'),
    warningsFirst(p.warnings),
    heading(p.display_name, 'l', 'Restricted record'),
    paragraph('Only the allocated worker, their team and managers can see this record. If you '
      + 'need to see it to do your work, say why and open it.'),
    form,
  ];
}

export async function personPage(ctx) {
  let p;
  try {
    p = await getPerson(ctx.params.id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Person not found',
        text: 'There is no person with this number. Check the web address, or search for them.',
      });
    }
    throw err;
  }
  if (String(p.id) !== String(ctx.params.id)) {
    /* the record was merged: the server redirected to the survivor */
    ctx.navigate(`/persons/${encodeURIComponent(p.id)}`,
      { replace: true, state: { mergedFrom: ctx.params.id } });
    return [];
  }
  const state = ctx.state || {};
  if (p.access !== 'full') return limitedView(ctx, p, state.problem || null);
  const history = await personHistory(p.id);
  ctx.setTitle(p.display_name);
  return [
    backLink('/persons', 'Back to search'),
    state.mergedFrom ? notificationBanner({ title: 'Record merged',
      text: `Record ${state.mergedFrom} was merged into this one.` }) : null,
    state.opened ? notificationBanner({ title: 'Record opened',
      text: 'Your reason has been recorded. The record is open to you for an hour.' }) : null,
    warningsFirst(p.warnings),
    heading(p.display_name, 'l', p.age_group === 'child' ? 'Child' : p.age_group === 'adult'
      ? 'Adult' : 'Person'),
    p.restricted ? h('p', { class: 'govuk-body' }, badge('Restricted', 'red'),
      ` You can see it as ${p.access_basis.replace('_', ' ')}.`) : null,
    h2('Details'),
    detailsList(p),
    h2('Allocated to'),
    allocationsTable(p.allocations),
    h2('Relationships'),
    relationshipsList(p.relationships),
    h2('Households and families'),
    householdsList(p.households),
    h2('History'),
    historyTimeline(history),
  ];
}
