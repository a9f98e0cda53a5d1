/*
 * lines page (/lines, H7, docs/lines.md): the council's phone lines — each council team with a
 * duty line — with their numbers and greeting scripts, and the default script used by a line
 * without one of its own. Administrators (the "sla.admin" permission, as for deadline
 * policies) choose a line (nothing is chosen for them), change its script or send it back to
 * the default, with a reason; a preview shows the script as the signed-in worker would say it,
 * and the line's history shows every version with who, when and why. The server checks every
 * script and its words are shown as they come. It does not change the agent's contact screen.
 */
import { ApiError, loadSession, request, sessionUser } from '../api.js';
import { h, replaceContent } from '../dom.js';
import { checkboxes, select, sentence } from '../fields.js';
import {
  button, errorSummary, heading, initComponents, notificationBanner, paragraph, table, textarea,
} from '../govuk.js';
import { historyLoader } from '../history.js';
import { formatShortDateTime } from '../time.js';

const DEFAULT = 'default';
const FIELD_IDS = { script: 'script', reason: 'reason', version: 'line', line: 'line' };

/* canChangeGreetings(user): whether the user may change greeting scripts (the menu item). */
export function canChangeGreetings(user) {
  return Boolean(user && Array.isArray(user.permissions) && user.permissions.includes('sla.admin'));
}

const enc = encodeURIComponent;
const greetingPath = (key) => `/api/lines/${key === DEFAULT ? DEFAULT : enc(key)}/greeting`;

/*
 * fill(template, name, team): the script as it will be said — {name} and {team} replaced, the
 * values not read again — as domain/greeting's greeting_render does on the server.
 */
export function fill(template, name, team) {
  return String(template ?? '').replace(/\{name\}|\{team\}/g,
    (m) => (m === '{name}' ? name : team));
}

