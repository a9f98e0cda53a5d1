/*
 * outcomes page (/outcomes, C7, L2, client level data; docs/outcomes.md): the outcome code set
 * for administrators (the "sla.admin" permission, as for deadline policies and lines). It lists
 * every code, retired ones too, in a sortable table; adds a code (nothing is chosen for the
 * administrator: who it is for, whether it is resolved at the front door and what it counts
 * under are always stated); and changes a chosen code — its wording and order, retiring or
 * reinstating it, and, while no contact has been closed with it, how it is counted — always
 * with a reason, showing the code's history with who, when and why. The server checks
 * everything and its words are shown as they come, in the GOV.UK error summary and at the field.
 * It does not record outcomes on contacts (contact-decisions.js does, offering codes in use).
 */
import { ApiError, loadSession, request, sessionUser } from '../api.js';
import { h, replaceContent } from '../dom.js';
import { checkboxes, insetText, select, sentence, warningText } from '../fields.js';
import {
  button, errorSummary, heading, initComponents, notificationBanner, paragraph, radios,
  summaryList, table, textInput, textarea,
} from '../govuk.js';
import { badge, initMoj, sortableTable } from '../moj.js';
import { historyLoader } from '../history.js';
import { formatShortDateTime } from '../time.js';

/* canConfigureOutcomes(user): whether the user may change the code set (the menu item). */
export function canConfigureOutcomes(user) {
  return Boolean(user && Array.isArray(user.permissions) && user.permissions.includes('sla.admin'));
}

const GROUPS = [
  { value: 'children', text: 'Children' },
  { value: 'adults', text: 'Adults' },
  { value: 'both', text: 'Both children and adults' },
];
const groupText = (g) => (GROUPS.find((x) => x.value === g) || { text: g }).text;
const NEEDS = [
  { field: 'needs_recommendation', text: 'A recommendation and work plan (C5, children)' },
  { field: 'needs_care_act_checks', text: 'The Care Act checks (adults)' },
  { field: 'needs_signposting', text: 'A record of what was given or where to (signposting)' },
];
/* The API's field names in the order the forms ask them, and the element each error links to. */
const FIELDS = ['code', 'label', 'group', 'resolved_at_front_door', 'c7_label', 'cld_label',
  'workflow', 'needs_recommendation', 'needs_care_act_checks', 'needs_signposting', 'active',
  'sort_order', 'reason', 'version'];
function fieldId(prefix, field) {
  const ids = {
    code: 'code', label: 'label', group: 'group', resolved_at_front_door: 'resolved',
    c7_label: 'c7', cld_label: 'cld', workflow: 'workflow', needs_recommendation: 'needs',
    needs_care_act_checks: 'needs-2', needs_signposting: 'needs-3', active: 'active',
    sort_order: 'sort', reason: 'reason', version: 'choose',
  };
  if (prefix === 'change' && field === 'code') return 'change-choose';
  return ids[field] ? `${prefix}-${ids[field]}` : null;
}

/* What a code counts under, in words. */
function countsUnder(c, workflows) {
  const parts = [];
  if (c.c7_label) parts.push(`C7: ${c.c7_label}`);
  if (c.cld_label) parts.push(`Client level data: ${c.cld_label}`);
  if (c.workflow) {
    const w = workflows.find((x) => x.name === c.workflow);
    parts.push(`Workflow: ${w ? w.label : c.workflow}`);
  }
  return parts.length ? parts.join('; ') : 'Nothing';
}

function needsText(c) {
  const parts = NEEDS.filter((n) => c[n.field]).map((n) => n.text);
  return parts.length ? parts.join('; ') : 'None';
}

