/*
 * govuk: builders for the GOV.UK Design System components frontdoor uses, producing the same
 * markup as the govuk-frontend Nunjucks macros (v6), and initComponents to start their
 * JavaScript (error summary focus, notification banner focus, password reveal, button
 * double-click guard). It holds no state and knows nothing of frontdoor's data: pages pass in
 * plain text, which is only ever added as text.
 */
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  Radios,
  SkipLink,
  createAll,
} from '/assets/govuk-frontend.min.js';
import { h, svg } from './dom.js';

/* initComponents(scope): starts the govuk-frontend JavaScript inside scope (an element). */
export function initComponents(scope) {
  for (const Component of [Button, ErrorSummary, NotificationBanner, PasswordInput, Radios]) {
    createAll(Component, undefined, scope);
  }
}

/* initShell(): starts the components of the page shell (the skip link), once per page load. */
export function initShell() {
  createAll(SkipLink, undefined, document.body);
}

/* heading(text, size): the page's h1. Focusable from script so navigation can move focus to it. */
export function heading(text, size = 'l', caption = null) {
  return h('h1', { class: `govuk-heading-${size}` },
    caption ? h('span', { class: `govuk-caption-${size}` }, caption) : null,
    text);
}

export function paragraph(...children) {
  return h('p', { class: 'govuk-body' }, ...children);
}

export function link(href, text, attrs = {}) {
  return h('a', { class: 'govuk-link', href, ...attrs }, text);
}

/*
 * errorSummary(errors): errors is [{ text, href? }]. govuk-frontend's ErrorSummary focuses it
 * when initialised and makes its links move focus to the field.
 */
export function errorSummary(errors) {
  return h('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary' },
    h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h('div', { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' },
          errors.map((e) => h('li', {}, e.href ? h('a', { href: e.href }, e.text) : e.text))))));
}

/* notificationBanner({ success, title, heading }): success banners take role=alert and focus. */
let bannerCount = 0; /* each banner's title gets its own id: a page may show two */

export function notificationBanner({ success = false, title, text }) {
  bannerCount += 1;
  const titleId = `govuk-notification-banner-title-${bannerCount}`;
  return h('div', {
    class: ['govuk-notification-banner', success && 'govuk-notification-banner--success'],
    role: success ? 'alert' : 'region',
    'aria-labelledby': titleId,
    'data-module': 'govuk-notification-banner',
  },
  h('div', { class: 'govuk-notification-banner__header' },
    h('h2', { class: 'govuk-notification-banner__title', id: titleId },
      title || (success ? 'Success' : 'Important'))),
  h('div', { class: 'govuk-notification-banner__content' },
    h('p', { class: 'govuk-notification-banner__heading' }, text)));
}

function errorMessage(id, text) {
  return h('p', { id, class: 'govuk-error-message' },
    h('span', { class: 'govuk-visually-hidden' }, 'Error:'), ' ', text);
}

function describedBy(...ids) {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : null;
}

function hint(id, text) {
  return text ? h('div', { id, class: 'govuk-hint' }, text) : null;
}

/*
 * textInput({ id, name, label, hint, value, error, type, autocomplete, classes, spellcheck,
 * inputmode, labelClass }): a labelled input in a form group.
 */
export function textInput(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('label', { class: ['govuk-label', o.labelClass], for: o.id }, o.label),
    hint(hintId, o.hint),
    o.error ? errorMessage(errorId, o.error) : null,
    h('input', {
      class: ['govuk-input', o.classes, o.error && 'govuk-input--error'],
      id: o.id,
      name: o.name,
      type: o.type || 'text',
      value: o.value ?? '',
      autocomplete: o.autocomplete,
      spellcheck: o.spellcheck === undefined ? null : String(o.spellcheck),
      inputmode: o.inputmode,
      'aria-describedby': describedBy(hintId, errorId),
    }));
}

