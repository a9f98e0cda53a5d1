/*
 * time: dates and times as staff see them, in Europe/London with its clock changes. It turns a
 * wall-clock date and time typed into a form into an ISO 8601 timestamp with its UTC offset, and
 * a server timestamp into words ("23 November 2026 at 9:15am"). It uses the browser's Intl time
 * zone data only; it does not know working days or bank holidays (the server does).
 */

export const TIME_ZONE = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/* londonParts(date): { year, month (1-12), day, hour (0-23), minute, second } in London. */
export function londonParts(date) {
  const out = {};
  for (const p of partsFormat.formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year, month: out.month, day: out.day,
    hour: out.hour % 24, minute: out.minute, second: out.second,
  };
}

/* London's offset from UTC, in minutes, at the instant ms (UTC milliseconds). */
function offsetMinutesAt(ms) {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = londonParts(new Date(whole));
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - whole) / 60000);
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function formatOffset(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/* isRealDate(year, month, day): whether the numbers name a day in the calendar (year >= 1900). */
export function isRealDate(year, month, day) {
  if (![year, month, day].every(Number.isInteger) || year < 1900 || year > 9999) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/*
 * fromLondonWallTime({ year, month, day, hour, minute }): the instant a London clock showed that
 * time, as { date, iso } where iso is "YYYY-MM-DDTHH:MM:00+01:00". When the clocks go back and
 * the time happens twice, the first (summer time) is taken. Returns null for a time that never
 * happened (skipped when the clocks go forward).
 */
export function fromLondonWallTime({ year, month, day, hour, minute }) {
  const wall = Date.UTC(year, month - 1, day, hour, minute, 0);
  const day_ms = 24 * 60 * 60 * 1000;
  const candidates = new Set([offsetMinutesAt(wall - day_ms), offsetMinutesAt(wall + day_ms)]);
  const matches = [];
  for (const offset of candidates) {
    const instant = wall - offset * 60000;
    if (offsetMinutesAt(instant) === offset) matches.push({ offset, instant });
  }
  if (matches.length === 0) return null;
  matches.sort((a, b) => a.instant - b.instant);
  const { offset, instant } = matches[0];
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00`
    + formatOffset(offset);
  return { date: new Date(instant), iso };
}

/*
 * parseTime(text): "9:15", "09:15", "14.30", "2:30pm", "9am" → { hour, minute }, or null. A bare
 * hour without am or pm is refused as ambiguous.
 */
export function parseTime(text) {
  const m = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?\s*$/i.exec(text || '');
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 59) return null;
  if (m[3]) {
    if (hour < 1 || hour > 12) return null;
    const pm = m[3].toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/* GOV.UK style, as schedule.js clockWords: "9am", "9:15am", "midday", "midnight". */
function clock(p) {
  if (p.minute === 0 && p.hour === 0) return 'midnight';
  if (p.minute === 0 && p.hour === 12) return 'midday';
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const minutes = p.minute === 0 ? '' : `:${pad(p.minute)}`;
  return `${hour12}${minutes}${p.hour < 12 ? 'am' : 'pm'}`;
}

/* formatDateTime(iso): "23 November 2026 at 9:15am" ("…at 9am") in London time; the input if
 * unparseable. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  const p = londonParts(date);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year} at ${clock(p)}`;
}

/* formatShortDateTime(iso): "23 Nov 2026, 9:15am" ("…, 9am") in London time, for tables. */
export function formatShortDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  const p = londonParts(date);
  return `${p.day} ${MONTHS[p.month - 1].slice(0, 3)} ${p.year}, ${clock(p)}`;
}

/* formatTime24(parts): "09:15", the form's default time. */
export function formatTime24(p) {
  return `${pad(p.hour)}:${pad(p.minute)}`;
}
