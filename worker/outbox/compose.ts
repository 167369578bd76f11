/**
 * A message as its recipient reads it, made when it is sent from the lesson as it stands then: the
 * time in their zone (the booking's for students and parents, the tutor's own for the tutor) with
 * the zone's name, their own stable link, the meeting's number and passcode where there is one,
 * and the lesson's calendar file. Never a provider's link, never a start link.
 */
import type { Language, MessageKind, Role } from '../../shared/api';
import { type CalendarLesson, lessonCalendar } from '../calendar';
import type { TutorRow } from '../db/schema';
import { lessonEnd } from '../lifecycle/schedule';
import { lessonTime, webcal } from '../pages/lesson';
import type { MailContent } from './layout';
import { type About, messageStrings } from './strings';

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
  const zone = role === 'tutor' ? tutor.timezone : b.timezone;
  const startsAt = b.startAt.toISOString();
  const time = { starts_at: startsAt, ends_at: new Date(lessonEnd(b)).toISOString(), timezone: zone };
  const short = new Intl.DateTimeFormat(t.page.locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(b.startAt);
  const zoneName =
    new Intl.DateTimeFormat(t.page.locale, { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(b.startAt)
      .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const about: About = {
    service: service.name,
    tutor: tutor.name,
    student: b.studentName,
    short,
    backup: tutor.backupLink !== null,
  };
  const said = t.said[kind];
  const cancelled = kind === 'cancellation';
  const facts: [string, string][] = [
    [t.lesson, service.name],
    [t.with, role === 'tutor' ? b.studentName : tutor.name],
    [t.when, lessonTime(time, t.page)],
    [t.zone, `${zoneName} (${zone.replaceAll('_', ' ')})`],
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
