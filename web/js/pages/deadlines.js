/*
 * deadlines page (/deadlines): the managers' view of service-level clocks — how many are due
 * soon, overdue, missed this month (and how many of those still lack a reason), by policy and
 * by team — and every open clock in a sortable table, soonest deadline first. Managers, duty
 * managers and administrators can acknowledge a missed deadline's escalation from the table;
 * the reason for a miss is recorded on the clock's page. ?team= narrows everything to a team.
 */
import { ApiError, loadSession, sessionUser } from '../api.js';
import { canActOnAnyClock } from '../access.js';
import { isOverdue, timeLeftCell } from '../clocks.js';
import { acknowledgeClock, deadlineDashboard, openClocks } from '../deadlines-api.js';
import { h, replaceContent } from '../dom.js';
import {
  button, errorSummary, heading, initComponents, link, notificationBanner, paragraph, table,
} from '../govuk.js';
import { initMoj, sortableTable } from '../moj.js';
import { formatDateTime, formatShortDateTime, londonParts } from '../time.js';

const OPEN_LIMIT = 500;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/* The first day of the dashboard's month: "1 November 2026". */
function monthWords(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  const p = londonParts(d);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

function stat(number, label, tone) {
  return h('li', { class: ['app-stat', tone && `app-stat--${tone}`] },
    h('span', { class: 'app-stat__number' }, String(number ?? 0)),
    h('span', { class: 'app-stat__label' }, label));
}

function countsTable({ caption, rows, first }) {
  return table({
    caption,
    head: [first, 'Running', 'Due soon', 'Overdue', 'Missed this month', 'Missed without a reason',
      'Met this month'],
    rows: rows.map((r) => [r.name, r.c.running, r.c.due_soon,
      r.c.overdue ? { content: String(r.c.overdue), classes: 'app-count--alert' } : '0',
      r.c.breached_this_month,
      r.c.breaches_without_reason ? { content: String(r.c.breaches_without_reason),
        classes: 'app-count--alert' } : '0',
      r.c.met_this_month].map((v) => (typeof v === 'number' ? String(v) : v))),
  });
}

export async function deadlinesPage(ctx) {
  const teamRaw = ctx.query.get('team') || '';
  const team = /^[1-9][0-9]{0,17}$/.test(teamRaw) ? teamRaw : '';
  const [dash, open] = await Promise.all([
    deadlineDashboard({ team }),
    openClocks({ team, limit: OPEN_LIMIT }),
  ]);
  const acknowledged = ctx.state && ctx.state.acknowledged ? String(ctx.state.acknowledged) : null;
  if (acknowledged) history.replaceState(null, '', location.href); /* once, not on Back */

  const root = h('div', {});
  let errors = [];
  let busy = false;

  const teams = (Array.isArray(dash.teams) ? dash.teams : [])
    .filter((t) => t.team && t.team.id !== null);
  const clocks = Array.isArray(open.items) ? open.items : [];
  const now = open.now || dash.now;
  const overall = dash.overall || {};
  const teamName = team ? (teams.find((t) => String(t.team.id) === team)?.team.name
    || `team ${team}`) : null;

  async function onAcknowledge(clock) {
    if (busy) return;
    busy = true;
    try {
      await acknowledgeClock(clock.id, '');
      ctx.navigate(location.pathname + location.search, {
        replace: true,
        state: { acknowledged: `${clock.entity.reference} (${clock.policy.name})` },
      });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && [403, 409].includes(err.status)) {
        errors = [{ text: `${clock.entity.reference}: ${err.message}` }];
      } else {
        if (err instanceof ApiError && err.code === 'csrf') await loadSession().catch(() => null);
        errors = [{ text: 'Sorry, there is a problem with the service. Nothing has been '
          + 'acknowledged. Try again' }];
      }
    } finally {
      busy = false;
    }
    draw();
  }

  function action(clock, mayAcknowledge) {
    const label = h('span', { class: 'govuk-visually-hidden' },
      ` ${clock.policy.name} for ${clock.entity.reference}`);
    const parts = [];
    if (mayAcknowledge && clock.state === 'breached' && clock.open
      && !(clock.escalation && clock.escalation.acknowledged_at)) {
      parts.push(h('button', {
        type: 'button',
        class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-1 app-button--small',
        'data-module': 'govuk-button',
        on: { click: () => onAcknowledge(clock) },
      }, 'Acknowledge', label.cloneNode(true)));
    }
    if (clock.breach_reason_needed) {
      parts.push(h('a', {
        class: 'govuk-link app-nowrap', href: `/clocks/${encodeURIComponent(clock.id)}`,
      }, 'Record reason', label.cloneNode(true)));
    }
    if (clock.escalation && clock.escalation.acknowledged_at) parts.push('Acknowledged');
    return parts.length ? parts.map((p, i) => [i > 0 ? h('br') : null, p]) : '';
  }

  function draw() {
    const user = sessionUser();
    const mayAcknowledge = canActOnAnyClock(user);
    const title = teamName ? `Deadlines: ${teamName}` : 'Deadlines';
    ctx.setTitle(title, errors.length > 0);

    const filter = h('form', {
      class: 'app-filter', novalidate: true, action: '/deadlines', method: 'get',
      on: {
        submit(event) {
          event.preventDefault();
          const value = String(new FormData(event.target).get('team') || '');
          ctx.navigate(value ? `/deadlines?team=${encodeURIComponent(value)}` : '/deadlines');
        },
      },
    },
    h('div', { class: 'app-filter__fields' },
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: 'team' }, 'Team'),
        h('select', { class: 'govuk-select', id: 'team', name: 'team' },
          h('option', { value: '', selected: team === '' }, 'All teams'),
          teams.map((t) => h('option', {
            value: String(t.team.id), selected: String(t.team.id) === team,
          }, t.team.name))))),
    h('div', { class: 'govuk-button-group' },
      button('Show deadlines', { class: 'govuk-button govuk-button--secondary' }),
      team ? link('/deadlines', 'All teams') : null));

    const policies = (Array.isArray(dash.policies) ? dash.policies : [])
      .map((p) => ({ name: p.policy.name, c: p }));
    const byTeam = (Array.isArray(dash.teams) ? dash.teams : [])
      .map((t) => ({ name: t.team.name, c: t }));

    replaceContent(root,
      errors.length ? errorSummary(errors) : null,
      acknowledged && errors.length === 0 ? notificationBanner({
        success: true, text: `Escalation acknowledged: ${acknowledged}`,
      }) : null,
      heading(title),
      paragraph(link('/deadlines/policies', 'Deadline policies'), ' · ',
        link('/deadlines/rota', 'Duty rota and escalation contacts')),
      filter,
      h('h2', { class: 'govuk-heading-m' }, 'Summary'),
      h('ul', { class: 'app-stats', 'aria-label': 'Deadline counts' },
        stat(overall.due_soon, `Due in the next ${dash.soon_hours || 4} hours`, 'amber'),
        stat(overall.overdue, 'Overdue now', 'red'),
        stat(overall.breached_this_month, 'Missed this month', null),
        stat(overall.breaches_without_reason, 'Missed without a reason recorded', null),
        stat(overall.met_this_month, 'Met this month', null),
        stat(overall.running, 'Running', null),
        stat(overall.paused, 'Paused', null)),
      h('p', { class: 'govuk-body-s' },
        `Counted at ${formatDateTime(dash.now)}. "This month" is from `
        + `${monthWords(dash.month_from)}.`),

      h('h2', { class: 'govuk-heading-m', id: 'open' }, 'Open deadlines'),
      clocks.length === 0 ? paragraph('There are no open deadlines.') : [
        clocks.length >= OPEN_LIMIT
          ? paragraph(`Showing the ${OPEN_LIMIT} soonest open deadlines.`) : null,
        sortableTable({
          caption: `Open deadlines, soonest first (${clocks.length}, `
            + `${clocks.filter(isOverdue).length} overdue)`,
          captionClass: 'govuk-table__caption--s',
          head: [
            { text: 'Record', sort: 'none' },
            { text: 'Deadline', sort: 'none' },
            { text: 'Team', sort: 'none' },
            { text: 'Owner', sort: 'none' },
            { text: 'Due', sort: 'none' },
            { text: 'Time left', sort: 'ascending' },
            { text: 'Action' },
          ],
          rows: clocks.map((c) => [
            {
              content: c.entity.link ? link(c.entity.link, c.entity.reference) : c.entity.reference,
              sortValue: c.entity.reference,
              classes: 'app-nowrap',
            },
            {
              content: link(`/clocks/${encodeURIComponent(c.id)}`, c.policy.name),
              sortValue: c.policy.name,
            },
            { content: c.team ? c.team.name : 'None', sortValue: c.team ? c.team.name : '' },
            { content: c.owner ? c.owner.name : 'Nobody', sortValue: c.owner ? c.owner.name : '' },
            {
              content: c.due_at ? formatShortDateTime(c.due_at) : 'Paused',
              sortValue: Date.parse(c.due_at) || Number.MAX_SAFE_INTEGER,
            },
            timeLeftCell(c, now),
            action(c, mayAcknowledge),
          ]),
        })],

      policies.length ? countsTable({ caption: 'By policy', first: 'Policy', rows: policies })
        : null,
      byTeam.length ? countsTable({ caption: 'By team', first: 'Team', rows: byTeam }) : null);
    if (root.isConnected) {
      initComponents(root);
      initMoj(root);
    }
  }

  draw();
  return root;
}
