/*
 * contact page (/contacts/{id}): one contact as whoever handles it needs it. At the top, the
 * 999 guidance if someone was in danger now (W10), where the contact waits and who owns it
 * (C8), with "Take this contact" when nobody does; a handover waiting for an answer — with
 * Accept and Decline for the colleague it is offered to (H12) — and the persons it is about, warning markers first (A13). Then the
 * routing answer for a worker or team asked for (W1-W4, when the server offers it, while the
 * contact is open), the call-backs promised and messages left (always: they are evidence), the
 * details as they stand now, amending them with a reason and the history of versions (A10,
 * contact-amend.js), the decisions and the outcome (contact-decisions.js), referrals
 * (contact-referral.js), the follow-up work — written contacts, work done on behalf of the
 * allocated team, tasks and email attachments (contact-work.js) — and the deadlines
 * (contact-deadlines.js). Every change goes to the server; after one the page is shown again
 * with a success banner. Refusals are shown in the GOV.UK error summary in the server's words.
 */
import { ApiError, getContact, sessionUser } from '../api.js';
import {
  codeLabel, CONSENT_LABELS, dangerPanel, personCard, queueWords, SERVICE_LABELS, workerWords,
} from '../contact-view.js';
import { listTeams, listWorkers } from '../directory-api.js';
import { h, replaceContent } from '../dom.js';
import { insetText, select, sentence } from '../fields.js';
import {
  backLink, button, errorSummary, heading, initComponents, notificationBanner, summaryList,
  textarea,
} from '../govuk.js';
import { formatDateTime } from '../time.js';
import {
  acceptHandover, apiHas, callbackPromises, contactCodes, contactDecisions,
  contactVersions, declineHandover, getPerson, offerHandover, outcomeCodes, routing,
  takeContact, workerMessages,
} from '../workflow-api.js';
import { amendSection, historySection } from './contact-amend.js';
import { contactDeadlines } from './contact-deadlines.js';
import { decisionsSection, outcomeSection, send } from './contact-decisions.js';
import { callbacksAndMessages, routingSection } from './contact-routing.js';
import { referralSection } from './contact-referral.js';
import { contactWork, workSections } from './contact-work.js';
import { contactReferrals } from '../referral-api.js';
import { notFoundPage } from './errors.js';

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
  /* The routing answer only while the contact is open; the call-backs promised and messages
   * left are evidence, so they are asked for always, in parallel with the rest. */
  const wantRouting = (contact.worker_id || contact.team_id) && contact.subject_person_ids.length
    && !contact.outcome;
  const keep401 = (err) => {
    if (err instanceof ApiError && err.status === 401) throw err;
  };
  const itemsOrNone = (p) => p.then((d) => d.items || []).catch((err) => {
    keep401(err);
    return [];
  });
  const [codes, outcomesData, teamsData, workersData, versions, decisions, deadlines,
    routed, promises, sent, searchable] = await Promise.all([
    contactCodes(), outcomeCodes(), listTeams(), listWorkers(), contactVersions(contact.id),
    contactDecisions(contact.id), contactDeadlines(contact.id),
    wantRouting ? apiHas('GET', '/api/contacts/{id}/routing').then((has) => (has
      ? routing(contact.id).catch((err) => {
        keep401(err);
        return { error: err instanceof ApiError ? sentence(err.message) : null };
      }) : null)) : null,
    itemsOrNone(callbackPromises(contact.id)), itemsOrNone(workerMessages(contact.id)),
    apiHas('GET', '/api/persons/search'),
  ]);
  const persons = await Promise.all(contact.subject_person_ids.map((id) => getPerson(id)
    .catch((err) => {
      if (err instanceof ApiError && err.status === 401) throw err;
      return { id, display_name: `Person ${id}`, unavailable: true };
    })));

  const work = await contactWork(contact.id);
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
  /* something the agent asked for on the contact screen that was refused after the contact
   * was saved (the outcome): an "Important" banner, not a success one */
  const notDoneText = String(state.notDoneFor) === String(contact.id) ? state.notDone : null;
  if (created || doneText || notDoneText) {
    history.replaceState(null, '', location.href); /* once, not on Back */
  }

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
    notDoneText ? notificationBanner({ text: notDoneText }) : null,
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
      {
        key: 'Owner',
        value: owner ? owner.name : ['Nobody yet',
          c.outcome || !me || c.pending_handover ? null : takeForm(page, c)],
      },
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
    routed ? null : callbacksSection(page, promises, sent),
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
      contact: c, codes, persons, searchable, teams, workers,
    }),
    historySection(versions),
    decisionsSection(page, { contact: c, data: decisions, codes, teams }),
    outcomeSection(page, { contact: c, outcomes: outcomesData.items || [], teams }),
    referralSection(page, { contact: c, teams, referrals }),
    ...workSections(page, { contact: c, work, workers, teams }),
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

/* --- call-backs and messages (W2, H8, H11) --------------------------------------------------- */

/* The call-backs promised and the messages left, when the routing section (which lists them
 * with the answer) is not shown: on a closed contact they stay as the record of what was
 * promised. */
function callbacksSection(page, promises, messages) {
  if (!promises.length && !messages.length) return null;
  return [h('h2', { class: 'govuk-heading-l', id: 'callbacks' }, 'Call-backs and messages'),
    callbacksAndMessages(page, promises, messages)];
}

/* --- taking an unowned contact (C8) ---------------------------------------------------------- */

/* "Take this contact" on the owner line of an open contact nobody owns (from the web form or
 * email): POST /api/contacts/{id}/take. The server refuses (409, naming the owner) if someone
 * took it first. */
function takeForm(page, contact) {
  async function onSubmit(event) {
    event.preventDefault();
    const take = () => takeContact(contact.id);
    const refused = await send(page, take, {
      failed: 'The contact has not been taken.',
      done: 'You have taken this contact: you own it now',
    });
    if (refused) page.report(refused);
  }
  return h('form', { novalidate: true, on: { submit: onSubmit } },
    button('Take this contact', {
      class: 'govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0',
    }));
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
