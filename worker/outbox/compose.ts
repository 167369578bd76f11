/**
 * A message as its recipient reads it, made when it is sent from the lesson as it stands then: the
 * time in their zone (the booking's for students and parents, the tutor's own for the tutor) with
 * the zone's name, their own stable link, the meeting's number and passcode where there is one,
 * and the lesson's calendar file; or, after the lesson, its summary. Never a provider's link,
 * never a start link.
 */
import type { Language, LessonSummary, MessageKind, Role } from '../../shared/api';
import { type CalendarLesson, lessonCalendar } from '../calendar';
import type { TutorRow } from '../db/schema';
import { lessonEnd } from '../lifecycle/schedule';
import { lessonTime, webcal } from '../pages/lesson';
import { verdictText } from '../pages/strings';
import type { MailContent } from './layout';
import { type About, type MessageStrings, messageStrings } from './strings';

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Composed {
  content: MailContent;
  attachments: Attachment[];
}

/** The kinds that carry the lesson's calendar file (they change what a calendar shows). */
const WITH_CALENDAR: MessageKind[] = ['confirmation', 'update', 'cancellation'];

/** The lesson, who with, and when (in the recipient's zone, with its name), as a message's facts. */
function lessonFacts(t: MessageStrings, role: Role, lesson: CalendarLesson) {
  const { booking: b, tutor, service } = lesson;
  const zone = role === 'tutor' ? tutor.timezone : b.timezone;
  const time = { starts_at: b.startAt.toISOString(), ends_at: new Date(lessonEnd(b)).toISOString(), timezone: zone };
  const zoneName =
    new Intl.DateTimeFormat(t.page.locale, { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(b.startAt)
      .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const facts: [string, string][] = [
    [t.lesson, service.name],
    [t.with, role === 'tutor' ? b.studentName : tutor.name],
    [t.when, lessonTime(time, t.page)],
    [t.zone, `${zoneName} (${zone.replaceAll('_', ' ')})`],
  ];
  /** The start, short, for subjects: "Thu 1 May, 16:00", or with `day` "Thu 1 May". */
  const short = (day = false) =>
    new Intl.DateTimeFormat(t.page.locale, {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(day ? {} : { hour: '2-digit', minute: '2-digit' }),
    }).format(b.startAt);
  return { facts, short };
}

/** What the recipient's message says about `lesson`; `personLink` lists all their lessons. */
export function composeLesson(
  kind: MessageKind,
  role: Role,
  lang: Language,
  lesson: CalendarLesson,
  opts: { recipient: string; personLink: string | null; origin: string },
): Composed {
  const t = messageStrings[lang];
  const { booking: b, tutor, service } = lesson;
  const { facts: when, short } = lessonFacts(t, role, lesson);
  const about: About = {
    service: service.name,
    tutor: tutor.name,
    student: b.studentName,
    short: short(),
    backup: tutor.backupLink !== null,
  };
  const said = t.said[kind];
  const cancelled = kind === 'cancellation';
  const facts: [string, string][] = [
    ...when,
    ...(!cancelled && lesson.meetingNumber ? [[t.page.meetingId, lesson.meetingNumber] as [string, string]] : []),
    ...(!cancelled && lesson.passcode ? [[t.page.passcode, lesson.passcode] as [string, string]] : []),
  ];
  const links = cancelled
    ? []
    : [
        { label: t.page.addToCalendar, url: `${lesson.url}.ics` },
        ...(opts.personLink
          ? [
              { label: t.allLessons, url: opts.personLink },
              { label: t.page.subscribe, url: webcal(opts.origin, opts.personLink.split('/l/')[1]!) },
            ]
          : []),
      ];
  const content: MailContent = {
    lang,
    subject: said.subject(about),
    paragraphs: [
      ...(role === 'parent' ? [t.parentIntro(about)] : []),
      (role === 'tutor' ? said.tutor : said.student)(about),
    ],
    facts,
    action: cancelled ? undefined : { label: role === 'tutor' ? t.page.startLink : t.page.joinLink, url: lesson.url },
    links,
    footer: role === 'tutor' ? t.tutorFooter : t.footer,
  };
  const attachments = WITH_CALENDAR.includes(kind)
    ? [
        {
          filename: cancelled ? 'cancelled-lesson.ics' : 'lesson.ics',
          contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'REQUEST'}`,
          content: lessonCalendar(lesson, role, lang, opts.recipient),
        },
      ]
    : [];
  return { content, attachments };
}

/**
 * The family's lesson summary: the tutor's final note and the attendance verdicts (once final:
 * a lesson on a link no provider reports on has none), with the recipient's own lesson link.
 */
export function composeSummary(
  role: Role,
  lang: Language,
  lesson: CalendarLesson,
  summary: LessonSummary,
  opts: { personLink: string | null },
): Composed {
  const t = messageStrings[lang];
  const { facts, short } = lessonFacts(t, role, lesson);
  const about: About = {
    service: summary.service_name,
    tutor: summary.tutor_name,
    student: summary.student_name,
    short: short(true),
  };
  const attendance = summary.attendance?.final ? [summary.attendance.student, summary.attendance.tutor] : [];
  return {
    content: {
      lang,
      subject: t.said.lesson_summary.subject(about),
      paragraphs: [...(role === 'parent' ? [t.parentIntro(about)] : []), t.said.lesson_summary.student(about)],
      facts: [...facts, ...attendance.map((p): [string, string] => [p.name, verdictText(p, t.page)])],
      note: { title: t.noteBy(summary.tutor_name), body: summary.note },
      action: { label: t.seeLesson, url: lesson.url },
      links: opts.personLink ? [{ label: t.allLessons, url: opts.personLink }] : [],
      footer: t.footer,
    },
    attachments: [],
  };
}

/** The tutor's alert that their own Zoom account is gone; `personLink` is their lessons' page. */
export function composeAccountAlert(tutor: TutorRow, personLink: string): Composed {
  const t = messageStrings[tutor.language];
  const said = t.said.account_alert;
  const about: About = { service: '', tutor: tutor.name, student: '', short: '', backup: tutor.backupLink !== null };
  return {
    content: {
      lang: tutor.language,
      subject: said.subject(about),
      paragraphs: [said.tutor(about)],
      facts: [],
      action: { label: t.allLessons, url: personLink },
      links: [],
      footer: t.tutorFooter,
    },
    attachments: [],
  };
}
