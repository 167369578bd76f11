/**
 * Calendar files of lessons: one lesson's `.ics` (in emails and at `/l/{id}.ics`) and a person's
 * subscription feed (`/l/{id}/calendar.ics`). Made by `ical-generator`, not by hand: it folds long
 * lines, escapes text and writes instants in UTC, which is where hand-made files go wrong.
 *
 * Every event of a lesson has the same UID whoever receives it and whenever; its SEQUENCE is the
 * booking's calendar sequence, bumped by each change, so calendars replace the event. Its URL and
 * LOCATION are the stable link of the person who receives it, never a provider's link.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
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
function eventOf(lesson: CalendarLesson, role: Role, lang: Language) {
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
    id: lessonUid(b.id),
    sequence: b.calendarSequence,
    stamp: b.updatedAt,
    start: b.startAt,
    end: new Date(lessonEnd(b)),
    summary: `${service.name} ${t.widget.withName(who)}`,
    description: lines.join('\n'),
    url: lesson.url,
    location: lesson.url,
    organizer: { name: tutor.name, email: tutor.email },
    status: cancelled
      ? ICalEventStatus.CANCELLED
      : b.status === 'pending_payment'
        ? ICalEventStatus.TENTATIVE
        : ICalEventStatus.CONFIRMED,
  };
}

/**
 * One lesson's calendar file as an invitation: METHOD:REQUEST, or METHOD:CANCEL once cancelled.
 * @example const ics = lessonCalendar(lesson, 'student', 'es', 'lucia@example.com')
 */
export function lessonCalendar(lesson: CalendarLesson, role: Role, lang: Language, attendee?: string): string {
  const cancelled = lesson.booking.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'lesson-join', product: 'lessons', language: lang.toUpperCase() },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const event = calendar.createEvent(eventOf(lesson, role, lang));
  if (attendee) event.createAttendee({ email: attendee, rsvp: false });
  return calendar.toString();
}

/** A person's lessons as a calendar to subscribe to (no METHOD: a feed, not an invitation). */
export function lessonFeed(lessons: CalendarLesson[], role: Role, lang: Language, name: string): string {
  const calendar = ical({
    prodId: { company: 'lesson-join', product: 'lessons', language: lang.toUpperCase() },
    name,
    // Calendars that honour it look again every hour.
    ttl: 3600,
  });
  for (const lesson of lessons) calendar.createEvent(eventOf(lesson, role, lang));
  return calendar.toString();
}