/* passwordInput({ id, name, label, error, autocomplete }): the GOV.UK password input (Show). */
export function passwordInput(o) {
  const errorId = o.error ? `${o.id}-error` : null;
  return h('div', {
    class: ['govuk-form-group', 'govuk-password-input', o.error && 'govuk-form-group--error'],
    'data-module': 'govuk-password-input',
  },
  h('label', { class: 'govuk-label', for: o.id }, o.label),
  o.error ? errorMessage(errorId, o.error) : null,
  h('div', { class: 'govuk-input__wrapper govuk-password-input__wrapper' },
    h('input', {
      class: ['govuk-input', 'govuk-password-input__input', 'govuk-js-password-input-input',
        o.error && 'govuk-input--error'],
      id: o.id,
      name: o.name,
      type: 'password',
      spellcheck: 'false',
      autocomplete: o.autocomplete || 'current-password',
      autocapitalize: 'none',
      'aria-describedby': errorId,
    }),
    h('button', {
      type: 'button',
      class: 'govuk-button govuk-button--secondary govuk-password-input__toggle '
        + 'govuk-js-password-input-toggle',
      'data-module': 'govuk-button',
      'aria-controls': o.id,
      'aria-label': 'Show password',
      hidden: true,
    }, 'Show')));
}

/* textarea({ id, name, label, hint, value, error, rows, labelClass }) */
export function textarea(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('label', { class: ['govuk-label', o.labelClass], for: o.id }, o.label),
    hint(hintId, o.hint),
    o.error ? errorMessage(errorId, o.error) : null,
    h('textarea', {
      class: ['govuk-textarea', o.error && 'govuk-textarea--error'],
      id: o.id,
      name: o.name,
      rows: String(o.rows || 5),
      value: o.value ?? '',
      'aria-describedby': describedBy(hintId, errorId),
    }));
}

/*
 * radios({ id, name, legend, hint, items: [{ value, text }], value, error, legendClass }): the
 * first radio's id is `id`, so an error summary link to #id lands on it.
 */
export function radios(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': describedBy(hintId, errorId) },
      h('legend', { class: ['govuk-fieldset__legend', o.legendClass] }, o.legend),
      hint(hintId, o.hint),
      o.error ? errorMessage(errorId, o.error) : null,
      h('div', { class: 'govuk-radios', 'data-module': 'govuk-radios' },
        o.items.map((item, i) => {
          const itemId = i === 0 ? o.id : `${o.id}-${i + 1}`;
          return h('div', { class: 'govuk-radios__item' },
            h('input', {
              class: 'govuk-radios__input',
              id: itemId,
              name: o.name,
              type: 'radio',
              value: item.value,
              checked: item.value === o.value,
            }),
            h('label', { class: 'govuk-label govuk-radios__label', for: itemId }, item.text));
        }))));
}

/*
 * dateInput({ id, legend, hint, values: { day, month, year }, error, errorParts: Set of 'day' |
 * 'month' | 'year' to highlight (all when empty), legendClass }): inputs are id-day, id-month,
 * id-year, named the same.
 */
