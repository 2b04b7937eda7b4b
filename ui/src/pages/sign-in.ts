/** Sign-in for staff: login and password; the API sets the session cookie. */
import { ApiFailure, call } from '../api/client';
import { textField } from '../components/field';
import { h } from '../dom';
import { t } from '../i18n/i18n';
import { describeFailure, heading, setFlash, type PageRender } from '../page';
import { navigate } from '../router';
import { startSession } from '../session';

export const signInPage: PageRender = ({ query }) => {
  const title = t('signIn.title');
  const login = textField(t('signIn.login'), {
    name: 'login',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
    maxlength: 64,
  });
  const password = textField(t('signIn.password'), {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 200,
  });
  const failure = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn.submit'));

  const form = h(
    'form',
    {
      class: 'card narrow',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        void signIn();
      },
    },
    heading(title),
    h('p', {}, t('signIn.intro')),
    failure,
    login.element,
    password.element,
    h('div', { class: 'actions' }, submit),
    h(
      'p',
      { class: 'aside' },
      t('signIn.publicHint'),
      ' ',
      h('a', { href: '/status' }, t('signIn.publicLink')),
    ),
  );

  async function signIn(): Promise<void> {
    failure.hidden = true;
    login.setError(login.input.value.trim() ? undefined : t('validation.required'));
    password.setError(password.input.value ? undefined : t('validation.required'));
    if (!login.input.value.trim()) return login.input.focus();
    if (!password.input.value) return password.input.focus();
    submit.disabled = true;
    try {
      const answer = await call('signIn', {
        body: { login: login.input.value.trim(), password: password.input.value },
      });
      startSession(answer);
      setFlash(t('signIn.welcome', { name: answer.user.name }), 'info');
      const next = query.get('next');
      // Only a path of this app: never a full URL someone put in the link.
      navigate(next && /^\/(?!\/)/.test(next) ? next : '/', { replace: true });
    } catch (error) {
      failure.textContent =
        error instanceof ApiFailure && error.status === 401
          ? t('error.invalid_credentials')
          : describeFailure(error);
      failure.hidden = false;
      password.input.value = '';
      password.input.focus();
    } finally {
      submit.disabled = false;
    }
  }

  return { title, view: form };
};
