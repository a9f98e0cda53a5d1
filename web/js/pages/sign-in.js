/*
 * sign-in page (/sign-in): the username and password form. It posts to /api/session through
 * api.signIn and, once signed in, goes to the contacts list. Refusals (wrong password, locked
 * account) show as a GOV.UK error summary. It does not create accounts or reset passwords.
 */
import { ApiError, signIn } from '../api.js';
import { h, replaceContent } from '../dom.js';
import {
  button, errorSummary, heading, initComponents, notificationBanner, passwordInput, textInput,
} from '../govuk.js';

const MESSAGES = {
  usernameMissing: 'Enter your username',
  passwordMissing: 'Enter your password',
  refused: 'Enter a correct username and password',
  locked: 'Your account is locked after too many failed attempts to sign in. '
    + 'Ask an administrator to unlock it',
  failed: 'Sorry, there is a problem with the service. Try again later',
};

export function signInPage(ctx) {
  const root = h('div', { class: 'govuk-grid-row' });
  let errors = [];
  let username = '';
  let busy = false;
  const showSignedOut = Boolean(ctx.state && ctx.state.signedOut);
  if (showSignedOut) history.replaceState(null, '', location.href); /* say it once */

  const errorFor = (field) => errors.find((e) => e.field === field)?.text;

  function draw() {
    ctx.setTitle('Sign in', errors.length > 0);
    const form = h('form', { method: 'post', novalidate: true, on: { submit: onSubmit } },
      textInput({
        id: 'username',
        name: 'username',
        label: 'Username',
        value: username,
        error: errorFor('username'),
        autocomplete: 'username',
        spellcheck: false,
        classes: 'govuk-!-width-two-thirds',
      }),
      passwordInput({
        id: 'password', name: 'password', label: 'Password', error: errorFor('password'),
      }),
      button('Sign in'));
    replaceContent(root, h('div', { class: 'govuk-grid-column-two-thirds' },
      errors.length ? errorSummary(errors) : null,
      !errors.length && showSignedOut
        ? notificationBanner({ success: true, text: 'You have signed out' }) : null,
      heading('Sign in'),
      form));
    if (root.isConnected) initComponents(root);
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    username = String(data.get('username') || '').trim();
    const password = String(data.get('password') || '');
    errors = [];
    if (!username) {
      errors.push({ field: 'username', href: '#username', text: MESSAGES.usernameMissing });
    }
    if (!password) {
      errors.push({ field: 'password', href: '#password', text: MESSAGES.passwordMissing });
    }
    if (errors.length) {
      draw();
      return;
    }
    busy = true;
    try {
      await signIn(username, password);
      ctx.navigate('/contacts');
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        errors = [{ field: 'username', href: '#username', text: MESSAGES.refused }];
      } else if (err instanceof ApiError && err.code === 'locked') {
        errors = [{ field: 'username', href: '#username', text: MESSAGES.locked }];
      } else {
        errors = [{ text: MESSAGES.failed }];
      }
    } finally {
      busy = false;
    }
    draw();
  }

  draw();
  return root;
}
