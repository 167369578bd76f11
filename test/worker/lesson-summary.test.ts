/**
 * The lesson summary email: written in the batch that makes the tutor's note final, once however
 * often "final" is sent, to the parent (or the student when there is none), sent when the
 * attendance is final, and read back from the development mailbox as the family would get it.
 */
import { describe, expect, it } from 'vitest';
import type { MailboxMessage } from '../../worker/db/schema';
import { HOUR, MIN, lessonWorld, rows } from './after-lesson';

type World = Awaited<ReturnType<typeof lessonWorld>>;

const NOTE = 'We covered quadratic equations.\nHomework: page 12 <all of it>.';

/** A lesson world whose people have addresses of their own, so the shared mailbox tells them apart. */
async function summaryWorld(booking: Record<string, unknown> = {}) {
  const tag = crypto.randomUUID().slice(0, 8);
  const student = `sam.${tag}@example.com`;
  const parent = `parent.${tag}@example.com`;
  const w = await lessonWorld({
    booking: { student_email: student, parent_email: parent, ...booking },
    harness: { env: { DEV_TOOLS: 'on' } },
  });
  const mailbox = async () =>
    (await w.send('GET', '/__dev/mailbox.json', { operator: false })).body as MailboxMessage[];
  /** The summaries the mailbox holds for this lesson's people. */
  const summaries = async () =>
    (await mailbox()).filter(
      (m) => [student, parent].includes(m.to) && /^(Lesson summary|Resumen de la clase):/.test(m.subject),
    );
  const finalNote = (body = NOTE) =>
    w.send('PUT', `/api/bookings/${w.booking.id}/note`, { json: { body, final: true } });
  const summaryRows = () =>
    rows(
      "select role, recipient, language, status from outbox where subject = ? and kind = 'lesson_summary'",
      w.booking.id,
    );
  return { ...w, student, parent, mailbox, summaries, finalNote, summaryRows };
}

/** The lesson played with a late student; the clock then stands after the verdicts are final. */
async function played(w: World, lateMinutes = 8) {
  w.at(w.end + MIN);
  await w.play({ late_minutes: lateMinutes });
  w.at(w.end + 10 * MIN);
}

describe('the lesson summary email', () => {
  it('a final note sends the parent one summary with the note, the verdicts and their own link', async () => {
    const w = await summaryWorld();
    await played(w);
    expect((await w.send('PUT', `/api/bookings/${w.booking.id}/note`, { json: { body: NOTE } })).status).toBe(200);
    expect(await w.summaryRows()).toEqual([]);

    expect((await w.finalNote()).status).toBe(200);
    const [mail, ...more] = await w.summaries();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ to: w.parent, subject: 'Lesson summary: Algebra II, Sun 10 Mar', attachments: [] });
    expect(mail!.text).toContain('About Sam Student’s lesson with Ms Rivera.');
    expect(mail!.text).toContain('We covered quadratic equations.\nHomework: page 12 <all of it>.');
    expect(mail!.text).toContain('Sam Student: 8 min late');
    expect(mail!.text).toContain('Ms Rivera: on time');
    // The note's words are the tutor's: escaped in the HTML, line breaks kept.
    expect(mail!.html).toContain('We covered quadratic equations.<br>Homework: page 12 &lt;all of it&gt;.');
    expect(mail!.html).toContain('<strong>8 min late</strong>');
    // The parent's own stable lesson link, nothing of Zoom's, nothing of the tutor's.
    expect(mail!.text).toContain(`See the lesson: https://lessons.test/l/${w.idOf('parent')}`);
    for (const body of [mail!.text, mail!.html]) {
      expect(body).not.toMatch(/zak=|zoom\.(us|sandbox)|\/s\/\d/);
      expect(body).not.toContain(w.idOf('tutor'));
      expect(body).not.toContain(w.idOf('student'));
    }
    expect(await w.summaryRows()).toEqual([{ role: 'parent', recipient: w.parent, language: 'en', status: 'sent' }]);
  });

  it('marking the note final again, at once or later, still sends one summary', async () => {
    const w = await summaryWorld();
    await played(w);
    const both = await Promise.all([w.finalNote(), w.finalNote()]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    w.at(w.now() + HOUR);
    const again = await w.finalNote('Changed my mind.');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('note_final');
    // From the tutor's page too.
    const form = await w.send('POST', `/l/${w.idOf('tutor')}/note`, {
      operator: false,
      body: new URLSearchParams({ body: NOTE, final: '1' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(form.status).toBe(409);
    await w.sweep();
    expect((await w.summaries()).map((m) => m.to)).toEqual([w.parent]);
    expect(await w.summaryRows()).toHaveLength(1);
  });

  it('without a parent it goes to the student, in their language, and their page shows the summary', async () => {
    const w = await summaryWorld({ parent_email: null, language: 'es' });
    await played(w, 12);
    expect((await w.view('student')).summary).toBeNull();
    expect((await w.finalNote('Hoy: ecuaciones de segundo grado.')).status).toBe(200);
    const [mail, ...more] = await w.summaries();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ to: w.student, subject: 'Resumen de la clase: Algebra II, dom, 10 mar' });
    expect(mail!.text).toContain('Hoy: ecuaciones de segundo grado.');
    expect(mail!.text).toContain('Sam Student: 12 min tarde');
    expect(mail!.text).toContain('Ms Rivera: puntual');
    expect(mail!.text).toContain(`Ver la clase: https://lessons.test/l/${w.idOf('student')}`);
    expect(mail!.text).not.toContain(w.idOf('parent'));
    expect(mail!.text + mail!.html).not.toMatch(/zak=|zoom\.(us|sandbox)|\/s\/\d/);
    // The student is who the summary is for: their page and view have it now.
    expect((await w.view('student')).summary).toMatchObject({ note: 'Hoy: ecuaciones de segundo grado.' });
    expect((await w.view('student')).attendance).toBeNull();
    expect(await w.page('student')).toContain('Sam Student: 12 min late');
  });

  it('a note made final before the verdicts are waits for them', async () => {
    const w = await summaryWorld();
    w.at(w.end + MIN);
    await w.play({ no_show: true });
    expect((await w.finalNote('Sam did not come today.')).status).toBe(200);
    expect(await w.summaries()).toEqual([]);
    expect(await w.summaryRows()).toEqual([{ role: 'parent', recipient: w.parent, language: 'en', status: 'pending' }]);
    w.at(w.end + 6 * MIN);
    await w.sweep();
    const [mail, ...more] = await w.summaries();
    expect(more).toEqual([]);
    expect(mail!.text).toContain('Sam Student: did not come');
    expect(mail!.text).toContain('Ms Rivera: on time');
  });

  it('a cancelled lesson gets none', async () => {
    const w = await summaryWorld();
    expect((await w.send('POST', `/api/bookings/${w.booking.id}/cancel`)).status).toBe(200);
    w.at(w.end + 10 * MIN);
    const res = await w.finalNote();
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('lesson_cancelled');
    await w.sweep();
    expect(await w.summaryRows()).toEqual([]);
    expect(await w.summaries()).toEqual([]);
  });
});
