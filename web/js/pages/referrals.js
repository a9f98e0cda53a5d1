/*
 * referral pages: a team's incoming referrals (/referrals/team/{id}, C3-C5, A5) — oldest
 * first, as an MOJ sortable table, each with Accept and Return with a reason — and the clear
 * desk (/clear-desk?team=ID, A11): referrals a team made that are not yet accepted, those
 * returned today, transfers decided but not referred, and contacts still without an outcome,
 * each linked. Who may answer a referral is the server's decision (a member of the receiving
 * team or a manager who may allocate work); its refusals are shown in the error summary.
 */
import { ApiError } from '../api.js';
import { listTeams } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import { select, sentence } from '../fields.js';
import {
  button, errorSummary, heading, initComponents, link, notificationBanner, paragraph, textarea,
} from '../govuk.js';
import { badge, sortableTable } from '../moj.js';
import { timeLeftCell, timeLeftSortValue } from '../clocks.js';
import {
  acceptReferral, clearDesk, returnReferral, teamReferrals,
} from '../referral-api.js';
import { formatShortDateTime } from '../time.js';
import { notFoundPage } from './errors.js';
import { referralBadge } from './contact-referral.js';

const KIND_WORDS = {
  assessment: 'Assessment',
  locality_hub: 'Locality hub',
  single_agency: 'Single agency',
  other_team: 'Another team',
};

const contactHref = (id) => `/contacts/${encodeURIComponent(id)}`;

/* A team chooser that goes to hrefFor(id). */
function teamChooser(ctx, { id, label, teams, value, hrefFor, submitText }) {
  return h('form', {
    class: 'app-filter', method: 'get', novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        const chosen = new FormData(event.currentTarget).get('team');
        ctx.navigate(hrefFor(chosen ? String(chosen) : ''));
      },
    },
  },
  h('div', { class: 'app-filter__fields' },
    select({
      id, name: 'team', label, labelClass: 'govuk-label--s', placeholder: 'Choose a team',
      items: teams.map((t) => ({ value: String(t.id), text: t.name })),
      value: value ? String(value) : '',
    })),
  button(submitText, { class: 'govuk-button govuk-button--secondary' }));
}

function sortedTeams(data) {
  return (data.items || []).slice().sort((a, b) => a.name.localeCompare(b.name));
}

function doneBanner(ctx) {
  const done = ctx.state && ctx.state.done;
  if (done) history.replaceState(null, '', location.href);
  return done ? notificationBanner({ success: true, text: done }) : null;
}

