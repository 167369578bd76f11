/**
 * The words of the messages, in English and Spanish. Lesson words shared with the pages and the
 * widget (passcode, meeting ID, join, start, cancelled) come from there, so all three agree.
 */
import type { MessageKind } from '../../shared/api';
import { type Language, pageStrings } from '../pages/strings';

/** Who the message is about, and when: filled in by the sender. */
export interface About {
  service: string;
  tutor: string;
  student: string;
  /** "Thu 1 May, 16:00" in the recipient's zone, for subjects ("Thu 1 May" in a lesson summary's). */
  short: string;
  /** The tutor has a backup link, which takes over when the provider cannot make the meeting in time. */
  backup?: boolean;
}

type Said = Record<
  MessageKind,
  { subject: (a: About) => string; student: (a: About) => string; tutor: (a: About) => string }
>;

const en = {
  said: {
    confirmation: {
      subject: (a) => `Booked: ${a.service}, ${a.short}`,
      student: (a) => `Your lesson with ${a.tutor} is booked and paid.`,
      tutor: (a) => `${a.student} booked ${a.service} with you.`,
    },
    update: {
      subject: (a) => `Changed: ${a.service}, now ${a.short}`,
      student: () => 'This lesson has changed. This is how it stands now; your link stays the same.',
      tutor: () => 'This lesson has changed. This is how it stands now.',
    },
    cancellation: {
      subject: (a) => `Cancelled: ${a.service}, ${a.short}`,
      student: (a) => `This lesson was cancelled. ${a.tutor} will tell you if it moves to another day.`,
      tutor: (a) => `This lesson with ${a.student} was cancelled.`,
    },
    link_ready: {
      subject: (a) => `Meeting ready: ${a.service}, ${a.short}`,
      student: () => 'The meeting of this lesson is ready. Your link is the same as before.',
      tutor: () => 'The meeting of this lesson is ready.',
    },
    reminder_day: {
      subject: (a) => `Tomorrow: ${a.service}, ${a.short}`,
      student: (a) => `A reminder: your lesson with ${a.tutor} is tomorrow.`,
      tutor: () => '',
    },
    reminder_hour: {
      subject: (a) => `In one hour: ${a.service}`,
      student: (a) => `Your lesson with ${a.tutor} starts in one hour.`,
      tutor: () => '',
    },
    reminder_join: {
      subject: (a) => `Join now: ${a.service}`,
      student: () => 'Joining is open: the lesson starts in a few minutes. Follow your link to go in.',
      tutor: () => '',
    },
    lesson_summary: {
      subject: (a) => `Lesson summary: ${a.service}, ${a.short}`,
      student: (a) => `How the lesson went: ${a.tutor}’s note and the attendance.`,
      tutor: () => '',
    },
    no_link_alert: {
      subject: (a) => `No meeting link yet: ${a.service}, ${a.short}`,
      student: () => '',
      tutor: (a) =>
        a.backup
          ? 'This lesson starts in 30 minutes and Zoom has not made its meeting yet. If it still cannot, your backup link takes over 15 minutes before the start: your student’s link opens it, so there is nothing to send. Check that your backup room is free.'
          : 'This lesson starts in 30 minutes and has no working meeting link yet. Set a backup link, connect Zoom again, or send your student a link yourself.',
    },
    account_alert: {
      subject: () => 'Your Zoom account was disconnected',
      student: () => '',
      tutor: () =>
        'lesson-join can no longer make meetings in your Zoom account. Your upcoming lessons get meetings in the school’s Zoom account instead; their links stay the same. Connect your account again to host them yourself.',
    },
  } satisfies Said as Said,
  parentIntro: (a: About) => `About ${a.student}’s lesson with ${a.tutor}.`,
  lesson: 'Lesson',
  with: 'With',
  when: 'When',
  zone: 'Time zone',
  allLessons: 'All your lessons',
  noteBy: (tutor: string) => `${tutor}’s note`,
  seeLesson: 'See the lesson',
  footer:
    'You receive this because of a lesson booked with lesson-join. The link in it is yours: please do not forward it.',
  tutorFooter: 'The link in this message is your host link: keep it to yourself.',
};

