/*
 * schedule: working hours and nearby days in words, for the directory and deadline pages. It
 * turns the API's weekly patterns ({ monday: "09:00-17:00", ... }) into "9am to 5pm", says
 * when something happens relative to now ("today at 9am", "Monday 30 November at 9am"), and
 * finds the current week in London. Like time.js it works in Europe/London from the browser's
 * Intl data; it does not know bank holidays or decide availability (the server does).
 */
import { fromLondonWallTime, londonParts } from './time.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sunday'];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',
  'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const DAY_MS = 24 * 60 * 60 * 1000;

export function weekdayName(key) {
  const i = WEEKDAYS.indexOf(key);
  return i < 0 ? String(key ?? '') : WEEKDAY_NAMES[i];
}

/* clockWords(minutes): 0 → "midnight", 720 → "midday", 540 → "9am", 510 → "8:30am". */
export function clockWords(minutes) {
  if (minutes === 0 || minutes === 24 * 60) return 'midnight';
  if (minutes === 12 * 60) return 'midday';
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  if (minute === 0) return `${hour12}${suffix}`;
  return `${hour12}:${String(minute).padStart(2, '0')}${suffix}`;
}

/* Ranges of one day's pattern as [[from, to]] in minutes, adjacent ranges joined; null if the
 * text does not parse. "closed" and "" are no ranges. */
function dayRanges(text) {
  const t = String(text ?? '').trim();
  if (t === '' || t === 'closed') return [];
  const ranges = [];
  for (const part of t.split(',')) {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(part.trim());
    if (!m) return null;
    const from = Number(m[1]) * 60 + Number(m[2]);
    const to = Number(m[3]) * 60 + Number(m[4]);
    const last = ranges[ranges.length - 1];
    if (last && last[1] === from) last[1] = to;
    else ranges.push([from, to]);
  }
  return ranges;
}

/* hoursWords(text): one day of a working pattern in words: "9am to 5pm", "Closed", "All day",
 * "Midnight to 9am, 5pm to midnight". Text that does not parse is shown as it is. */
