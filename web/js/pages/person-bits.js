/*
 * person-bits: what the person pages share — warning markers shown first (A13), a search
 * candidate as a card (warnings, name, what we know, how sure and why), dates of birth in
 * words, and the text of a field error from the API.
 */
import { h } from '../dom.js';
import { link, paragraph } from '../govuk.js';
import { badge } from '../moj.js';
import { sentence, warningText } from '../fields.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/* "14 May 2010", "May 2010", "2010", or "Not known" for a partial date from the API. */
export function partialDateWords(text) {
  if (!text) return 'Not known';
  const [y, m, d] = String(text).split('-').map(Number);
  if (d) return `${d} ${MONTHS[m - 1]} ${y}`;
  if (m) return `${MONTHS[m - 1]} ${y}`;
  return String(y);
}

/* The warning markers that are in force, each as a GOV.UK warning text, before anything else. */
export function warningsFirst(warnings) {
  const active = (Array.isArray(warnings) ? warnings : []).filter((w) => w.active);
  if (active.length === 0) return null;
  return h('div', { class: 'app-warnings' }, active.map((w) => warningText(
    `${w.label}.`,
    w.detail ? ` ${w.detail}` : '',
    w.review_on ? ` Review by ${partialDateWords(w.review_on)}` : '',
    w.review_overdue ? ' (overdue)' : '',
    w.review_on ? '.' : '')));
}

export function fieldErrorText(err) {
  return sentence(err.message || 'Check what you entered');
}

/* How sure the match is, in words a caller-handler can weigh: the server's score is the chance
 * the two records are one person. */
function strength(item) {
  const s = Number(item.score);
  if (item.outright) return 'Certain (same NHS number or UPN)';
  if (s >= 0.99) return `Very likely (${Math.round(s * 100)}%)`;
  if (s >= 0.5) return `Likely (${Math.round(s * 100)}%)`;
  if (s >= 0.05) return `Possible (${Math.round(s * 100)}%)`;
  return 'Weak (less than 5%)';
}

/* One search result. */
export function candidateCard(item) {
  const limited = item.access !== 'full';
  const name = link(`/persons/${encodeURIComponent(item.id)}`, item.display_name);
  const rows = [];
  if (!limited) {
    rows.push(['Date of birth', item.date_of_birth ? [partialDateWords(item.date_of_birth),
      Number.isInteger(item.age) ? ` (${item.age})` : ''] : 'Not known']);
    rows.push(['Address', item.address || 'Not known']);
    if (item.nhs_number) rows.push(['NHS number', item.nhs_number]);
    if (item.other_names && item.other_names.length) {
      rows.push(['Other names', item.other_names.join(', ')]);
    }
  }
  return h('div', { class: 'app-candidate' },
    warningsFirst(item.warnings),
    h('h3', { class: 'govuk-heading-s app-candidate__name' }, name,
      item.restricted ? [' ', badge('Restricted', 'red')] : null,
      !limited && item.outright ? [' ', badge('Same NHS number or UPN', 'green')] : null),
    limited
      ? paragraph('This record is restricted. Open it to see who they are and give your reason.')
      : [
        h('dl', { class: 'govuk-summary-list govuk-summary-list--no-border app-candidate__facts' },
          rows.map(([k, v]) => h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, k),
            h('dd', { class: 'govuk-summary-list__value' }, v)))),
        h('p', { class: 'govuk-body-s app-candidate__why' },
          h('strong', {}, `Match: ${strength(item)}`), ' – ',
          (item.reasons || []).join(', ') || 'few details agree'),
      ]);
}
