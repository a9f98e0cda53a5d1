/*
 * team page (/teams/{id}): one team or service — its details and duty line, whether it is
 * open now, its opening hours, the days it is closed from today, and its members with when
 * each can next be reached. It only reads.
 */
import { ApiError } from '../api.js';
import { getTeam, listWorkers } from '../directory-api.js';
import { h } from '../dom.js';
import { backLink, heading, link, paragraph, summaryList, table } from '../govuk.js';
import { dayWords, hoursWords, todayKey, weekdayName, WEEKDAYS } from '../schedule.js';
import { notFoundPage } from './errors.js';
import { openNow, phoneLink } from './teams.js';
import { availabilityCell } from './workers.js';

function h2(text) {
  return h('h2', { class: 'govuk-heading-m' }, text);
}

export async function teamPage(ctx) {
  let team;
  let workers;
  try {
    [team, workers] = await Promise.all([
      getTeam(ctx.params.id),
      listWorkers({ team: ctx.params.id }),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Team not found',
        text: 'There is no team with this number. Check the web address, or find the team in '
          + 'the list of teams.',
      });
    }
    throw err;
  }
  ctx.setTitle(team.name);
  const members = Array.isArray(workers.items) ? workers.items : [];
  const managerIds = new Set((team.members || []).filter((m) => m.is_manager).map((m) => m.id));
  const today = todayKey();
  const closed = Array.isArray(team.closed_days) ? team.closed_days : [];

  return [
    backLink('/teams', 'Back to teams'),
    heading(team.name, 'l', team.type_label),
    h('p', { class: 'govuk-body' }, openNow(team)),
    summaryList([
      { key: 'Type', value: team.type_label },
      { key: 'Locality', value: team.locality || 'Not recorded' },
      { key: 'Duty line', value: team.duty_line ? phoneLink(team.duty_line) : 'None' },
      {
        key: 'Email',
        value: team.email ? link(`mailto:${team.email}`, team.email) : 'None',
      },
      team.website ? {
        key: 'Website',
        value: /^https?:\/\//.test(team.website)
          ? h('a', { class: 'govuk-link', href: team.website, rel: 'noreferrer noopener' },
            team.website)
          : team.website,
      } : null,
      {
        key: 'What it does',
        value: team.description || 'Not recorded',
        valueClass: 'app-preserve-lines',
      },
      { key: 'Council team', value: team.council ? 'Yes' : 'No, a partner agency' },
      {
        key: 'Bank holidays',
        value: team.closed_bank_holidays ? 'Closed on bank holidays' : 'Open on bank holidays',
      },
    ].filter(Boolean)),

    table({
      caption: 'Opening hours',
      head: ['Day', 'Hours'],
      rows: WEEKDAYS.map((day) => [
        day === today ? { content: [weekdayName(day), ' (today)'], classes: 'app-today' }
          : weekdayName(day),
        day === today ? { content: hoursWords(team.hours?.[day]), classes: 'app-today' }
          : hoursWords(team.hours?.[day]),
      ]),
    }),

    h2('Closed days'),
    closed.length === 0
      ? paragraph('No closed days are planned, apart from any bank holidays above.')
      : table({
        caption: 'Days the team is closed, from today',
        captionClass: 'govuk-table__caption--s',
        head: ['Date', 'Reason'],
        rows: closed.map((d) => [dayWords(d.date), d.reason || 'No reason given']),
      }),

    h2('Members'),
    members.length === 0 ? paragraph('Nobody is listed in this team.') : table({
      caption: `People in ${team.name}`,
      captionClass: 'govuk-table__caption--s',
      head: ['Name', 'Job', 'Phone', 'Available'],
      rows: members.map((w) => [
        link(`/workers/${encodeURIComponent(w.id)}`, w.name),
        {
          content: [w.job_title || w.role_label, managerIds.has(w.id) ? h('br') : null,
            managerIds.has(w.id) ? h('span', { class: 'govuk-body-s' }, 'Manages this team')
              : null],
        },
        { content: phoneLink(w.phone), classes: 'app-nowrap' },
        availabilityCell(w.availability),
      ]),
    }),
  ];
}