export function hoursWords(text) {
  const ranges = dayRanges(text);
  if (ranges === null) return String(text);
  if (ranges.length === 0) return 'Closed';
  if (ranges.length === 1 && ranges[0][0] === 0 && ranges[0][1] === 24 * 60) return 'All day';
  const words = ranges.map(([from, to]) => `${clockWords(from)} to ${clockWords(to)}`).join(', ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/*
 * weekSummary(hours): a weekly pattern as lines, runs of days with the same hours joined:
 * ["Monday to Friday: 9am to 5pm", "Saturday and Sunday: closed"].
 */
export function weekSummary(hours) {
  const lines = [];
  let start = 0;
  for (let i = 1; i <= WEEKDAYS.length; i++) {
    const same = i < WEEKDAYS.length
      && hoursWords(hours?.[WEEKDAYS[i]]) === hoursWords(hours?.[WEEKDAYS[start]]);
    if (same) continue;
    const joiner = i - 1 === start + 1 ? 'and' : 'to';
    const days = i - 1 === start ? WEEKDAY_NAMES[start]
      : `${WEEKDAY_NAMES[start]} ${joiner} ${WEEKDAY_NAMES[i - 1]}`;
    const words = hoursWords(hours?.[WEEKDAYS[start]]);
    const lower = words === 'Closed' || words === 'All day' ? words.toLowerCase() : words;
    lines.push(`${days}: ${lower}`);
    start = i;
  }
  return lines;
}

/* The weekday name of London date parts { year, month, day }. */
function weekdayOf(p) {
  return WEEKDAY_NAMES[(new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7];
}

/* The London calendar day of an instant as a day number (days since 1970-01-01). */
function londonDayNumber(date) {
  const p = londonParts(date);
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / DAY_MS);
}

function timeOfDay(p) {
  return clockWords(p.hour * 60 + p.minute);
}

/*
 * whenWords(iso, nowIso): an instant near now in words, London time: "today at 9am",
 * "tomorrow at 9am", "yesterday at 4:30pm", "Monday 30 November at 9am" (with the year when
 * it is not this year's). The input if it does not parse.
 */
export function whenWords(iso, nowIso) {
  const date = new Date(iso);
  const now = nowIso ? new Date(nowIso) : new Date();
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  if (Number.isNaN(now.getTime())) return whenWords(iso, null);
  const p = londonParts(date);
  const days = londonDayNumber(date) - londonDayNumber(now);
  const at = `at ${timeOfDay(p)}`;
  if (days === 0) return `today ${at}`;
  if (days === 1) return `tomorrow ${at}`;
  if (days === -1) return `yesterday ${at}`;
  const weekday = weekdayOf(p);
  const year = p.year === londonParts(now).year ? '' : ` ${p.year}`;
  return `${weekday} ${p.day} ${MONTHS[p.month - 1]}${year} ${at}`;
}

/* dayWords(isoDate): "2026-12-25" → "Friday 25 December 2026". */
export function dayWords(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate ?? ''));
  if (!m) return String(isoDate ?? '');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const weekday = WEEKDAY_NAMES[(d.getUTCDay() + 6) % 7];
  return `${weekday} ${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/*
 * londonWeek(now): the London week holding now, Monday 00:00 to the next Monday 00:00, as
 * { from: Date, to: Date }. Midnight is never skipped by the UK clock changes (they happen at
 * 1am and 2am), so both ends exist.
 */
export function londonWeek(now = new Date()) {
  const p = londonParts(now);
  const today = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const sinceMonday = (today.getUTCDay() + 6) % 7;
  const monday = new Date(today.getTime() - sinceMonday * DAY_MS);
  const next = new Date(monday.getTime() + 7 * DAY_MS);
  const midnight = (d) => fromLondonWallTime({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0,
  }).date;
  return { from: midnight(monday), to: midnight(next) };
}

/* todayKey(now): "monday" ... "sunday" for now in London. */
export function todayKey(now = new Date()) {
  const p = londonParts(now);
  return WEEKDAYS[(new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7];
}

function isLondonMidnight(date) {
  const p = londonParts(date);
  return p.hour === 0 && p.minute === 0;
}

function dayOf(date) {
  const p = londonParts(date);
  const weekday = weekdayOf(p);
  return `${weekday} ${p.day} ${MONTHS[p.month - 1]}`;
}

/*
 * untilWords(iso, nowIso): the end of something, as "today at 3pm", or — when it ends at
 * London midnight — "the end of Sunday 29 November" (never the ambiguous "midnight").
 */
export function untilWords(iso, nowIso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || !isLondonMidnight(date)) return whenWords(iso, nowIso);
  return `the end of ${dayOf(new Date(date.getTime() - 60 * 60 * 1000))}`;
}

/*
 * spanWords(startIso, endIso): a calendar entry's span in London time: whole days as
 * "Monday 23 November to Sunday 29 November", one day's part as "Tuesday 24 November, 10am to
 * 11:30am", otherwise "Tuesday 24 November 4pm to Wednesday 25 November 9am".
 */
export function spanWords(startIso, endIso) {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    return `${startIso ?? ''} to ${endIso ?? ''}`;
  }
  if (isLondonMidnight(start) && isLondonMidnight(end)) {
    const last = new Date(end.getTime() - 60 * 60 * 1000);
    const first = dayOf(start);
    const final = dayOf(last);
    return first === final ? `${first} (all day)` : `${first} to ${final}`;
  }
  const s = londonParts(start);
  const e = londonParts(end);
  if (dayOf(start) === dayOf(end) || isLondonMidnight(end)
    && dayOf(start) === dayOf(new Date(end.getTime() - 60 * 60 * 1000))) {
    return `${dayOf(start)}, ${timeOfDay(s)} to ${isLondonMidnight(end) ? 'midnight'
      : timeOfDay(e)}`;
  }
  return `${dayOf(start)} ${timeOfDay(s)} to ${dayOf(end)} ${timeOfDay(e)}`;
}
