/**
 * What happened in the lesson, on its page (outside `<lesson-join>`, which draws over its own
 * content): who is waiting (tutor), the attendance (tutor, parent), the recording (the tutor, and
 * the family once shared), the note to finish (tutor) and the lesson summary (parent); and, shorter,
 * on each past lesson of a person's page. Plain HTML and forms, so it works without JavaScript.
 */
import { html } from 'hono/html';
import type { LessonView, PartyVerdict, RecordingLink } from '../../shared/api';
import type { Html } from './layout';
import { type PageStrings, verdictText } from './strings';

const verdicts = (a: { tutor: PartyVerdict; student: PartyVerdict }, t: PageStrings) =>
  [a.tutor, a.student].map((p) => `${p.name}: ${verdictText(p, t)}`).join(' · ');

/**
 * An ended lesson as a row of a person's page shows it: the attendance (tutor, parent), the
 * recording's files (to whoever may open them) and where the note stands, then a link to the
 * lesson's own page, which has the rest (the note to finish, sharing, the summary).
 */
export function lessonOutcome(view: LessonView, t: PageStrings): Html {
  const r = t.record;
  const attendance = view.attendance ?? view.summary?.attendance ?? null;
  const files = view.recordings ?? [];
  const note =
    view.role === 'tutor'
      ? view.note && (view.note.status === 'final' ? r.noteFinal : r.noteDraft)
      : view.summary && r.summaryReady(view.tutor_name);
  if (!attendance && !files.length && !note) return html``;
  const notFinal = attendance?.final ? '' : html` <span class="muted">(${r.notFinal})</span>`;
  const file = (f: RecordingLink, i: number) =>
    html`${i ? ' · ' : ''}${f.file_type} <a href="${f.play_url}">${r.play}</a> <a href="${f.download_url}">${r.download}</a>`;
  return html`${attendance ? html`<p>${r.attendance}: ${verdicts(attendance, t)}${notFinal}</p>` : ''}
    ${files.length ? html`<p>${r.recording}: ${files.map(file)}</p>` : ''}
    ${note ? html`<p>${note}</p>` : ''}
    ${view.url ? html`<p><a href="${view.url}" rel="noreferrer">${t.lessonLink}</a></p>` : ''}`;
}

/** `link` is the path after `/l/`: where the page's forms post. */
export function lessonRecord(view: LessonView, t: PageStrings, link: string): Html {
  const r = t.record;
  const tutor = view.role === 'tutor';
  const attendance = view.attendance;
  return html`${
    view.waiting?.length ? html`<p class="waiting" role="status">${r.waiting(view.waiting.map((w) => w.name))}</p>` : ''
  }
  ${
    attendance && !view.summary
      ? html`<section><h2>${r.attendance}</h2><ul>
        ${[attendance.tutor, attendance.student].map((p) => html`<li>${p.name}: ${verdictText(p, t)}</li>`)}
      </ul>${attendance.final ? '' : html`<p class="muted">${r.notFinal}</p>`}</section>`
      : ''
  }
  ${
    view.summary
      ? html`<section><h2>${r.summary}</h2><ul>
        ${view.summary.attendance ? [view.summary.attendance.tutor, view.summary.attendance.student].map((p) => html`<li>${p.name}: ${verdictText(p, t)}</li>`) : ''}
      </ul><pre class="note">${view.summary.note}</pre></section>`
      : ''
  }
  ${
    view.recordings?.length
      ? html`<section><h2>${r.recording}</h2><ul>
        ${view.recordings.map((f) => html`<li>${f.file_type}: <a href="${f.play_url}">${r.play}</a> · <a href="${f.download_url}">${r.download}</a></li>`)}
      </ul>
      ${
        tutor
          ? html`<form method="post" action="/l/${link}/recording-sharing">
            <p class="muted">${view.recording_shared ? r.shared : r.notShared}</p>
            <input type="hidden" name="shared" value="${view.recording_shared ? '0' : '1'}" />
            <button class="button" type="submit">${view.recording_shared ? r.unshare : r.share}</button>
          </form>`
          : ''
      }</section>`
      : ''
  }
  ${
    tutor && view.note?.status === 'draft'
      ? html`<section><h2>${r.note}</h2><form method="post" action="/l/${link}/note">
        <textarea name="body" rows="14" cols="40" aria-label="${r.note}">${view.note.body}</textarea>
        <p><button type="submit">${r.save}</button>
        <button class="button" type="submit" name="final" value="1">${r.finalize}</button></p>
      </form></section>`
      : ''
  }`;
}
