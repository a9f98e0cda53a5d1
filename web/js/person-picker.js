/*
 * person-picker: the inline person search a contact uses to say who it is about (X2): a search
 * box where Enter searches (it never submits the form around it), the candidates closest first
 * with their warning markers (A13), an "Add" button for each, and the persons added — each
 * opened in full (GET /api/persons/{id}, audited) so their warnings, communication needs and
 * allocations show first — with a "Remove" button. After a search, a user who may record
 * persons can add someone not found without leaving the page ("Add a new person":
 * person-quick-add.js, with the duplicate check); the person created is added like one found.
 * Focus moves to the person added, so a screen reader hears their warnings at once. It keeps
 * its own state across redraws of the page around it; it does not save the contact: the page
 * sends subjectIds() with it.
 */
import { ApiError, sessionUser } from './api.js';
import { activeWarnings, personCard } from './contact-view.js';
import { h, replaceContent } from './dom.js';
import { sentence } from './fields.js';
import { createQuickAdd } from './person-quick-add.js';
import { getPerson, searchPersons } from './workflow-api.js';

/* Whether the signed-in user may record persons (the server checks again; its answer wins). */
function mayCreatePersons() {
  const user = sessionUser();
  return !user || !Array.isArray(user.permissions) || user.permissions.includes('person.write');
}

/*
 * createPersonPicker({ id, ctx, initial, canCreate, onChange, label, report }): id is the
 * search box's id (and the prefix of the others); initial is person records already on the
 * contact; onChange() runs after a person is added or removed. canCreate (the server has
 * POST /api/persons) offers "Add a new person" to users who may record persons; report(errors)
 * puts that form's errors ([{ text, href }], [] when there are none) in the page's error
 * summary — without it the form shows its own.
 */
