/*
 * new person page (/persons/new): recording someone the front door does not know yet, with
 * the duplicate check (X2): the server searches for them first and, when they may already be
 * recorded, the page shows those people (warnings first) and asks before creating a new
 * record. A person with the same NHS number is never created twice: open that record instead.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import {
  backLink, button, errorSummary, heading, paragraph, radios, textInput,
} from '../govuk.js';
import { createPerson } from '../persons-api.js';
import { candidateCard, fieldErrorText } from './person-bits.js';

const FIELDS = ['given_name', 'family_name', 'date_of_birth', 'sex', 'address_line1', 'locality',
  'postcode', 'nhs_number', 'phone'];

/* The field ids the server's error names map to. */
function fieldId(field) {
  if (!field) return 'given_name';
  if (field.startsWith('addresses[0].postcode') || field === 'addresses[0]') return 'postcode';
  if (field.startsWith('addresses[0].line1')) return 'address_line1';
  if (field.startsWith('addresses[0].locality')) return 'locality';
  if (field.startsWith('phones')) return 'phone';
  return FIELDS.includes(field) ? field : 'given_name';
}

function bodyFrom(values, confirm) {
  const v = (k) => String(values[k] || '').trim();
  const body = { given_name: v('given_name'), family_name: v('family_name') };
  if (v('date_of_birth')) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v('date_of_birth'));
    body.date_of_birth = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
      : v('date_of_birth');
  }
  if (v('sex')) body.sex = v('sex');
  if (v('address_line1') || v('locality') || v('postcode')) {
    body.addresses = [{ line1: v('address_line1'), locality: v('locality'),
      postcode: v('postcode') }];
  }
  if (v('nhs_number')) body.nhs_number = v('nhs_number');
  if (v('phone')) body.phones = [v('phone')];
  if (confirm) body.confirm_new = true;
  return body;
}

export function newPersonPage(ctx) {
  const state = ctx.state || {};
  const values = state.values || {};
  const error = state.error || null;
  const candidates = state.candidates || null;
  ctx.setTitle(candidates ? 'This person may already be recorded' : 'Add a new person',
    Boolean(error));
  const input = (id, label, extra = {}) => textInput({
    id, name: id, label, value: values[id] || '', error: error && error.id === id
      ? error.text : null, ...extra,
  });

  async function submit(event, confirm) {
    event.preventDefault();
    const form = event.target.closest('form');
    const data = Object.fromEntries(new FormData(form));
    try {
      const created = await createPerson(bodyFrom(data, confirm));
      ctx.navigate(`/persons/${encodeURIComponent(created.id)}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409) {
        const body = err.body || {};
        ctx.navigate('/persons/new', { replace: true, state: {
          values: data, candidates: body.candidates || [], identifierTaken:
            err.field === 'nhs_number',
        } });
        return;
      }
      if (err.status !== 400) throw err;
      ctx.navigate('/persons/new', { replace: true, state: {
        values: data, error: { id: fieldId(err.field), text: fieldErrorText(err) } } });
    }
  }

  const form = h('form', { novalidate: true, on: { submit: (e) => submit(e, false) } },
    input('given_name', 'Given names', { autocomplete: 'off', spellcheck: false }),
    input('family_name', 'Family name', { autocomplete: 'off', spellcheck: false }),
    input('date_of_birth', 'Date of birth', {
      hint: 'For example, 14/05/2010. If only the month or year is known, write 2010-05 or 2010.',
      classes: 'govuk-input--width-10',
    }),
    radios({ id: 'sex', name: 'sex', legend: 'Sex', legendClass: 'govuk-fieldset__legend--s',
      value: values.sex || '', items: [{ value: 'F', text: 'Female' }, { value: 'M', text: 'Male' },
        { value: 'U', text: 'Not known or not stated' }] }),
    input('address_line1', 'Address (house and street)'),
    input('locality', 'Town or village', { classes: 'govuk-!-width-one-half' }),
    input('postcode', 'Postcode', { classes: 'govuk-input--width-10', autocomplete: 'off' }),
    input('nhs_number', 'NHS number (if known)', { classes: 'govuk-input--width-10',
      inputmode: 'numeric' }),
    input('phone', 'Phone number', { classes: 'govuk-input--width-20', type: 'tel' }),
    button('Check and add this person'));

  const content = [
    error ? errorSummary([{ text: error.text, href: `#${error.id}` }]) : null,
    backLink('/persons', 'Back to search'),
  ];
  if (candidates) {
    content.push(heading('This person may already be recorded'));
    content.push(paragraph(state.identifierTaken
      ? 'A person with this NHS number is already recorded. Open their record instead of adding '
        + 'a new one.'
      : 'Check these people first. Open the record if it is the same person; if none of them '
        + 'is, add a new record.'));
    content.push(h('ol', { class: 'govuk-list app-results' },
      candidates.map((c) => h('li', {}, candidateCard(c)))));
    if (!state.identifierTaken) {
      const confirm = h('form', { novalidate: true, on: { submit: (e) => submit(e, true) } },
        Object.entries(values).map(([k, v]) => h('input', { type: 'hidden', name: k, value: v })),
        button('None of these: add a new person', { class: 'govuk-button govuk-button--secondary' }));
      content.push(confirm);
    }
    return content;
  }
  content.push(heading('Add a new person'));
  content.push(paragraph('We check whether the person is already recorded before adding them.'));
  content.push(form);
  return content;
}
