/*
 * clock page (/clocks/{id}): one service-level clock — what it is for, its status and time
 * left, who owns it, its escalation, its history as an MOJ timeline and the messages it sent.
 * Those allowed (the owner, someone it was escalated to, a manager, duty manager or
 * administrator) can record why a missed deadline was missed and acknowledge the escalation,
 * which stops it. The server checks both again; its answer is shown on the form.
 */
import { ApiError, loadSession, sessionUser } from '../api.js';
import { canActOnClock } from '../access.js';
import { eventWords, statusBadge, timeLeftWords } from '../clocks.js';
import { acknowledgeClock, getClock, recordBreachReason } from '../deadlines-api.js';
import { h, replaceContent } from '../dom.js';
import {
  backLink, button, errorSummary, heading, initComponents, link, notificationBanner, paragraph,
  summaryList, table, textarea,
} from '../govuk.js';
import { timeline } from '../moj.js';
import { formatDateTime, formatShortDateTime } from '../time.js';
import { notFoundPage } from './errors.js';

const REASON_MAX = 1000; /* DEADLINE_REASON_MAX in src/domain/deadline.h */

const DONE = {
  reason: 'The reason for missing the deadline has been recorded',
  acknowledged: 'The escalation has been acknowledged: nobody else will be told',
};

function h2(text, id) {
  return h('h2', { class: 'govuk-heading-m', id }, text);
}

function escalationWords(clock) {
  const e = clock.escalation || {};
  if (e.acknowledged_at) return `Acknowledged ${formatDateTime(e.acknowledged_at)}`;
  const done = e.steps_done || 0;
  const parts = [done === 0 ? 'Nobody has been told yet'
    : `${done} ${done === 1 ? 'step' : 'steps'} taken`];
  if (e.next_step_at) parts.push(`next step ${formatDateTime(e.next_step_at)}`);
  return parts.join('; ');
}

function details(clock) {
  return summaryList([
    {
      key: 'Record',
      value: clock.entity.link ? link(clock.entity.link, clock.entity.reference)
        : clock.entity.reference,
    },
    /* GET /api/clocks/{id} carries no "now": the warning having been sent marks "due soon" */
    { key: 'Status', value: [statusBadge(clock, null), ' ', timeLeftWords(clock)] },
    {
      key: 'Due',
      value: clock.due_at ? formatDateTime(clock.due_at)
        : (clock.state === 'paused' ? 'Not while paused' : 'Not set'),
    },
    { key: 'Started', value: formatDateTime(clock.started_at) },
    clock.warn_at ? { key: 'Warning', value: formatDateTime(clock.warn_at) } : null,
    { key: 'Owner', value: clock.owner ? clock.owner.name : 'Nobody' },
    { key: 'Team', value: clock.team ? link(`/teams/${encodeURIComponent(clock.team.id)}`,
      clock.team.name) : 'None' },
    clock.breached_at ? { key: 'Missed', value: formatDateTime(clock.breached_at) } : null,
    clock.breached_at ? {
      key: 'Why it was missed',
      value: clock.breach_reason || 'Not recorded yet',
      valueClass: 'app-preserve-lines',
    } : null,
    clock.breached_at ? { key: 'Escalation', value: escalationWords(clock) } : null,
    clock.stopped_at ? { key: 'Stopped', value: formatDateTime(clock.stopped_at) } : null,
  ].filter(Boolean));
}

function historyTimeline(clock) {
  const events = Array.isArray(clock.history) ? clock.history.slice().reverse() : [];
  if (events.length === 0) return paragraph('Nothing has happened to this clock yet.');
  return timeline(events.map((e) => {
    const words = eventWords(e);
    // A step taken later than it fell due (the server was stopped, or the scheduler had not
    // yet run) says when it was due as well as when it was taken.
    const late = e.scheduled_at && Date.parse(e.at) - Date.parse(e.scheduled_at) >= 60000;
    const lines = [
      words.description ? words.description.charAt(0).toUpperCase() + words.description.slice(1)
        : null,
      late ? `${e.kind === 'breach' ? 'The deadline was' : 'Due at'} `
        + `${formatDateTime(e.scheduled_at)}` : null,
    ].filter(Boolean);
    return {
      title: words.title,
      byline: e.by ? e.by.name : null,
      datetime: e.at,
      dateText: formatDateTime(e.at),
      description: lines.length ? lines.map((line) => h('p', {
        class: 'govuk-body app-preserve-lines',
      }, line)) : null,
    };
  }));
}

/* What became of a message: in-app ones are unread or read; emails wait, are delivered or
 * fail (with the relay's reason). */
function deliveryWords(m) {
  switch (m.state) {
    case 'unread': return 'Not read yet';
    case 'read': return 'Read';
    case 'pending': return m.attempts > 0 ? `Not sent yet (${m.attempts} attempts so far)`
      : 'Waiting to be sent';
    case 'delivered': return `Delivered ${formatShortDateTime(m.delivered_at)}`;
    case 'failed': return `Failed${m.last_error ? `: ${m.last_error}` : ''}`;
    default: return String(m.state ?? '');
  }
}

