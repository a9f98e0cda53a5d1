/*
 * fields: the GOV.UK form builders the contact screens need beyond govuk.js — a select, radios
 * and checkboxes with conditional reveals, warning text and inset text — with the markup of the
 * govuk-frontend v6 macros. Reveals are shown and hidden here (a change listener on the group),
 * not by govuk-frontend's Radios or Checkboxes, which set aria-expanded on the inputs: ARIA 1.2
 * does not allow that attribute on a radio or checkbox (axe's aria-allowed-attr). Like govuk.js
 * it holds no state and adds every piece of text as text.
 */
import { h } from './dom.js';

function errorMessage(id, text) {
  return h('p', { id, class: 'govuk-error-message' },
    h('span', { class: 'govuk-visually-hidden' }, 'Error:'), ' ', text);
}

function describedBy(...ids) {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : null;
}

/*
 * select({ id, name, label, labelClass, hint, items: [{ value, text, group? }], value, error,
 * placeholder, classes }): a labelled select. placeholder (default "Choose") is the first,
 * empty option, so nothing is chosen until the user chooses. Items with a `group` are put in
 * an <optgroup> of that label, in the order the groups first appear.
 */
export function select(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  const option = (item) => h('option', {
    value: item.value, selected: String(item.value) === String(o.value ?? ''),
  }, item.text);
  const groups = new Map();
  const loose = [];
  for (const item of o.items) {
    if (item.group) {
      if (!groups.has(item.group)) groups.set(item.group, []);
      groups.get(item.group).push(item);
    } else {
      loose.push(item);
    }
  }
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('label', { class: ['govuk-label', o.labelClass], for: o.id }, o.label),
    o.hint ? h('div', { id: hintId, class: 'govuk-hint' }, o.hint) : null,
    o.error ? errorMessage(errorId, o.error) : null,
    h('select', {
      class: ['govuk-select', o.classes, o.error && 'govuk-select--error'],
      id: o.id,
      name: o.name,
      'aria-describedby': describedBy(hintId, errorId),
      on: o.on,
    },
    h('option', { value: '', selected: !o.value }, o.placeholder || 'Choose'),
    loose.map(option),
    [...groups].map(([label, items]) => h('optgroup', { label }, items.map(option)))));
}

/* Shows the conditional content of each checked input in the group and hides the rest. */
export function syncReveals(group) {
  for (const input of group.querySelectorAll('input[data-reveals]')) {
    const target = group.ownerDocument.getElementById(input.dataset.reveals);
    if (!target) continue;
    const kind = input.type === 'checkbox' ? 'checkboxes' : 'radios';
    target.classList.toggle(`govuk-${kind}__conditional--hidden`, !input.checked);
  }
}

function choiceItems(kind, o, checkedOf) {
  return o.items.map((item, i) => {
    const itemId = i === 0 ? o.id : `${o.id}-${i + 1}`;
    const itemHintId = item.hint ? `${itemId}-item-hint` : null;
    const conditionalId = item.conditional ? `conditional-${itemId}` : null;
    const checked = checkedOf(item);
    return [
      h('div', { class: `govuk-${kind}__item` },
        h('input', {
          class: `govuk-${kind}__input`,
          id: itemId,
          name: item.name || o.name,
          type: kind === 'radios' ? 'radio' : 'checkbox',
          value: item.value,
          checked,
          'aria-describedby': itemHintId,
          dataset: conditionalId ? { reveals: conditionalId } : {},
        }),
        h('label', { class: `govuk-label govuk-${kind}__label`, for: itemId }, item.text),
        item.hint ? h('div', { id: itemHintId, class: `govuk-hint govuk-${kind}__hint` },
          item.hint) : null),
      item.conditional ? h('div', {
        class: [`govuk-${kind}__conditional`, !checked && `govuk-${kind}__conditional--hidden`],
        id: conditionalId,
      }, item.conditional) : null,
    ];
  });
}

/*
 * choices(kind, { id, name, legend, legendClass, hint, items: [{ value, text, hint,
 * conditional, name? }], error, small, inline, on }): the shared body of radios and
 * checkboxes; the first input's id is `id`, so an error summary link to #id lands on it.
 */
function choices(kind, o, checkedOf) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = o.error ? `${o.id}-error` : null;
  const group = h('div', {
    class: [`govuk-${kind}`, o.small && `govuk-${kind}--small`,
      o.inline && `govuk-${kind}--inline`],
    on: {
      change: (event) => {
        syncReveals(event.currentTarget);
        if (o.onChange) o.onChange(event);
      },
    },
  }, choiceItems(kind, o, checkedOf));
  return h('div', { class: ['govuk-form-group', o.error && 'govuk-form-group--error'] },
    h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': describedBy(hintId, errorId) },
      h('legend', { class: ['govuk-fieldset__legend', o.legendClass] }, o.legend),
      o.hint ? h('div', { id: hintId, class: 'govuk-hint' }, o.hint) : null,
      o.error ? errorMessage(errorId, o.error) : null,
      group));
}

/* revealRadios({ ..., value }): GOV.UK radios with conditional reveals; `value` is checked. */
export function revealRadios(o) {
  return choices('radios', o, (item) => o.value !== undefined && o.value !== null
    && String(item.value) === String(o.value));
}

/* checkboxes({ ..., items: [{ ..., checked }] }): GOV.UK checkboxes with conditional reveals. */
export function checkboxes(o) {
  return choices('checkboxes', o, (item) => Boolean(item.checked));
}

/* warningText(...children): the GOV.UK warning text (the "!" icon and a bold line). */
export function warningText(...children) {
  return h('div', { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'govuk-warning-text__text' },
      h('span', { class: 'govuk-visually-hidden' }, 'Warning'), ...children));
}

/* insetText(...children) */
export function insetText(...children) {
  return h('div', { class: 'govuk-inset-text' }, ...children);
}

/* sentence(message): the server's lower-case message as a sentence for a person. */
export function sentence(message) {
  const text = String(message ?? '').trim();
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
