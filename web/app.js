/*
 * app: the entry point of frontdoor's web app. It marks the page as JavaScript-enabled for
 * govuk-frontend, finds out who is signed in, and routes by location.pathname to a page module
 * that renders into <main>. Links inside the app are followed without reloading (history API),
 * with the title set and focus moved to the new page's heading. It also draws the header's
 * navigation (only what the user's role may use, with the unread message count) and the
 * signed-in user with "Sign out". Pages own their content; this owns only the shell around it.
 */
import { canSeeDeadlines } from './js/access.js';
import { ApiError, forgetSession, loadSession, sessionUser, signOut } from './js/api.js';
import { unreadCount } from './js/deadlines-api.js';
import { h, replaceContent } from './js/dom.js';
import { heading, initComponents, initShell, link, paragraph } from './js/govuk.js';
import { roleLabel } from './js/labels.js';
import { initMoj } from './js/moj.js';
import { canSeePersons } from './js/persons-api.js';
import { clockPage } from './js/pages/clock.js';
import { contactPage } from './js/pages/contact.js';
import { contactsPage } from './js/pages/contacts.js';
import { policiesPage, rotaPage } from './js/pages/deadline-admin.js';
import { deadlinesPage } from './js/pages/deadlines.js';
import { notFoundPage, problemPage } from './js/pages/errors.js';
import { canChangeGreetings, linesPage } from './js/pages/lines.js';
import { messagesPage } from './js/pages/messages.js';
import { myWorkPage } from './js/pages/my-work.js';
import { newContactPage } from './js/pages/new-contact.js';
import { canConfigureOutcomes, outcomesPage } from './js/pages/outcomes.js';
import { queuePage } from './js/pages/queues.js';
import { clearDeskPage, teamReferralsPage } from './js/pages/referrals.js';
import { newPersonPage } from './js/pages/new-person.js';
import { personPage } from './js/pages/person.js';
import { personsPage } from './js/pages/persons.js';
import { requestForServicePage } from './js/pages/request-for-service.js';
import { signInPage } from './js/pages/sign-in.js';
import { teamPage } from './js/pages/team.js';
import { teamsPage } from './js/pages/teams.js';
import { workerPage } from './js/pages/worker.js';
import { workersPage } from './js/pages/workers.js';

const SERVICE_NAME = 'frontdoor';

/* Routes: pattern, page, whether it may be seen without signing in (open: by anyone, signed in
 * or not), and (allowed) whether the signed-in user's role may use it. */
const ROUTES = [
  { pattern: /^\/sign-in$/, page: signInPage, public: true },
  { pattern: /^\/request-for-service$/, page: requestForServicePage, public: true, open: true },
  { pattern: /^\/contacts$/, page: contactsPage, section: 'contacts' },
  { pattern: /^\/contacts\/new$/, page: newContactPage, section: 'contacts' },
  { pattern: /^\/contacts\/(?<id>[1-9][0-9]*)$/, page: contactPage, section: 'contacts' },
  { pattern: /^\/persons$/, page: personsPage, section: 'persons', allowed: canSeePersons },
  { pattern: /^\/persons\/new$/, page: newPersonPage, section: 'persons', allowed: canSeePersons },
  {
    pattern: /^\/persons\/(?<id>[1-9][0-9]*)$/, page: personPage, section: 'persons',
    allowed: canSeePersons,
  },
  { pattern: /^\/teams$/, page: teamsPage, section: 'teams' },
  { pattern: /^\/teams\/(?<id>[1-9][0-9]*)$/, page: teamPage, section: 'teams' },
  { pattern: /^\/workers$/, page: workersPage, section: 'workers' },
  { pattern: /^\/workers\/(?<id>[1-9][0-9]*)$/, page: workerPage, section: 'workers' },
  {
    pattern: /^\/deadlines$/, page: deadlinesPage, section: 'deadlines', allowed: canSeeDeadlines,
  },
  {
    pattern: /^\/deadlines\/policies$/, page: policiesPage, section: 'deadlines',
    allowed: canSeeDeadlines,
  },
  {
    pattern: /^\/deadlines\/rota$/, page: rotaPage, section: 'deadlines', allowed: canSeeDeadlines,
  },
  { pattern: /^\/lines$/, page: linesPage, section: 'lines', allowed: canChangeGreetings },
  {
    pattern: /^\/outcomes$/, page: outcomesPage, section: 'outcomes', allowed: canConfigureOutcomes,
  },
  { pattern: /^\/clocks\/(?<id>[1-9][0-9]*)$/, page: clockPage, section: 'deadlines' },
  { pattern: /^\/messages$/, page: messagesPage, section: 'messages' },
  { pattern: /^\/queues\/(?<queue>contact-centre|duty)$/, page: queuePage, section: 'queues' },
  { pattern: /^\/queues\/team\/(?<id>[1-9][0-9]*)$/, page: queuePage, section: 'queues' },
  { pattern: /^\/my-work$/, page: myWorkPage, section: 'my-work' },
  {
    pattern: /^\/referrals\/team\/(?<id>[1-9][0-9]*)$/, page: teamReferralsPage,
    section: 'queues',
  },
  { pattern: /^\/clear-desk$/, page: clearDeskPage, section: 'queues' },
];