function messages(clock) {
  const list = Array.isArray(clock.messages) ? clock.messages : [];
  if (list.length === 0) return paragraph('No messages have been sent about this clock.');
  return table({
    caption: 'Messages sent about this clock',
    captionClass: 'govuk-visually-hidden',
    head: ['To', 'How', 'Written', 'Delivery'],
    rows: list.map((m) => [
      m.recipient_name || m.to_address || 'Unknown',
      m.channel === 'email' ? 'Email' : 'In frontdoor',
      formatShortDateTime(m.created_at),
      deliveryWords(m),
    ]),
  });
}

export async function clockPage(ctx) {
  let clock;
  try {
    clock = await getClock(ctx.params.id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Deadline not found',
        text: 'There is no deadline clock with this number. Check the web address.',
      });
    }
    throw err;
  }
  const done = ctx.state && DONE[ctx.state.clockDone] ? DONE[ctx.state.clockDone] : null;
  if (done) history.replaceState(null, '', location.href); /* say it once, not on Back */

  const root = h('div', {});
  let errors = [];
  let values = { reason: '', note: '' };
  let busy = false;
  const errorFor = (field) => errors.find((e) => e.field === field);

  async function submit(event, kind) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    values = { ...values, [kind === 'reason' ? 'reason' : 'note']:
      String(data.get(kind === 'reason' ? 'reason' : 'note') ?? '') };
    errors = [];
    if (kind === 'reason') {
      if (values.reason.trim() === '') {
        errors.push({ field: 'reason', text: 'Enter why the deadline was missed' });
      } else if ([...values.reason].length > REASON_MAX) {
        errors.push({ field: 'reason', text: `Reason must be ${REASON_MAX} characters or fewer` });
      }
    } else if ([...values.note].length > REASON_MAX) {
      errors.push({ field: 'note', text: `Note must be ${REASON_MAX} characters or fewer` });
    }
    if (errors.length) {
      draw();
      return;
    }
    busy = true;
    try {
      if (kind === 'reason') await recordBreachReason(clock.id, values.reason.trim());
      else await acknowledgeClock(clock.id, values.note.trim());
      ctx.navigate(location.pathname, { replace: true, state: { clockDone: kind } });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      const field = kind === 'reason' ? 'reason' : 'note';
      if (err instanceof ApiError && [400, 403, 409].includes(err.status)) {
        const message = err.message.charAt(0).toUpperCase() + err.message.slice(1);
        errors = [{ field, text: message }];
      } else {
        if (err instanceof ApiError && err.code === 'csrf') {
          await loadSession().catch(() => null);
        }
        errors = [{ field, text: 'Sorry, there is a problem with the service. Nothing has been '
          + 'saved. Try again' }];
      }
    } finally {
      busy = false;
    }
    draw();
  }

  function draw() {
    const user = sessionUser();
    const mayAct = canActOnClock(user, clock);
    const needsReason = Boolean(clock.breach_reason_needed) && mayAct;
    const mayAcknowledge = mayAct && clock.state === 'breached' && clock.open
      && !(clock.escalation && clock.escalation.acknowledged_at);
    const reference = clock.entity && clock.entity.reference;
    ctx.setTitle(`${clock.policy.name}: ${reference}`, errors.length > 0);
    replaceContent(root,
      backLink(clock.entity.link || '/deadlines',
        clock.entity.link ? `Back to ${reference}` : 'Back to deadlines'),
      errors.length ? errorSummary(errors.map((e) => ({
        text: e.text, href: e.field === 'reason' ? '#reason' : '#note',
      }))) : null,
      done && errors.length === 0 ? notificationBanner({ success: true, text: done }) : null,
      heading(clock.policy.name, 'l', `Deadline for ${reference}`),
      details(clock),
      needsReason ? h('form', {
        method: 'post', novalidate: true, on: { submit: (e) => submit(e, 'reason') },
      },
      h2('Record why the deadline was missed', 'breach-reason'),
      textarea({
        id: 'reason', name: 'reason', label: 'Why was the deadline missed?',
        labelClass: 'govuk-label--s',
        hint: 'This is kept with the clock and reported to managers. It cannot be changed later',
        value: values.reason, error: errorFor('reason')?.text, rows: 4,
      }),
      button('Record reason')) : null,
      mayAcknowledge ? h('form', {
        method: 'post', novalidate: true, on: { submit: (e) => submit(e, 'acknowledge') },
      },
      h2('Acknowledge the escalation', 'acknowledge'),
      paragraph('Acknowledging says someone is dealing with this. It stops the escalation: ',
        'nobody further up the chain will be told.'),
      textarea({
        id: 'note', name: 'note', label: 'Note (optional)', labelClass: 'govuk-label--s',
        hint: 'For example, who is dealing with it now', value: values.note,
        error: errorFor('note')?.text, rows: 3,
      }),
      button('Acknowledge', { class: 'govuk-button govuk-button--warning' })) : null,
      h2('History'),
      historyTimeline(clock),
      h2('Messages sent'),
      messages(clock),
      clock.escalation && clock.escalation.next_step_at && !clock.escalation.acknowledged_at
        ? paragraph(`If nobody acknowledges it, the next step of the escalation is at `
          + `${formatDateTime(clock.escalation.next_step_at)}.`) : null);
    if (root.isConnected) initComponents(root);
  }

  draw();
  return root;
}
