/*
 * clocks: how a service-level clock looks wherever it appears (a contact's deadlines, the
 * managers' dashboard, a clock's own page): its status as an MOJ badge — red when overdue or
 * missed, amber once the policy's warning point has passed — the time left in the server's
 * words (in working time where the policy counts it), and its history in words. "Now" is
 * always the server's (which a test clock may move), never the browser's. It does not change
 * clocks: the pages do, through deadlines-api.js.
 */
import { h } from './dom.js';
import { badge } from './moj.js';

const TELL = {
  owner: 'the owner',
  line_manager: "the owner's line manager",
  duty_manager: 'the duty manager of the day',
  head_of_service: 'the head of service',
  senior_district_officer: 'the Senior District Officer',
};

export function tellWords(tell) {
  return TELL[tell] || String(tell ?? '').replace(/_/g, ' ');
}

/* isDueSoon(clock, nowIso): a running clock whose warning point has passed. */
export function isDueSoon(clock, nowIso) {
  if (clock.state !== 'running' || !clock.open) return false;
  if (clock.time_left && clock.time_left.overdue) return false;
  if (clock.warned_at) return true;
  const warn = Date.parse(clock.warn_at);
  const now = Date.parse(nowIso);
  return Number.isFinite(warn) && Number.isFinite(now) && now >= warn;
}

export function isOverdue(clock) {
  return (clock.state === 'breached' && clock.open)
    || (clock.state === 'running' && Boolean(clock.time_left && clock.time_left.overdue));
}

/* clockStatus(clock, nowIso): { text, colour } for the status badge. */
export function clockStatus(clock, nowIso) {
  if (isOverdue(clock)) return { text: 'Overdue', colour: 'red' };
  switch (clock.state) {
    case 'breached': return { text: 'Missed', colour: 'red' };
    case 'met': return { text: 'Met', colour: 'green' };
    case 'cancelled': return { text: 'Cancelled', colour: 'grey' };
    case 'paused': return { text: 'Paused', colour: 'grey' };
    default:
      return isDueSoon(clock, nowIso) ? { text: 'Due soon', colour: 'amber' }
        : { text: 'On time', colour: 'blue' };
  }
}

export function statusBadge(clock, nowIso) {
  const s = clockStatus(clock, nowIso);
  return badge(s.text, s.colour);
}

/*
 * timeLeftWords(clock): "2 working hours 15 minutes left", "3 hours overdue" (the server's
 * words), or what stands instead when no time is counting down.
 */
export function timeLeftWords(clock) {
  if (clock.time_left && clock.time_left.text) return clock.time_left.text;
  if (clock.state === 'paused') return 'Paused: not counting';
  if (clock.state === 'met') return 'Met in time';
  if (clock.state === 'cancelled') return 'Cancelled';
  if (clock.state === 'breached') return 'Deadline missed';
  return 'Not known';
}

/* timeLeftSortValue(clock): milliseconds left (negative when overdue); stopped and paused
 * clocks sort last. */
export function timeLeftSortValue(clock) {
  if (clock.time_left && Number.isFinite(clock.time_left.ms)) return clock.time_left.ms;
  return Number.MAX_SAFE_INTEGER;
}

/* timeLeftCell(clock, nowIso): the badge and the time left, for a table. */
export function timeLeftCell(clock, nowIso) {
  return {
    content: [statusBadge(clock, nowIso), h('span', { class: 'app-badge-note' }, ' ',
      timeLeftWords(clock))],
    sortValue: timeLeftSortValue(clock),
  };
}

/* eventWords(event): { title, description } for one event of a clock's history. */
export function eventWords(e) {
  const told = e.told && e.told.name ? e.told.name : null;
  const detail = e.detail || null;
  switch (e.kind) {
    case 'start': return { title: 'Clock started', description: null };
    case 'warning':
      return { title: told ? `Warning sent to ${told}` : 'Warning sent', description: null };
    case 'breach': return { title: 'Deadline missed', description: null };
    case 'escalation':
      return {
        title: `Escalated to ${tellWords(e.tell)}${told ? `: ${told}` : ''}`,
        description: e.step ? `Step ${e.step} of the escalation` : null,
      };
    case 'escalation_skipped':
      return { title: `Escalation to ${tellWords(e.tell)} skipped`, description: detail };
    case 'acknowledge': return { title: 'Escalation acknowledged', description: detail };
    case 'breach_reason':
      return { title: 'Reason for missing the deadline recorded', description: detail };
    case 'pause': return { title: 'Clock paused', description: detail };
    case 'resume': return { title: 'Clock resumed', description: null };
    case 'stop':
      return { title: detail === 'met' ? 'Deadline met' : `Clock stopped (${detail || 'stopped'})`,
        description: null };
    case 'error': return { title: 'The clock could not be moved on', description: detail };
    default: return { title: String(e.kind ?? ''), description: detail };
  }
}
