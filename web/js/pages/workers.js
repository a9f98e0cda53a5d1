/*
 * workers page (/workers): the people in the service directory with whether each is available
 * now and, if not, when they next are — worked out by the server from their working hours,
 * bank holidays and calendar. Filtered by name and team (?q=&team= in the address) through
 * the API, and sortable by next availability. It only reads.
 */
import { listTeams, listWorkers } from '../directory-api.js';
import { h } from '../dom.js';
import { button, heading, link, paragraph, textInput } from '../govuk.js';
import { badge, sortableTable } from '../moj.js';
import { whenWords } from '../schedule.js';
import { phoneLink } from './teams.js';

const STATUS = {
  available: { text: 'Available now', colour: 'green' },
  busy: { text: 'Busy', colour: 'purple' },
  not_working: { text: 'Not working now', colour: 'grey' },
  inactive: { text: 'Not active', colour: 'black' },
};

/*
 * availabilityWords(av): { status, next } in words for an availability from the API:
 * status "Busy: Leave", next "Next available Monday 30 November at 9am" (or null when
 * available now, or "Not available in the next 3 months").
 */
export function availabilityWords(av) {
  if (!av) return { status: 'Not known', colour: 'grey', next: null };
  const s = STATUS[av.status] || { text: String(av.status), colour: 'grey' };
  const status = av.status === 'busy' && av.current_entry
    ? `${s.text}: ${av.current_entry.kind_label}` : s.text;
  let next = null;
  if (!av.available_now) {
    next = av.next_available_at
      ? `Next available ${whenWords(av.next_available_at, av.checked_at)}`
      : 'Not available in the next 3 months';
  }
  return { status, colour: s.colour, next };
}

/* availabilityCell(av): a table cell: the status badge, then when next available. */
export function availabilityCell(av) {
  const words = availabilityWords(av);
  const sortValue = av && av.available_now ? 0
    : (av && Date.parse(av.next_available_at)) || Number.MAX_SAFE_INTEGER;
  return {
    content: [badge(words.status, words.colour),
      words.next ? h('span', { class: 'app-badge-note' }, h('br'), words.next) : null],
    sortValue,
  };
}

export async function workersPage(ctx) {
  const q = (ctx.query.get('q') || '').trim().slice(0, 100);
  const teamRaw = ctx.query.get('team') || '';
  const team = /^[1-9][0-9]{0,9}$/.test(teamRaw) ? teamRaw : '';
  const [data, teamData] = await Promise.all([listWorkers({ q, team }), listTeams()]);
  const items = Array.isArray(data.items) ? data.items : [];
  const teams = (Array.isArray(teamData.items) ? teamData.items : [])
    .slice().sort((a, b) => a.name.localeCompare(b.name));
  const filtered = Boolean(q || team);
  ctx.setTitle('Workers');

  const form = h('form', {
    class: 'app-filter', novalidate: true, action: '/workers', method: 'get',
    on: {
      submit(event) {
        event.preventDefault();
        const values = new FormData(event.target);
        const query = new URLSearchParams();
        const qv = String(values.get('q') || '').trim();
        const tv = String(values.get('team') || '');
        if (qv) query.set('q', qv);
        if (tv) query.set('team', tv);
        const s = query.toString();
        ctx.navigate(`/workers${s ? `?${s}` : ''}`);
      },
    },
  },
  h('div', { class: 'app-filter__fields' },
    textInput({ id: 'q', name: 'q', label: 'Name', value: q, spellcheck: false }),
    h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: 'team' }, 'Team'),
      h('select', { class: 'govuk-select', id: 'team', name: 'team' },
        h('option', { value: '', selected: team === '' }, 'All teams'),
        teams.map((t) => h('option', { value: String(t.id), selected: String(t.id) === team },
          t.name))))),
  h('div', { class: 'govuk-button-group' },
    button('Find workers', { class: 'govuk-button govuk-button--secondary' }),
    filtered ? link('/workers', 'Clear filters') : null));

  const content = [
    heading('Workers'),
    paragraph('Who is available now, and when people who are not can next be reached. '
      + 'Availability comes from each person\'s working hours, bank holidays (which '
      + 'emergency duty staff work) and calendar.'),
    form,
  ];
  if (items.length === 0) {
    content.push(paragraph(filtered ? 'No workers match these filters.'
      : 'There are no workers in the directory yet.'));
    return content;
  }
  content.push(sortableTable({
    caption: `${items.length} ${items.length === 1 ? 'worker' : 'workers'}`,
    captionClass: 'govuk-table__caption--s',
    head: [
      { text: 'Name', sort: 'none' },
      { text: 'Job', sort: 'none' },
      { text: 'Teams' },
      { text: 'Phone' },
      { text: 'Availability', sort: 'ascending' },
    ],
    rows: items.map((w) => [
      { content: link(`/workers/${encodeURIComponent(w.id)}`, w.name), sortValue: w.name },
      { content: w.job_title || w.role_label, sortValue: w.job_title || w.role_label },
      (w.teams || []).map((t, i) => [i > 0 ? ', ' : null,
        link(`/teams/${encodeURIComponent(t.id)}`, t.name)]),
      { content: phoneLink(w.phone), classes: 'app-nowrap' },
      availabilityCell(w.availability),
    ]),
  }));
  return content;
}
