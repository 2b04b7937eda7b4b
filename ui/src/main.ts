/**
 * The web UI: the shell (header, navigation for the signed-in role, language switch) and the
 * routes. Pages live in pages/, one file each; the task form (form-js) is loaded only when a task
 * is opened, so the public status page stays light on a phone.
 */
import './styles.css';

import { call, whenSessionEnds, type OperationId } from './api/client';
import { append, h } from './dom';
import {
  currentLanguage,
  hasMessage,
  onLanguageChange,
  setLanguage,
  t,
  type MessageKey,
} from './i18n/i18n';
import { errorBox, heading, setFlash, takeFlash, type PageRender } from './page';
import { adminPage } from './pages/admin';
import { dashboardPage } from './pages/dashboard';
import { designerPage } from './pages/designer';
import { monitorPage } from './pages/monitor';
import { monitorInstancePage } from './pages/monitor-instance';
import { residentPage } from './pages/resident';
import { residentsPage } from './pages/residents';
import { signInPage } from './pages/sign-in';
import { statusPage } from './pages/status';
import { taskPage } from './pages/task';
import { tasklistPage } from './pages/tasklist';
import { match, navigate, startRouter, type Route } from './router';
import { currentUser, forgetSession, loadSession, may } from './session';

interface PageRoute extends Route {
  render: PageRender;
  /** Open to anyone (no sign-in), or the operation whose roles may open the page. */
  access: 'public' | OperationId;
  /** Shown in the navigation, with this label, to those who may open it. */
  nav?: MessageKey;
}

const routes: PageRoute[] = [
  { name: 'sign-in', pattern: '/masuk', access: 'public', render: signInPage },
  { name: 'status', pattern: '/status', access: 'public', render: statusPage },
  {
    name: 'tasks',
    pattern: '/tugas',
    access: 'listTasks',
    render: tasklistPage,
    nav: 'nav.tasks',
  },
  { name: 'task', pattern: '/tugas/:id', access: 'getTask', render: taskPage },
  {
    name: 'residents',
    pattern: '/warga',
    access: 'searchResidents',
    render: residentsPage,
    nav: 'nav.residents',
  },
  { name: 'resident', pattern: '/warga/:nik', access: 'getResident', render: residentPage },
  {
    name: 'designer',
    pattern: '/perancang',
    access: 'deployProcesses',
    render: designerPage,
    nav: 'nav.designer',
  },
  {
    name: 'monitor',
    pattern: '/pemantauan',
    access: 'getProcessStatistics',
    render: monitorPage,
    nav: 'nav.monitor',
  },
  {
    name: 'monitor-instance',
    pattern: '/pemantauan/instans/:key',
    access: 'getProcessInstance',
    render: monitorInstancePage,
  },
  {
    name: 'dashboard',
    pattern: '/pengawasan',
    access: 'listEscalations',
    render: dashboardPage,
    nav: 'nav.dashboard',
  },
  { name: 'admin', pattern: '/admin', access: 'listStaff', render: adminPage, nav: 'nav.admin' },
  { name: 'admin-section', pattern: '/admin/:section', access: 'listStaff', render: adminPage },
];

/** The navigation of the signed-in person: the pages their roles may open. */
export function navigationFor(): PageRoute[] {
  return routes.filter((r) => r.nav && r.access !== 'public' && may(r.access));
}

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', tabindex: -1 });
const header = h('header', { class: 'topbar' });
const notices = h('div', { class: 'notices', 'aria-live': 'polite' });
let sessionLoaded = false;
let renderCount = 0;
let current: AbortController | undefined;

function roleLabel(role: string): string {
  const key = `role.${role}`;
  return hasMessage(key) ? t(key) : role;
}

