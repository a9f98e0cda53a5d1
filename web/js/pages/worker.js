/*
 * worker page (/workers/{id}): one person in the directory — whether they are available now
 * and when they next are, their details, line manager, teams, whether they may make
 * safeguarding decisions, working hours, and what is in their calendar this week (titles only
 * for the worker themselves and directory administrators, as the API decides). It only reads.
 */
import { ApiError } from '../api.js';
import { getAvailability, getCalendar, getWorker } from '../directory-api.js';
import { h } from '../dom.js';
import { backLink, heading, link, paragraph, summaryList, table } from '../govuk.js';
import { badge } from '../moj.js';
import {
  dayWords, hoursWords, londonWeek, spanWords, todayKey, untilWords, weekdayName, WEEKDAYS,
} from '../schedule.js';
import { londonParts } from '../time.js';
import { notFoundPage } from './errors.js';
import { phoneLink } from './teams.js';
import { availabilityWords } from './workers.js';

function h2(text) {
  return h('h2', { class: 'govuk-heading-m' }, text);
}

function person(p) {
  if (!p) return 'None recorded';
  return [link(`/workers/${encodeURIComponent(p.id)}`, p.name),
    p.phone ? [h('br'), phoneLink(p.phone)] : null];
}

function activeWords(w) {
  if (!w.active_from && !w.active_to) return 'No end date';
  if (w.active_from && w.active_to) {
    return `From ${dayWords(w.active_from)} to ${dayWords(w.active_to)}`;
  }
  return w.active_from ? `From ${dayWords(w.active_from)}` : `Until ${dayWords(w.active_to)}`;
}

export async function workerPage(ctx) {
  const week = londonWeek();
  let worker;
  let av;
  let calendar;
  try {
    [worker, av, calendar] = await Promise.all([
      getWorker(ctx.params.id),
      getAvailability(ctx.params.id),
      getCalendar(ctx.params.id, week.from, week.to),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Worker not found',
        text: 'There is no worker with this number. Check the web address, or find the person '
          + 'in the list of workers.',
      });
    }
    throw err;
  }
  ctx.setTitle(worker.name);
  const words = availabilityWords(av);
  const entries = Array.isArray(calendar.items) ? calendar.items : [];
  const showTitles = entries.some((e) => 'title' in e);
  const today = todayKey();

  const availability = [
    h('p', { class: 'govuk-body app-availability', id: 'availability-now' },
      badge(words.status, words.colour, 'Now: ')),
    av.current_entry ? paragraph(`${av.current_entry.kind_label} until `,
      untilWords(av.current_entry.ends_at, av.checked_at), '.') : null,
    words.next ? h('p', { class: 'govuk-body-l', id: 'next-available' }, words.next) : null,
    !av.available_now && av.line_manager ? paragraph('If it cannot wait, contact their line '
      + 'manager, ', link(`/workers/${encodeURIComponent(av.line_manager.id)}`,
      av.line_manager.name), av.line_manager.phone ? ` on ${av.line_manager.phone}` : '', '.')
      : null,
  ];

  return [
    backLink('/workers', 'Back to workers'),
    heading(worker.name, 'l', worker.job_title || worker.role_label),
    ...availability,

    summaryList([
      { key: 'Job title', value: worker.job_title || 'Not recorded' },
      { key: 'Role', value: worker.role_label },
      { key: 'Staff number', value: worker.staff_number || 'Not recorded' },
      {
        key: 'Teams',
        value: (worker.teams || []).length === 0 ? 'None' : h('ul', { class: 'govuk-list' },
          worker.teams.map((t) => h('li', {},
            link(`/teams/${encodeURIComponent(t.id)}`, t.name),
            t.is_manager ? ' (manager)' : null))),
      },
      { key: 'Line manager', value: person(av.line_manager || worker.line_manager) },
      { key: 'Phone', value: worker.phone ? phoneLink(worker.phone) : 'Not recorded' },
      {
        key: 'Email',
        value: worker.email ? link(`mailto:${worker.email}`, worker.email) : 'Not recorded',
      },
      {
        key: 'Safeguarding decisions',
        value: worker.safeguarding_qualified ? 'Qualified to make safeguarding decisions'
          : 'Not qualified to make safeguarding decisions',
      },
      { key: 'Working dates', value: activeWords(worker) },
    ]),

    table({
      caption: 'Working hours',
      head: ['Day', 'Hours'],
      rows: WEEKDAYS.map((day) => [
        day === today ? { content: [weekdayName(day), ' (today)'], classes: 'app-today' }
          : weekdayName(day),
        day === today ? { content: hoursWords(worker.hours?.[day]), classes: 'app-today' }
          : hoursWords(worker.hours?.[day]),
      ]),
    }),
    paragraph(worker.works_bank_holidays
      ? 'Works these hours on bank holidays too.'
      : 'Bank holidays are not working days.'),

    h2('This week'),
    entries.length === 0 ? paragraph('Nothing in the calendar this week.') : table({
      caption: `Calendar from ${dayWords(isoDay(week.from))}`,
      captionClass: 'govuk-table__caption--s',
      head: showTitles ? ['What', 'When', 'Details'] : ['What', 'When'],
      rows: entries.map((e) => [
        e.kind_label,
        spanWords(e.starts_at, e.ends_at),
        showTitles ? (e.title || '') : null,
      ].filter((c) => c !== null)),
    }),
  ];
}

/* The London date of a week boundary (London midnight) as YYYY-MM-DD. */
function isoDay(date) {
  const p = londonParts(date);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
