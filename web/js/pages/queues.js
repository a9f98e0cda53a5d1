/*
 * queue pages (/queues/contact-centre, /queues/duty, /queues/team/{id}): the open contacts
 * waiting in the contact centre's queue, the duty team's, or one team's incoming queue (C1,
 * A11), longest waiting first, as an MOJ sortable table with a link to each contact. Someone in
 * danger now and a handover waiting for an answer stand out as badges. Reading a queue is
 * audited by the server because it shows callers' details. It only reads.
 */
import { ApiError } from '../api.js';
import { codeLabel, SERVICE_LABELS } from '../contact-view.js';
import { listTeams } from '../directory-api.js';
import { h } from '../dom.js';
import { select } from '../fields.js';
import { button, heading, link, pagination, paragraph } from '../govuk.js';
import { badge, sortableTable } from '../moj.js';
import { formatShortDateTime } from '../time.js';
import { contactCodes, queue } from '../workflow-api.js';
import { notFoundPage } from './errors.js';

export const PAGE_SIZE = 50;
const SNIPPET_CHARS = 70;

const QUEUES = {
  'contact-centre': { api: 'contact_centre', title: "Contact centre's queue" },
  duty: { api: 'duty', title: "Duty team's queue" },
};

function pageFromQuery(query) {
  const raw = query.get('page');
  if (raw === null || !/^[1-9][0-9]{0,6}$/.test(raw)) return 1;
  return Number(raw);
}

function snippet(text) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= SNIPPET_CHARS) return flat;
  return `${chars.slice(0, SNIPPET_CHARS - 1).join('').trimEnd()}…`;
}

/* waitingWords(fromIso, now): "25 minutes", "3 hours 10 minutes", "2 days 4 hours". */
export function waitingWords(fromIso, now = new Date()) {
  const ms = now.getTime() - Date.parse(fromIso);
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const both = (a, b) => [a, b].filter(Boolean).join(' ');
  if (hours < 24) {
    return both(plural(hours, 'hour'), minutes % 60 && plural(minutes % 60, 'minute'));
  }
  const days = Math.floor(hours / 24);
  return both(plural(days, 'day'), hours % 24 && plural(hours % 24, 'hour'));
}

/*
 * contactTable(items, codes, { caption, captionClass, now, owner }): a sortable table of open
 * contacts, shared by the queues and "My work". Received sorts by time; the flags say danger
 * now, a safeguarding concern and a handover waiting.
 */
export function contactTable(items, codes, {
  caption, captionClass, now = new Date(), owner = true,
}) {
  const head = [
    { text: 'Contact', sort: 'none' },
    { text: 'Received', sort: 'ascending' },
    { text: 'Channel', sort: 'none' },
    { text: 'Caller', sort: 'none' },
    { text: 'About' },
    owner ? { text: 'Owner', sort: 'none' } : null,
  ].filter(Boolean);
  const flags = (c) => [
    c.danger_now ? badge('Danger now', 'red') : null,
    c.safeguarding_concerns && c.safeguarding_concerns.length && !c.danger_now
      ? badge('Safeguarding', 'red') : null,
    c.pending_handover ? badge('Handover offered', 'amber') : null,
  ].filter(Boolean);
  const rows = items.map((c) => [
    {
      content: [link(`/contacts/${encodeURIComponent(c.id)}`, c.reference),
        flags(c).map((b) => h('span', { class: 'app-table__sub' }, b))],
      sortValue: c.reference,
      classes: 'app-nowrap',
    },
    {
      content: [formatShortDateTime(c.received_at),
        h('span', { class: 'app-table__sub govuk-hint' },
          `waiting ${waitingWords(c.received_at, now)}`)],
      sortValue: Date.parse(c.received_at),
    },
    codeLabel(codes.channels, c.channel),
    c.caller_name,
    {
      content: [c.reason_code ? codeLabel(codes.reasons, c.reason_code) : snippet(c.summary),
        c.service ? h('span', { class: 'govuk-hint app-table__sub' }, SERVICE_LABELS[c.service])
          : null],
      classes: 'app-table__summary',
    },
    owner ? {
      content: c.owner ? c.owner.name : 'Nobody', sortValue: c.owner ? c.owner.name : '',
    } : null,
  ].filter((cell) => cell !== null));
  return sortableTable({ caption, captionClass, head, rows });
}

