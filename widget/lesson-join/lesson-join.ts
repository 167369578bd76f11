import {
  type CSSResult,
  LitElement,
  adoptStyles,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  unsafeCSS,
} from 'lit';
import { type Language, type Load, cardLesson, stateKey, stateWords } from './card-state';
import { emit } from './emit';
import type { CardContext, Opened, Panel } from './lesson-card';
import styles from './lesson-join.styles';
import type { Answer } from './lesson-store';
import { readLink } from './link';
import type { PersonContext } from './person-list';
import type { Lesson, Person } from './read-lesson';
import { localize, nearestLang, type PersonStrings, type Strings } from './strings';

/** The API lives where this script was served from, unless `link` or `api` says otherwise. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;
/**
 * The page's link store, asked for once with the card's drawing (`card`, there as soon as the
 * store is): every element waits on the same promise, so the elements of one task start watching
 * in one microtask checkpoint and their links go in one request.
 */
let store: Promise<typeof import('./lesson-store')> | undefined;
let card: typeof import('./lesson-card') | undefined;
/** A person's list's styles, made once: every person's card adopts the same sheet. */
let personSheet: CSSResult | undefined;

type Copy = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; url: string };
const CLOSED: Opened = { state: 'closed' };
/** What a panel is drawn from: the lesson's link, and its time (a calendar event moves with it). */
const panelKey = (l: Lesson | null) => l && `${l.url} ${l.starts_at} ${l.ends_at}`;
/**
 * What a person's link needs besides the card: the list's chunk and its words, in the language of
 * `for`; without `list` while they load, `list: null` if they would not.
 */
type PersonKit = { for: Strings; list?: ((c: PersonContext) => TemplateResult) | null; words?: PersonStrings };

const COUNTDOWN_TICK_MS = 30_000;
const COPIED_MESSAGE_MS = 5_000;

/**
 * @summary The way into paid online lessons: Join (or Start) at the right moment, the meeting ID
 * and passcode, a link to copy and a QR code for phones, from one lesson link; or, from a person's
 * link, their next lesson on that card and their other lessons below it.
 *
 * Paste it with the link inside as plain HTML: where the script is blocked or cannot load, people
 * still see that link; where it runs, the card is drawn instead of it. All the elements of a page
 * read their links in one request.
 *
 * ```html
 * <lesson-join link="https://lessons.example/l/Xk3pQ9v2LmN8rT5wYb7cAd">
 *   <a href="https://lessons.example/l/Xk3pQ9v2LmN8rT5wYb7cAd">Join the lesson</a>
 * </lesson-join>
 * ```
 *
 * @event lj-loaded - The link was read (also after each refresh). `detail: { lesson, person }`: the lesson on the card (null when a person has none coming), and a person's lessons (null for a lesson link).
 * @event lj-join - A Join or Start link was followed. `detail: { role, url }`.
 * @event lj-copy - A link was copied to the clipboard. `detail: { url }`.
 * @event lj-copy-error - Copying failed; the failure was announced. `detail: { url, error }`.
 * @event lj-error - The link could not be read. `detail: { status, code, message, retryAfter? }`; status 0: no answer (the network failed, the page's CSP blocked the API, or `link` is missing or not a lesson link).
 *
 * @slot - The fallback: plain HTML (the lesson link) for where the script does not run. Not shown once the element runs.
 * @slot no-link - Your own words for when there is no meeting link yet, e.g. how to reach you.
 *
 * @csspart base - The card around everything.
 * @csspart next - A person's next lesson, the card inside `base`.
 * @csspart heading - The lesson's name, a heading (`h2`).
 * @csspart badge - The meeting provider: Zoom, Google Meet, Microsoft Teams or a video link.
 * @csspart photo - The tutor's photo, when the tutor has one.
 * @csspart time - When the lesson is, in the viewer's time zone.
 * @csspart state - Where the lesson stands: countdown, waiting for the tutor, live, ended, cancelled, being prepared.
 * @csspart live - The "Live now" marker.
 * @csspart join - The Join (or, for the tutor, Start) link.
 * @csspart meeting-id - The meeting ID, to join by hand.
 * @csspart passcode - The meeting passcode.
 * @csspart copy - The Copy link button (for the tutor: Copy student link and Copy parent link).
 * @csspart qr-toggle - The button that shows or hides the QR code.
 * @csspart qr - The QR code.
 * @csspart calendar-toggle - The "Add to calendar" button.
 * @csspart calendar - The ways into a calendar, shown by that button.
 * @csspart calendar-file - The link to the lesson's calendar file (`.ics`).
 * @csspart google-calendar - The link that adds the lesson to Google Calendar.
 * @csspart list-heading - The heading of a person's later or past lessons (`h2`).
 * @csspart list - The list of a person's later or past lessons.
 * @csspart item - One lesson in that list.
 * @csspart status - The polite live region that announces copying.
 * @csspart message - Loading and error messages, and "no lessons coming up".
 *
 * @cssproperty --lesson-join-accent - Background of the Join link.
 * @cssproperty --lesson-join-accent-text - Text on the Join link.
 * @cssproperty --lesson-join-background - Background of the card.
 * @cssproperty --lesson-join-text - Text color.
 * @cssproperty --lesson-join-muted - Secondary text color.
 * @cssproperty --lesson-join-border - Border color of the card.
 * @cssproperty --lesson-join-control - Border color of the buttons (keep 3:1 against the background).
 * @cssproperty --lesson-join-live - Color of the "Live now" marker.
 * @cssproperty --lesson-join-radius - Corner radius.
 * @cssproperty --lesson-join-font - Font of the card (inherits by default).
 * @cssproperty --lesson-join-max-width - The widest the element grows (40rem).
 * @cssproperty --lesson-join-qr-size - Width of the QR code.
 * @cssproperty --lesson-join-qr-color - Dark modules of the QR code (keep it dark on light to scan well).
 * @cssproperty --lesson-join-qr-background - Light modules and quiet zone of the QR code.
 */
