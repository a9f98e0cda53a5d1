/*
 * contact page (/contacts/{id}): one contact as whoever handles it needs it. At the top, the
 * 999 guidance if someone was in danger now (W10), where the contact waits and who owns it
 * (C8), a handover waiting for an answer — with Accept and Decline for the colleague it is
 * offered to (H12) — and the persons it is about, warning markers first (A13). Then the
 * routing answer for a worker or team asked for (W1-W4, when the server offers it), the
 * details as they stand now, amending them with a reason and the history of versions (A10, as
 * an MOJ timeline), the decisions and the outcome (contact-decisions.js) and the deadlines
 * (contact-deadlines.js). Every change goes to the server; after one the page is shown again
 * with a success banner. Refusals are shown in the GOV.UK error summary in the server's words.
 */
import { ApiError, getContact, sessionUser } from '../api.js';
import {
  codeLabel, CONSENT_LABELS, dangerPanel, personCard, queueWords, SERVICE_LABELS, workerWords,
} from '../contact-view.js';
import { listTeams, listWorkers } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import { checkboxes, insetText, revealRadios, select, sentence } from '../fields.js';
import {
  backLink, button, errorSummary, heading, initComponents, notificationBanner, summaryList,
  textarea, textInput,
} from '../govuk.js';
import { timeline } from '../moj.js';
import { formatDateTime } from '../time.js';
import {
  acceptHandover, amendContact, apiHas, callbackPromises, contactCodes, contactDecisions,
  contactVersions, declineHandover, getPerson, offerHandover, outcomeCodes, routing,
  workerMessages,
} from '../workflow-api.js';
import { contactDeadlines } from './contact-deadlines.js';
import { decisionsSection, outcomeSection, send } from './contact-decisions.js';
import { routingSection } from './contact-routing.js';
import { referralSection } from './contact-referral.js';
import { contactReferrals } from '../referral-api.js';
import { createPersonPicker } from '../person-picker.js';
import { notFoundPage } from './errors.js';

/* Words for the fields an amendment lists as changed. */
const FIELD_WORDS = {
  channel: 'how it was received',
  received_at: 'when it was received',
  answered_at: 'when it was answered',
  caller_name: "caller's name",
  summary: 'summary',
  source: 'who made contact',
  source_code: 'census referral source',
  caller_organisation: 'organisation',
  caller_role: 'role',
  caller_phone: "caller's phone number",
  caller_email: "caller's email address",
  caller_address: "caller's address",
  subject_person_ids: 'persons it is about',
  worker_id: 'worker asked for',
  team_id: 'team asked for',
  reason_code: 'reason',
  interpreter_language: 'interpreter',
  bsl: 'British Sign Language',
  private_room: 'private room',
  communication_other: 'other communication needs',
  consent: 'consent',
  consent_justification: 'justification for sharing',
  danger_now: 'danger now',
  line_team_id: 'line',
  service: 'child or adult',
};

/* Roles that may hand over a contact they do not own (domain/handover.c: may allocate). */
const ALLOCATING_ROLES = new Set(['manager', 'duty_manager', 'coordinator', 'admin']);

function communicationWords(c) {
  const parts = [];
  if (c.interpreter_language) parts.push(`Interpreter: ${c.interpreter_language}`);
  if (c.bsl) parts.push('British Sign Language');
  if (c.private_room) parts.push('A private room');
  if (c.communication_other) parts.push(c.communication_other);
  return parts.length ? parts.join('; ') : 'None recorded';
}

function notFound(ctx) {
  return notFoundPage(ctx, {
    title: 'Contact not found',
    text: 'There is no contact with this number. Check the web address, or find the contact '
      + 'in the list.',
  });
}

