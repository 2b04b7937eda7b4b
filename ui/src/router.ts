/**
 * Routes of the single-page app on the History API: the API serves index.html for every path
 * outside /api, so /tugas/42 can be reloaded and bookmarked. Links carry ordinary hrefs (they work
 * with a middle click and a keyboard) and are taken over here.
 */
export interface Route {
  /** `/tugas/:id` */
  pattern: string;
  name: string;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
  query: URLSearchParams;
}

export function match(routes: readonly Route[], location: Location | URL): Match | undefined {
  const parts = location.pathname.replace(/\/+$/, '').split('/').slice(1);
  for (const route of routes) {
    const pattern = route.pattern.replace(/\/+$/, '').split('/').slice(1);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return part.length > 0;
      }
      return segment === part;
    });
    if (ok) return { route, params, query: new URLSearchParams(location.search) };
  }
  return undefined;
}

let onNavigate: (() => void) | undefined;

export function startRouter(render: () => void): void {
  onNavigate = render;
  window.addEventListener('popstate', render);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    // In-page links (the skip link) keep the browser's own behaviour.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  render();
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  onNavigate?.();
}
