/**
 * What the component says. English is built in; other languages are modules of their own
 * (`strings.es.ts`), loaded only on pages in that language, while the lesson itself loads. The
 * language is the nearest `lang` above the element (through shadow roots), as for any text.
 */
import type { Provider } from '../../shared/terms';

const en = {
  loading: 'Loading the lesson…',
  withName: (name: string) => `with ${name}`,
  childWith: (child: string, tutor: string) => `${child} with ${tutor}`,
  join: 'Join lesson',
  start: 'Start lesson',
  passcode: 'Passcode',
  copyLink: 'Copy link',
  copyStudentLink: 'Copy student link',
  copied: 'Link copied.',
  copyFailed: 'Could not copy. Copy the link below yourself.',
  showQr: 'Show QR code',
  hideQr: 'Hide QR code',
  qrLabel: 'QR code of the lesson link',
  qrHint: 'Scan it to join on your phone.',
  qrFailed: 'No QR code right now. Use Copy link.',
  startsIn: (when: string) => `Starts ${when}.`,
  opensBefore: (minutes: number) => `Joining opens ${minutes} minutes before.`,
  joinNow: 'You can join now.',
  live: 'Live now',
  ended: 'This lesson has ended.',
  recordingReady: 'Its recording is ready in Zoom.',
  cancelled: 'This lesson was cancelled.',
  awaitingPayment: 'Awaiting payment: the meeting link appears here once the lesson is paid.',
  preparing: 'The meeting link is being prepared.',
  noLink: (tutor: string) => `No meeting link yet: ${tutor} will send you one.`,
  noLinkTutor: 'No meeting provider is ready: connect Zoom or set a backup link.',
  noToken: 'Add the token of the lesson link: <lesson-join token="…">.',
  linkInvalid: 'This lesson link is not valid. Ask for a new one.',
  linkExpired: 'This lesson link has expired. Ask for a new one.',
  notFound: 'This lesson no longer exists.',
  unreachable: 'The lesson could not be loaded. Check your connection.',
  providers: { zoom: 'Zoom', google_meet: 'Google Meet', manual: 'Video link' } satisfies Record<Provider, string>,
};

export type Strings = typeof en;

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
