/*
 * dom: the one way frontdoor's web app builds HTML. Elements are made with createElement and
 * text with text nodes, so data from the server or the user is never parsed as markup (there is
 * no innerHTML anywhere in the app). It is not a framework: no diffing, no state, no templates.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/*
 * h(tag, attrs, ...children): an element. attrs keys: `class` (string or array, falsy entries
 * dropped), `on` (object of event listeners), `dataset` (object), and anything else set as an
 * attribute (`true` sets it empty, `false`/null/undefined skips it). Children are nodes, strings
 * (added as text), numbers, or nested arrays; null, undefined and false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

/* svg(tag, attrs, ...children): the same for SVG elements (pagination arrows). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      const names = (Array.isArray(value) ? value : [value]).filter(Boolean);
      if (names.length) el.setAttribute('class', names.join(' '));
    } else if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) el.addEventListener(type, listener);
    } else if (key === 'dataset') {
      for (const [name, v] of Object.entries(value)) el.dataset[name] = String(v);
    } else if (key === 'value' && 'value' in el && el.tagName !== 'BUTTON') {
      el.value = String(value);
    } else if (key === 'checked' || key === 'selected') {
      el[key] = Boolean(value);
      if (value) el.setAttribute(key, '');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/* append(parent, children): adds children as h() does. Returns parent. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/* replaceContent(parent, ...children): empties parent, then appends children. */
export function replaceContent(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  return append(parent, children);
}
