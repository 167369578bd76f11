/**
 * What the component says. English (`strings.en.ts`) is built in; other languages are modules of
 * their own (`strings.es.ts`), loaded only on pages in that language, while the lesson itself
 * loads. The language is the nearest `lang` above the element (through shadow roots), as for any
 * text.
 */
import en from './strings.en';

import type { Strings } from './strings.en';

export type { Strings };

export interface Localized {
  t: Strings;
  /** The tag to format dates with, so they read in the same language as the text. */
  locale: string;
}

const translations: Record<string, () => Promise<{ default: Strings }>> = {
  es: () => import('./strings.es'),
};

export const english: Localized = { t: en, locale: 'en' };

/** The strings for a BCP 47 tag (`es-MX` → Spanish); English when we do not speak the language. */
export async function localize(lang: string): Promise<Localized> {
  const locale = validLocale(lang.trim());
  const base = locale.toLowerCase().split('-')[0]!;
  const load = translations[base];
  return load ? { t: (await load()).default, locale } : base === 'en' ? { t: en, locale } : english;
}

/** Pages write all sorts of `lang` (`es-ES_tradnl`, `en-US `); Intl throws on what it cannot read. */
function validLocale(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    const base = tag.split(/[-_]/)[0] ?? '';
    return /^[a-z]{2,3}$/i.test(base) ? base : 'en';
  }
}

/** The nearest `lang` attribute above `el`, crossing shadow roots; the document's, else the browser's. */
export function nearestLang(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const found: Element | null = node.closest('[lang]');
    if (found) return found.getAttribute('lang') || navigator.language;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return navigator.language || 'en';
}