export async function contactPage(ctx) {
  let contact;
  try {
    contact = await getContact(ctx.params.id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return notFound(ctx);
    throw err;
  }
  const wantRouting = (contact.worker_id || contact.team_id) && contact.subject_person_ids.length
    && !contact.outcome;
  const [codes, outcomesData, teamsData, workersData, versions, decisions, deadlines,
    hasRouting, searchable] = await Promise.all([
    contactCodes(), outcomeCodes(), listTeams(), listWorkers(), contactVersions(contact.id),
    contactDecisions(contact.id), contactDeadlines(contact.id),
    wantRouting ? apiHas('GET', '/api/contacts/{id}/routing') : false,
    apiHas('GET', '/api/persons/search'),
  ]);
  const persons = await Promise.all(contact.subject_person_ids.map((id) => getPerson(id)
    .catch((err) => {
      if (err instanceof ApiError && err.status === 401) throw err;
      return { id, display_name: `Person ${id}`, unavailable: true };
    })));
  let routed = null;
  let promises = [];
  let sent = [];
  if (hasRouting) {
    const keep401 = (err) => {
      if (err instanceof ApiError && err.status === 401) throw err;
    };
    [routed, promises, sent] = await Promise.all([
      routing(contact.id).catch((err) => {
        keep401(err);
        return { error: err instanceof ApiError ? sentence(err.message) : null };
      }),
      callbackPromises(contact.id).then((d) => d.items || []).catch((err) => {
          keep401(err);
          return [];
        }),
      workerMessages(contact.id).then((d) => d.items || []).catch((err) => {
          keep401(err);
          return [];
        }),
    ]);
  }

  const referrals = await contactReferrals(contact.id).then((d) => d.items || [])
    .catch((err) => {
      if (err instanceof ApiError && err.status === 401) throw err;
      return [];
    });
  const teams = teamsData.items || [];
  const workers = workersData.items || [];
  const me = sessionUser();
  const teamName = (id) => teams.find((t) => t.id === id)?.name || (id ? `Team ${id}` : '');
  const workerName = (id) => workers.find((w) => w.id === id)?.name || (id ? `Worker ${id}` : '');

  ctx.setTitle(`Contact ${contact.reference}`);
  const state = ctx.state || {};
  const created = String(state.created) === String(contact.id);
  const doneText = String(state.doneFor) === String(contact.id) ? state.done : null;
  if (created || doneText) history.replaceState(null, '', location.href); /* once, not on Back */

  const errorRegion = h('div', {});
  const page = {
    ctx,
    /* report(errors): the error summary at the top of the page, focused, in the server's words. */
    report(errors) {
      ctx.setTitle(`Contact ${contact.reference}`, errors.length > 0);
      replaceContent(errorRegion, errors.length ? errorSummary(errors.map((e) => ({
        text: e.text, href: e.href || null,
      }))) : null);
      initComponents(errorRegion);
    },
    /* done(message): the page again, with the change in it and a success banner. */
    done(message) {
      ctx.navigate(`/contacts/${encodeURIComponent(contact.id)}`, {
        replace: true, state: { doneFor: contact.id, done: message },
      });
    },
  };

  const c = contact;
  const owner = c.owner;
  return [
    backLink('/contacts', 'Back to contacts'),
    created ? notificationBanner({
      success: true, text: `Contact ${c.reference} has been recorded`,
    }) : null,
    doneText ? notificationBanner({ success: true, text: doneText }) : null,
    errorRegion,
    heading(c.reference, 'l', 'Contact'),
    c.danger_now ? dangerPanel(c.danger_guidance || codes.danger_guidance) : null,
    summaryList([
      { key: 'Status', value: c.outcome ? `Closed: ${c.outcome.label}` : 'Open' },
      {
        key: 'Waiting in',
        value: c.outcome ? 'No queue (it has its outcome)'
          : queueWords(c.queue, teamName(c.queue?.team_id)),
      },
      { key: 'Owner', value: owner ? owner.name : 'Nobody yet' },
      { key: 'Version', value: String(c.version) },
      c.safeguarding_concerns && c.safeguarding_concerns.length ? {
        key: 'Safeguarding concerns',
        value: h('ul', { class: 'govuk-list' }, c.safeguarding_concerns.map((s) => h('li', {},
          `${s.note} Raised ${formatDateTime(s.raised_at)}`,
          s.raised_by ? ` by ${s.raised_by.name}` : '', '.'))),
      } : null,
    ].filter(Boolean)),
    handoverSection(page, { contact: c, me, workers }),
    personsSection(persons),
    routingSection(page, {
      contact: c,
      routed,
      promises,
      messages: sent,
      askedWords: [c.worker_id ? workerName(c.worker_id) : null,
        c.team_id ? teamName(c.team_id) : null].filter(Boolean).join(' or '),
    }),
    h('h2', { class: 'govuk-heading-l', id: 'details' }, 'Details'),
    detailsList(c, codes, teamName, workerName),
    c.outcome ? null : amendSection(page, {
      contact: c, codes, persons, searchable,
    }),
    historySection(versions),
    decisionsSection(page, { contact: c, data: decisions, codes, teams }),
    outcomeSection(page, { contact: c, outcomes: outcomesData.items || [], teams }),
    referralSection(page, { contact: c, teams, referrals }),
    ...deadlines,
  ];
}

function detailsList(c, codes, teamName, workerName) {
  const source = c.source ? codeLabel(codes.sources, c.source) : 'Not recorded';
  return summaryList([
    { key: 'Reference', value: c.reference },
    { key: 'Received', value: formatDateTime(c.received_at) },
    c.answered_at ? { key: 'Answered', value: formatDateTime(c.answered_at) } : null,
    { key: 'Channel', value: codeLabel(codes.channels, c.channel) },
    c.line_team_id ? { key: 'Line', value: teamName(c.line_team_id) } : null,
    {
      key: 'Who made contact',
      value: `${source} (census code ${c.source_code}`
        + `${c.source_label ? `: ${c.source_label}` : ''})`,
    },
    { key: 'Caller', value: c.caller_name },
    c.caller_organisation ? { key: 'Organisation', value: c.caller_organisation } : null,
    c.caller_role ? { key: 'Role', value: c.caller_role } : null,
    c.caller_phone ? { key: "Caller's phone", value: c.caller_phone } : null,
    c.caller_email ? { key: "Caller's email", value: c.caller_email } : null,
    c.caller_address ? {
      key: "Caller's address", value: c.caller_address, valueClass: 'app-preserve-lines',
    } : null,
    {
      key: 'About', value: c.service ? SERVICE_LABELS[c.service] || c.service : 'Not recorded yet',
    },
    c.worker_id ? { key: 'Worker asked for', value: workerName(c.worker_id) } : null,
    c.team_id ? { key: 'Team asked for', value: teamName(c.team_id) } : null,
    {
      key: 'Reason',
      value: c.reason_code ? codeLabel(codes.reasons, c.reason_code) : 'Not recorded',
    },
    { key: 'Summary', value: c.summary, valueClass: 'app-preserve-lines' },
    { key: 'Communication needs', value: communicationWords(c) },
    {
      key: 'Consent to share',
      value: c.consent ? CONSENT_LABELS[c.consent] || c.consent : 'Not recorded',
    },
    c.consent_justification ? {
      key: 'Why shared without consent',
      value: c.consent_justification,
      valueClass: 'app-preserve-lines',
    } : null,
    { key: 'Danger now', value: c.danger_now ? 'Yes' : 'No' },
    { key: 'Recorded by', value: c.created_by ? c.created_by.name : '' },
    { key: 'Recorded', value: formatDateTime(c.created_at) },
  ].filter(Boolean));
}

function personsSection(persons) {
  const title = h('h2', { class: 'govuk-heading-l', id: 'persons' }, 'Who it is about');
  if (persons.length === 0) {
    return [title, h('p', { class: 'govuk-body' }, 'No one has been added to this contact yet.')];
  }
  return [title, h('ul', { class: 'govuk-list' }, persons.map((p) => h('li', {},
    p.unavailable ? h('p', { class: 'govuk-body' }, `${p.display_name}: this record cannot be `
      + 'shown to you.') : personCard(p, {
      headingLevel: 3, href: `/persons/${encodeURIComponent(p.id)}`,
    }))))];
}

/* --- handover (C8, H12) ---------------------------------------------------------------------- */

function handoverSection(page, { contact, me, workers }) {
  const pending = contact.pending_handover;
  const out = [];
  if (pending) {
    const forMe = me && pending.to && pending.to.id === me.id;
    out.push(h('h2', { class: 'govuk-heading-m', id: 'handover' }, forMe
      ? 'This contact is offered to you' : 'Handover waiting for an answer'),
    insetText(h('p', { class: 'govuk-body' }, `${pending.from ? pending.from.name : 'Someone'} `
      + `asked ${pending.to ? pending.to.name : 'a colleague'} to take this contact over `
      + `(${formatDateTime(pending.created_at)}).`),
    h('p', { class: 'govuk-body app-preserve-lines' }, h('strong', {}, 'Agreed: '), pending.note),
    forMe ? null : h('p', { class: 'govuk-body' },
      `The owner stays ${contact.owner ? contact.owner.name : 'as it is'} until they accept.`)));
    if (forMe && !contact.outcome) out.push(answerForms(page, contact));
    return out;
  }
  if (contact.outcome || !me) return null;
  const mayHandOver = (contact.owner && contact.owner.id === me.id)
    || ALLOCATING_ROLES.has(me.role);
  if (!mayHandOver) return null;
  const colleagues = workers.filter((w) => w.user && w.user.id !== me.id
    && (!contact.owner || w.user.id !== contact.owner.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  return h('details', { class: 'govuk-details', id: 'handover' },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'Hand this contact over')),
    h('div', { class: 'govuk-details__text' }, handoverForm(page, contact, colleagues)));
}

function handoverForm(page, contact, colleagues) {
  const wrap = h('div', {});
  let values = { to: '', note: '' };
  let fieldErrors = {};
  function draw() {
    replaceContent(wrap, h('form', { novalidate: true, on: { submit: onSubmit } },
      h('p', { class: 'govuk-body' }, 'The owner changes only when your colleague accepts.'),
      select({
        id: 'handover-to',
        name: 'to',
        label: 'Colleague',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a colleague',
        items: colleagues.map((w) => ({
          value: String(w.user.id),
          text: workerWords(w),
        })),
        value: values.to,
        error: fieldErrors.to_user_id,
      }),
      textarea({
        id: 'handover-note',
        name: 'note',
        label: 'What was agreed',
        labelClass: 'govuk-label--s',
        hint: 'Who completes which task',
        value: values.note,
        error: fieldErrors.note,
        rows: 3,
      }),
      button('Offer the handover', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onSubmit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    values = { to: String(f.get('to') || ''), note: String(f.get('note') || '') };
    const errors = [];
    if (!values.to) {
      errors.push({ field: 'to_user_id', text: 'Choose the colleague', href: '#handover-to' });
    }
    if (!values.note.trim()) {
      errors.push({ field: 'note', text: 'Enter what was agreed', href: '#handover-note' });
    }
    if (!errors.length) {
      const offer = () => offerHandover(contact.id, Number(values.to), values.note.trim());
      const refused = await send(page, offer, {
        fieldIds: { to_user_id: 'handover-to', note: 'handover-note' },
        failed: 'The handover has not been offered.',
        formHref: '#handover-to',
        done: 'The handover has been offered: the owner changes when your colleague accepts',
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.text]));
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

function answerForms(page, contact) {
  const wrap = h('div', {});
  let reason = '';
  let reasonError = null;
  function draw() {
    replaceContent(wrap,
      h('form', { novalidate: true, on: { submit: onAccept } },
        button('Accept the handover')),
      h('form', { novalidate: true, on: { submit: onDecline } },
        textarea({
          id: 'decline-reason',
          name: 'reason',
          label: 'If you decline, say why',
          labelClass: 'govuk-label--s',
          value: reason,
          error: reasonError,
          rows: 3,
        }),
        button('Decline the handover', { class: 'govuk-button govuk-button--secondary' })));
  }
  async function onAccept(event) {
    event.preventDefault();
    const refused = await send(page, () => acceptHandover(contact.id), {
      failed: 'The handover has not been accepted.',
      done: 'You have accepted the handover: you own this contact now',
    });
    if (refused) page.report(refused);
  }
  async function onDecline(event) {
    event.preventDefault();
    reason = String(new FormData(event.currentTarget).get('reason') || '');
    let errors = [];
    if (!reason.trim()) {
      errors = [{ field: 'reason', text: 'Enter why you are declining', href: '#decline-reason' }];
    } else {
      const refused = await send(page, () => declineHandover(contact.id, reason.trim()), {
        fieldIds: { reason: 'decline-reason' },
        failed: 'The handover has not been declined.',
        done: 'You have declined the handover: the owner keeps the contact',
      });
      if (!refused) return;
      errors = refused;
    }
    reasonError = errors.find((e) => e.field)?.text || null;
    draw();
    page.report(errors);
  }
  draw();
  return wrap;
}

/* --- amendments and history (A10) ------------------------------------------------------------ */

function amendSection(page, { contact, codes, persons, searchable }) {
  const wrap = h('div', {});
  const picker = searchable ? createPersonPicker({
    id: 'amend-person-search',
    ctx: page.ctx,
    initial: persons,
    label: 'Add someone it is about',
  }) : null;
  const originalIds = contact.subject_person_ids.slice();
  const original = {
    caller_name: contact.caller_name,
    caller_phone: contact.caller_phone || '',
    reason_code: contact.reason_code || '',
    service: contact.service || '',
    summary: contact.summary,
    danger_now: contact.danger_now,
  };
  let values = { ...original, reason: '' };
  let fieldErrors = {};
  let open = false;

  function read(form) {
    const f = new FormData(form);
    const get = (n) => String(f.get(n) ?? '');
    return {
      caller_name: get('caller_name'),
      caller_phone: get('caller_phone'),
      reason_code: get('reason_code'),
      service: get('service'),
      summary: get('summary'),
      danger_now: f.get('danger_now') === 'yes',
      reason: get('reason'),
    };
  }

  function draw() {
    const form = h('form', { novalidate: true, on: { submit: onSubmit } },
      h('p', { class: 'govuk-body' }, 'Nothing is overwritten: your change is kept as a new '
        + 'version with your name, the time and your reason.'),
      textInput({
        id: 'amend-caller-name',
        name: 'caller_name',
        label: "Caller's name",
        labelClass: 'govuk-label--s',
        value: values.caller_name,
        error: fieldErrors.caller_name,
      }),
      textInput({
        id: 'amend-caller-phone',
        name: 'caller_phone',
        label: "Caller's phone number",
        labelClass: 'govuk-label--s',
        value: values.caller_phone,
        error: fieldErrors.caller_phone,
        type: 'tel',
        classes: 'govuk-input--width-20',
      }),
      revealRadios({
        id: 'amend-service',
        name: 'service',
        legend: 'Is the contact about a child or an adult?',
        legendClass: 'govuk-fieldset__legend--s',
        items: codes.services.map((s) => ({ value: s, text: SERVICE_LABELS[s] || s })),
        value: values.service,
        error: fieldErrors.service,
        small: true,
      }),
      select({
        id: 'amend-reason-code',
        name: 'reason_code',
        label: 'Reason for the contact',
        labelClass: 'govuk-label--s',
        placeholder: 'Choose a reason',
        items: codes.reasons.map((r) => ({ value: r.code, text: r.label })),
        value: values.reason_code, error: fieldErrors.reason_code,
      }),
      textarea({
        id: 'amend-summary', name: 'summary', label: 'Summary', labelClass: 'govuk-label--s',
        value: values.summary, error: fieldErrors.summary, rows: 6,
      }),
      picker ? h('div', { class: 'app-contact-section' },
        h('h3', { class: 'govuk-heading-s' }, 'Who it is about'),
        picker.nodes(fieldErrors.subject_person_ids)) : null,
      checkboxes({
        id: 'amend-danger-now',
        name: 'danger_now',
        legend: 'Danger now',
        legendClass: 'govuk-fieldset__legend--s',
        items: [{ value: 'yes', text: 'Someone is in danger now', checked: values.danger_now }],
        error: fieldErrors.danger_now,
        small: true,
      }),
      textarea({
        id: 'amend-reason',
        name: 'reason',
        label: 'Why are you changing it?',
        labelClass: 'govuk-label--s',
        hint: 'This is kept with the new version',
        value: values.reason,
        error: fieldErrors.reason,
        rows: 3,
      }),
      button('Save the amendment', { class: 'govuk-button govuk-button--secondary' }));
    replaceContent(wrap, h('details', {
      class: 'govuk-details', id: 'amend', open: open || Object.keys(fieldErrors).length > 0,
    },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'Amend this contact')),
    h('div', { class: 'govuk-details__text' }, form)));
  }

  async function onSubmit(event) {
    event.preventDefault();
    values = read(event.currentTarget);
    open = true;
    const body = { version: contact.version };
    for (const key of ['caller_name', 'caller_phone', 'reason_code', 'service', 'summary']) {
      if (values[key].trim() !== String(original[key]).trim()) {
        body[key] = values[key].trim() === '' && key !== 'caller_name' && key !== 'summary'
          ? null : values[key].trim();
      }
    }
    if (values.danger_now !== original.danger_now) body.danger_now = values.danger_now;
    if (picker) {
      const ids = picker.subjectIds();
      if (ids.length !== originalIds.length || ids.some((id, i) => id !== originalIds[i])) {
        body.subject_person_ids = ids;
      }
    }
    const errors = [];
    if (Object.keys(body).length === 1) {
      errors.push({
        text: 'Change at least one thing before saving the amendment', href: '#amend-caller-name',
      });
    }
    if (!values.reason.trim()) {
      errors.push({
        field: 'reason', text: 'Enter why you are changing the contact', href: '#amend-reason',
      });
    }
    if (!errors.length) {
      body.reason = values.reason.trim();
      const refused = await send(page, () => amendContact(contact.id, body), {
        fieldIds: {
          caller_name: 'amend-caller-name',
          caller_phone: 'amend-caller-phone',
          service: 'amend-service',
          reason_code: 'amend-reason-code', summary: 'amend-summary', reason: 'amend-reason',
          danger_now: 'amend-danger-now', subject_person_ids: 'amend-person-search',
        },
        failed: 'The amendment has not been saved.',
        formHref: '#amend-caller-name',
        done: `The amendment has been saved as version ${contact.version + 1}`,
      });
      if (!refused) return;
      errors.push(...refused);
    }
    fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.text]));
    draw();
    page.report(errors);
  }

  draw();
  return wrap;
}

function historySection(versions) {
  const items = Array.isArray(versions.items) ? versions.items : [];
  const title = h('h2', { class: 'govuk-heading-l', id: 'history' }, 'History');
  if (!items.length) return [title, h('p', { class: 'govuk-body' }, 'No versions to show.')];
  return [title, timeline(items.slice().reverse().map((v) => ({
    title: v.version === 1 ? 'Version 1: recorded' : `Version ${v.version}: amended`,
    byline: v.recorded_by ? v.recorded_by.name : null,
    datetime: v.recorded_at,
    dateText: formatDateTime(v.recorded_at),
    description: v.version === 1 ? null : [
      h('p', { class: 'govuk-body' }, h('strong', {}, 'Why: '), v.reason),
      v.changed && v.changed.length ? h('p', { class: 'govuk-body' }, h('strong', {}, 'Changed: '),
        v.changed.map((f) => FIELD_WORDS[f] || f).join(', ')) : null,
    ],
  })))];
}
