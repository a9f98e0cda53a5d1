/*
 * new-contact outcome: the optional last section of the agent's contact screen, "If you have
 * finished with this call", for a call resolved at the front door (advice and information,
 * signposting, no further action) to be closed on the one screen. It offers only the outcome
 * codes in use for the contact's child or adult service that the front door resolves and that
 * need no recommendation or Care Act checks (C5); every other outcome is recorded on the
 * contact's page. A signposting outcome asks for the service from the directory and what was
 * given (A7, W11, W15), as the contact page does; a children's workflow outcome (L2) asks for
 * the priority it needs and that decision's own rationale (A9), recorded just before the
 * outcome. Nothing is pre-selected. It checks only that what a chosen outcome needs is filled
 * in; the server decides, and its refusal is returned in its words. It does not save the
 * contact itself (new-contact.js does, first) and does not show the contact page.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { insetText, revealRadios, select, sentence } from '../fields.js';
import { textarea } from '../govuk.js';
import { recordDecision, recordOutcome } from '../workflow-api.js';
import { valueWords } from './contact-decisions.js';

/* The value of the choice "not finished": the contact stays open, no outcome is recorded. */
export const LEAVE_OPEN = 'leave_open';

/* Where each of the section's errors links to (field names are the section's own). */
export const CLOSING_ANCHORS = {
  close_code: '#close-outcome',
  close_rationale: '#close-rationale',
  close_signposted_to: '#close-signposted-to',
  close_priority: '#close-priority',
  close_priority_rationale: '#close-priority-rationale',
};

export function emptyClosing() {
  return {
    code: '', rationale: '', signposted_team_id: '', signposted_to: '', priority: '',
    priority_rationale: '',
  };
}

/* The outcomes that may close a contact on this screen, for service ('children'/'adults'). */
export function frontDoorOutcomes(outcomes, service) {
  if (!service) return [];
  return outcomes.filter((o) => o.active !== false
    && (o.group === 'both' || o.group === service)
    && o.resolved_at_front_door === true
    && !o.needs_recommendation && !o.needs_care_act_checks);
}

/* The priorities whose workflow is the outcome's (L2), e.g. P4 for signposting. */
function prioritiesFor(codes, outcome) {
  if (!outcome || !outcome.workflow) return [];
  return (codes.priorities || []).filter((p) => p.workflow === outcome.workflow);
}

/*
 * createClosing({ outcomes, codes, teams }): { nodes(service, values, errorFor), read(form),
 * check(values, service), submit(contactId, values, service), chosen(values, service) }. outcomes are GET
 * /api/outcomes items; codes GET /api/contact-codes; teams the directory.
 */
