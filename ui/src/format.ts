/** Dates as the kecamatan reads them: Jambi's time zone (WIB), in the page's language. */
import { locale, t } from './i18n/i18n';

const timeZone = 'Asia/Jakarta';

export function dateTime(iso: string): string {
  return `${new Intl.DateTimeFormat(locale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))} WIB`;
}

export type DueState = 'overdue' | 'due-soon' | 'on-time' | 'none';

/** A step due within this many hours is flagged "due soon". */
export const dueSoonHours = 24;

/**
 * Overdue comes from the API (its clock, which a test or simulation may have moved); due soon is
 * reckoned here, as the list carries no server time.
 */
export function dueState(task: { dueAt: string | null; overdue: boolean }, now = Date.now()) {
  if (task.overdue) return 'overdue';
  if (!task.dueAt) return 'none';
  return Date.parse(task.dueAt) - now <= dueSoonHours * 3_600_000 ? 'due-soon' : 'on-time';
}

export function dueLabel(state: DueState): string {
  switch (state) {
    case 'overdue':
      return t('due.overdue');
    case 'due-soon':
      return t('due.soon');
    case 'on-time':
      return t('due.onTime');
    case 'none':
      return t('due.none');
  }
}