export type MessageStrings = typeof en & { page: (typeof pageStrings)[Language] };

const es: typeof en = {
  said: {
    confirmation: {
      subject: (a) => `Reservada: ${a.service}, ${a.short}`,
      student: (a) => `Tu clase con ${a.tutor} está reservada y pagada.`,
      tutor: (a) => `${a.student} ha reservado ${a.service} contigo.`,
    },
    update: {
      subject: (a) => `Cambio: ${a.service}, ahora ${a.short}`,
      student: () => 'Esta clase ha cambiado. Así queda ahora; tu enlace sigue siendo el mismo.',
      tutor: () => 'Esta clase ha cambiado. Así queda ahora.',
    },
    cancellation: {
      subject: (a) => `Cancelada: ${a.service}, ${a.short}`,
      student: (a) => `Esta clase se ha cancelado. ${a.tutor} te avisará si se pasa a otro día.`,
      tutor: (a) => `Esta clase con ${a.student} se ha cancelado.`,
    },
    link_ready: {
      subject: (a) => `Reunión lista: ${a.service}, ${a.short}`,
      student: () => 'La reunión de esta clase está lista. Tu enlace es el mismo de antes.',
      tutor: () => 'La reunión de esta clase está lista.',
    },
    reminder_day: {
      subject: (a) => `Mañana: ${a.service}, ${a.short}`,
      student: (a) => `Un recordatorio: tu clase con ${a.tutor} es mañana.`,
      tutor: () => '',
    },
    reminder_hour: {
      subject: (a) => `Dentro de una hora: ${a.service}`,
      student: (a) => `Tu clase con ${a.tutor} empieza dentro de una hora.`,
      tutor: () => '',
    },
    reminder_join: {
      subject: (a) => `Ya puedes entrar: ${a.service}`,
      student: () => 'Ya puedes unirte: la clase empieza en unos minutos. Sigue tu enlace para entrar.',
      tutor: () => '',
    },
    lesson_summary: {
      subject: (a) => `Resumen de la clase: ${a.service}, ${a.short}`,
      student: (a) => `Cómo fue la clase: la nota de ${a.tutor} y la asistencia.`,
      tutor: () => '',
    },
    no_link_alert: {
      subject: (a) => `Aún sin enlace de reunión: ${a.service}, ${a.short}`,
      student: () => '',
      tutor: (a) =>
        a.backup
          ? 'Esta clase empieza dentro de 30 minutos y Zoom todavía no ha creado su reunión. Si sigue sin poder, tu enlace de reserva entra en su lugar 15 minutos antes del inicio: el enlace del alumno lo abre, así que no hay nada que enviar. Comprueba que tu sala de reserva esté libre.'
          : 'Esta clase empieza dentro de 30 minutos y todavía no tiene un enlace de reunión que funcione. Pon un enlace de reserva, vuelve a conectar Zoom o envía tú un enlace al alumno.',
    },
    account_alert: {
      subject: () => 'Tu cuenta de Zoom se ha desconectado',
      student: () => '',
      tutor: () =>
        'lesson-join ya no puede crear reuniones en tu cuenta de Zoom. Tus próximas clases tendrán reuniones en la cuenta de Zoom de la escuela; sus enlaces no cambian. Vuelve a conectar tu cuenta para ser tú el anfitrión.',
    },
  },
  parentIntro: (a) => `Sobre la clase de ${a.student} con ${a.tutor}.`,
  lesson: 'Clase',
  with: 'Con',
  when: 'Cuándo',
  zone: 'Zona horaria',
  allLessons: 'Todas tus clases',
  noteBy: (tutor) => `Nota de ${tutor}`,
  seeLesson: 'Ver la clase',
  footer: 'Recibes este mensaje por una clase reservada con lesson-join. El enlace es tuyo: no lo reenvíes, por favor.',
  tutorFooter: 'El enlace de este mensaje es tu enlace de anfitrión: no lo compartas.',
};

export const messageStrings: Record<Language, MessageStrings> = {
  en: { ...en, page: pageStrings.en },
  es: { ...es, page: pageStrings.es },
};