/* teamReferralsPage(ctx): ctx.params.id is the receiving team. */
export async function teamReferralsPage(ctx) {
  const teamId = Number(ctx.params.id);
  let data;
  let teamsData;
  try {
    [data, teamsData] = await Promise.all([teamReferrals(teamId, 'pending'), listTeams()]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Team not found', text: 'There is no team with this number.',
      });
    }
    throw err;
  }
  const teams = sortedTeams(teamsData);
  const teamName = data.team ? data.team.name : `Team ${teamId}`;
  const title = `${teamName}: incoming referrals`;
  ctx.setTitle(title);
  const items = data.items || [];
  const errorRegion = h('div', {});
  const here = `/referrals/team/${encodeURIComponent(teamId)}`;

  function report(errors) {
    ctx.setTitle(title, errors.length > 0);
    replaceContent(errorRegion, errors.length ? errorSummary(errors) : null);
    initComponents(errorRegion);
  }

  async function answer(fn, done, failed, href) {
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && [400, 403, 404, 409].includes(err.status)) {
        report([{ text: sentence(err.message), href }]);
        return;
      }
      report([{ text: `Sorry, there is a problem with the service. ${failed} Try again` }]);
      return;
    }
    ctx.navigate(here, { replace: true, state: { done } });
  }

  const actions = (r) => {
    const reasonId = `return-reason-${r.id}`;
    return [
      h('form', {
        novalidate: true,
        on: {
          submit: (event) => {
            event.preventDefault();
            answer(() => acceptReferral(r.id), `Referral ${r.reference} has been accepted`,
              'The referral has not been accepted.', null);
          },
        },
      }, button('Accept', {
        class: 'govuk-button govuk-!-margin-bottom-2', 'aria-label': `Accept ${r.reference}`,
      })),
      h('details', { class: 'govuk-details govuk-!-margin-bottom-0' },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text' }, 'Return it',
            h('span', { class: 'govuk-visually-hidden' }, ` (${r.reference})`))),
        h('div', { class: 'govuk-details__text' }, h('form', {
          novalidate: true,
          on: {
            submit: (event) => {
              event.preventDefault();
              const reason = String(new FormData(event.currentTarget).get('reason') || '').trim();
              if (!reason) {
                report([{ text: 'Enter why the referral is returned', href: `#${reasonId}` }]);
                return;
              }
              answer(() => returnReferral(r.id, reason),
                `Referral ${r.reference} has been returned`,
                'The referral has not been returned.', `#${reasonId}`);
            },
          },
        }, textarea({
          id: reasonId, name: 'reason', label: `Why ${r.reference} is returned`,
          labelClass: 'govuk-label--s', rows: 3,
        }), button('Return the referral', {
          class: 'govuk-button govuk-button--warning', 'aria-label': `Return ${r.reference}`,
        })))),
    ];
  };

  const rows = items.map((r) => [
    {
      content: [r.reference, r.safeguarding ? [' ', badge('Safeguarding', 'red')] : null],
      sortValue: r.reference,
      classes: 'app-nowrap',
    },
    {
      content: link(contactHref(r.contact_id), r.contact_reference),
      sortValue: r.contact_reference,
    },
    { content: formatShortDateTime(r.created_at), sortValue: Date.parse(r.created_at) },
    {
      content: [KIND_WORDS[r.kind] || r.kind, r.from_team ? h('span', {
        class: 'govuk-hint app-table__sub',
      }, `from ${r.from_team.name}`) : null],
      sortValue: r.kind,
    },
    r.created_by ? r.created_by.name : '',
    timeLeft(r),
    actions(r),
  ]);

  return [
    doneBanner(ctx),
    errorRegion,
    heading(title, 'l', 'Queues'),
    teamChooser(ctx, {
      id: 'referrals-team', label: "A team's incoming referrals", teams, value: teamId,
      hrefFor: (id) => (id ? `/referrals/team/${encodeURIComponent(id)}` : here),
      submitText: 'Show the referrals',
    }),
    paragraph(link(`/queues/team/${encodeURIComponent(teamId)}`,
      `${teamName}: incoming contacts`), ' · ',
    link(`/clear-desk?team=${encodeURIComponent(teamId)}`, `${teamName}: clear desk`)),
    items.length === 0 ? paragraph('No referral is waiting for this team.') : [
      paragraph(`${items.length} ${items.length === 1 ? 'referral is' : 'referrals are'} `
        + 'waiting for an answer, oldest first.'),
      sortableTable({
        caption: `${title}, oldest first`,
        captionClass: 'govuk-visually-hidden',
        head: [
          { text: 'Referral', sort: 'none' },
          { text: 'Contact', sort: 'none' },
          { text: 'Made', sort: 'ascending' },
          { text: 'Kind', sort: 'none' },
          { text: 'Made by', sort: 'none' },
          { text: 'Time left', sort: 'none' },
          { text: 'Answer' },
        ],
        rows,
      }),
    ],
  ];
}

/* timeLeft(referral): the running clock with the least time left, as badge and words. */
function timeLeft(r) {
  const running = (r.clocks || []).filter((c) => c.time_left);
  if (!running.length) return { content: '', sortValue: Number.MAX_SAFE_INTEGER };
  running.sort((a, b) => timeLeftSortValue(a) - timeLeftSortValue(b));
  return timeLeftCell(running[0], new Date().toISOString());
}

