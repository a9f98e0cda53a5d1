/*
 * contacts page (/contacts): the list of contacts, newest first, a page of PAGE_SIZE at a time
 * (?page=N in the address, limit and offset to the API), with the "Record a contact" button.
 * It only reads; recording is the new-contact page.
 */
import { listContacts } from '../api.js';
import { h } from '../dom.js';
import { heading, link, linkButton, pagination, paragraph, table } from '../govuk.js';
import { channelLabel } from '../labels.js';
import { formatShortDateTime } from '../time.js';

export const PAGE_SIZE = 25;
const SNIPPET_CHARS = 90;

/* snippet(text): the first SNIPPET_CHARS characters of text on one line, with … if cut. */
export function snippet(text) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= SNIPPET_CHARS) return flat;
  return `${chars.slice(0, SNIPPET_CHARS - 1).join('').trimEnd()}…`;
}

function pageFromQuery(query) {
  const raw = query.get('page');
  if (raw === null || !/^[1-9][0-9]{0,6}$/.test(raw)) return 1;
  return Number(raw);
}

const hrefFor = (page) => (page === 1 ? '/contacts' : `/contacts?page=${page}`);

export async function contactsPage(ctx) {
  const page = pageFromQuery(ctx.query);
  const data = await listContacts({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number.isInteger(data.total) ? data.total : items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  ctx.setTitle(pages > 1 ? `Contacts (page ${page} of ${pages})` : 'Contacts');

  const content = [heading('Contacts'), linkButton('/contacts/new', 'Record a contact')];
  if (total === 0) {
    content.push(paragraph('No contacts have been recorded yet.'));
    return content;
  }
  if (items.length === 0) {
    content.push(paragraph('There are no contacts on this page. ',
      link('/contacts', 'Go to the first page of contacts'), '.'));
    return content;
  }
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = first + items.length - 1;
  content.push(
    table({
      caption: `Contacts, newest first (${first} to ${last} of ${total})`,
      captionClass: 'govuk-table__caption--s',
      head: ['Reference', 'Received', 'Channel', 'Caller', 'Summary'],
      rows: items.map((c) => [
        {
          content: link(`/contacts/${encodeURIComponent(c.id)}`, c.reference),
          classes: 'app-nowrap',
        },
        formatShortDateTime(c.received_at),
        channelLabel(c.channel),
        c.caller_name,
        { content: snippet(c.summary), classes: 'app-table__summary' },
      ]),
    }),
    pagination({ page, pages, hrefFor }));
  return content;
}
