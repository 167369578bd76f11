/**
 * Calendar files of lessons: one lesson's `.ics` (in emails and at `/l/{id}.ics`) and a person's
 * subscription feed (`/l/{id}/calendar.ics`). Made by `ts-ics`, not by hand: it folds long lines,
 * escapes text and writes instants in UTC, which is where hand-made files go wrong.
 *
 * Every event of a lesson has the same UID whoever receives it and whenever; its SEQUENCE is the
 * booking's calendar sequence, bumped by each change, so calendars replace the event. Its URL and
 * LOCATION are the stable link of the person who receives it, never a provider's link.
 */
import { type IcsEvent, generateIcsCalendar } from 'ts-ics';
import type { Role } from '../../shared/api';
import type { BookingRow, ServiceRow, TutorRow } from '../db/schema';
import { lessonEnd } from '../lifecycle/schedule';
import { type Language, pageStrings } from '../pages/strings';

export interface CalendarLesson {
  booking: BookingRow;
  tutor: TutorRow;
  service: ServiceRow;
  /** The receiver's own stable link to this lesson. */
  url: string;
  /** Shown only when the lesson has a meeting: its number (Zoom's) and passcode. */
  meetingNumber: string | null;
  passcode: string | null;
}

/** The UID of a lesson's event: the same in every file, for every role, forever. */
export const lessonUid = (bookingId: string) => `${bookingId}@lesson-join`;

/** What the event says, for this role: the lesson, who with, the link, and the meeting's number and passcode. */
function eventOf(lesson: CalendarLesson, role: Role, lang: Language, attendee?: string): IcsEvent {
  const t = pageStrings[lang];
  const { booking: b, tutor, service } = lesson;
  const who = role === 'tutor' ? b.studentName : tutor.name;
  const cancelled = b.status === 'cancelled';
  const lines = [
    `${service.name} ${t.widget.withName(who)}`,
    cancelled ? t.widget.cancelled : `${role === 'tutor' ? t.startLink : t.joinLink}: ${lesson.url}`,
    ...(!cancelled && lesson.meetingNumber ? [`${t.meetingId}: ${lesson.meetingNumber}`] : []),
    ...(!cancelled && lesson.passcode ? [`${t.passcode}: ${lesson.passcode}`] : []),
  ];
  return {
    uid: lessonUid(b.id),
    sequence: b.calendarSequence,
    stamp: { date: b.updatedAt },
    start: { date: b.startAt },
    end: { date: new Date(lessonEnd(b)) },
    summary: `${service.name} ${t.widget.withName(who)}`,
    description: lines.join('\n'),
    url: lesson.url,
    location: lesson.url,
    organizer: { name: tutor.name, email: tutor.email },
    status: cancelled ? 'CANCELLED' : b.status === 'pending_payment' ? 'TENTATIVE' : 'CONFIRMED',
    ...(attendee ? { attendees: [{ email: attendee, rsvp: false }] } : {}),
  };
}

const prodId = (lang: Language) => `-//lesson-join//lessons//${lang.toUpperCase()}`;

/**
 * One lesson's calendar file as an invitation: METHOD:REQUEST, or METHOD:CANCEL once cancelled.
 * @example const ics = lessonCalendar(lesson, 'student', 'es', 'lucia@example.com')
 */
export function lessonCalendar(lesson: CalendarLesson, role: Role, lang: Language, attendee?: string): string {
  return generateIcsCalendar({
    version: '2.0',
    prodId: prodId(lang),
    method: lesson.booking.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    events: [eventOf(lesson, role, lang, attendee)],
  });
}

/** A person's lessons as a calendar to subscribe to (no METHOD: a feed, not an invitation). */
export function lessonFeed(lessons: CalendarLesson[], role: Role, lang: Language, name: string): string {
  return generateIcsCalendar({
    version: '2.0',
    prodId: prodId(lang),
    name,
    events: lessons.map((lesson) => eventOf(lesson, role, lang)),
  });
}