function renderHeader(pathname: string): void {
  const user = currentUser();
  const navigation = navigationFor();
  const languageButton = h(
    'button',
    {
      type: 'button',
      class: 'link-button language',
      lang: currentLanguage() === 'id' ? 'en' : 'id',
      onclick: () => setLanguage(currentLanguage() === 'id' ? 'en' : 'id'),
    },
    currentLanguage() === 'id' ? 'English' : 'Bahasa Indonesia',
  );
  header.replaceChildren();
  append(header, [
    h('a', { class: 'brand', href: user ? '/tugas' : '/status' }, t('app.name')),
    user && navigation.length > 0
      ? h(
          'nav',
          { 'aria-label': t('nav.label') },
          h(
            'ul',
            {},
            navigation.map((r) =>
              h(
                'li',
                {},
                h(
                  'a',
                  {
                    href: r.pattern,
                    'aria-current':
                      pathname === r.pattern || pathname.startsWith(`${r.pattern}/`)
                        ? 'page'
                        : undefined,
                  },
                  t(r.nav!),
                ),
              ),
            ),
          ),
        )
      : null,
    h(
      'div',
      { class: 'account' },
      user
        ? [
            h(
              'span',
              { class: 'who' },
              h('strong', {}, user.name),
              ' ',
              h('span', { class: 'roles' }, user.roles.map(roleLabel).join(', ')),
            ),
            h(
              'button',
              { type: 'button', class: 'link-button', onclick: () => void signOut() },
              t('nav.signOut'),
            ),
          ]
        : pathname !== '/masuk'
          ? h('a', { href: '/masuk' }, t('nav.signIn'))
          : null,
      languageButton,
    ),
  ]);
}

async function signOut(): Promise<void> {
  try {
    await call('signOut');
  } catch {
    // The session may have ended already; signing out locally is what matters now.
  }
  forgetSession();
  setFlash(t('signIn.signedOut'), 'info');
  navigate('/masuk');
}

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  renderCount += 1;
  const firstRender = renderCount === 1;
  const found = match(routes, location);
  const route = found?.route as PageRoute | undefined;

  // Anyone may open the public pages without asking who is signed in (no needless 401s).
  if (!sessionLoaded && route?.access !== 'public') {
    try {
      await loadSession();
      sessionLoaded = true;
    } catch (error) {
      main.replaceChildren(errorBox(error));
      return;
    }
    if (controller.signal.aborted) return;
  }
  const user = currentUser();

  if (location.pathname === '/' || location.pathname === '') {
    navigate(user ? (navigationFor()[0]?.pattern ?? '/status') : '/masuk', { replace: true });
    return;
  }
  if (route?.name === 'sign-in' && user) {
    navigate(found?.query.get('next') ?? navigationFor()[0]?.pattern ?? '/status', {
      replace: true,
    });
    return;
  }
  if (route && route.access !== 'public' && !user) {
    navigate(`/masuk?next=${encodeURIComponent(location.pathname + location.search)}`, {
      replace: true,
    });
    return;
  }

  renderHeader(location.pathname);
  const flash = takeFlash();
  notices.replaceChildren(
    ...(flash
      ? [h('p', { class: `notice notice-${flash.tone}`, role: 'status' }, flash.text)]
      : []),
  );

  let title: string;
  let view: HTMLElement;
  if (!found || !route) {
    title = t('notFound.title');
    view = h('section', {}, heading(title), h('p', {}, t('notFound.text')));
  } else if (route.access !== 'public' && !may(route.access)) {
    title = t('forbidden.title');
    view = h('section', {}, heading(title), h('p', {}, t('forbidden.text')));
  } else {
    main.setAttribute('aria-busy', 'true');
    main.replaceChildren(h('p', { class: 'loading' }, t('common.loading')));
    try {
      ({ title, view } = await route.render({
        params: found.params,
        query: found.query,
        signal: controller.signal,
        refresh: () => void render(),
      }));
    } catch (error) {
      if (controller.signal.aborted) return;
      title = t('error.title');
      view = h('section', {}, heading(title), errorBox(error));
    }
    main.removeAttribute('aria-busy');
  }
  if (controller.signal.aborted) return;
  document.title = `${title} — ${t('app.name')}`;
  main.replaceChildren(view);
  // After a navigation, keyboard and screen-reader users land on the new page's heading.
  if (!firstRender) (main.querySelector<HTMLElement>('h1') ?? main).focus();
}

whenSessionEnds(() => {
  if (!currentUser()) return;
  forgetSession();
  setFlash(t('signIn.sessionEnded'), 'info');
  navigate(`/masuk?next=${encodeURIComponent(location.pathname + location.search)}`, {
    replace: true,
  });
});

onLanguageChange(() => void render());

app.replaceChildren(
  h('a', { class: 'skip-link', href: '#main' }, t('nav.skip')),
  header,
  notices,
  main,
);
onLanguageChange(() => {
  app.querySelector('.skip-link')!.textContent = t('nav.skip');
});
startRouter(() => void render());
