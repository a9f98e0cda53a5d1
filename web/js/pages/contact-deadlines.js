/*
 * contact deadlines: the "Deadlines" section of a contact's page — every service-level clock
 * on the contact with its due time, status (red overdue, amber due soon) and time left, in
 * working time where the policy counts working time. Each links to the clock's page, where
 * its history is and where a breach reason is recorded. It only reads.
 */
import { ApiError } from '../api.js';
import { contactClocks } from '../deadlines-api.js';
import { h } from '../dom.js';
import { link, paragraph, table } from '../govuk.js';
import { statusBadge, timeLeftWords } from '../clocks.js';
import { formatShortDateTime } from '../time.js';

/* contactDeadlines(contactId): the section's nodes. A 401 is passed on (the page signs the
 * user out); any other failure shows a line saying so instead of failing the whole page. */
export async function contactDeadlines(contactId) {
  const title = h('h2', { class: 'govuk-heading-m', id: 'deadlines' }, 'Deadlines');
  let data;
  try {
    data = await contactClocks(contactId);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    console.warn('frontdoor: could not load the contact\'s deadlines', err);
    return [title, paragraph('The deadlines for this contact cannot be shown right now. '
      + 'Try again later.')];
  }
  const clocks = Array.isArray(data.items) ? data.items : [];
  if (clocks.length === 0) {
    return [title, paragraph('No deadlines are running for this contact.')];
  }
  return [title, table({
    caption: 'Deadlines for this contact',
    captionClass: 'govuk-visually-hidden',
    head: ['Deadline', 'Due', 'Status', 'Time left', 'Owner'],
    rows: clocks.map((c) => [
      link(`/clocks/${encodeURIComponent(c.id)}`, c.policy.name),
      c.due_at ? formatShortDateTime(c.due_at) : 'Not while paused',
      statusBadge(c, data.now),
      timeLeftWords(c),
      c.owner ? c.owner.name : 'Nobody',
    ]),
  })];
}
