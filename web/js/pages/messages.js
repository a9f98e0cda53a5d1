/*
 * messages page (/messages): the signed-in user's in-app messages — deadline warnings,
 * missed deadlines and escalations — newest first, PAGE_SIZE at a time (?page=N), or only the
 * unread ones (?unread=1). Each links to the record and the deadline it is about and can be
 * marked as read, which lowers the unread count in the navigation. Messages carry a reference,
 * never the narrative of the record.
 */
import { ApiError, loadSession } from '../api.js';
import { listMessages, markMessageRead } from '../deadlines-api.js';
import { h, replaceContent } from '../dom.js';
import {
  errorSummary, heading, initComponents, link, notificationBanner, pagination, paragraph,
} from '../govuk.js';
import { badge } from '../moj.js';
import { formatDateTime } from '../time.js';

export const PAGE_SIZE = 25;

function pageFromQuery(query) {
  const raw = query.get('page');
  if (raw === null || !/^[1-9][0-9]{0,6}$/.test(raw)) return 1;
  return Number(raw);
}

function aboutWords(about) {
  if (!about) return 'Open the record';
  if (about.type === 'contact') return 'Open the contact';
  return `Open the ${about.type.replace(/_/g, ' ')}`;
}

export async function messagesPage(ctx) {
  const page = pageFromQuery(ctx.query);
  const unreadOnly = ctx.query.get('unread') === '1';
  const data = await listMessages({
    limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, unread: unreadOnly,
  });
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number.isInteger(data.total) ? data.total : items.length;
  const unread = Number.isInteger(data.unread) ? data.unread : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const marked = ctx.state && typeof ctx.state.markedRead === 'string' ? ctx.state.markedRead
    : null;
  if (marked) history.replaceState(null, '', location.href); /* once, not on Back */

  const base = unreadOnly ? '/messages?unread=1' : '/messages';
  const hrefFor = (n) => (n === 1 ? base : `${base}${unreadOnly ? '&' : '?'}page=${n}`);
  const root = h('div', {});
  let errors = [];
  let busy = false;

  async function onMarkRead(message) {
    if (busy) return;
    busy = true;
    try {
      await markMessageRead(message.id);
      ctx.navigate(location.pathname + location.search, {
        replace: true, state: { markedRead: message.subject },
      });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (err instanceof ApiError && err.code === 'csrf') await loadSession().catch(() => null);
      errors = [{ text: err instanceof ApiError && err.status === 404
        ? 'That message could not be found: it may have been removed'
        : 'Sorry, there is a problem with the service. The message is still unread. Try again' }];
    } finally {
      busy = false;
    }
    draw();
  }

  function card(m) {
    const hidden = h('span', { class: 'govuk-visually-hidden' }, ` (${m.subject})`);
    const actions = [];
    if (!m.read) {
      actions.push(h('li', { class: 'govuk-summary-card__action' },
        h('button', {
          type: 'button', class: 'app-link-button', on: { click: () => onMarkRead(m) },
        }, 'Mark as read', hidden.cloneNode(true))));
    }
    const links = [
      m.link ? link(m.link, aboutWords(m.about)) : null,
      m.clock_id ? link(`/clocks/${encodeURIComponent(m.clock_id)}`, 'View the deadline') : null,
    ].filter(Boolean);
    return h('div', { class: ['govuk-summary-card', !m.read && 'app-message--unread'] },
      h('div', { class: 'govuk-summary-card__title-wrapper' },
        h('h2', { class: 'govuk-summary-card__title' },
          m.read ? null : [badge('Unread', 'blue'), ' '],
          m.subject),
        actions.length ? h('ul', { class: 'govuk-summary-card__actions' }, actions) : null),
      h('div', { class: 'govuk-summary-card__content' },
        h('dl', { class: 'govuk-summary-list' },
          h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, 'Sent'),
            h('dd', { class: 'govuk-summary-list__value' }, formatDateTime(m.created_at))),
          h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, 'Message'),
            h('dd', { class: 'govuk-summary-list__value app-preserve-lines' }, m.body)),
          links.length ? h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, 'Go to'),
            h('dd', { class: 'govuk-summary-list__value' },
              h('ul', { class: 'govuk-list' }, links.map((l) => h('li', {}, l))))) : null,
          m.read && m.read_at ? h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, 'Read'),
            h('dd', { class: 'govuk-summary-list__value' }, formatDateTime(m.read_at))) : null)));
  }

  function draw() {
    const title = unreadOnly ? 'Unread messages' : 'Messages';
    ctx.setTitle(pages > 1 ? `${title} (page ${page} of ${pages})` : title, errors.length > 0);
    replaceContent(root,
      errors.length ? errorSummary(errors) : null,
      marked && errors.length === 0 ? notificationBanner({
        success: true, text: `Marked as read: ${marked}`,
      }) : null,
      heading(title),
      h('p', { class: 'govuk-body', id: 'unread-count' },
        unread === 0 ? 'You have no unread messages.'
          : `You have ${unread} unread ${unread === 1 ? 'message' : 'messages'}.`),
      h('p', { class: 'govuk-body' },
        unreadOnly ? link('/messages', 'Show all messages')
          : link('/messages?unread=1', 'Show only unread messages')),
      items.length === 0
        ? paragraph(total === 0
          ? (unreadOnly ? 'There are no unread messages.' : 'You have no messages yet. Warnings '
            + 'and escalations about deadlines will appear here.')
          : ['There are no messages on this page. ', link(base, 'Go to the first page'), '.'])
        : items.map(card),
      pagination({ page, pages, hrefFor }));
    if (root.isConnected) initComponents(root);
  }

  draw();
  return root;
}