export function createClosing({ outcomes, codes, teams }) {
  const outside = (t) => Number(t.council !== false);
  const services = teams.slice().sort((a, b) => outside(a) - outside(b)
    || a.name.localeCompare(b.name));
  const find = (service, code) => frontDoorOutcomes(outcomes, service)
    .find((o) => o.code === code);

  /* The fields one outcome reveals; the chosen outcome's carry the ids errors link to. */
  function reveals(o, values, errorFor) {
    const chosen = o.code === values.code;
    const suffix = chosen ? '' : `-${o.code}`;
    const parts = [];
    const priorities = prioritiesFor(codes, o);
    if (priorities.length === 1) {
      parts.push(insetText(`Recording this outcome first records the child's priority as ${
        valueWords(codes, 'priority', priorities[0].priority)}.`));
    } else if (priorities.length > 1) {
      parts.push(revealRadios({
        id: `close-priority${suffix}`,
        name: `close_priority_${o.code}`,
        legend: "The child's priority",
        legendClass: 'govuk-fieldset__legend--s',
        items: priorities.map((p) => ({
          value: p.priority, text: valueWords(codes, 'priority', p.priority),
        })),
        value: chosen ? values.priority : '',
        error: chosen ? errorFor('close_priority')?.text : null,
        small: true,
      }));
    }
    if (priorities.length) {
      parts.push(textarea({
        id: `close-priority-rationale${suffix}`,
        name: `close_priority_rationale_${o.code}`,
        label: 'Why this is the priority (rationale)',
        labelClass: 'govuk-label--s',
        value: chosen ? values.priority_rationale : '',
        error: chosen ? errorFor('close_priority_rationale')?.text : null,
        rows: 3,
      }));
    }
    if (o.needs_signposting) {
      parts.push(select({
        id: `close-signpost-team${suffix}`,
        name: `close_team_${o.code}`,
        label: 'Service from the directory (optional)',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a service',
        items: services.map((t) => ({
          value: String(t.id),
          text: t.name,
          group: t.council === false ? 'Voluntary and community services'
            : 'Council teams and services',
        })),
        value: chosen ? values.signposted_team_id : '',
      }), textarea({
        id: `close-signposted-to${suffix}`,
        name: `close_given_${o.code}`,
        label: 'What was given',
        labelClass: 'govuk-label--s',
        hint: 'The service, helpline, leaflet or information given, and in what form',
        value: chosen ? values.signposted_to : '',
        error: chosen ? errorFor('close_signposted_to')?.text : null,
        rows: 3,
      }));
    }
    return parts.length ? parts : null;
  }

  function nodes(service, values, errorFor) {
    const offered = frontDoorOutcomes(outcomes, service);
    const intro = h('p', { class: 'govuk-body' }, 'Optional. If the call is resolved now, record '
      + 'its outcome here and the contact is closed when you save. Any other outcome is recorded '
      + "on the contact's page after saving.");
    if (!service) {
      return [intro, insetText('The outcomes show once you say whether the contact is about a '
        + 'child or an adult.')];
    }
    const code = offered.some((o) => o.code === values.code) || values.code === LEAVE_OPEN
      ? values.code : '';
    return [
      intro,
      revealRadios({
        id: 'close-outcome',
        name: 'close_code',
        legend: 'Outcome (optional)',
        legendClass: 'govuk-fieldset__legend--s',
        hint: 'Only the outcomes that are resolved at the front door',
        items: [
          ...offered.map((o) => ({
            value: o.code,
            text: o.label,
            conditional: reveals(o, { ...values, code }, errorFor),
          })),
          { value: LEAVE_OPEN, text: 'Not finished: leave the contact open' },
        ],
        value: code,
        error: errorFor('close_code')?.text,
        small: true,
      }),
      textarea({
        id: 'close-rationale',
        name: 'close_rationale',
        label: 'Why this is the outcome (rationale)',
        labelClass: 'govuk-label--s',
        hint: 'Needed if you choose an outcome',
        value: values.rationale,
        error: errorFor('close_rationale')?.text,
        rows: 3,
      }),
    ];
  }

  function read(form) {
    const f = new FormData(form);
    const get = (n) => String(f.get(n) ?? '');
    const code = get('close_code');
    return {
      code,
      rationale: get('close_rationale'),
      signposted_team_id: code ? get(`close_team_${code}`) : '',
      signposted_to: code ? get(`close_given_${code}`) : '',
      priority: code ? get(`close_priority_${code}`) : '',
      priority_rationale: code ? get(`close_priority_rationale_${code}`) : '',
    };
  }

  /* check(values, service): [{ field, text }] for a chosen outcome missing what it needs. */
  function check(values, service) {
    const o = find(service, values.code);
    if (!o) return [];
    const errors = [];
    const priorities = prioritiesFor(codes, o);
    if (priorities.length > 1 && !priorities.some((p) => p.priority === values.priority)) {
      errors.push({ field: 'close_priority', text: "Choose the child's priority" });
    }
    if (priorities.length && !values.priority_rationale.trim()) {
      errors.push({
        field: 'close_priority_rationale', text: "Enter why this is the child's priority",
      });
    }
    if (o.needs_signposting && !values.signposted_to.trim() && !values.signposted_team_id) {
      errors.push({
        field: 'close_signposted_to', text: 'Choose the service or enter what was given',
      });
    }
    if (!values.rationale.trim()) {
      errors.push({ field: 'close_rationale', text: 'Enter why this is the outcome' });
    }
    return errors;
  }

  /*
   * submit(contactId, values, service): records the priority the outcome needs (if any), then
   * the outcome. Resolves to null when there was nothing to record or it was recorded, else to
   * { status, reason } with the server's words (or the service's problem); rejects only on 401.
   */
  async function submit(contactId, values, service) {
    const o = find(service, values.code);
    if (!o) return null;
    const priorities = prioritiesFor(codes, o);
    try {
      if (priorities.length) {
        const priority = priorities.length === 1 ? priorities[0].priority : values.priority;
        await recordDecision(contactId, {
          kind: 'priority', value: priority, rationale: values.priority_rationale.trim(),
        });
      }
      const body = { code: o.code, rationale: values.rationale.trim() };
      if (o.needs_signposting && values.signposted_to.trim()) {
        body.signposted_to = values.signposted_to.trim();
      }
      if (o.needs_signposting && values.signposted_team_id) {
        body.signposted_team_id = Number(values.signposted_team_id);
      }
      await recordOutcome(contactId, body);
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err;
      if (err instanceof ApiError && [400, 403, 404, 409].includes(err.status)) {
        const words = (err.errors && err.errors.length ? err.errors : [err])
          .map((e) => sentence(e.message).replace(/\.$/, ''));
        return { status: err.status, reason: words.join('. ') };
      }
      return { status: 0, reason: 'There is a problem with the service' };
    }
  }

  /* chosen(values, service): whether an outcome to record now was chosen (not "leave open"). */
  const chosen = (values, service) => Boolean(find(service, values.code));

  return { nodes, read, check, submit, chosen };
}
