/** Attendance verdicts, judged from what the Zoom sandbox reports, on a clock the test moves. */
import { describe, expect, it } from 'vitest';
import type { LessonScript } from '../../demo/zoom-sandbox';
import { MIN, lessonWorld, rows } from './after-lesson';

type World = Awaited<ReturnType<typeof lessonWorld>>;

/** Plays the lesson just after its end and answers the verdicts once final. */
async function judged(w: World, script: LessonScript) {
  w.at(w.end + MIN);
  await w.play(script);
  w.at(w.end + 10 * MIN);
  return (await w.detail()).attendance!;
}

const verdict = (v: { verdict: string | null; late_minutes: number; left_early_minutes: number }) => ({
  verdict: v.verdict,
  late: v.late_minutes,
  early: v.left_early_minutes,
});

describe('attendance verdicts from lessons the sandbox plays', () => {
  it('a late student is late by their minutes; the tutor who started a minute early is on time', async () => {
    const w = await lessonWorld();
    const a = await judged(w, { late_minutes: 12 });
    expect(verdict(a.student)).toEqual({ verdict: 'late', late: 12, early: 0 });
    expect(a.student).toMatchObject({ name: 'Sam Student', minutes_attended: 48 });
    expect(verdict(a.tutor)).toEqual({ verdict: 'on_time', late: 0, early: 0 });
    expect(a).toMatchObject({ final: true, grace_minutes: 5, guests: [] });
    // The tutor and the parent see the tutor's and the student's verdicts; the student sees none.
    for (const role of ['tutor', 'parent'] as const)
      expect((await w.view(role)).attendance).toEqual({ final: true, tutor: a.tutor, student: a.student });
    expect((await w.view('student')).attendance).toBeNull();
    expect(await w.page('parent')).toContain('Sam Student: 12 min late');
    // Both leave as the meeting ends: one instant, in name order.
    expect(a.timeline.map((e) => `${e.name} ${e.event}`)).toEqual([
      'Tutor joined',
      'Sam Student joined',
      'Sam Student left',
      'Tutor left',
    ]);
  });

  it('a student who leaves early, and one who never comes', async () => {
    const early = await judged(await lessonWorld(), { attend_minutes: 30 });
    expect(verdict(early.student)).toEqual({ verdict: 'left_early', late: 0, early: 30 });
    const absent = await judged(await lessonWorld(), { no_show: true });
    expect(verdict(absent.student)).toEqual({ verdict: 'no_show', late: 0, early: 0 });
    expect(absent.student.arrived_at).toBeNull();
    expect(absent.no_show).toBe(true);
    expect(verdict(absent.tutor).verdict).toBe('on_time');
  });

  it("lateness within the tutor's grace period is on time; the tutor can change it", async () => {
    const w = await lessonWorld();
    const a = await judged(w, { late_minutes: 5, attend_minutes: 50 });
    expect(verdict(a.student)).toEqual({ verdict: 'on_time', late: 5, early: 5 });
    const patched = await w.send('PATCH', `/api/tutors/${w.tutor.id}`, { json: { attendance_grace_minutes: 2 } });
    expect(patched.body.attendance_grace_minutes).toBe(2);
    expect(verdict((await w.detail()).attendance!.student).verdict).toBe('late');
    const refused = await w.send('PATCH', `/api/tutors/${w.tutor.id}`, { json: { attendance_grace_minutes: 90 } });
    expect(refused.status).toBe(422);
  });

  it('a student kept in the waiting room came on time; one never admitted attended but was not let in', async () => {
    const admitted = await judged(await lessonWorld(), { waiting_room_minutes: 8 });
    expect(verdict(admitted.student)).toEqual({ verdict: 'on_time', late: 0, early: 0 });
    expect(admitted.student.minutes_attended).toBe(52);
    expect(admitted.timeline.filter((e) => e.role === 'student').map((e) => e.event)).toEqual([
      'waiting',
      'admitted',
      'joined',
      'left',
    ]);

    const kept = await judged(await lessonWorld(), { waiting_room_minutes: 20, admitted: false });
    expect(verdict(kept.student)).toEqual({ verdict: 'not_admitted', late: 0, early: 0 });
    expect(kept.student.arrived_at).not.toBeNull();
    expect(kept.no_show).toBe(false);
  });

  it('a tutor who never starts is a host no-show, and the lesson settles as missed five minutes after its end', async () => {
    const w = await lessonWorld();
    w.at(w.start + 3 * MIN);
    const deliveries = await w.play({ host_no_show: true });
    expect(deliveries.map((d) => d.event)).toEqual(['meeting.participant_jbh_waiting']);

    w.at(w.end + 4 * MIN);
    await w.sweep();
    const before = await w.detail();
    expect(before.status).toBe('confirmed');
    expect(before.attendance).toMatchObject({
      final: false,
      tutor: { verdict: null },
      student: { verdict: 'not_admitted' },
    });

    w.at(w.end + 5 * MIN);
    expect((await w.sweep()).missed).toBe(1);
    const after = await w.detail();
    expect(after.status).toBe('missed');
    expect(after.attendance).toMatchObject({
      final: true,
      final_at: new Date(w.end + 5 * MIN).toISOString(),
      tutor: { verdict: 'host_no_show', arrived_at: null },
      student: { verdict: 'not_admitted' },
    });
    expect((await w.view('parent')).phase).toBe('ended');
    // Settled once: the next sweeps find nothing.
    expect((await w.sweep()).missed).toBe(0);
    // A missed lesson can be given another time: confirmed again, on the same Zoom meeting, moved.
    const moved = await w.send('POST', `/api/bookings/${w.booking.id}/reschedule`, {
      json: { start_at: '2030-03-17T15:00:00Z' },
    });
    expect(moved.body).toMatchObject({ status: 'confirmed', meeting: { id: w.booking.meeting.id, state: 'ready' } });
    expect(w.z.zoom.meeting(w.booking.meeting.id!)!.start_time).toBe('2030-03-17T15:00:00Z');
    expect((await w.detail()).attendance).toMatchObject({ final: false, tutor: { verdict: null } });

    // Nobody at all: both absent.
    const empty = await lessonWorld();
    empty.at(empty.end + 5 * MIN);
    await empty.sweep();
    expect((await empty.detail()).attendance).toMatchObject({
      tutor: { verdict: 'host_no_show' },
      student: { verdict: 'no_show' },
    });
  });

  it('a restarted meeting adds both sessions up; verdicts turn final five minutes after the last end', async () => {
    const w = await lessonWorld();
    w.at(w.end + MIN);
    await w.play({ restart_after_minutes: 20, restart_gap_minutes: 3 });
    const live = (await w.detail()).attendance!;
    expect(live.final).toBe(false);
    expect(live.final_at).toBe(new Date(w.end + 5 * MIN).toISOString());
    w.at(w.end + 4 * MIN);
    expect((await w.detail()).attendance!.final).toBe(false);
    w.at(w.end + 5 * MIN);
    const a = (await w.detail()).attendance!;
    expect(a.final).toBe(true);
    expect(verdict(a.student)).toEqual({ verdict: 'on_time', late: 0, early: 0 });
    expect(a.student.minutes_attended).toBe(57);
    expect(a.tutor.minutes_attended).toBe(58);
    expect(a.timeline.filter((e) => e.event === 'joined')).toHaveLength(4);
  });

  it('redelivered, shuffled events without event_ts and with numeric ids count once and judge the same', async () => {
    const script: LessonScript = { late_minutes: 9, attend_minutes: 35, waiting_room_minutes: 2 };
    const plain = await judged(await lessonWorld(), script);
    const w = await lessonWorld();
    const messy = await judged(w, {
      ...script,
      redeliver: true,
      shuffle_seed: 11,
      omit_event_ts: true,
      numeric_ids: true,
    });
    const judgedOn = ({ final, final_at, tutor, student, guests, timeline }: typeof plain) => ({
      final,
      final_at,
      tutor,
      student,
      guests,
      timeline,
    });
    expect(judgedOn(messy)).toEqual(judgedOn(plain));
    expect(verdict(messy.student)).toEqual({ verdict: 'late', late: 9, early: 14 });
    expect(await rows('select count(*) as n from attendance_events where booking_id = ?', w.booking.id)).toEqual([
      { n: 6 },
    ]);
  });

  it('a cancelled lesson has no attendance', async () => {
    const w = await lessonWorld();
    await w.send('POST', `/api/bookings/${w.booking.id}/cancel`);
    expect((await w.detail()).attendance).toBeNull();
  });
});

