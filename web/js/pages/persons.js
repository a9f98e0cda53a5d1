/*
 * persons page (/persons): finding a person (X2). One search box that takes names, a date of
 * birth, a postcode, an NHS number or UPN in any order (?q= in the address); the server ranks
 * the candidates, and each shows its warning markers first, then who they are, how sure the
 * match is and why ("same date of birth, given name is a nickname"). A restricted record shows
 * only its name. It only reads; "Add a new person" leads to /persons/new.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { button, errorSummary, heading, link, paragraph, textInput } from '../govuk.js';
import { searchPersons } from '../persons-api.js';
import { candidateCard, fieldErrorText } from './person-bits.js';

export async function personsPage(ctx) {
  const q = (ctx.query.get('q') || '').trim().slice(0, 300);
  ctx.setTitle(q ? `Search results for ${q}` : 'Find a person');
  let result = null;
  let error = null;
  if (q) {
    try {
      result = await searchPersons({ q, limit: 20 });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
      error = fieldErrorText(err);
      ctx.setTitle('Find a person', true);
    }
  }
  const form = h('form', {
    novalidate: true, action: '/persons', method: 'get', role: 'search',
    on: {
      submit(event) {
        event.preventDefault();
        const value = String(new FormData(event.target).get('q') || '').trim();
        ctx.navigate(value ? `/persons?${new URLSearchParams({ q: value })}` : '/persons');
      },
    },
  },
  textInput({
    id: 'q', name: 'q', label: 'Name, date of birth, postcode, NHS number or UPN',
    labelClass: 'govuk-label--s', value: q, spellcheck: false, error,
    hint: 'For example, Bex Smith 14/05/2010 SW1A 1AA. Spelling mistakes, nicknames and names '
      + 'the wrong way round are found too.',
  }),
  button('Search'));

  const content = [
    error ? errorSummary([{ text: error, href: '#q' }]) : null,
    heading('Find a person'),
    form,
    paragraph('Not found? ', link('/persons/new', 'Add a new person'), '.'),
  ];
  if (!result) return content;
  const items = Array.isArray(result.items) ? result.items : [];
  content.push(h('h2', { class: 'govuk-heading-m', id: 'results' },
    items.length === 0 ? 'No matching people'
      : `${items.length} ${items.length === 1 ? 'possible match' : 'possible matches'}`));
  if (items.length === 0) {
    content.push(paragraph('Try fewer details, another spelling or a date of birth. If the '
      + 'person is new to us, add them.'));
    return content;
  }
  content.push(h('ol', { class: 'govuk-list app-results' },
    items.map((item) => h('li', {}, candidateCard(item)))));
  return content;
}
