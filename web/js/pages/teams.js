/*
 * teams page (/teams): the service directory's teams and services — type, locality, duty line
 * and opening hours, with whether each is open now — filtered by name, type and locality
 * (?q=&type=&locality= in the address, so a filtered list can be bookmarked). The directory
 * is small, so every team is fetched once and filtered here. It only reads.
 */
import { listTeams } from '../directory-api.js';
import { h } from '../dom.js';
import { button, heading, link, paragraph, textInput } from '../govuk.js';
import { badge, sortableTable } from '../moj.js';
import { weekSummary, whenWords } from '../schedule.js';

function select({ id, label, value, options }) {
  return h('div', { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label', for: id }, label),
    h('select', { class: 'govuk-select', id, name: id },
      options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.text))));
}

/* openNow(team, nowIso): "Open now", or "Closed" with when it next opens. */
export function openNow(team, nowIso) {
  if (team.open_now) return badge('Open now', 'green');
  return [badge('Closed', 'grey'),
    team.next_open_at ? h('span', { class: 'app-badge-note' },
      ` Opens ${whenWords(team.next_open_at, nowIso)}`) : null];
}

export function phoneLink(number) {
  if (!number) return '';
  return h('a', { class: 'govuk-link', href: `tel:${number.replace(/[^0-9+]/g, '')}` }, number);
}

function matches(team, { q, type, locality }) {
  if (type && team.type !== type) return false;
  if (locality && team.locality !== locality) return false;
  if (q) {
    const hay = `${team.name} ${team.description} ${team.type_label}`.toLowerCase();
    if (!q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w))) return false;
  }
  return true;
}

export async function teamsPage(ctx) {
  const data = await listTeams();
  const all = Array.isArray(data.items) ? data.items : [];
  const filter = {
    q: (ctx.query.get('q') || '').trim(),
    type: ctx.query.get('type') || '',
    locality: ctx.query.get('locality') || '',
  };
  const shown = all.filter((t) => matches(t, filter));
  const filtered = Boolean(filter.q || filter.type || filter.locality);
  ctx.setTitle('Teams and services');

  const types = [...new Map(all.map((t) => [t.type, t.type_label])).entries()]
    .sort((a, b) => a[1].localeCompare(b[1]));
  const localities = [...new Set(all.map((t) => t.locality).filter(Boolean))].sort();

  const form = h('form', {
    class: 'app-filter', novalidate: true, action: '/teams', method: 'get',
    on: {
      submit(event) {
        event.preventDefault();
        const values = new FormData(event.target);
        const query = new URLSearchParams();
        for (const key of ['q', 'type', 'locality']) {
          const v = String(values.get(key) || '').trim();
          if (v) query.set(key, v);
        }
        const s = query.toString();
        ctx.navigate(`/teams${s ? `?${s}` : ''}`);
      },
    },
  },
  h('div', { class: 'app-filter__fields' },
    textInput({ id: 'q', name: 'q', label: 'Name or service', value: filter.q, spellcheck: false }),
    select({
      id: 'type', label: 'Type', value: filter.type,
      options: [{ value: '', text: 'All types' },
        ...types.map(([value, text]) => ({ value, text }))],
    }),
    select({
      id: 'locality', label: 'Locality', value: filter.locality,
      options: [{ value: '', text: 'All localities' },
        ...localities.map((l) => ({ value: l, text: l }))],
    })),
  h('div', { class: 'govuk-button-group' },
    button('Filter teams', { class: 'govuk-button govuk-button--secondary' }),
    filtered ? link('/teams', 'Clear filters') : null));

  const content = [heading('Teams and services'),
    paragraph('Duty lines and opening hours of the council\'s teams and of partner agencies.'),
    form];
  if (shown.length === 0) {
    content.push(paragraph(filtered ? 'No teams match these filters.' : 'There are no teams yet.'));
    return content;
  }
  content.push(sortableTable({
    caption: filtered ? `${shown.length} of ${all.length} teams` : `${all.length} teams`,
    captionClass: 'govuk-table__caption--s',
    head: [
      { text: 'Team', sort: 'ascending' },
      { text: 'Type', sort: 'none' },
      { text: 'Locality', sort: 'none' },
      { text: 'Duty line' },
      { text: 'Opening hours' },
      { text: 'Now', sort: 'none' },
    ],
    rows: shown.map((t) => [
      { content: link(`/teams/${encodeURIComponent(t.id)}`, t.name), sortValue: t.name },
      { content: t.type_label, sortValue: t.type_label },
      { content: t.locality, sortValue: t.locality },
      { content: phoneLink(t.duty_line), classes: 'app-nowrap' },
      h('ul', { class: 'govuk-list govuk-body-s app-list--tight' },
        weekSummary(t.hours).map((line) => h('li', {}, line))),
      {
        content: openNow(t),
        sortValue: t.open_now ? 0 : (Date.parse(t.next_open_at) || Number.MAX_SAFE_INTEGER),
      },
    ]),
  }));
  return content;
}