export function dateInput(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  const parts = [['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]];
  const marked = (part) => o.error && (!o.errorParts || o.errorParts.size === 0
    || o.errorParts.has(part));
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('fieldset', {
      class: 'govuk-fieldset', role: 'group', 'aria-describedby': describedBy(hintId, errorId),
    },
    h('legend', { class: ['govuk-fieldset__legend', o.legendClass] }, o.legend),
    hint(hintId, o.hint),
    o.error ? errorMessage(errorId, o.error) : null,
    h('div', { class: 'govuk-date-input', id: o.id },
      parts.map(([part, label, width]) => h('div', { class: 'govuk-date-input__item' },
        h('div', { class: 'govuk-form-group' },
          h('label', { class: 'govuk-label govuk-date-input__label', for: `${o.id}-${part}` },
            label),
          h('input', {
            class: ['govuk-input', 'govuk-date-input__input', `govuk-input--width-${width}`,
              marked(part) && 'govuk-input--error'],
            id: `${o.id}-${part}`,
            name: `${o.id}-${part}`,
            type: 'text',
            inputmode: 'numeric',
            value: o.values?.[part] ?? '',
          })))))));
}

/* button(text, attrs): a submit button guarded against double clicks. */
export function button(text, attrs = {}) {
  return h('button', {
    type: 'submit',
    class: 'govuk-button',
    'data-module': 'govuk-button',
    'data-prevent-double-click': 'true',
    ...attrs,
  }, text);
}

/* linkButton(href, text): a link that looks and acts like a button (the start of a journey). */
export function linkButton(href, text) {
  return h('a', {
    href,
    role: 'button',
    draggable: 'false',
    class: 'govuk-button',
    'data-module': 'govuk-button',
  }, text);
}

export function backLink(href, text = 'Back') {
  return h('a', { href, class: 'govuk-back-link' }, text);
}

/* summaryList(rows): rows is [{ key, value }] with value a string or a node. */
export function summaryList(rows) {
  return h('dl', { class: 'govuk-summary-list' },
    rows.map((row) => h('div', { class: 'govuk-summary-list__row' },
      h('dt', { class: 'govuk-summary-list__key' }, row.key),
      h('dd', { class: ['govuk-summary-list__value', row.valueClass] }, row.value))));
}

let idCount = 0;
const nextId = (prefix) => `app-${prefix}-${++idCount}`;

/*
 * table({ caption, head: [text], rows: [[cell]] }): the first cell of each row is its header
 * (th scope=row). A cell is a string, a node, or { content, classes }. The caption is required:
 * it names the scrolling region the table sits in.
 */
export function table({ caption, captionClass = 'govuk-table__caption--m', head, rows }) {
  const cell = (tag, c, extra = {}) => {
    const isSpec = c && typeof c === 'object' && !(c instanceof Node);
    return h(tag, { class: [`govuk-table__${tag === 'th' ? 'header' : 'cell'}`,
      isSpec ? c.classes : null], ...extra }, isSpec ? c.content : c);
  };
  const captionId = caption ? nextId('table-caption') : null;
  const tableEl = h('table', { class: 'govuk-table' },
    caption ? h('caption', { class: ['govuk-table__caption', captionClass], id: captionId },
      caption) : null,
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        head.map((text) => cell('th', text, { scope: 'col' })))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((row) => h('tr', { class: 'govuk-table__row' },
        row.map((c, i) => (i === 0 ? cell('th', c, { scope: 'row' }) : cell('td', c)))))));
  // On a narrow screen the table scrolls sideways inside its own region rather than making the
  // whole page scroll; the region is focusable so it can be scrolled from the keyboard.
  return h('div', {
    class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0',
  }, tableEl);
}

function arrow(direction) {
  const d = direction === 'prev'
    ? 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984'
      + 'l4.2931-4.293-1.414-1.414z'
    : 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 '
      + '6.7441-6.4062-6.7246-6.7266z';
  return svg('svg', {
    class: `govuk-pagination__icon govuk-pagination__icon--${direction}`,
    xmlns: 'http://www.w3.org/2000/svg',
    height: '13',
    width: '15',
    'aria-hidden': 'true',
    focusable: 'false',
    viewBox: '0 0 15 13',
  }, svg('path', { d }));
}

/*
 * pagination({ page, pages, hrefFor }): GOV.UK pagination with numbered pages: the first, the
 * last, the current one and its neighbours, with ellipses between. Nothing when pages <= 1.
 */
export function pagination({ page, pages, hrefFor }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) {
      items.push(h('li', { class: 'govuk-pagination__item govuk-pagination__item--ellipses' },
        '\u22ef'));
    }
    const current = n === page;
    items.push(h('li', {
      class: ['govuk-pagination__item', current && 'govuk-pagination__item--current'],
    }, h('a', {
      class: 'govuk-link govuk-pagination__link',
      href: hrefFor(n),
      'aria-label': `Page ${n}`,
      'aria-current': current ? 'page' : null,
    }, String(n))));
  });
  const title = (text) => h('span', { class: 'govuk-pagination__link-title' },
    text, h('span', { class: 'govuk-visually-hidden' }, ' page'));
  return h('nav', { class: 'govuk-pagination', 'aria-label': 'Pagination' },
    page > 1 ? h('div', { class: 'govuk-pagination__prev' },
      h('a', { class: 'govuk-link govuk-pagination__link', href: hrefFor(page - 1), rel: 'prev' },
        arrow('prev'), title('Previous'))) : null,
    h('ul', { class: 'govuk-pagination__list' }, items),
    page < pages ? h('div', { class: 'govuk-pagination__next' },
      h('a', { class: 'govuk-link govuk-pagination__link', href: hrefFor(page + 1), rel: 'next' },
        title('Next'), arrow('next'))) : null);
}