function queueNavigation(ctx, current, teams, teamId) {
  const item = (href, text, active) => h('li', { class: 'moj-sub-navigation__item' },
    h('a', {
      class: 'moj-sub-navigation__link', href, 'aria-current': active ? 'page' : null,
    }, text));
  return [
    h('nav', { class: 'moj-sub-navigation', 'aria-label': 'Queues' },
      h('ul', { class: 'moj-sub-navigation__list' },
        item('/queues/contact-centre', 'Contact centre', current === 'contact-centre'),
        item('/queues/duty', 'Duty team', current === 'duty'),
        teamId ? item(`/queues/team/${teamId}`,
          teams.find((t) => t.id === teamId)?.name || 'Team', true) : null,
        teamId ? item(`/referrals/team/${teamId}`, 'Incoming referrals', false) : null,
        item(teamId ? `/clear-desk?team=${teamId}` : '/clear-desk', 'Clear desk', false))),
    h('form', {
      class: 'app-filter', method: 'get', novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const id = new FormData(event.currentTarget).get('team');
          if (id) ctx.navigate(`/queues/team/${encodeURIComponent(id)}`);
        },
      },
    },
    h('div', { class: 'app-filter__fields' },
      select({
        id: 'queue-team',
        name: 'team',
        label: "A team's incoming queue",
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a team',
        items: teams.filter((t) => t.council !== false)
          .map((t) => ({ value: String(t.id), text: t.name })),
        value: teamId ? String(teamId) : '',
      })),
    button('Show the queue', { class: 'govuk-button govuk-button--secondary' })),
  ];
}

/* queuePage(ctx): ctx.params.queue is contact-centre or duty; ctx.params.id a team id. */
export async function queuePage(ctx) {
  const teamId = ctx.params.id ? Number(ctx.params.id) : null;
  const spec = teamId ? { api: 'team' } : QUEUES[ctx.params.queue];
  if (!spec) return notFoundPage(ctx);
  const page = pageFromQuery(ctx.query);
  const [codes, teamsData] = await Promise.all([contactCodes(), listTeams()]);
  const teams = (teamsData.items || []).slice().sort((a, b) => a.name.localeCompare(b.name));
  let data;
  try {
    data = await queue(spec.api, { teamId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && teamId) {
      return notFoundPage(ctx, {
        title: 'Team not found', text: 'There is no team with this number.',
      });
    }
    throw err;
  }
  const teamName = teamId ? teams.find((t) => t.id === teamId)?.name || `Team ${teamId}` : null;
  const title = teamId ? `${teamName}: incoming contacts` : spec.title;
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number.isInteger(data.total) ? data.total : items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  ctx.setTitle(pages > 1 ? `${title} (page ${page} of ${pages})` : title);
  const base = location.pathname;
  return [
    heading(title, 'l', 'Queues'),
    queueNavigation(ctx, teamId ? null : ctx.params.queue, teams, teamId),
    total === 0 ? paragraph('Nothing is waiting in this queue.') : [
      paragraph(`${total} open ${total === 1 ? 'contact is' : 'contacts are'} waiting, `
        + 'longest waiting first.'),
      contactTable(items, codes, {
        caption: `${title}, longest waiting first`,
        captionClass: 'govuk-visually-hidden',
      }),
      pagination({ page, pages, hrefFor: (n) => (n === 1 ? base : `${base}?page=${n}`) }),
    ],
  ];
}