export async function outcomesPage(ctx) {
  const root = h('div', {});
  let data = await request('GET', '/api/outcomes?all=1');
  let chosen = ''; /* the code being changed, '' until the administrator chooses */
  let addValues = {};
  let changeValues = {};
  let errors = []; /* [{ form: 'add' | 'change', field, text, href }] */
  let saved = null;
  const changeHistory = historyLoader(ctx, () => drawHistory()); /* the chosen code's */

  const codeOf = (code) => (data.items || []).find((c) => c.code === code) || null;
  const reload = async () => { data = await request('GET', '/api/outcomes?all=1'); };

  function valuesOf(c) {
    return {
      label: c.label,
      group: c.group,
      resolved: c.resolved_at_front_door ? 'yes' : 'no',
      c7_label: c.c7_label || '',
      cld_label: c.cld_label || '',
      workflow: c.workflow || '',
      needs: NEEDS.filter((n) => c[n.field]).map((n) => n.field),
      active: c.active ? 'yes' : 'no',
      sort_order: String(c.sort_order),
      reason: '',
    };
  }

  function loadHistory() {
    if (chosen) changeHistory.load(`/api/outcomes/${encodeURIComponent(chosen)}/history`);
    else changeHistory.forget();
  }

  function choose(code) {
    chosen = code;
    errors = [];
    saved = null;
    const c = codeOf(code);
    changeValues = c ? valuesOf(c) : {};
    changeHistory.forget(); /* a history still loading for the code chosen before is not shown */
    draw({ keepFocus: true });
    loadHistory();
  }

  function readForm(form) {
    const d = new FormData(form);
    const text = (n) => String(d.get(n) ?? '');
    return {
      code: text('code'),
      label: text('label'),
      group: text('group'),
      resolved: text('resolved'),
      c7_label: text('c7_label'),
      cld_label: text('cld_label'),
      workflow: text('workflow'),
      needs: d.getAll('needs').map(String),
      active: text('active'),
      sort_order: text('sort_order'),
      reason: text('reason'),
    };
  }

  /* The request body from a form's values: only what the form asks, as the API names it. */
  function bodyOf(v, { adding, countingFixed }) {
    const body = { label: v.label.trim() };
    if (adding) body.code = v.code.trim();
    if (!countingFixed) {
      if (v.group) body.group = v.group;
      if (v.resolved) body.resolved_at_front_door = v.resolved === 'yes';
      body.c7_label = v.c7_label || null;
      body.cld_label = v.cld_label || null;
      body.workflow = v.workflow || null;
      for (const n of NEEDS) body[n.field] = v.needs.includes(n.field);
    }
    if (!adding && v.active) body.active = v.active === 'yes';
    /* empty: a new code goes last; a changed code must keep an order (the server says so) */
    const order = v.sort_order.trim();
    if (order || !adding) body.sort_order = /^[0-9]+$/.test(order) ? Number(order) : order;
    body.reason = v.reason.trim();
    return body;
  }

  async function send(formName, method, path, body, done) {
    try {
      const res = await request(method, path, body);
      await reload();
      errors = [];
      saved = done(res);
      return res;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return null;
      }
      if (!(err instanceof ApiError) || ![400, 403, 404, 409].includes(err.status)) throw err;
      if (err.code === 'csrf') await loadSession().catch(() => null);
      const field = FIELDS.includes(err.field) ? err.field : null;
      const href = field ? `#${fieldId(formName, field)}`
        : `#${formName === 'add' ? 'add-code' : 'change-choose'}`;
      errors = [{ form: formName, field, text: sentence(err.message), href }];
      saved = null;
      return null;
    }
  }

  async function onAdd(form) {
    addValues = readForm(form);
    const body = bodyOf(addValues, { adding: true, countingFixed: false });
    const res = await send('add', 'POST', '/api/outcomes', body,
      (r) => `Outcome code ${r.code} added: "${r.label}" is now offered on contacts`);
    if (res) addValues = {};
    draw();
  }

  async function onChange(form) {
    const c = codeOf(chosen);
    if (!c) return;
    changeValues = readForm(form);
    const body = bodyOf(changeValues, { adding: false, countingFixed: c.used });
    body.version = c.version;
    const res = await send('change', 'PUT', `/api/outcomes/${encodeURIComponent(c.code)}`, body,
      (r) => `Outcome code ${r.code} changed: now version ${r.version}`
        + (r.active === c.active ? '' : (r.active ? ', back in use' : ', retired')));
    if (res) changeValues = valuesOf(codeOf(chosen) || res);
    draw();
    loadHistory();
  }

  const errorOn = (formName, field) => {
    const e = errors.find((x) => x.form === formName && x.field === field);
    return e ? e.text : null;
  };

  /* ---- the table of codes ---- */

  function codesTable() {
    const items = data.items || [];
    const active = items.filter((c) => c.active).length;
    return sortableTable({
      caption: `Outcome codes (${active} in use, ${items.length - active} retired)`,
      captionClass: 'govuk-table__caption--m',
      head: [
        { text: 'Outcome', sort: 'none' },
        { text: 'Code', sort: 'none' },
        { text: 'For', sort: 'none' },
        { text: 'Resolved at the front door', sort: 'none' },
        { text: 'Counts under' },
        { text: 'Order', sort: 'ascending' },
        { text: 'Status', sort: 'none' },
        { text: 'Used on contacts', sort: 'none' },
        { text: 'Version', sort: 'none' },
      ],
      rows: items.map((c) => [
        { content: c.label, sortValue: c.label },
        { content: h('code', {}, c.code), sortValue: c.code },
        groupText(c.group),
        c.resolved_at_front_door ? 'Yes' : 'No',
        countsUnder(c, data.workflows || []),
        { content: String(c.sort_order), sortValue: c.sort_order },
        {
          content: c.active ? badge('In use', 'green') : badge('Retired', 'grey'),
          sortValue: c.active ? 0 : 1,
        },
        { content: c.used ? 'Yes' : 'No', sortValue: c.used ? 1 : 0 },
        { content: String(c.version), sortValue: c.version },
      ]),
    });
  }

  /* ---- the fields both forms share ---- */

  function countingFields(prefix, v) {
    const err = (f) => errorOn(prefix, f);
    const needsError = err('needs_recommendation') || err('needs_care_act_checks')
      || err('needs_signposting');
    return [
      radios({
        id: `${prefix}-group`, name: 'group', legend: 'Who is it for?',
        legendClass: 'govuk-fieldset__legend--s', items: GROUPS, value: v.group ?? '',
        error: err('group'),
      }),
      radios({
        id: `${prefix}-resolved`, name: 'resolved', legend: 'Is a contact closed with it resolved '
          + 'at the front door?',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'This decides the percentage resolved by the front door in the monthly table (C7)',
        items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
        value: v.resolved ?? '', error: err('resolved_at_front_door'),
      }),
      select({
        id: `${prefix}-c7`, name: 'c7_label', label: 'Row of the children\'s monthly table (C7)',
        labelClass: 'govuk-label--s', hint: 'For codes for children, or for both',
        placeholder: 'None', items: (data.c7_labels || []).map((l) => ({ value: l, text: l })),
        value: v.c7_label ?? '', error: err('c7_label'),
      }),
      select({
        id: `${prefix}-cld`, name: 'cld_label', label: 'Client level data request outcome',
        labelClass: 'govuk-label--s', hint: 'For codes for adults, or for both',
        placeholder: 'None', items: (data.cld_labels || []).map((l) => ({ value: l, text: l })),
        value: v.cld_label ?? '', error: err('cld_label'),
      }),
      select({
        id: `${prefix}-workflow`, name: 'workflow', label: 'Priority workflow (L2)',
        labelClass: 'govuk-label--s',
        hint: 'For codes for children that record where the child\'s priority sends them',
        placeholder: 'None',
        items: (data.workflows || []).map((w) => ({ value: w.name, text: w.label })),
        value: v.workflow ?? '', error: err('workflow'),
      }),
      checkboxes({
        id: `${prefix}-needs`, name: 'needs', legend: 'Before it can be recorded, the contact needs',
        legendClass: 'govuk-fieldset__legend--s', hint: 'Select all that apply',
        items: NEEDS.map((n) => ({
          value: n.field, text: n.text, checked: (v.needs || []).includes(n.field),
        })),
        error: needsError,
      }),
    ];
  }

  function addForm() {
    const v = addValues;
    return [
      h('h2', { class: 'govuk-heading-m', id: 'add' }, 'Add an outcome code'),
      h('form', {
        novalidate: true, on: { submit(e) { e.preventDefault(); onAdd(e.target); } },
      },
      textInput({
        id: 'add-code', name: 'code', label: 'Code', labelClass: 'govuk-label--s',
        hint: 'Lower-case letters and digits in words joined by underscores, for example '
          + 'leaflet_posted. It cannot be changed later.',
        value: v.code, error: errorOn('add', 'code'), classes: 'govuk-input--width-20',
        spellcheck: false,
      }),
      textInput({
        id: 'add-label', name: 'label', label: 'Label', labelClass: 'govuk-label--s',
        hint: 'What workers see when they record the outcome', value: v.label,
        error: errorOn('add', 'label'),
      }),
      countingFields('add', v),
      textInput({
        id: 'add-sort', name: 'sort_order', label: 'Order (optional)',
        labelClass: 'govuk-label--s', hint: 'A whole number: lower comes first. Leave it empty '
          + 'to put the code last.', value: v.sort_order, error: errorOn('add', 'sort_order'),
        classes: 'govuk-input--width-5', inputmode: 'numeric',
      }),
      textarea({
        id: 'add-reason', name: 'reason', label: 'Reason for adding it',
        labelClass: 'govuk-label--s', rows: 2, value: v.reason,
        error: errorOn('add', 'reason'),
      }),
      button('Add outcome code')),
    ];
  }

  function changeForm() {
    const c = codeOf(chosen);
    const v = changeValues;
    const items = (data.items || []).map((x) => ({
      value: x.code, text: `${x.label} (${x.code})${x.active ? '' : ' – retired'}`,
    }));
    return [
      h('h2', { class: 'govuk-heading-m', id: 'change' }, 'Change an outcome code'),
      h('form', {
        novalidate: true, on: { submit(e) { e.preventDefault(); onChange(e.target); } },
      },
      select({
        id: 'change-choose', name: 'choose', label: 'Outcome code', labelClass: 'govuk-label--s',
        placeholder: 'Choose the outcome code', items, value: chosen,
        error: errorOn('change', 'version') || errorOn('change', 'code'),
        on: { change: (e) => choose(e.target.value) },
      }),
      c ? [
        paragraph(`Version ${c.version} is current. `
          + (c.active ? 'It is in use.' : 'It is retired: workers are not offered it.')),
        c.used ? [
          warningText('Contacts have been closed with this code, so how it is counted cannot '
            + 'change. To count it differently, retire it and add a new code.'),
          summaryList([
            { key: 'For', value: groupText(c.group) },
            { key: 'Resolved at the front door', value: c.resolved_at_front_door ? 'Yes' : 'No' },
            { key: 'Counts under', value: countsUnder(c, data.workflows || []) },
            { key: 'Before it can be recorded', value: needsText(c) },
          ]),
        ] : insetText('No contact has been closed with this code yet, so everything about it '
          + 'may still change.'),
        textInput({
          id: 'change-label', name: 'label', label: 'Label', labelClass: 'govuk-label--s',
          value: v.label, error: errorOn('change', 'label'),
        }),
        c.used ? null : countingFields('change', v),
        textInput({
          id: 'change-sort', name: 'sort_order', label: 'Order', labelClass: 'govuk-label--s',
          hint: 'A whole number: lower comes first', value: v.sort_order,
          error: errorOn('change', 'sort_order'), classes: 'govuk-input--width-5',
          inputmode: 'numeric',
        }),
        radios({
          id: 'change-active', name: 'active', legend: 'Status',
          legendClass: 'govuk-fieldset__legend--s',
          hint: 'A retired code is no longer offered or accepted; contacts already closed with it '
            + 'keep it',
          items: [{ value: 'yes', text: 'In use' }, { value: 'no', text: 'Retired' }],
          value: v.active, error: errorOn('change', 'active'),
        }),
        textarea({
          id: 'change-reason', name: 'reason', label: 'Reason for the change',
          labelClass: 'govuk-label--s', rows: 2, value: v.reason,
          error: errorOn('change', 'reason'),
        }),
        button('Save changes'),
      ] : paragraph('Choose a code to change it and see its history.')),
      historyRegion,
    ];
  }

  /* ---- the history of the chosen code ---- */

  const historyRegion = h('div', { id: 'outcome-history' });

  function drawHistory() {
    const c = codeOf(chosen);
    if (!c) {
      replaceContent(historyRegion);
      return;
    }
    const title = `History of ${c.code}`;
    const { versions } = changeHistory;
    if (versions === null || versions.failed) {
      replaceContent(historyRegion, h('h3', { class: 'govuk-heading-s' }, title),
        paragraph(versions === null ? 'Loading the history…'
          : 'The history cannot be shown right now. Try again later.'));
      return;
    }
    const changedText = (v) => (v.changed.length === 0 ? 'Added'
      : v.changed.map((f) => f.replace(/_/g, ' ')).join(', '));
    replaceContent(historyRegion, table({
      caption: title,
      captionClass: 'govuk-table__caption--s',
      head: ['Version', 'What changed', 'Label', 'Status', 'Changed by', 'When', 'Reason'],
      rows: versions.map((v) => [
        String(v.version),
        changedText(v),
        v.label,
        v.active ? 'In use' : 'Retired',
        v.changed_by ? v.changed_by.name : 'The system',
        v.changed_at ? formatShortDateTime(v.changed_at) : 'Before changes were recorded',
        v.reason,
      ]),
    }));
  }

  /* ---- the page ---- */

  function draw({ keepFocus = false } = {}) {
    const focusedId = keepFocus && root.contains(document.activeElement)
      ? document.activeElement.id : null;
    ctx.setTitle('Outcome codes', errors.length > 0);
    replaceContent(root,
      errors.length ? errorSummary(errors) : null,
      saved ? notificationBanner({ success: true, text: saved }) : null,
      heading('Outcome codes'),
      paragraph('Each contact ends with one outcome code. The codes decide what the monthly table '
        + '(C7), the priority workflows (L2) and the client level data return count, so every '
        + 'change is kept with who made it and why.'),
      paragraph('Once a contact has been closed with a code, who it is for, whether it is '
        + 'resolved at the front door, what it counts under and what it needs cannot change: '
        + 'retire it and add a new code instead. Its label, order and status can always change.'),
      codesTable(),
      addForm(),
      changeForm());
    drawHistory();
    if (root.isConnected) {
      initComponents(root);
      initMoj(root);
    }
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
  draw();
  return root;
}
