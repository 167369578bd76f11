/**
 * English words of a person's lessons (a student's, a parent's or a tutor's link): a chunk of its
 * own, loaded only when a link turns out to be a person's.
 */
import type { LessonPhase } from '../../shared/terms';

const en = {
  none: 'No lessons coming up.',
  later: 'Later lessons',
  past: 'Past lessons',
  more: (count: number) => `${count} more not shown.`,
  status: {
    upcoming: '',
    open: 'Joining is open',
    live: 'Live now',
    ended: 'Ended',
    cancelled: 'Cancelled',
    awaiting_payment: 'Awaiting payment',
    preparing: 'Link being prepared',
    no_link: 'No meeting link yet',
  } satisfies Record<LessonPhase, string>,
  recordingReady: 'Recording ready',
  attendance: 'Attendance',
  notFinal: 'Final a few minutes after the lesson ends.',
  verdicts: {
    on_time: 'on time',
    late: (n: number) => `${n} min late`,
    left_early: (n: number) => `left ${n} min early`,
    no_show: 'did not come',
    host_no_show: 'did not start the lesson',
    not_admitted: 'waited but was not let in',
    pending: 'not known yet',
  },
  noteDraft: 'Your lesson note is a draft: finish it on the lesson’s page.',
  noteFinal: 'Your lesson note is final: the family can read it.',
  summaryReady: (tutor: string) => `${tutor}’s note on this lesson is ready.`,
};

/** The shape every language's person words have. */
export type PersonStrings = typeof en;

export default en;
