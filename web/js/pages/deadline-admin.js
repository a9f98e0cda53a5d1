/*
 * deadline administration pages (issue 5): /deadlines/policies lists the SLA policies and lets
 * users with "sla.admin" change a policy's target and warning point (with the reason the API
 * requires); /deadlines/rota shows the weekday duty-manager rota and the escalation contacts
 * and lets users with "escalation.admin" change them. It does not add or retire policies.
 */
import { ApiError, request, sessionUser } from '../api.js';
import { listWorkers } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import {
  backLink, button, errorSummary, heading, initComponents, notificationBanner, table, textInput,
  textarea,
} from '../govuk.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const unitText = (u) => String(u || '').replace(/_/g, ' ');
/* "1 working day", "5 working days" */
const amount = (n, u) => `${n} ${n === 1 ? unitText(u).replace(/s$/, '') : unitText(u)}`;
const may = (perm) => {
  const u = sessionUser();
  return !!(u && Array.isArray(u.permissions) && u.permissions.includes(perm));
};

function problem(err) {
  if (err instanceof ApiError && [400, 409].includes(err.status)) return err.message;
  throw err;
}

export async function policiesPage(ctx) {
  const root = h('div', {});
  let policies = (await request('GET', '/api/sla-policies')).items || [];
  let errors = [];
  let saved = null;
  let failed = null; /* { id, field, values } of the form whose save was refused */
  const FIELD_IDS = { target: 'target', warn_before: 'warn', reason: 'reason' };

  async function save(p, form) {
    const data = new FormData(form);
    const body = {
      /* PUT replaces the whole policy: send it back as read, with the changes */
      name: p.name,
      start_event: p.start_event,
      stop_event: p.stop_event,
      unit: p.unit,
      warn_unit: p.warn_unit,
      calendar: p.calendar,
      calendar_team_id: p.calendar_team_id ?? null,
      pausable: p.pausable,
      active: p.active,
      escalation: p.escalation,
      version: p.version,
      target: Number(data.get('target')),
      warn_before: Number(data.get('warn_before')),
      reason: String(data.get('reason') || '').trim(),
    };
    try {
      const updated = await request('PUT', `/api/sla-policies/${encodeURIComponent(p.id)}`, body);
      policies = policies.map((x) => (x.id === p.id ? updated : x));
      errors = [];
      failed = null;
      saved = `${updated.name} changed: now version ${updated.version}`;
    } catch (err) {
      const message = problem(err);
      const field = FIELD_IDS[err.field] ? err.field : null;
      const text = field === 'reason' && !body.reason ? 'Enter the reason for the change'
        : message.charAt(0).toUpperCase() + message.slice(1);
      errors = [{ text, href: field ? `#${FIELD_IDS[field]}-${p.id}` : null }];
      failed = { id: p.id, field, text, values: body };
      saved = null;
    }
    draw();
  }

  function form(p) {
    const f = failed && failed.id === p.id ? failed : null;
    const v = f ? f.values : { target: p.target, warn_before: p.warn_before, reason: '' };
    const errorOn = (field) => (f && f.field === field ? f.text : null);
    return h('form', {
      novalidate: true,
      on: { submit(e) { e.preventDefault(); save(p, e.target); } },
    },
    h('h3', { class: 'govuk-heading-s' }, `Change ${p.name} (version ${p.version})`),
    textInput({
      id: `target-${p.id}`, name: 'target', label: `Target (${unitText(p.unit)})`,
      value: String(v.target), error: errorOn('target'),
      classes: 'govuk-input--width-4', inputmode: 'numeric',
    }),
    textInput({
      id: `warn-${p.id}`, name: 'warn_before',
      label: `Warning point (${unitText(p.warn_unit)} before)`,
      value: String(v.warn_before), error: errorOn('warn_before'),
      classes: 'govuk-input--width-4', inputmode: 'numeric',
    }),
    textarea({ id: `reason-${p.id}`, name: 'reason', label: 'Reason for the change', rows: 2,
      value: v.reason, error: errorOn('reason'),
    }),
    button('Save policy'));
  }

  function draw() {
    ctx.setTitle('Deadline policies', errors.length > 0);
    const admin = may('sla.admin');
    replaceContent(root,
      backLink('/deadlines', 'Deadlines'),
      errors.length ? errorSummary(errors) : null,
      saved ? notificationBanner({ success: true, text: saved }) : null,
      heading('Deadline policies'),
      table({
        caption: 'Policies',
        head: ['Name', 'Starts on', 'Stops on', 'Target', 'Warning point', 'Pausing allowed',
          'Version'],
        rows: policies.map((p) => [p.name, p.start_event, p.stop_event,
          amount(p.target, p.unit), `${amount(p.warn_before, p.warn_unit)} before`,
          p.pausable ? 'Yes' : 'No', String(p.version)]),
      }),
      admin ? policies.map(form) : null);
    if (root.isConnected) initComponents(root);
  }
  draw();
  return root;
}

export async function rotaPage(ctx) {
  const root = h('div', {});
  const admin = may('escalation.admin');
  let [setup, workers] = await Promise.all([
    request('GET', '/api/escalation-contacts'),
    admin ? listWorkers() : Promise.resolve({ items: [] }),
  ]);
  workers = workers.items || [];
  let errors = [];
  let saved = false;

  const who = (p) => (p ? p.name : 'Nobody');
  function select(id, label, current) {
    return h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: id }, label),
      h('select', { class: 'govuk-select', id, name: id },
        h('option', { value: '', selected: !current }, 'Nobody'),
        workers.map((w) => h('option', {
          value: String(w.id), selected: !!current && current.worker_id === w.id,
        }, w.name))));
  }

  async function save(formEl) {
    const d = new FormData(formEl);
    const id = (k) => (d.get(k) ? Number(d.get(k)) : null);
    const rota = {};
    for (const day of DAYS) rota[day] = id(day);
    try {
      setup = await request('PUT', '/api/escalation-contacts', {
        duty_manager_rota: rota,
        head_of_service: id('head_of_service'),
        senior_district_officer: id('senior_district_officer'),
      });
      errors = [];
      saved = true;
    } catch (err) {
      errors = [{ text: problem(err) }];
      saved = false;
    }
    draw();
  }

  function draw() {
    ctx.setTitle('Duty rota and escalation contacts', errors.length > 0);
    const rota = setup.duty_manager_rota || [];
    replaceContent(root,
      backLink('/deadlines', 'Deadlines'),
      errors.length ? errorSummary(errors) : null,
      saved ? notificationBanner({ success: true, text: 'Rota and contacts saved' }) : null,
      heading('Duty rota and escalation contacts'),
      table({
        caption: 'Duty manager rota',
        head: ['Day', 'Duty manager'],
        rows: rota.map((r) => [cap(r.weekday), who(r.duty_manager)]),
      }),
      table({
        caption: 'Escalation contacts',
        head: ['Role', 'Person'],
        rows: [['Head of service', who(setup.head_of_service)],
          ['Senior District Officer', who(setup.senior_district_officer)]],
      }),
      admin ? h('form', {
        novalidate: true,
        on: { submit(e) { e.preventDefault(); save(e.target); } },
      },
      h('h2', { class: 'govuk-heading-m' }, 'Change the rota and contacts'),
      rota.map((r) => select(r.weekday, `${cap(r.weekday)} duty manager`, r.duty_manager)),
      select('head_of_service', 'Head of service', setup.head_of_service),
      select('senior_district_officer', 'Senior District Officer', setup.senior_district_officer),
      button('Save rota')) : null);
    if (root.isConnected) initComponents(root);
  }
  draw();
  return root;
}
