/*
 * moj: builders for the Ministry of Justice Design System components frontdoor uses on top of
 * GOV.UK's — badge, timeline and sortable table — producing the markup of the
 * @ministryofjustice/frontend (v11) Nunjucks macros, and initMoj to start the sortable tables'
 * JavaScript. Like govuk.js it holds no state and knows nothing of frontdoor's data: text is
 * only ever added as text.
 */
import { createAll } from '/assets/govuk-frontend.min.js';
import { SortableTable } from '/assets/moj/moj-frontend.min.js';
import { h } from './dom.js';

/* initMoj(scope): starts the MOJ component JavaScript inside scope (an element). */
export function initMoj(scope) {
  createAll(SortableTable, undefined, scope);
}

/*
 * badge(text, colour, hiddenPrefix): an MOJ badge. colour is one of MOJ's (red, green, blue,
 * purple, grey, black) or "amber" (app.css: MOJ has none). hiddenPrefix, if given, is read out
 * before the text by screen readers only ("Status: ").
 */
export function badge(text, colour = null, hiddenPrefix = null) {
  const modifier = colour === 'amber' ? 'app-badge--amber' : colour && `moj-badge--${colour}`;
  return h('span', { class: ['moj-badge', modifier] },
    hiddenPrefix ? h('span', { class: 'govuk-visually-hidden' }, hiddenPrefix) : null,
    text);
}

/*
 * timeline(items, headingLevel): the MOJ timeline. items are { title, byline?, datetime (ISO),
 * dateText, description? (string or node) }, newest first as MOJ shows them.
 */
export function timeline(items, headingLevel = 3) {
  return h('div', { class: 'moj-timeline' },
    items.map((item) => h('div', { class: 'moj-timeline__item' },
      h('div', { class: 'moj-timeline__header' },
        h(`h${headingLevel}`, { class: 'moj-timeline__title' }, item.title),
        item.byline ? [' ', h('p', { class: 'moj-timeline__byline' }, `by ${item.byline}`)]
          : null),
      h('p', { class: 'moj-timeline__date' },
        h('time', { datetime: item.datetime }, item.dateText)),
      item.description ? h('div', { class: 'moj-timeline__description' }, item.description)
        : null)));
}

let idCount = 0;

/*
 * sortableTable({ caption, head, rows }): a GOV.UK table that MOJ's SortableTable makes
 * sortable. head is [{ text, sort }] where sort is 'ascending', 'descending' or 'none' for a
 * sortable column and absent for one that is not. A cell is a string, a node, an array of
 * them, or { content, sortValue, classes }; sortValue (a number or text) is what the column
 * sorts by, so a cell's words ("3 hours overdue") never decide its order. The first cell of
 * each row is its header. The table scrolls sideways in its own labelled region on narrow screens.
 */
export function sortableTable({ caption, captionClass = 'govuk-table__caption--m', head, rows }) {
  const captionId = `app-sortable-caption-${++idCount}`;
  const cell = (tag, c, extra) => {
    const spec = c && typeof c === 'object' && !(c instanceof Node) && !Array.isArray(c);
    return h(tag, {
      class: [`govuk-table__${tag === 'th' ? 'header' : 'cell'}`, spec ? c.classes : null],
      'data-sort-value': spec && c.sortValue !== undefined ? String(c.sortValue) : null,
      ...extra,
    }, spec ? c.content : c);
  };
  const tableEl = h('table', { class: 'govuk-table', 'data-module': 'moj-sortable-table' },
    h('caption', { class: ['govuk-table__caption', captionClass], id: captionId }, caption),
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        head.map((col) => h('th', {
          scope: 'col', class: 'govuk-table__header', 'aria-sort': col.sort || null,
        }, col.text)))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((row) => h('tr', { class: 'govuk-table__row' },
        row.map((c, i) => (i === 0 ? cell('th', c, { scope: 'row' }) : cell('td', c)))))));
  return h('div', {
    class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0',
  }, tableEl);
}
