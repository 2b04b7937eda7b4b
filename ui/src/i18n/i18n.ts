/**
 * Bahasa Indonesia first, English on request: the choice is kept in localStorage and sets
 * <html lang>, so screen readers pronounce the page in its language.
 */
import { en } from './en';
import { id, type MessageKey } from './id';

export type { MessageKey };
export type Language = 'id' | 'en';

const dictionaries: Record<Language, Record<MessageKey, string>> = { id, en };
const storageKey = 'ektp.language';
const listeners = new Set<() => void>();

function stored(): Language {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

let language: Language = stored();
document.documentElement.lang = language;

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  if (next === language) return;
  language = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // A private window without storage keeps the choice until the page is closed.
  }
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): void {
  listeners.add(listener);
}

/** The text of `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = dictionaries[language][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Whether a message exists: for texts keyed by an API code, such as error names. */
export function hasMessage(key: string): key is MessageKey {
  return key in id;
}

export function locale(): string {
  return language === 'id' ? 'id-ID' : 'en-GB';
}
