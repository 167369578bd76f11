import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { LessonPhase } from '../../shared/terms';
import { emit, type LessonProblem } from './emit';
import styles from './lesson-join.styles';
import type { QrFigure } from './qr-code';
import { fetchLesson, type Lesson } from './read-lesson';
import { english, localize, nearestLang, type Localized, type Strings } from './strings';
import { phaseText, problemText } from './phase-text';
import { lessonTimes } from './time';

/** The API lives where this script was served from, unless `api` says otherwise. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

type Load =
  | { state: 'loading' }
  /** `skew`: the server's clock minus ours when the lesson was read, so countdowns follow the server. */
  | { state: 'ready'; lesson: Lesson; skew: number }
  | { state: 'failed'; problem: LessonProblem };
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

/** A problem worth retrying by itself: the network, the server or its rate limit (429), not the link. */
const passing = (p: LessonProblem) =>
  p.code !== 'missing_token' && (p.status === 0 || p.status === 429 || p.status >= 500);

/**
 * @summary The way into a paid online lesson: Join (or Start) at the right moment, the passcode, a
 * link to copy and a QR code for phones, all from one signed lesson token.
 *
 * @event lj-loaded - The lesson was read (also after each refresh). `detail: { lesson }`.
 * @event lj-join - The Join or Start link was followed. `detail: { role, url }`.
 * @event lj-copy - A link was copied to the clipboard. `detail: { url }`.
 * @event lj-copy-error - Copying failed; the failure was announced. `detail: { url, error }`.
 * @event lj-error - The lesson could not be read. `detail: { status, code, message }`; status 0 is a network failure.
 *
 * @slot no-link - Your own words for when there is no meeting link yet, e.g. how to reach you.
 *
 * @csspart base - The card around everything.
 * @csspart heading - The lesson's name.
 * @csspart badge - The meeting provider: Zoom, Google Meet or a video link.
 * @csspart time - When the lesson is, in the viewer's time zone.
 * @csspart state - Where the lesson stands: countdown, live, ended, cancelled, being prepared.
 * @csspart live - The "Live now" marker.
 * @csspart join - The Join (or, for the tutor, Start) link.
 * @csspart passcode - The meeting passcode.
 * @csspart copy - The Copy link button.
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
    token: {},
    api: {},
    // Internal state; `attribute: false` also tells the manifest these are not attributes.
    load: { state: true, attribute: false },
    copy: { state: true, attribute: false },
    qr: { state: true, attribute: false },
    language: { state: true, attribute: false },
  };

  /** The signed lesson token: the last part of the lesson link (`…/l/{token}`). It decides the role. */
  declare token: string;
  /** Base URL of the lesson-join API. Defaults to the origin this script was served from. */
  declare api: string;

  declare private load: Load;
  declare private copy: Copy;
  declare private qr: Qr;
  /** The strings in the language of the page around the element; null while they load. */
  declare private language: Localized | null;

  #abort?: AbortController;
  #refreshTimer?: ReturnType<typeof setTimeout>;
  #copiedTimer?: ReturnType<typeof setTimeout>;
  #tickTimer?: ReturnType<typeof setInterval>;
  #langObserver?: MutationObserver;

  constructor() {
    super();
    this.token = '';
    this.api = '';
    this.load = { state: 'loading' };
    this.copy = { state: 'idle' };
    this.qr = { state: 'hidden' };
    this.language = null;
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
    if (!this.hasUpdated || changed.has('token') || changed.has('api')) void this.#read();
  }

  async #readLanguage(): Promise<void> {
    this.language = await localize(nearestLang(this)).catch(() => english);
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
    if (!this.token) return this.#fail({ status: 0, code: 'missing_token', message: english.t.noToken });
    const abort = (this.#abort = new AbortController());
    try {
      const lesson = await fetchLesson(this.api || SCRIPT_ORIGIN, this.token, abort.signal);
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
    if (passing(problem)) this.#readIn(RETRY_MS);
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
    // Nothing is said until it can be said in the page's language.
    const language = this.language;
    const load = this.load;
    if (!language) return html`<section class="lesson" part="base" aria-busy="true"></section>`;
    const { t, locale } = language;
    return html`<section class="lesson" part="base" lang=${locale} aria-busy=${load.state === 'loading'}>
      ${
        load.state === 'ready'
          ? this.#renderLesson(load.lesson, Date.now() + load.skew, t, locale)
          : html`<p part="message">${load.state === 'failed' ? problemText(load.problem, t) : t.loading}</p>`
      }
      <p class="lesson__muted" part="status" role="status">
        ${this.copy.state === 'copied' ? t.copied : this.copy.state === 'failed' ? t.copyFailed : ''}
      </p>
      ${this.copy.state === 'failed' ? html`<p class="lesson__manual">${this.copy.url}</p>` : nothing}
    </section>`;
  }

  #renderLesson(lesson: Lesson, now: number, t: Strings, locale: string): TemplateResult {
    const { role, phase, url } = lesson;
    const tutor = role === 'tutor';
    const active = phase !== 'cancelled' && phase !== 'ended';
    const share = tutor ? lesson.student_url : url;
    const shareable = share && (tutor ? active : SHAREABLE.includes(phase));
    const qr = this.qr;
    return html`
      <div class="lesson__head">
        <p class="lesson__title" part="heading">${lesson.service_name}</p>
        <span class="lesson__muted lesson__badge" part="badge">${t.providers[lesson.provider]}</span>
      </div>
      <p class="lesson__muted">
        ${tutor ? t.withName(lesson.student_name) : role === 'parent' ? t.childWith(lesson.student_name, lesson.tutor_name) : t.withName(lesson.tutor_name)}
      </p>
      <p class="lesson__muted" part="time"><time datetime=${lesson.starts_at}>${lessonTimes(lesson.starts_at, lesson.ends_at, locale)}</time></p>
      <p part="state">${phaseText(lesson, now, t, locale)}</p>
      ${
        lesson.joining_open && url
          ? html`<a class="lesson__join" part="join" href=${url} target="_blank" rel="noopener noreferrer" @click=${() => emit(this, 'lj-join', { role, url })}
            >${tutor ? t.start : t.join}</a
          >`
          : nothing
      }
      ${lesson.passcode && active ? html`<p part="passcode">${t.passcode}: <strong>${lesson.passcode}</strong></p>` : nothing}
      ${
        shareable
          ? html`<div class="lesson__actions">
            <button class="lesson__button" part="copy" type="button" @click=${() => this.#copyLink(share)}>${tutor ? t.copyStudentLink : t.copyLink}</button>
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