export async function linesPage(ctx) {
  const root = h('div', {});
  let data = await request('GET', '/api/lines');
  let chosen = ''; /* a line's id as text, DEFAULT, or '' until the user chooses */
  let values = { script: '', reason: '', useDefault: false };
  let errors = [];
  let saved = null;
  const changeHistory = historyLoader(ctx, () => drawHistory()); /* the chosen line's */

  const lineOf = (key) => (key === DEFAULT ? null
    : (data.items || []).find((l) => String(l.id) === key) || null);
  const current = () => {
    if (chosen === DEFAULT) {
      return { name: 'the default script', template: data.default_script.template,
        version: data.default_script.version, isDefault: false, team: '[team name]' };
    }
    const l = lineOf(chosen);
    return l ? { name: l.team_name, template: l.template, version: l.version,
      isDefault: l.default, team: l.team_name } : null;
  };

  function loadHistory() {
    if (chosen) changeHistory.load(`${greetingPath(chosen)}/history`);
    else changeHistory.forget();
  }

  function choose(key) {
    chosen = key;
    errors = [];
    saved = null;
    changeHistory.forget(); /* a history still loading for the line chosen before is not shown */
    const c = current();
    values = { script: c ? c.template : '', reason: '', useDefault: false };
    draw({ keepFocus: true });
    loadHistory();
  }

  function readForm(form) {
    const d = new FormData(form);
    values = {
      script: String(d.get('script') ?? ''),
      reason: String(d.get('reason') ?? ''),
      useDefault: d.get('use_default') === 'yes',
    };
  }

  async function save(form) {
    readForm(form);
    const c = current();
    if (!c) return;
    const body = {
      script: values.useDefault ? null : values.script,
      reason: values.reason.trim(),
      version: c.version,
    };
    try {
      const res = await request('PUT', greetingPath(chosen), body);
      data = await request('GET', '/api/lines');
      errors = [];
      saved = values.useDefault
        ? `${c.name} now uses the default script (version ${res.version})`
        : `Greeting for ${c.name} saved: now version ${res.version}`;
      values = { script: current().template, reason: '', useDefault: false };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      if (!(err instanceof ApiError) || ![400, 403, 404, 409].includes(err.status)) throw err;
      if (err.code === 'csrf') await loadSession().catch(() => null);
      const field = FIELD_IDS[err.field] ? err.field : null;
      const text = field === 'reason' && !body.reason ? 'Enter the reason for the change'
        : sentence(err.message);
      errors = [{ field, text, href: field ? `#${FIELD_IDS[field]}` : null }];
      saved = null;
    }
    draw();
    loadHistory();
  }

  const errorOn = (...fields) => {
    const e = errors.find((x) => fields.includes(x.field));
    return e ? e.text : null;
  };

  /* ---- the preview, redrawn as the script is typed ---- */

  const preview = h('div', { class: 'app-greeting', id: 'greeting-preview', 'aria-live': 'polite' });

  function drawPreview(form) {
    const c = current();
    if (!c) {
      replaceContent(preview);
      return;
    }
    let template = values.script;
    if (form) {
      const d = new FormData(form);
      template = d.get('use_default') === 'yes' ? data.default_script.template
        : String(d.get('script') ?? '');
    }
    replaceContent(preview,
      h('p', { class: 'govuk-body-s app-greeting__label' },
        `Preview, as ${data.worker_name} would say it:`),
      h('p', { class: 'govuk-body-l app-greeting__script', id: 'greeting-preview-text' },
        fill(template, data.worker_name, c.team)));
  }

  /* ---- the history of the chosen line ---- */

  const historyRegion = h('div', { id: 'greeting-history' });

  function drawHistory() {
    const c = current();
    if (!c) {
      replaceContent(historyRegion);
      return;
    }
    const title = chosen === DEFAULT ? 'History of the default script'
      : `History of the ${c.name} greeting`;
    const { versions } = changeHistory;
    if (versions === null) {
      replaceContent(historyRegion, h('h2', { class: 'govuk-heading-m' }, title),
        paragraph('Loading the history…'));
      return;
    }
    if (versions.failed) {
      replaceContent(historyRegion, h('h2', { class: 'govuk-heading-m' }, title),
        paragraph('The history cannot be shown right now. Try again later.'));
      return;
    }
    if (versions.length === 0) {
      replaceContent(historyRegion, h('h2', { class: 'govuk-heading-m' }, title),
        paragraph('This line has never had a script of its own: it has always used the default '
          + 'script.'));
      return;
    }
    replaceContent(historyRegion, table({
      caption: title,
      head: ['Version', 'Script', 'Changed by', 'When', 'Reason'],
      rows: versions.map((v) => [
        String(v.version),
        v.uses_default ? 'The default script' : v.template,
        v.changed_by ? v.changed_by.name : 'The system',
        v.changed_at ? formatShortDateTime(v.changed_at) : 'Before changes were recorded',
        v.reason,
      ]),
    }));
  }

  /* ---- the page ---- */

  function linesTable() {
    return table({
      caption: 'Lines',
      head: ['Line', 'Number', 'Greeting script', 'Script used'],
      rows: (data.items || []).map((l) => [
        l.team_name,
        l.duty_line,
        l.template,
        l.default ? 'The default script' : `Its own (version ${l.version})`,
      ]),
    });
  }

  function changeForm() {
    const admin = canChangeGreetings(sessionUser());
    if (!admin) return null;
    const c = current();
    const lineItems = (data.items || []).map((l) => ({
      value: String(l.id), text: `${l.team_name} (${l.duty_line})`,
    }));
    lineItems.push({ value: DEFAULT, text: 'The default script (for lines without their own)' });
    return [
      h('h2', { class: 'govuk-heading-m' }, 'Change a greeting'),
      h('form', {
        novalidate: true,
        on: {
          submit(e) { e.preventDefault(); save(e.target); },
          input(e) { drawPreview(e.currentTarget); },
          change(e) { if (e.target.name !== 'line') drawPreview(e.currentTarget); },
        },
      },
      select({
        id: 'line',
        name: 'line',
        label: 'Line',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose the line',
        items: lineItems,
        value: chosen,
        error: errorOn('line', 'version'),
        on: { change: (e) => choose(e.target.value) },
      }),
      c ? [
        h('p', { class: 'govuk-body' }, c.isDefault
          ? `${c.name} has no script of its own: it uses the default script. Saving a script `
            + 'here gives it one.'
          : `Version ${c.version} is in use now.`),
        chosen !== DEFAULT && !c.isDefault ? checkboxes({
          id: 'use-default',
          name: 'use_default',
          legend: 'Default script',
          legendClass: 'govuk-fieldset__legend--s',
          items: [{ value: 'yes', text: 'Use the default script for this line instead',
            checked: values.useDefault }],
        }) : null,
        textarea({
          id: 'script',
          name: 'script',
          label: chosen === DEFAULT ? 'Default greeting script' : 'Greeting script',
          labelClass: 'govuk-label--s',
          hint: 'Write {name} where the worker says their name, and {team} for the team\'s '
            + 'name if you want it. No other words in braces. Up to 500 characters, on one line.',
          rows: 3,
          value: values.script,
          error: errorOn('script'),
        }),
        preview,
        textarea({
          id: 'reason', name: 'reason', label: 'Reason for the change', labelClass: 'govuk-label--s',
          rows: 2, value: values.reason, error: errorOn('reason'),
        }),
        button('Save greeting'),
      ] : paragraph('Choose a line to change its greeting and see its history.')),
      historyRegion,
    ];
  }

  function draw({ keepFocus = false } = {}) {
    const focusedId = keepFocus && root.contains(document.activeElement)
      ? document.activeElement.id : null;
    ctx.setTitle('Phone lines and greetings', errors.length > 0);
    replaceContent(root,
      errors.length ? errorSummary(errors) : null,
      saved ? notificationBanner({ success: true, text: saved }) : null,
      heading('Phone lines and greetings'),
      paragraph('Each line is a council team\'s duty line. When an agent answers a call on a '
        + 'line, their screen shows its greeting script with their own name in place of {name} '
        + 'and the team\'s name in place of {team}. A line without a script of its own uses '
        + 'the default script.'),
      linesTable(),
      h('h2', { class: 'govuk-heading-m' }, 'Default script'),
      h('div', { class: 'govuk-inset-text', id: 'default-script' },
        data.default_script.template),
      changeForm());
    drawPreview(null);
    drawHistory();
    if (root.isConnected) initComponents(root);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
  draw();
  return root;
}