/* The menu; an item with `allowed` shows only to the roles it allows. */
const NAVIGATION = [
  { section: 'contacts', href: '/contacts', text: 'Contacts' },
  { section: 'my-work', href: '/my-work', text: 'My work' },
  { section: 'queues', href: '/queues/contact-centre', text: 'Queues' },
  { section: 'persons', href: '/persons', text: 'People', allowed: canSeePersons },
  { section: 'teams', href: '/teams', text: 'Teams' },
  { section: 'workers', href: '/workers', text: 'Workers' },
  { section: 'deadlines', href: '/deadlines', text: 'Deadlines', allowed: canSeeDeadlines },
  { section: 'lines', href: '/lines', text: 'Lines', allowed: canChangeGreetings },
  { section: 'outcomes', href: '/outcomes', text: 'Outcomes', allowed: canConfigureOutcomes },
  { section: 'messages', href: '/messages', text: 'Messages', unread: true },
];

const main = document.getElementById('main-content');
let renderCount = 0;
let sessionChecked = false;

function setTitle(text, hasErrors = false) {
  document.title = `${hasErrors ? 'Error: ' : ''}${text} – ${SERVICE_NAME}`;
}

function matchRoute(pathname) {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: m.groups || {} };
  }
  return null;
}

/* Whether a click on this link should be handled here rather than by a page load. */
function isAppLink(anchor, event) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== '_self') return false;
  if (anchor.hasAttribute('download')) return false;
  const raw = anchor.getAttribute('href');
  if (!raw || raw.startsWith('#')) return false;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return false;
  return url.pathname === '/' || matchRoute(url.pathname) !== null;
}

/* navigate(path, { replace, state }): show another page without reloading. */
function navigate(path, { replace = false, state = null } = {}) {
  if (replace) history.replaceState(state, '', path);
  else history.pushState(state, '', path);
  render({ moveFocus: true });
}

function drawHeader(user, section) {
  const nav = document.getElementById('app-service-navigation');
  const list = document.getElementById('app-navigation');
  const account = document.getElementById('app-account');
  if (!user) {
    nav.hidden = true;
    replaceContent(list);
    replaceContent(account);
    return;
  }
  nav.hidden = false;
  const items = NAVIGATION.filter((item) => !item.allowed || item.allowed(user));
  replaceContent(list, items.map((item) => {
    const active = item.section === section;
    const current = active && location.pathname === item.href;
    const text = item.unread ? h('span', { class: 'app-nav-text', dataset: { unread: '' } },
      item.text) : item.text;
    return h('li', {
      class: ['govuk-service-navigation__item', active && 'govuk-service-navigation__item--active'],
    }, h('a', {
      class: 'govuk-service-navigation__link',
      href: item.href,
      'aria-current': current ? 'page' : (active ? 'true' : null),
    }, active ? h('strong', { class: 'govuk-service-navigation__active-fallback' }, text)
      : text));
  }));
  showUnread(list);
  replaceContent(account,
    h('p', { class: 'app-account__user' },
      h('span', { class: 'govuk-visually-hidden' }, 'Signed in as '),
      user.name,
      ' ',
      h('span', { class: 'app-account__role' },
        `(${user.role_label || roleLabel(user.role)})`)),
    h('button', { type: 'button', class: 'app-link-button', on: { click: onSignOut } },
      'Sign out'));
}

let unreadSeq = 0;

/*
 * showUnread(list): asks the server how many messages are unread and writes "Messages (3)"
 * into the menu (read out as "Messages (3) unread"). A failure leaves plain "Messages": the
 * count is a convenience, not the page.
 */