describe('the waiting room as the tutor sees it', () => {
  it('"Sam is waiting" within seconds, until admitted', async () => {
    const w = await lessonWorld();
    const id = w.booking.meeting.id!;
    const object = (extra: object) => ({
      id,
      uuid: 'session-one==',
      host_id: 'host-user',
      start_time: new Date(w.start).toISOString(),
      ...extra,
    });
    const sam = (at: number) => ({
      participant: {
        user_id: '16778240',
        user_name: 'Sam Student',
        participant_uuid: 'SAM',
        date_time: new Date(at).toISOString(),
      },
    });
    const post = (event: string, extra: object) =>
      w.postZoom(JSON.stringify({ event, event_ts: w.now(), payload: { object: object(extra) } }));

    w.at(w.start - 2 * MIN);
    await post('meeting.participant_jbh_waiting', { participant: { id: '', user_name: 'Sam Student' } });
    expect((await w.view('tutor')).waiting).toEqual([{ name: 'Sam Student' }]);
    await post('meeting.started', {});
    w.at(w.start);
    await post('meeting.participant_joined_waiting_room', sam(w.start));
    const tutor = await w.view('tutor');
    expect(tutor).toMatchObject({ phase: 'live', waiting: [{ name: 'Sam Student' }] });
    expect(Date.parse(tutor.refresh_at) - w.now()).toBeLessThanOrEqual(5_000);
    expect(await w.page('tutor')).toContain('Sam Student is waiting to be let in.');
    expect((await w.view('student')).waiting).toBeNull();
    expect((await w.view('parent')).waiting).toBeNull();

    w.at(w.start + 2 * MIN);
    await post('meeting.participant_admitted', sam(w.now()));
    const after = await w.view('tutor');
    expect(after.waiting).toEqual([]);
    expect(Date.parse(after.refresh_at) - w.now()).toBeLessThanOrEqual(15_000);
  });
});

