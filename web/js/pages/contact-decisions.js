/*
 * contact decisions: the "Decisions" and "Outcome" sections of a contact's page. Decisions
 * lists every decision (its own record: what, why, who, when, who authorised it) with what
 * they add up to (priority and workflow, safeguarding, recommendation and work plan, the Care
 * Act checks), and a form to record one — kind and value always chosen, never pre-selected,
 * with the rationale (A9). Outcome shows the outcome, or a form whose choices are the outcome
 * codes for children or adults as the contact says (C7, L2, client level data), with the
 * directory of services for signposting (A7, W11, W15). The server's refusals — 403 when the
 * user may not decide (C2, C5), 409 naming what a gate still needs (C5, Care Act checks) — are
 * shown as they come, through the page's report(). It does not decide anything itself.
 */
import { ApiError, loadSession, sessionUser } from '../api.js';
import { h, replaceContent } from '../dom.js';
import { insetText, revealRadios, select, sentence } from '../fields.js';
import { button, summaryList, textarea } from '../govuk.js';
import { badge, timeline } from '../moj.js';
import { formatDateTime } from '../time.js';
import { authoriseDecision, recordDecision, recordOutcome } from '../workflow-api.js';

/* Words for decision values; a priority's come from the code set (its workflow). */
const VALUE_WORDS = {
  concern: 'There is a safeguarding concern',
  no_concern: 'No safeguarding concern',
  transfer_to_assessment: 'Transfer to assessment',
  no_transfer: 'Do not transfer to assessment',
  assessment: 'To assessment',
  locality_hub: 'To the locality referral hub',
  single_agency: 'To a single agency',
  other_team: 'To another team',
  contact_centre: "The contact centre's queue",
  duty: "The duty team's queue",
  team: "A team's incoming queue",
  yes: 'Yes',
  no: 'No',
};

export function valueWords(codes, kind, value) {
  if (kind === 'priority') {
    const p = (codes.priorities || []).find((x) => x.priority === value);
    return p ? `${value} – ${p.workflow_label}` : String(value ?? '');
  }
  return VALUE_WORDS[value] || String(value ?? '');
}

/* Roles that may authorise someone else's decision (the server checks again). */
const SENIOR_ROLES = new Set(['manager', 'duty_manager', 'admin']);

/*
 * Where a gate's refusal (409) is put right: the decisions the gate waits for are recorded in
 * the "Record a decision" form of this page, so the error summary links there, whichever form
 * was refused (an outcome, a referral). The Care Act checks are adults' decisions; the
 * recommendation and its work plan are children's (C5).
 */
export const GATE_HREFS = Object.fromEntries([
  'recommendation', 'work_plan', 'care_act_prevention', 'care_act_finance_info',
  'care_act_advocacy_needed', 'care_act_advocacy_referral', 'care_act_eligibility',
].map((f) => [f, '#decision-kind']));

/*
 * Sends fn() and turns the answer into the page's report or done: 401 signs out; 400, 403 and
 * 409 are the server's words — every field it found at fault — each on the field it names when
 * the form has it (fieldIds maps the API's field to the input's id); a 409 naming a decision a
 * gate waits for links to where it is recorded (gateHrefs, e.g. GATE_HREFS); anything else
 * links to formHref (the form's first field) so the error summary leads back to the form;
 * anything else is the service's problem.
 */
async function send(page, fn, {
  fieldIds = {}, failed, done, formHref = null, gateHrefs = {},
}) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      page.ctx.signedOut();
      return null;
    }
    if (err instanceof ApiError && [400, 403, 404, 409].includes(err.status)) {
      return err.errors.map((e) => {
        const gate = err.status === 409 && e.field && gateHrefs[e.field];
        const id = !gate && e.field && fieldIds[e.field];
        return {
          field: id ? e.field : null,
          text: sentence(e.message),
          href: id ? `#${id}` : gate || formHref,
        };
      });
    }
    if (err instanceof ApiError && err.code === 'csrf') await loadSession().catch(() => null);
    return [{ text: `Sorry, there is a problem with the service. ${failed} Try again` }];
  }
  page.done(done);
  return null;
}

