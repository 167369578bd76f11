/**
 * What the component says. Every language is a module of its own (`strings.en.ts`,
 * `strings.es.ts`), loaded while the lesson itself loads, so no page downloads words it will not
 * show; the words for what went wrong (`problems.en.ts`, …) load only when something does. The
 * language is the nearest `lang` above the element (through shadow roots), as for any text;
 * English is spoken where we do not speak the page's language.
 */
import type { PersonStrings } from './person.en';
import type { Problems } from './problems.en';
import type { Strings } from './strings.en';

export type { PersonStrings, Problems, Strings };

export interface Localized {
  t: Strings;
  /** The tag to format dates with, so they read in the same language as the text. */
  locale: string;
  /** Loads the words for what went wrong, in the same language. */
  problems: () => Promise<Problems>;
  /** Loads the words of a person's lessons, in the same language. */
  person: () => Promise<PersonStrings>;
}

type Chunk<T> = () => Promise<{ default: T }>;

const languages: Record<string, { t: Chunk<Strings>; problems: Chunk<Problems>; person: Chunk<PersonStrings> }> = {
  en: { t: () => import('./strings.en'), problems: () => import('./problems.en'), person: () => import('./person.en') },
  es: { t: () => import('./strings.es'), problems: () => import('./problems.es'), person: () => import('./person.es') },
};

/** The strings for a BCP 47 tag (`es-MX` → Spanish); English when we do not speak the language. */
export async function localize(lang: string): Promise<Localized> {
  let locale = validLocale(lang.trim());
  let language = languages[locale.toLowerCase().split('-')[0]!];
  if (!language) [locale, language] = ['en', languages.en!];
  const { problems, person } = language;
  return {
    t: (await language.t()).default,
    locale,
    problems: () => problems().then((m) => m.default),
    person: () => person().then((m) => m.default),
  };
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