describe('attendance export', () => {
  it('per tutor and date range, as JSON and as CSV', async () => {
    const w = await lessonWorld();
    await judged(w, { late_minutes: 12 });
    const range = `from=2030-03-01T00:00:00Z&to=2030-04-01T00:00:00Z`;
    const json = await w.send('GET', `/api/tutors/${w.tutor.id}/attendance?${range}`);
    expect(json.status).toBe(200);
    expect(json.body.lessons).toEqual([
      expect.objectContaining({
        booking_id: w.booking.id,
        status: 'completed',
        final: true,
        student: expect.objectContaining({ verdict: 'late', late_minutes: 12 }),
        tutor: expect.objectContaining({ verdict: 'on_time' }),
      }),
    ]);
    const csv = await w.send('GET', `/api/tutors/${w.tutor.id}/attendance?${range}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'booking_id,starts_at,status,final,party,name,verdict,late_minutes,left_early_minutes,minutes_attended,arrived_at',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(4, 8))).toEqual([
      ['tutor', 'Ms Rivera', 'on_time', '0'],
      ['student', 'Sam Student', 'late', '12'],
    ]);
    const outside = await w.send(
      'GET',
      `/api/tutors/${w.tutor.id}/attendance?from=2030-04-01T00:00:00Z&to=2030-05-01T00:00:00Z`,
    );
    expect(outside.body.lessons).toEqual([]);
    expect(
      (await w.send('GET', `/api/tutors/${w.tutor.id}/attendance?from=2030-01-01T00:00:00Z&to=2031-06-01T00:00:00Z`))
        .status,
    ).toBe(422);
    expect((await w.send('GET', `/api/tutors/${w.tutor.id}/attendance?${range}`, { operator: false })).status).toBe(
      401,
    );
  });
});