function stateRows(codes, state, service) {
  const rows = [];
  if (service !== 'adults') {
    rows.push({
      key: 'Priority',
      value: state.priority ? valueWords(codes, 'priority', state.priority) : 'Not set',
    });
  }
  rows.push({
    key: 'Safeguarding',
    value: state.safeguarding ? valueWords(codes, 'safeguarding', state.safeguarding)
      : 'Not decided',
  });
  if (service !== 'adults') {
    const rec = state.recommendation || {};
    rows.push({
      key: 'Recommendation',
      value: rec.value ? `${valueWords(codes, 'recommendation', rec.value)}${rec.has_work_plan
        ? ', with a work plan' : ', no work plan'}` : 'None yet',
    });
  }
  if (service !== 'children') {
    const ca = state.care_act || {};
    const yn = (v) => (v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Not answered');
    rows.push(
      { key: 'Prevention considered', value: yn(ca.prevention) },
      { key: 'Finance information given', value: yn(ca.finance_info) },
      { key: 'Advocacy needed', value: yn(ca.advocacy_needed) },
      { key: 'Advocacy referral made', value: yn(ca.advocacy_referral) },
      { key: 'Eligibility likely', value: yn(ca.eligibility) },
    );
  }
  return rows;
}

/*
 * decisionsSection(page, { contact, data, codes, teams }): the section's nodes. page is {
 * ctx, report(errors), done(message) } from the contact page.
 */
export function decisionsSection(page, { contact, data, codes, teams }) {
  const items = Array.isArray(data.items) ? data.items : [];
  const me = sessionUser();
  const teamName = (id) => teams.find((t) => t.id === id)?.name || `team ${id}`;
  const out = [h('h2', { class: 'govuk-heading-l', id: 'decisions' }, 'Decisions')];
  out.push(summaryList(stateRows(codes, data.state || {}, contact.service)));

  if (items.length === 0) {
    out.push(h('p', { class: 'govuk-body' }, 'No decisions have been recorded yet.'));
  } else {
    const item = (d) => {
      const title = `${d.kind_label}: ${valueWords(codes, d.kind, d.value)}`;
      const canAuthorise = me && SENIOR_ROLES.has(me.role) && !d.authorised_by
        && d.decided_by && d.decided_by.id !== me.id && !contact.outcome;
      const authorise = async () => {
        const errors = await send(page, () => authoriseDecision(d.id), {
          failed: 'The decision has not been authorised.',
          done: 'The decision has been authorised',
        });
        if (errors) page.report(errors);
      };
      return {
        title,
        byline: d.decided_by ? d.decided_by.name : null,
        datetime: d.decided_at,
        dateText: formatDateTime(d.decided_at),
        description: [
          h('p', { class: 'govuk-body' }, h('strong', {}, 'Why: '),
            h('span', { class: 'app-preserve-lines' }, d.rationale)),
          d.work_plan ? h('p', { class: 'govuk-body' }, h('strong', {}, 'Work plan: '),
            h('span', { class: 'app-preserve-lines' }, d.work_plan)) : null,
          d.team_id ? h('p', { class: 'govuk-body' }, h('strong', {}, 'Team: '),
            teamName(d.team_id)) : null,
          d.authorised_by ? h('p', { class: 'govuk-body' }, badge('Authorised', 'green'), ' ',
            `by ${d.authorised_by.name}, ${formatDateTime(d.authorised_at)}`,
            d.authorisation_note ? `: ${d.authorisation_note}` : '') : null,
          canAuthorise ? h('button', {
            type: 'button',
            class: 'govuk-button govuk-button--secondary app-button--small',
            on: { click: authorise },
          }, 'Authorise', h('span', { class: 'govuk-visually-hidden' }, ` the decision ${title}`))
            : null,
        ],
      };
    };
    out.push(h('h3', { class: 'govuk-heading-m' }, 'Decisions recorded'),
      timeline(items.slice().reverse().map(item)));
  }
  if (!contact.outcome) out.push(decisionForm(page, { contact, codes, teams }));
  return out;
}

function decisionForm(page, { contact, codes, teams }) {
  const wrap = h('div', { class: 'app-panel' });
  let values = { kind: '', value: '', team_id: '', work_plan: '', rationale: '' };
  let fieldErrors = {};
  let busy = false;
  const kinds = (codes.decision_kinds || []).filter((k) => {
    if (k.kind === 'priority') return contact.service !== 'adults';
    if (k.kind.startsWith('care_act')) return contact.service !== 'children';
    if (k.kind === 'recommendation') return contact.service !== 'adults';
    return true;
  });

  function read(form) {
    const f = new FormData(form);
    const get = (n) => String(f.get(n) ?? '');
    return {
      kind: get('kind'),
      value: get('value'),
      team_id: get('team_id'),
      work_plan: get('work_plan'),
      rationale: get('rationale'),
    };
  }

  function valuePart() {
    const kind = kinds.find((k) => k.kind === values.kind);
    if (!kind) return null;
    const needsTeam = values.kind === 'transfer';
    const teamSelect = (id) => select({
      id,
      name: 'team_id',
      label: 'Team',
      labelClass: 'govuk-label--s',
      placeholder: 'Choose the team',
      items: teams.filter((t) => t.council !== false)
        .map((t) => ({ value: String(t.id), text: t.name })),
      value: values.team_id,
      error: fieldErrors.team_id,
    });
    return [
      revealRadios({
        id: 'decision-value',
        name: 'value',
        legend: kind.label,
        legendClass: 'govuk-fieldset__legend--s',
        items: kind.values.map((v) => ({
          value: v,
          text: valueWords(codes, kind.kind, v),
          conditional: kind.kind === 'route' && v === 'team'
            ? teamSelect('decision-route-team') : null,
        })),
        value: values.value,
        error: fieldErrors.value,
        small: true,
      }),
      needsTeam ? teamSelect('decision-team') : null,
      values.kind === 'recommendation' ? textarea({
        id: 'decision-work-plan',
        name: 'work_plan',
        label: 'Work plan',
        labelClass: 'govuk-label--s',
        hint: 'Needed with a recommendation to transfer to assessment (C5)',
        value: values.work_plan,
        error: fieldErrors.work_plan,
        rows: 4,
      }) : null,
    ];
  }

  function draw() {
    const valueRegion = h('div', { id: 'decision-value-region' }, valuePart());
    const form = h('form', { novalidate: true, on: { submit: onSubmit } },
      h('h3', { class: 'govuk-heading-m' }, 'Record a decision'),
      select({
        id: 'decision-kind',
        name: 'kind',
        label: 'Kind of decision',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose the kind of decision',
        items: kinds.map((k) => ({ value: k.kind, text: k.label })),
        value: values.kind,
        error: fieldErrors.kind,
        on: {
          change: (event) => {
            values = {
              ...read(event.target.form), kind: event.target.value, value: '', team_id: '',
            };
            fieldErrors = {};
            replaceContent(valueRegion, valuePart());
          },
        },
      }),
      valueRegion,
      textarea({
        id: 'decision-rationale',
        name: 'rationale',
        label: 'Why (rationale)',
        labelClass: 'govuk-label--s',
        hint: 'Every decision records its reason',
        value: values.rationale,
        error: fieldErrors.rationale,
        rows: 4,
      }),
      button('Record decision'));
    replaceContent(wrap, form);
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    values = read(event.currentTarget);
    const errors = [];
    fieldErrors = {};
    if (!values.kind) {
      errors.push({ field: 'kind', text: 'Choose the kind of decision', href: '#decision-kind' });
    } else if (!values.value) {
      errors.push({ field: 'value', text: 'Choose the decision', href: '#decision-value' });
    }
    if (values.kind === 'transfer' && !values.team_id) {
      errors.push({ field: 'team_id', text: 'Choose the team it goes to', href: '#decision-team' });
    }
    if (!values.rationale.trim()) {
      errors.push({
        field: 'rationale', text: 'Enter why you made this decision', href: '#decision-rationale',
      });
    }
    if (errors.length === 0) {
      const body = { kind: values.kind, value: values.value, rationale: values.rationale.trim() };
      if (values.work_plan.trim()) body.work_plan = values.work_plan.trim();
      if (values.team_id && (values.kind === 'transfer' || values.value === 'team')) {
        body.team_id = Number(values.team_id);
      }
      busy = true;
      const teamAnchor = values.kind === 'transfer' ? 'decision-team' : 'decision-route-team';
      const refused = await send(page, () => recordDecision(contact.id, body), {
        fieldIds: {
          kind: 'decision-kind', value: 'decision-value', rationale: 'decision-rationale',
          work_plan: 'decision-work-plan', team_id: teamAnchor,
        },
        failed: 'The decision has not been recorded.',
        done: 'The decision has been recorded',
        formHref: '#decision-kind',
      });
      busy = false;
      if (!refused) return;
      errors.push(...refused);
    }
    for (const e of errors) if (e.field) fieldErrors[e.field] = e.text;
    draw();
    page.report(errors);
  }

  draw();
  return wrap;
}

/* --- the outcome -------------------------------------------------------------------------- */

function outcomeHint(o) {
  const parts = [o.resolved_at_front_door ? 'Resolved at the front door' : 'Passed on'];
  if (o.needs_recommendation) parts.push('needs the recommendation and work plan');
  if (o.needs_care_act_checks) parts.push('needs the Care Act checks');
  if (o.workflow) parts.push('must match the priority');
  return parts.join('; ');
}

/*
 * outcomeSection(page, { contact, outcomes, teams }): the outcome recorded, or the form to
 * record it with the codes for the contact's service.
 */
export function outcomeSection(page, { contact, outcomes, teams }) {
  const out = [h('h2', { class: 'govuk-heading-l', id: 'outcome' }, 'Outcome')];
  if (contact.outcome) {
    const o = contact.outcome;
    const team = o.signposted_team_id ? teams.find((t) => t.id === o.signposted_team_id) : null;
    out.push(summaryList([
      { key: 'Outcome', value: o.label },
      { key: 'Resolved at the front door', value: o.resolved ? 'Yes' : 'No' },
      { key: 'Why', value: o.rationale, valueClass: 'app-preserve-lines' },
      o.signposted_to || team ? {
        key: 'Signposted to',
        value: [team ? team.name : null, team && o.signposted_to ? ': ' : null,
          o.signposted_to || null],
      } : null,
      { key: 'Recorded by', value: o.decided_by ? o.decided_by.name : '' },
      { key: 'Recorded', value: formatDateTime(o.decided_at) },
    ].filter(Boolean)));
    return out;
  }
  const active = outcomes.filter((o) => o.active !== false);
  const offered = active.filter((o) => o.group === 'both' || o.group === contact.service);
  if (!contact.service) {
    out.push(insetText('The outcomes for children or for adults show once the contact says which '
      + 'it is about: amend the contact to record it.'));
  }
  out.push(outcomeForm(page, { contact, offered, teams }));
  return out;
}

function outcomeForm(page, { contact, offered, teams }) {
  const wrap = h('div', { class: 'app-panel' });
  let values = { code: '', rationale: '', signposted_team_id: '', signposted_to: '' };
  let fieldErrors = {};
  let busy = false;
  /* The directory to signpost to: services outside the council first, then council teams. */
  const outside = (t) => Number(t.council !== false);
  const services = teams.slice().sort((a, b) => outside(a) - outside(b)
    || a.name.localeCompare(b.name));

  /* The signposting fields of one outcome; the chosen one's (else the first's) carry the ids
   * the error summary links to. */
  function signposting(code) {
    const chosen = offered.find((o) => o.code === values.code && o.needs_signposting);
    const primary = chosen ? chosen.code : offered.find((o) => o.needs_signposting)?.code;
    const suffix = code === primary ? '' : `-${code}`;
    return [
      select({
        id: `outcome-signpost-team${suffix}`,
        name: `signposted_team_id_${code}`,
        label: 'Service from the directory (optional)',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a service',
        items: services.map((t) => ({
          value: String(t.id),
          text: t.name,
          group: t.council === false ? 'Voluntary and community services'
            : 'Council teams and services',
        })),
        value: code === values.code ? values.signposted_team_id : '',
        error: code === values.code ? fieldErrors.signposted_team_id : null,
      }),
      textarea({
        id: `outcome-signposted-to${suffix}`,
        name: `signposted_to_${code}`,
        label: 'What was given',
        labelClass: 'govuk-label--s',
        hint: 'The service, helpline, leaflet or information given, and in what form',
        value: code === values.code ? values.signposted_to : '',
        error: code === values.code ? fieldErrors.signposted_to : null,
        rows: 3,
      }),
    ];
  }

  function read(form) {
    const f = new FormData(form);
    const get = (n) => String(f.get(n) ?? '');
    const code = get('code');
    return {
      code,
      rationale: get('rationale'),
      signposted_team_id: code ? get(`signposted_team_id_${code}`) : '',
      signposted_to: code ? get(`signposted_to_${code}`) : '',
    };
  }

  function draw() {
    const form = h('form', { novalidate: true, on: { submit: onSubmit } },
      h('h3', { class: 'govuk-heading-m' }, 'Record the outcome'),
      revealRadios({
        id: 'outcome-code',
        name: 'code',
        legend: 'Outcome',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'A contact has one outcome; once recorded it leaves the queues',
        items: offered.map((o) => ({
          value: o.code,
          text: o.label,
          hint: outcomeHint(o),
          conditional: o.needs_signposting ? signposting(o.code) : null,
        })),
        value: values.code,
        error: fieldErrors.code,
        small: true,
      }),
      textarea({
        id: 'outcome-rationale',
        name: 'rationale',
        label: 'Why (rationale)',
        labelClass: 'govuk-label--s',
        value: values.rationale,
        error: fieldErrors.rationale,
        rows: 4,
      }),
      button('Record outcome'));
    replaceContent(wrap, form);
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    values = read(event.currentTarget);
    fieldErrors = {};
    const errors = [];
    if (!values.code) {
      errors.push({ field: 'code', text: 'Choose the outcome', href: '#outcome-code' });
    }
    if (!values.rationale.trim()) {
      errors.push({
        field: 'rationale', text: 'Enter why this is the outcome', href: '#outcome-rationale',
      });
    }
    const chosen = offered.find((o) => o.code === values.code);
    const signposted = values.signposted_to.trim() || values.signposted_team_id;
    if (chosen && chosen.needs_signposting && !signposted) {
      errors.push({
        field: 'signposted_to',
        text: 'Choose the service or enter what was given',
        href: '#outcome-signposted-to',
      });
    }
    if (errors.length === 0) {
      const body = { code: values.code, rationale: values.rationale.trim() };
      if (values.signposted_to.trim()) body.signposted_to = values.signposted_to.trim();
      if (values.signposted_team_id) body.signposted_team_id = Number(values.signposted_team_id);
      busy = true;
      const refused = await send(page, () => recordOutcome(contact.id, body), {
        fieldIds: {
          code: 'outcome-code', rationale: 'outcome-rationale',
          signposted_to: 'outcome-signposted-to', signposted_team_id: 'outcome-signpost-team',
        },
        failed: 'The outcome has not been recorded.',
        done: 'The outcome has been recorded',
        formHref: '#outcome-code',
        gateHrefs: GATE_HREFS,
      });
      busy = false;
      if (!refused) return;
      errors.push(...refused);
    }
    for (const e of errors) if (e.field) fieldErrors[e.field] = e.text;
    draw();
    page.report(errors);
  }

  draw();
  return wrap;
}

export { send };