function referralRows(items) {
  return items.map((r) => [
    { content: [r.reference, ' ', referralBadge(r)], sortValue: r.reference },
    {
      content: link(contactHref(r.contact_id), r.contact_reference),
      sortValue: r.contact_reference,
    },
    r.to_team ? link(`/referrals/team/${encodeURIComponent(r.to_team.id)}`, r.to_team.name) : '',
    { content: formatShortDateTime(r.created_at), sortValue: Date.parse(r.created_at) },
    r.return_reason || '',
  ]);
}

function referralTable(caption, items) {
  return sortableTable({
    caption,
    captionClass: 'govuk-table__caption--s',
    head: [
      { text: 'Referral', sort: 'none' },
      { text: 'Contact', sort: 'none' },
      { text: 'To', sort: 'none' },
      { text: 'Made', sort: 'ascending' },
      { text: 'Why returned' },
    ],
    rows: referralRows(items),
  });
}

/* dayWords("2026-11-23"): "Monday 23 November 2026" (a calendar day, no time zone); "this
 * day" when there is none. */
function dayWords(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return 'this day';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const part = (opts) => date.toLocaleDateString('en-GB', { ...opts, timeZone: 'UTC' });
  return `${part({ weekday: 'long' })} ${Number(m[3])} ${part({ month: 'long' })} ${m[1]}`;
}

/* clearDeskPage(ctx): ?team=ID, else the signed-in person's own desk. */
export async function clearDeskPage(ctx) {
  const raw = ctx.query.get('team');
  const teamId = raw && /^[1-9][0-9]*$/.test(raw) ? Number(raw) : null;
  const [desk, teamsData] = await Promise.all([clearDesk(teamId), listTeams()]);
  const teams = sortedTeams(teamsData);
  const title = desk.team ? `${desk.team.name}: clear desk` : 'Your clear desk';
  ctx.setTitle(title);
  const pending = desk.referrals_pending || [];
  const returned = desk.referrals_returned || [];
  const transfers = desk.transfers_not_referred || [];
  const open = desk.contacts_without_outcome || [];
  const openTotal = Number.isInteger(desk.contacts_without_outcome_total)
    ? desk.contacts_without_outcome_total : open.length;
  const section = (id, text) => h('h2', { class: 'govuk-heading-m', id }, text);
  return [
    heading(title, 'l', 'Queues'),
    paragraph(`What is still on the desk on ${dayWords(desk.day)}, before the end of the day.`),
    teamChooser(ctx, {
      id: 'desk-team', label: 'Team', teams, value: teamId,
      hrefFor: (id) => (id ? `/clear-desk?team=${encodeURIComponent(id)}` : '/clear-desk'),
      submitText: 'Show the desk',
    }),
    section('desk-pending', 'Referrals not yet accepted'),
    pending.length ? referralTable('Referrals not yet accepted', pending)
      : paragraph('Every referral made has been accepted or returned.'),
    section('desk-returned', 'Referrals returned today'),
    returned.length ? referralTable('Referrals returned today', returned)
      : paragraph('No referral was returned today.'),
    section('desk-transfers', 'Transfers decided but not referred'),
    transfers.length ? h('ul', { class: 'govuk-list' }, transfers.map((t) => h('li', {},
      link(contactHref(t.contact_id), t.contact_reference),
      ` – ${t.transfer || 'transfer'}${t.to_team ? ` to ${t.to_team.name}` : ''}, decided `
        + `${formatShortDateTime(t.decided_at)}${t.decided_by ? ` by ${t.decided_by.name}` : ''}`)))
      : paragraph('Every transfer decided has its referral.'),
    section('desk-contacts', 'Contacts without an outcome'),
    open.length ? [
      paragraph(`${openTotal} open ${openTotal === 1 ? 'contact' : 'contacts'}.`),
      h('ul', { class: 'govuk-list' }, open.map((c) => h('li', {},
        link(contactHref(c.id), c.reference), c.caller_name ? ` – ${c.caller_name}` : '',
        c.received_at ? `, received ${formatShortDateTime(c.received_at)}` : ''))),
    ] : paragraph('Every contact has its outcome.'),
  ];
}
