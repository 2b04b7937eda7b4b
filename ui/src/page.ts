/** What every page gets and gives: its route's parameters, and a view with a title. */
import { ApiFailure } from './api/client';
import { h } from './dom';
import { hasMessage, t } from './i18n/i18n';

export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Aborted when the person navigates away, so a late answer does not paint an old page. */
  signal: AbortSignal;
  /** Renders the current route again, after something changed (a claim, a filter). */
  refresh: () => void;
}

export interface PageView {
  title: string;
  view: HTMLElement;
}

export type PageRender = (context: PageContext) => Promise<PageView> | PageView;

let flash: { text: string; tone: 'success' | 'info' } | undefined;

/** A message shown once, on the next page: "Task completed" after the form is gone. */
export function setFlash(text: string, tone: 'success' | 'info' = 'success'): void {
  flash = { text, tone };
}

export function takeFlash(): typeof flash {
  const taken = flash;
  flash = undefined;
  return taken;
}

/** A person-readable sentence for a failed call, in the page's language. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    const key = `error.${error.code ?? ''}`;
    if (error.status === 429)
      return t('error.too_many_attempts', { seconds: error.retryAfter ?? 60 });
    if (hasMessage(key)) return t(key);
    if (error.status >= 500) return t('error.server');
    return error.body?.message ?? t('error.server');
  }
  if (error instanceof DOMException && error.name === 'AbortError') return '';
  return t('error.network');
}

export function errorBox(error: unknown): HTMLElement {
  return h('p', { class: 'notice notice-error', role: 'alert' }, describeFailure(error));
}

export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1 }, text);
}