async function showUnread(list) {
  const seq = ++unreadSeq;
  let count;
  try {
    count = await unreadCount();
  } catch (err) {
    console.warn('frontdoor: could not count unread messages', err);
    return;
  }
  if (seq !== unreadSeq) return;
  for (const el of list.querySelectorAll('[data-unread]')) {
    replaceContent(el, 'Messages', count > 0 ? [` (${count})`,
      h('span', { class: 'govuk-visually-hidden' }, ' unread')] : null);
  }
}

/* The page for a signed-in user whose role may not use the address. */
function noAccessPage(ctx) {
  ctx.setTitle('You cannot see this page');
  return [
    heading('You cannot see this page'),
    paragraph('Your role does not give you access to this page. If you need it for your work, '
      + 'ask your manager or an administrator.'),
    paragraph('You can ', link('/contacts', 'go to the list of contacts'), '.'),
  ];
}

async function onSignOut(event) {
  event.preventDefault();
  try {
    await signOut();
  } catch (err) {
    console.warn('frontdoor: could not sign out', err);
    showPage(problemPage, {}, { moveFocus: true });
    return;
  }
  navigate('/sign-in', { state: { signedOut: true } });
}

function pageContext(params) {
  return {
    params,
    query: new URLSearchParams(location.search),
    state: history.state,
    setTitle,
    navigate,
    signedOut() {
      forgetSession();
      navigate('/sign-in', { replace: true });
    },
  };
}

/* Puts a page's content into <main>, starts its components and, if asked, moves focus. */
function mount(content, moveFocus) {
  replaceContent(main, content);
  initComponents(main);
  initMoj(main);
  if (moveFocus && !main.contains(document.activeElement)) {
    /* a link to a part of a page (/contacts/7#referrals) lands on that part's heading */
    const target = fragmentTarget() || main.querySelector('h1');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
      if (target.tagName !== 'H1') target.scrollIntoView({ block: 'start' });
    }
  }
}

/* The element of <main> that the address's #fragment names, or null. */
function fragmentTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return null;
  const el = document.getElementById(id);
  return el && main.contains(el) ? el : null;
}

function showPage(page, params, { moveFocus }) {
  mount(page(pageContext(params)), moveFocus);
}

async function render({ moveFocus = false } = {}) {
  const seq = ++renderCount;
  try {
    if (!sessionChecked) {
      await loadSession();
      sessionChecked = true;
      if (seq !== renderCount) return;
    }
    if (location.pathname === '/') {
      history.replaceState(history.state, '', '/contacts');
    }
    const match = matchRoute(location.pathname);
    const user = sessionUser();
    if (match && !match.route.public && !user) {
      history.replaceState(null, '', '/sign-in');
      render({ moveFocus });
      return;
    }
    if (match && match.route.public && !match.route.open && user) {
      history.replaceState(null, '', '/contacts');
      render({ moveFocus });
      return;
    }
    drawHeader(user, match ? match.route.section : null);
    if (!match) {
      showPage(notFoundPage, {}, { moveFocus });
      return;
    }
    if (match.route.allowed && !match.route.allowed(user)) {
      showPage(noAccessPage, {}, { moveFocus });
      return;
    }
    main.setAttribute('aria-busy', 'true');
    const content = await match.route.page(pageContext(match.params));
    if (seq !== renderCount) return;
    main.removeAttribute('aria-busy');
    mount(content, moveFocus);
  } catch (err) {
    if (seq !== renderCount) return;
    main.removeAttribute('aria-busy');
    if (err instanceof ApiError && err.status === 401) {
      forgetSession();
      history.replaceState(null, '', '/sign-in');
      render({ moveFocus });
      return;
    }
    console.warn('frontdoor: could not show the page', err);
    drawHeader(sessionUser(), null);
    showPage(problemPage, {}, { moveFocus });
  }
}

/*
 * Resolves once every stylesheet in <head> has loaded (or failed). Until then nothing with text
 * is shown (see index.html): text laid out with govuk-frontend's styles but without app.css's
 * typeface would make the browser fetch GDS Transport font files, which are not served.
 */
function stylesheetsLoaded() {
  const pending = [...document.querySelectorAll('link[rel="stylesheet"]')]
    .filter((link) => !link.sheet);
  return Promise.all(pending.map((link) => new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  })));
}

async function start() {
  await stylesheetsLoaded();
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  for (const el of document.querySelectorAll('[data-app-shell]')) el.hidden = false;
  initShell();
  document.addEventListener('click', (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!anchor || !isAppLink(anchor, event)) return;
    event.preventDefault();
    const url = new URL(anchor.href, location.href);
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener('popstate', () => render({ moveFocus: true }));
  render({ moveFocus: location.hash.length > 1 }); /* a #part of the page is gone to */
}

start();
