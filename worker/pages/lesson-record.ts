/**
 * What happened in the lesson, on its page (outside `<lesson-join>`, which draws over its own
 * content): who is waiting (tutor), the attendance (tutor, parent), the recording (the tutor, and
 * the family once shared), the note to finish (tutor) and the lesson summary (parent). Plain HTML
 * and forms, so it works without JavaScript.
 */
import { html } from 'hono/html';
import type { LessonView, PartyVerdict } from '../../shared/api';
import type { Html } from './layout';
import type { PageStrings } from './strings';

const verdictText = (v: PartyVerdict, t: PageStrings) =>
  v.verdict === 'late'
    ? t.verdicts.late(v.late_minutes)
    : v.verdict === 'left_early'
      ? t.verdicts.left_early(v.left_early_minutes)
      : t.verdicts[v.verdict ?? 'pending'];

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