export function createPersonPicker({ id, ctx, initial = [], canCreate = false, onChange = null,
  label = 'Find the person it is about', report = null }) {
  const subjects = initial.slice();
  let results = null; /* { query, items }, { query, loading }, or { query?, error } */
  const regions = {};
  const quickAdd = canCreate && mayCreatePersons() ? createQuickAdd({
    id,
    ctx,
    report,
    onUse: (person, { created }) => {
      if (created) results = null; /* "no one found" is no longer the news */
      choose(person, { opened: created });
    },
  }) : null;

  async function runSearch() {
    const input = regions.input;
    const q = input ? input.value.trim() : '';
    if (!q) {
      results = { error: 'Enter a name, date of birth, postcode or NHS number to search for' };
      drawResults();
      return;
    }
    results = { query: q, loading: true };
    drawResults();
    try {
      const data = await searchPersons(q);
      results = { query: q, items: Array.isArray(data.items) ? data.items : [] };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        ctx.signedOut();
        return;
      }
      results = {
        query: q,
        error: err instanceof ApiError && err.status === 400 ? sentence(err.message)
          : 'The search is not working right now. Try again, or save the contact without the '
            + 'person and add them later',
      };
    }
    drawResults();
  }

  function drawResults() {
    if (!regions.results) return;
    if (!results) {
      replaceContent(regions.results);
      return;
    }
    if (results.loading) {
      replaceContent(regions.results, h('p', { class: 'govuk-body' }, 'Searching…'));
      return;
    }
    if (results.error) {
      replaceContent(regions.results, h('p', { class: 'govuk-body app-search__message' },
        results.error));
      return;
    }
    const items = results.items.filter((p) => !subjects.some((s) => s.id === p.id));
    replaceContent(regions.results,
      h('p', { class: 'govuk-body app-search__message' }, results.items.length === 0
        ? `No one found for “${results.query}”. Check the spelling, or search by date of birth `
          + 'or postcode.'
        : `${results.items.length} ${results.items.length === 1 ? 'person' : 'people'} found `
          + `for “${results.query}”, closest first.`),
      items.length ? h('ul', { class: 'govuk-list app-search__results' },
        items.map((p) => h('li', {}, personCard(p, {
          headingLevel: 4,
          actions: [h('button', {
            type: 'button',
            class: 'govuk-button govuk-button--secondary app-button--small',
            on: { click: () => choose(p) },
          }, 'Add ', h('span', { class: 'govuk-visually-hidden' }, `${p.display_name} `),
          'to this contact')],
        })))) : null,
      quickAdd ? h('p', { class: 'govuk-body' },
        results.items.length ? 'Not the right person? ' : 'Not recorded yet? ',
        h('button', {
          type: 'button',
          class: 'govuk-button govuk-button--secondary app-button--small govuk-!-margin-bottom-0',
          id: `${id}-add-new`,
          on: { click: () => quickAdd.open(results && results.query) },
        }, 'Add a new person')) : null);
  }

  /* choose(person, { opened }): adds them; opened says the record is whole already. */
  async function choose(candidate, { opened = false } = {}) {
    if (subjects.some((s) => s.id === candidate.id)) {
      drawResults();
      const there = document.getElementById(`${id}-subject-${candidate.id}`);
      if (there) there.focus();
      return;
    }
    let person = candidate;
    if (!opened) {
      try {
        person = await getPerson(candidate.id);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          ctx.signedOut();
          return;
        }
        /* a record this user may not open: keep what the search gave */
        console.warn('frontdoor: could not open the person chosen', err);
      }
    }
    subjects.push(person);
    drawResults();
    drawSubjects();
    const heading = regions.subjects
      && regions.subjects.querySelector(`#${id}-subject-${person.id}`);
    if (heading) heading.focus();
    if (onChange) onChange();
  }

  function remove(personId) {
    const i = subjects.findIndex((s) => s.id === personId);
    if (i >= 0) subjects.splice(i, 1);
    drawSubjects();
    drawResults();
    if (regions.input) regions.input.focus();
    if (onChange) onChange();
  }

  function drawSubjects() {
    if (!regions.subjects) return;
    if (subjects.length === 0) {
      replaceContent(regions.subjects, h('p', { class: 'govuk-body' },
        'No one added yet. You can save the contact without anyone and add them later.'));
      return;
    }
    const warned = subjects.filter((p) => activeWarnings(p).length);
    replaceContent(regions.subjects,
      warned.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold' },
        `Read the warning${warned.length > 1 || activeWarnings(warned[0]).length > 1 ? 's' : ''} `
        + 'first.') : null,
      h('ul', { class: 'govuk-list' }, subjects.map((p) => h('li', {}, personCard(p, {
        headingLevel: 4,
        headingId: `${id}-subject-${p.id}`,
        actions: [h('button', {
          type: 'button',
          class: 'govuk-button govuk-button--warning app-button--small',
          on: { click: () => remove(p.id) },
        }, 'Remove ', h('span', { class: 'govuk-visually-hidden' }, p.display_name || ''))],
      })))));
  }

  /* nodes(error): the search box, the results and the persons added, built afresh. */
  function nodes(error = null) {
    const hintId = `${id}-hint`;
    const errorId = error ? `${id}-error` : null;
    regions.input = h('input', {
      class: ['govuk-input', error && 'govuk-input--error'],
      id,
      type: 'search',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
      value: regions.input ? regions.input.value : '',
      on: {
        keydown: (event) => {
          if (event.key === 'Enter') {
            event.preventDefault(); /* Enter searches; it does not submit the form */
            runSearch();
          }
        },
      },
    });
    regions.results = h('div', { id: `${id}-results`, 'aria-live': 'polite' });
    regions.subjects = h('div', { id: `${id}-subjects` });
    regions.quickAdd = quickAdd ? quickAdd.nodes() : null;
    drawResults();
    drawSubjects();
    return [
      h('div', { class: ['govuk-form-group', error && 'govuk-form-group--error'] },
        h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
        h('div', { class: 'govuk-hint', id: hintId },
          'Name, date of birth, postcode, NHS number or UPN, then press Enter'),
        error ? h('p', { id: errorId, class: 'govuk-error-message' },
          h('span', { class: 'govuk-visually-hidden' }, 'Error:'), ' ', error) : null,
        h('div', { class: 'app-search' }, regions.input, ' ',
          h('button', {
            type: 'button',
            class: 'govuk-button govuk-button--secondary app-search__button',
            on: { click: runSearch },
          }, 'Search'))),
      regions.results,
      regions.quickAdd,
      h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2' },
        'Added to this contact'),
      regions.subjects,
    ];
  }

  return {
    nodes,
    subjects: () => subjects.slice(),
    subjectIds: () => subjects.map((p) => p.id),
  };
}