export class LessonJoin extends LitElement {
  static override styles = styles;

  // `static properties` rather than decorators: esbuild has to lower standard decorators for every
  // browser, which costs 1.7 KB gzip, a sixth of the first-paint budget.
  static override properties = {
    link: {},
    api: {},
    limit: { type: Number },
    layout: { reflect: true },
    theme: { reflect: true },
    // Internal state; `attribute: false` also tells the manifest these are not attributes.
    load: { state: true, attribute: false },
    copy: { state: true, attribute: false },
    opened: { state: true, attribute: false },
    language: { state: true, attribute: false },
    kit: { state: true, attribute: false },
  };

  /**
   * The link as it was given: a lesson's or a person's, `https://…/l/{id}`, or only its id (22
   * characters), or `{id}/{bookingId}` for one lesson of a person's link. It decides the role.
   */
  declare link: string;
  /** Base URL of the lesson-join API. Defaults to the origin of a whole `link`, else to the origin this script was served from. */
  declare api: string;
  /** For a person's link: how many lessons each list shows (5); the rest are counted. */
  declare limit: number | undefined;
  /** `compact` for sidebars: tighter, and a person's list without past lessons. */
  declare layout: 'compact' | undefined;
  /** `light`, `dark`, or `auto` (the viewer's setting); unset, the element follows the page's `color-scheme`. */
  declare theme: 'light' | 'dark' | 'auto' | undefined;

  declare private load: Load;
  declare private copy: Copy;
  /** The QR code or the calendar links, when asked for. */
  declare private opened: Opened;
  /** The strings in the language of the page around the element. */
  declare private language: Language;
  declare private kit: PersonKit | undefined;

  /** What the polite announcer says: the state's words, each time the state changes after the first read. */
  #announced = '';
  /** The state last shown (see `stateKey`). */
  #shownState = '';
  #unwatch?: () => void;
  /** The API the link is read from: the Worker that also serves its calendar file. */
  #api = '';
  #copiedTimer?: ReturnType<typeof setTimeout>;
  #tickTimer?: ReturnType<typeof setInterval>;
  #langObserver?: MutationObserver;

