import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { LessonPhase } from '../../shared/terms';
import { emit, type LessonProblem } from './emit';
import styles from './lesson-join.styles';
import { readLink } from './link';
import { meetingIdText } from './meeting-id';
import type { QrFigure } from './qr-code';
import { fetchLesson, type Lesson } from './read-lesson';
import { type Language, type Load, passing, stateKey, stateWords } from './card-state';
import { localize, nearestLang, type Strings } from './strings';
import { phaseText } from './phase-text';
import { lessonTimes } from './time';

/** The API lives where this script was served from, unless `link` or `api` says otherwise. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

type Copy = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; url: string };
type Qr =
  | { state: 'hidden' }
  | { state: 'loading' }
  | { state: 'shown'; url: string; figure: QrFigure }
  | { state: 'failed' };

const COUNTDOWN_TICK_MS = 30_000;
const RETRY_MS = 30_000;
const COPIED_MESSAGE_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Phases in which a student's link leads somewhere worth sharing. */
const SHAREABLE: readonly LessonPhase[] = ['upcoming', 'open', 'live'];

/**
 * @summary The way into a paid online lesson: Join (or Start) at the right moment, the meeting ID
 * and passcode, a link to copy and a QR code for phones, all from one lesson link.
 *
 * Paste it with the link inside as plain HTML: where the script is blocked or cannot load, people
 * still see that link; where it runs, the card is drawn instead of it.
 *
 * ```html
 * <lesson-join link="https://lessons.example/l/Xk3pQ9v2LmN8rT5wYb7cAd">
 *   <a href="https://lessons.example/l/Xk3pQ9v2LmN8rT5wYb7cAd">Join the lesson</a>
 * </lesson-join>
 * ```
 *
 * @event lj-loaded - The lesson was read (also after each refresh). `detail: { lesson }`.
 * @event lj-join - The Join or Start link was followed. `detail: { role, url }`.
 * @event lj-copy - A link was copied to the clipboard. `detail: { url }`.
 * @event lj-copy-error - Copying failed; the failure was announced. `detail: { url, error }`.
 * @event lj-error - The lesson could not be read. `detail: { status, code, message, retryAfter? }`; status 0: no answer (the network failed, or `link` is missing or not a lesson link).
 *
 * @slot - The fallback: plain HTML (the lesson link) for where the script does not run. Not shown once the element runs.
 * @slot no-link - Your own words for when there is no meeting link yet, e.g. how to reach you.
 *
 * @csspart base - The card around everything.
 * @csspart heading - The lesson's name, a heading (`h2`).
 * @csspart badge - The meeting provider: Zoom, Google Meet, Microsoft Teams or a video link.
 * @csspart time - When the lesson is, in the viewer's time zone.
 * @csspart state - Where the lesson stands: countdown, waiting for the tutor, live, ended, cancelled, being prepared.
 * @csspart live - The "Live now" marker.
 * @csspart join - The Join (or, for the tutor, Start) link.
 * @csspart meeting-id - The meeting ID, to join by hand.
 * @csspart passcode - The meeting passcode.
 * @csspart copy - The Copy link button (for the tutor: Copy student link and Copy parent link).
 * @csspart qr-toggle - The button that shows or hides the QR code.
 * @csspart qr - The QR code.
 * @csspart status - The polite live region that announces copying.
 * @csspart message - Loading and error messages.
 *
 * @cssproperty --lesson-join-accent - Background of the Join link.
 * @cssproperty --lesson-join-accent-text - Text on the Join link.
 * @cssproperty --lesson-join-background - Background of the card.
 * @cssproperty --lesson-join-text - Text color.
 * @cssproperty --lesson-join-muted - Secondary text color.
 * @cssproperty --lesson-join-border - Border color.
 * @cssproperty --lesson-join-live - Color of the "Live now" marker.
 * @cssproperty --lesson-join-radius - Corner radius.
 * @cssproperty --lesson-join-font - Font of the card (inherits by default).
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
    // Internal state; `attribute: false` also tells the manifest these are not attributes.
    load: { state: true, attribute: false },
    copy: { state: true, attribute: false },
    qr: { state: true, attribute: false },
    language: { state: true, attribute: false },
  };

  /**
   * The lesson link as it was given: `https://…/l/{id}`, or only its id (22 characters), or
   * `{id}/{bookingId}` for one lesson of a person's link. It decides the role.
   */
  declare link: string;
  /** Base URL of the lesson-join API. Defaults to the origin of a whole `link`, else to the origin this script was served from. */
  declare api: string;

  declare private load: Load;
  declare private copy: Copy;
  declare private qr: Qr;
  /** The strings in the language of the page around the element. */
  declare private language: Language;

  /** What the polite announcer says: the state's words, each time the state changes after the first read. */
  #announced = '';
  /** The state last shown (see `stateKey`). */
  #shownState = '';
  #abort?: AbortController;
  #refreshTimer?: ReturnType<typeof setTimeout>;
  #copiedTimer?: ReturnType<typeof setTimeout>;
  #tickTimer?: ReturnType<typeof setInterval>;
  #langObserver?: MutationObserver;

  constructor() {
    super();
    this.link = '';
    this.api = '';
    this.load = { state: 'loading' };
    this.copy = { state: 'idle' };
    this.qr = { state: 'hidden' };
    this.language = { state: 'loading' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#readLanguage();
    // Pages that switch language in place change <html lang>; follow them.
    this.#langObserver = new MutationObserver(() => void this.#readLanguage());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    document.addEventListener('visibilitychange', this.#onVisibility);
    // Moved in the page: read again, the lesson may have changed while detached.
    if (this.hasUpdated) void this.#read();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stop();
    clearTimeout(this.#copiedTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('link') || changed.has('api')) void this.#read();
    const { language } = this;
    if (this.load.state === 'failed' && language.state === 'ready' && !language.problems)
      void this.#readProblems(language);
    // A state change after the first read is announced (Join opened, live, ended, link revoked…).
    const state = stateKey(this.load, this.language);
    if (state && this.#shownState && state !== this.#shownState)
      this.#announced = stateWords(this.load, this.language) ?? '';
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

  #onVisibility = () => {
    if (document.visibilityState === 'visible') void this.#read();
  };

  /** Stops what the last read started: its request, the next read and the countdown. */
  #stop(): void {
    this.#abort?.abort();
    clearTimeout(this.#refreshTimer);
    clearInterval(this.#tickTimer);
  }

  /** Reads the lesson; on success plans the next read for when the lesson will next change. */
  async #read(): Promise<void> {
    this.#stop();
    const link = readLink(this.link);
    if (!link)
      return this.#fail({
        status: 0,
        code: this.link.trim() ? 'link_malformed' : 'link_missing',
        message: `link="${this.link}" is not a lesson link (https://…/l/{id}).`,
      });
    const abort = (this.#abort = new AbortController());
    try {
      const lesson = await fetchLesson(this.api || link.origin || SCRIPT_ORIGIN, link.path, abort.signal);
      if (abort.signal.aborted) return;
      const serverTime = Date.parse(lesson.server_time);
      this.load = { state: 'ready', lesson, skew: serverTime - Date.now() };
      if (this.qr.state === 'shown' && this.qr.url !== lesson.url) void this.#drawQr();
      if (lesson.refresh_at) this.#readIn(Date.parse(lesson.refresh_at) - serverTime + 250 + Math.random() * 1000);
      if (SHAREABLE.includes(lesson.phase))
        this.#tickTimer = setInterval(() => this.requestUpdate(), COUNTDOWN_TICK_MS);
      emit(this, 'lj-loaded', { lesson });
    } catch (e) {
      if (!abort.signal.aborted) this.#fail(e as LessonProblem);
    }
  }

  #readIn(ms: number): void {
    this.#refreshTimer = setTimeout(() => void this.#read(), Math.min(Math.max(ms, 1_000), MAX_TIMER_MS));
  }

  #fail(problem: LessonProblem): void {
    // A refresh that fails for a passing reason keeps the lesson on screen and tries again.
    if (passing(problem)) this.#readIn(problem.retryAfter ? problem.retryAfter * 1000 : RETRY_MS);
    if (this.load.state !== 'ready' || !passing(problem)) this.load = { state: 'failed', problem };
    emit(this, 'lj-error', problem);
  }

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

  async #drawQr(): Promise<void> {
    const url = this.load.state === 'ready' && this.load.lesson.url;
    if (!url) return;
    this.qr = { state: 'loading' };
    try {
      // The figure and its template come with the QR chunk: 130 bytes gzip off the first paint.
      const figure = (await import('./qr-code')).qrFigure(url, html);
      // Hidden again while it loaded: stay hidden.
      if (this.qr.state === 'loading') this.qr = { state: 'shown', url, figure };
    } catch {
      this.qr = { state: 'failed' };
    }
  }

  protected override render(): TemplateResult {
    const { language, load } = this;
    // No words at all (their chunk would not load): the page's own fallback is better than nothing.
    if (language.state === 'unavailable') return html`<slot></slot>`;
    // Nothing is said until it can be said in the page's language.
    if (language.state === 'loading') return html`<section class="lesson" part="base" aria-busy="true"></section>`;
    const { t, locale } = language.words;
    // Busy until it can say where things stand: the lesson, or the words for what went wrong.
    const words = stateWords(this.load, this.language);
    return html`<section class="lesson" part="base" lang=${locale} aria-busy=${words === null}>
      ${
        load.state === 'ready'
          ? this.#renderLesson(load.lesson, Date.now() + load.skew, t, locale)
          : html`<p part="message">${words ?? t.loading}</p>`
      }
      <p class="lesson__muted" part="status" role="status">
        ${this.copy.state === 'copied' ? t.copied : this.copy.state === 'failed' ? t.copyFailed : ''}
      </p>
      ${this.copy.state === 'failed' ? html`<p class="lesson__manual">${this.copy.url}</p>` : nothing}
      <p class="lesson__announcer" role="status">${this.#announced}</p>
    </section>`;
  }
  #renderLesson(lesson: Lesson, now: number, t: Strings, locale: string): TemplateResult {
    const { role, phase, url, meeting_number: meetingId, passcode } = lesson;
    const tutor = role === 'tutor';
    const active = phase !== 'cancelled' && phase !== 'ended';
    // What there is to copy: for the tutor the student's and the parent's links, else one's own.
    const shares = (
      tutor
        ? active
          ? [
              [lesson.student_url, t.copyStudentLink],
              [lesson.parent_url, t.copyParentLink],
            ]
          : []
        : SHAREABLE.includes(phase)
          ? [[url, t.copyLink]]
          : []
    ).filter((share): share is [string, string] => !!share[0]);
    const shareable = shares.length > 0;
    const words = phaseText(lesson, now, t, locale);
    const qr = this.qr;
    return html`
      <div class="lesson__head">
        <h2 class="lesson__title" part="heading">${lesson.service_name}</h2>
        <span class="lesson__muted" part="badge">${t.providers[lesson.provider]}</span>
      </div>
      <p class="lesson__muted">
        ${tutor ? t.withName(lesson.student_name) : role === 'parent' ? t.childWith(lesson.student_name, lesson.tutor_name) : t.withName(lesson.tutor_name)}
      </p>
      <p class="lesson__muted" part="time"><time datetime=${lesson.starts_at}>${lessonTimes(lesson.starts_at, lesson.ends_at, locale, now)}</time></p>
      <p part="state">${
        phase === 'live'
          ? html`<span class="lesson__live" part="live">${words}</span>`
          : phase === 'preparing'
            ? html`<span class="lesson__preparing">${words}</span>`
            : words
      }${phase === 'no_link' && !tutor ? html` <slot name="no-link"></slot>` : nothing}</p>
      ${
        lesson.joining_open && url
          ? html`<a class="lesson__join" part="join" href=${url} target="_blank" rel="noopener noreferrer" @click=${() => emit(this, 'lj-join', { role, url })}
            >${tutor ? t.start : t.join}</a
          >`
          : nothing
      }
      ${
        active && (meetingId || passcode)
          ? html`<p class="lesson__codes">
            ${meetingId ? html`<span part="meeting-id">${t.meetingId}: <strong>${meetingIdText(meetingId)}</strong></span>` : nothing}
            ${passcode ? html`<span part="passcode">${t.passcode}: <strong>${passcode}</strong></span>` : nothing}
          </p>`
          : nothing
      }
      ${
        shareable
          ? html`<div class="lesson__actions">
            ${shares.map(
              ([share, label]) =>
                html`<button class="lesson__button" part="copy" type="button" @click=${() => this.#copyLink(share)}>${label}</button>`,
            )}
            ${
              tutor
                ? nothing
                : html`<button
                  class="lesson__button"
                  part="qr-toggle"
                  type="button"
                  aria-expanded=${qr.state !== 'hidden'}
                  aria-controls="qr"
                  @click=${() => (qr.state === 'hidden' ? this.#drawQr() : (this.qr = { state: 'hidden' }))}
                >
                  ${qr.state === 'hidden' ? t.showQr : t.hideQr}
                </button>`
            }
          </div>`
          : nothing
      }
      ${shareable && !tutor ? this.#renderQr(t) : nothing}
    `;
  }

  #renderQr(t: Strings): TemplateResult {
    const qr = this.qr;
    if (qr.state === 'failed') return html`<p id="qr" part="message">${t.qrFailed}</p>`;
    if (qr.state !== 'shown') return html`<div id="qr" ?hidden=${qr.state === 'hidden'} aria-busy="true"></div>`;
    return qr.figure(t);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-join': LessonJoin;
  }
}