  constructor() {
    super();
    this.link = '';
    this.api = '';
    this.load = { state: 'loading' };
    this.copy = { state: 'idle' };
    this.opened = CLOSED;
    this.language = { state: 'loading' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#readLanguage();
    // Pages that switch language in place change <html lang>; follow them.
    this.#langObserver = new MutationObserver(() => void this.#readLanguage());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    // Moved in the page: watch again (the page's store reads it again if its answer is stale).
    if (this.hasUpdated) this.#watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
    this.#unwatch?.();
    this.#unwatch = undefined;
    clearInterval(this.#tickTimer);
    clearTimeout(this.#copiedTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('link') || changed.has('api')) this.#watch();
    const { language, load } = this;
    if (language.state === 'ready') {
      if (load.state === 'failed' && !language.problems) void this.#readProblems(language);
      if (load.state === 'ready' && load.view.kind === 'person' && this.kit?.for !== language.words.t)
        void this.#readPerson(language);
    }
    // A state change after the first read is announced (Join opened, live, ended, link revoked…).
    const state = stateKey(this.load, this.language);
    if (state && this.#shownState && state !== this.#shownState)
      this.#announced = stateWords(this.load, this.language, card?.phaseText) ?? '';
    if (state) this.#shownState = state;
  }

  async #readLanguage(): Promise<void> {
    const lang = nearestLang(this);
    try {
      this.language = { state: 'ready', words: await localize(lang).catch(() => localize('en')) };
    } catch {
      this.language = { state: 'unavailable' };
    }
  }

  /** The words for what went wrong, in the language they are for: a chunk of their own. */
  async #readProblems(language: Language & { state: 'ready' }): Promise<void> {
    this.language = { ...language, problems: 'loading' };
    const problems = await language.words.problems().catch(() => 'unavailable' as const);
    if (this.language.state === 'ready' && this.language.words === language.words)
      this.language = { ...language, problems };
  }

  /** A person's list (asked for with the store) and its words (loaded only for a person's link). */
  async #readPerson(language: Language & { state: 'ready' }): Promise<void> {
    const { t } = language.words;
    const kit: PersonKit = (this.kit = { for: t });
    try {
      const [{ personList, personStyles }, words] = await Promise.all([
        import('./person-list'),
        language.words.person(),
      ]);
      // The list's styles come with it, adopted like the element's own (no inline style for a CSP to refuse).
      personSheet ??= unsafeCSS(personStyles);
      adoptStyles(this.renderRoot as ShadowRoot, [...LessonJoin.elementStyles, personSheet]);
      if (this.kit === kit) this.kit = { for: t, list: personList, words };
    } catch {
      // The card of the next lesson stays, without the list.
      if (this.kit === kit) this.kit = { for: t, list: null };
    }
  }

  /**
   * Watches the link in the page's store: one read for all the elements of the page. The store is
   * a chunk of its own, asked for while the page's words load, so no first paint waits for it.
   */
  #watch(): void {
    this.#unwatch?.();
    const link = readLink(this.link);
    if (!link) {
      this.#unwatch = undefined;
      this.#answer({
        problem: {
          status: 0,
          code: this.link.trim() ? 'link_malformed' : 'link_missing',
          message: `link="${this.link}" is not a lesson link (https://…/l/{id}).`,
        },
      });
      return;
    }
    const api = (this.#api = (this.api || link.origin || SCRIPT_ORIGIN).replace(/\/+$/, ''));
    const unwatch = (this.#unwatch = () => void stop.then((stop) => stop?.()));
    // The card and a person's list are asked for with the store: a page of person links would
    // otherwise wait for the list after its read (20 cards drew in 1.57x the time of one, 1.47x so).
    const stop = (store ??= Promise.all([
      import('./lesson-store'),
      import('./lesson-card').then((m) => (card = m)),
      import('./person-list'),
    ]).then(([m]) => m)).then(
      ({ watch }) => (this.#unwatch === unwatch ? watch(api, link.path, this.#answer) : undefined),
      // Nothing can be read without it: as when the network fails.
      (e) => void this.#answer({ problem: { status: 0, code: 'network', message: String(e) } }),
    );
  }

  #answer = (answer: Answer): void => {
    clearInterval(this.#tickTimer);
    if ('problem' in answer) {
      // A refresh that fails for a passing reason keeps the lesson on screen; the store tries again.
      if (this.load.state !== 'ready' || !answer.passing) this.load = { state: 'failed', problem: answer.problem };
      emit(this, 'lj-error', answer.problem);
      return;
    }
    const { view, skew } = answer;
    this.load = { state: 'ready', view, skew };
    const lesson = cardLesson(view, Date.now() + skew);
    const { opened } = this;
    if (opened.state === 'shown' && opened.key !== panelKey(lesson)) void this.#open(opened.panel);
    if (lesson && card?.SHAREABLE.includes(lesson.phase))
      this.#tickTimer = setInterval(() => this.requestUpdate(), COUNTDOWN_TICK_MS);
    emit(this, 'lj-loaded', { lesson, person: view.kind === 'person' ? view : null });
  };

  async #copyLink(url: string): Promise<void> {
    clearTimeout(this.#copiedTimer);
    // Empty the live region first, so the same message is announced again.
    this.copy = { state: 'idle' };
    await this.updateComplete;
    try {
      await navigator.clipboard.writeText(url);
      this.copy = { state: 'copied' };
      this.#copiedTimer = setTimeout(() => (this.copy = { state: 'idle' }), COPIED_MESSAGE_MS);
      emit(this, 'lj-copy', { url });
    } catch (e) {
      this.copy = { state: 'failed', url };
      emit(this, 'lj-copy-error', { url, error: String(e) });
    }
  }

  /** Opens `panel` (the QR code, the calendar links) for the lesson on the card. */
  async #open(panel: Panel): Promise<void> {
    const { load, language } = this;
    const lesson = load.state === 'ready' ? cardLesson(load.view, Date.now() + load.skew) : null;
    const url = lesson?.url;
    if (!url || language.state !== 'ready') return;
    const opened: Opened = (this.opened = { state: 'loading', panel });
    try {
      // Each figure and its template come with its chunk, off the first paint.
      const figure =
        panel === 'qr'
          ? (await import('./qr-code')).qrFigure(url, html)
          : await (await import('./calendar-links')).calendarFigure(url, this.#api, language.words.locale, html);
      // Closed, or another opened, while it loaded: leave it so.
      if (this.opened === opened) this.opened = { state: 'shown', panel, key: panelKey(lesson)!, figure };
    } catch {
      if (this.opened === opened) this.opened = { state: 'failed', panel };
    }
  }

  protected override render(): TemplateResult {
    const { language, load, kit } = this;
    // No words at all (their chunk would not load): the page's own fallback is better than nothing.
    if (language.state === 'unavailable') return html`<slot></slot>`;
    // Nothing is said until it can be said in the page's language.
    if (language.state === 'loading') return html`<section class="lesson" part="base" aria-busy="true"></section>`;
    const { t, locale } = language.words;
    const now = load.state === 'ready' ? Date.now() + load.skew : 0;
    const view = load.state === 'ready' ? load.view : null;
    const person = view?.kind === 'person' ? view : null;
    const lesson = view && cardLesson(view, now);
    // Busy until it can say where things stand: the lesson, or the words for what went wrong.
    const words = stateWords(load, language, card?.phaseText);
    const busy = words === null || (!!person && kit?.list === undefined);
    return html`<section
      class="lesson ${person ? '' : `lesson--${lesson?.phase}`}"
      part="base"
      lang=${locale}
      aria-busy=${busy}
    >
      ${
        person
          ? this.#renderPerson(person, lesson, now, t, locale)
          : lesson && card
            ? card.lessonCard(lesson, this.#card(now, t, locale))
            : html`<p part="message">${words ?? t.loading}</p>`
      }
      <p class="lesson__muted" part="status" role="status">
        ${this.copy.state === 'copied' ? t.copied : this.copy.state === 'failed' ? t.copyFailed : ''}
      </p>
      ${this.copy.state === 'failed' ? html`<p class="lesson__manual">${this.copy.url}</p>` : nothing}
      <p class="lesson__announcer" role="status">${this.#announced}</p>
    </section>`;
  }

  /** What the card's chunk draws with: the component's `html`, and what its buttons do. */
  #card(now: number, t: Strings, locale: string): CardContext {
    return {
      html,
      nothing,
      now,
      t,
      locale,
      opened: this.opened,
      copy: (url) => void this.#copyLink(url),
      open: (panel) => void this.#open(panel),
      close: () => (this.opened = CLOSED),
      joined: (role, url) => emit(this, 'lj-join', { role, url }),
    };
  }

  #renderPerson(person: Person, next: Lesson | null, now: number, t: Strings, locale: string): TemplateResult {
    const { kit } = this;
    const { lessonCard, who, when } = card!;
    const context = this.#card(now, t, locale);
    const nextCard = (l: Lesson) =>
      html`<div class="lesson__next lesson--${l.phase}" part="next">${lessonCard(l, context)}</div>`;
    // The next lesson first, while the list's chunk loads (or if it would not).
    if (!kit?.list) return next ? nextCard(next) : html`<p part="message">${t.loading}</p>`;
    return kit.list({
      html,
      person,
      next,
      now,
      t,
      words: kit.words!,
      limit: this.limit,
      compact: this.layout === 'compact',
      card: nextCard,
      who: (l) => who(l, t),
      when: (l) => when(l, now, locale, html),
      copy: (url) => void this.#copyLink(url),
      joined: (l) => emit(this, 'lj-join', { role: l.role, url: l.url! }),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-join': LessonJoin;
  }
}
