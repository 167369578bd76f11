/**
 * The words of the pages behind the links, in English and Spanish. The lesson's states use the
 * widget's own strings, so a page and a card say the same thing.
 */
import type { Language, Provider } from '../../shared/api';
import widgetEn from '../../widget/lesson-join/strings.en';
import widgetEs from '../../widget/lesson-join/strings.es';

export { LANGUAGES, type Language } from '../../shared/api';

const en = {
  widget: widgetEn,
  locale: 'en-GB',
  lessonWith: (tutor: string) => `Lesson with ${tutor}`,
  on: (provider: Provider) =>
    provider === 'manual'
      ? 'The lesson happens on a video link.'
      : `The lesson happens on ${widgetEn.providers[provider]}.`,
  zoneNote: (zone: string) => `Times are in ${zone.replaceAll('_', ' ')} time.`,
  joinLink: 'Join the lesson',
  startLink: 'Start the lesson',
  opensAt: (time: string) => `Joining opens at ${time}. Open this link again then, and it takes you into the lesson.`,
  tutorStart: 'Start the lesson from here at any time before it ends; the host link is made when you click.',
  shareLinks: 'Links to share (each opens this lesson for that person):',
  studentLink: 'Student',
  parentLink: 'Parent',
  passcode: 'Passcode',
  meetingId: 'Meeting ID',
  privateLink: (student: string, tutor: string) =>
    `Lessons happen on a private link made for each lesson: only ${student}, their family and ${tutor} have it.`,
  contact: (tutor: string) => `Questions about this lesson? Ask ${tutor}.`,
  cancelledNext: (tutor: string) => `${tutor} will tell you if it moves to another day.`,
  unpaidNext: (tutor: string) => `Once it is paid, the meeting link appears here. Questions: ask ${tutor}.`,
  preparingNext: (tutor: string) =>
    `Open this page again in a minute. If there is still no link 10 minutes before the start, contact ${tutor}.`,
  yourLessons: (name: string) => `Lessons of ${name}`,
  familyLessons: 'Your family’s lessons',
  tutorLessons: (name: string) => `Your lessons, ${name}`,
  next: 'Next lesson',
  upcoming: 'Coming up',
  recent: 'Recent lessons',
  noLessons: 'There are no lessons here yet.',
  addToCalendar: 'Add to calendar',
  subscribe: 'Subscribe in your calendar',
  subscribeHint: 'Your calendar then shows every lesson here, and follows every change.',
  calendarName: (name: string) => `Lessons · ${name}`,
  problemTitle: {
    link_invalid: 'This link does not work',
    link_revoked: 'This link was replaced',
    link_expired: 'This link has expired',
    lesson_not_found: 'This lesson does not exist',
    lesson_over: 'This lesson is over',
    meeting_not_ready: 'The meeting link is almost ready',
    start_link_unavailable: 'Zoom is not answering just now',
    rate_limited: 'Too many requests',
  } as Record<string, string>,
  problemText: {} as Record<string, string>,
  problemFallback: 'This link does not work just now',
  verdicts: {
    on_time: 'on time',
    late: (n: number) => `${n} min late`,
    left_early: (n: number) => `left ${n} min early`,
    no_show: 'did not come',
    host_no_show: 'did not start the lesson',
    not_admitted: 'waited but was not let in',
    pending: 'not known yet',
  },
  record: {
    waiting: (names: string[]) => `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} waiting to be let in.`,
    attendance: 'Attendance',
    notFinal: 'Final a few minutes after the lesson ends.',
    summary: 'Lesson summary',
    recording: 'Recording',
    play: 'Play',
    download: 'Download',
    shared: 'The student and the parent can watch it.',
    notShared: 'Only you can watch it.',
    share: 'Share with the student and the parent',
    unshare: 'Stop sharing',
    note: 'Lesson note',
    save: 'Save draft',
    finalize: 'Save as final (the family sees it)',
  },
};

export type PageStrings = typeof en;

const es: PageStrings = {
  widget: widgetEs,
  locale: 'es-ES',
  lessonWith: (tutor) => `Clase con ${tutor}`,
  on: (provider) =>
    provider === 'manual' ? 'La clase es por un enlace de vídeo.' : `La clase es por ${widgetEs.providers[provider]}.`,
  zoneNote: (zone) => `Las horas son de ${zone.replaceAll('_', ' ')}.`,
  joinLink: 'Unirse a la clase',
  startLink: 'Iniciar la clase',
  opensAt: (time) => `Podrás unirte a las ${time}. Abre este enlace de nuevo entonces y te llevará a la clase.`,
  tutorStart:
    'Inicia la clase desde aquí en cualquier momento antes de que termine; el enlace de anfitrión se crea al pulsar.',
  shareLinks: 'Enlaces para compartir (cada uno abre esta clase para esa persona):',
  studentLink: 'Alumno',
  parentLink: 'Familia',
  passcode: 'Código de acceso',
  meetingId: 'ID de reunión',
  privateLink: (student, tutor) =>
    `Las clases son por un enlace privado creado para cada clase: solo lo tienen ${student}, su familia y ${tutor}.`,
  contact: (tutor) => `¿Dudas sobre esta clase? Pregunta a ${tutor}.`,
  cancelledNext: (tutor) => `${tutor} te avisará si se pasa a otro día.`,
  unpaidNext: (tutor) => `Cuando se pague, el enlace de la reunión aparecerá aquí. Dudas: pregunta a ${tutor}.`,
  preparingNext: (tutor) =>
    `Vuelve a abrir esta página en un minuto. Si 10 minutos antes del inicio sigue sin enlace, contacta con ${tutor}.`,
  yourLessons: (name) => `Clases de ${name}`,
  familyLessons: 'Las clases de tu familia',
  tutorLessons: (name) => `Tus clases, ${name}`,
  next: 'Próxima clase',
  upcoming: 'Próximamente',
  recent: 'Clases recientes',
  noLessons: 'Todavía no hay clases aquí.',
  addToCalendar: 'Añadir al calendario',
  subscribe: 'Suscríbete en tu calendario',
  subscribeHint: 'Tu calendario mostrará entonces cada clase de aquí, y seguirá cada cambio.',
  calendarName: (name) => `Clases · ${name}`,
  problemTitle: {
    link_invalid: 'Este enlace no funciona',
    link_revoked: 'Este enlace se sustituyó',
    link_expired: 'Este enlace ha caducado',
    lesson_not_found: 'Esta clase no existe',
    lesson_over: 'Esta clase ha terminado',
    meeting_not_ready: 'El enlace de la reunión está casi listo',
    start_link_unavailable: 'Zoom no responde ahora mismo',
    rate_limited: 'Demasiadas solicitudes',
  },
  problemText: {
    link_invalid: 'Abre el enlace tal como lo recibiste o pide uno nuevo.',
    link_revoked: 'Pide a tu profesor el enlace nuevo.',
    link_expired: 'Pide un enlace nuevo a tu profesor o a la escuela.',
    lesson_not_found: 'Pide un enlace nuevo a tu profesor o a la escuela.',
    lesson_over: 'Esta clase terminó o se canceló, así que no hay nada que iniciar.',
    meeting_not_ready: 'Vuelve a intentarlo en un minuto.',
    start_link_unavailable: 'Vuelve a intentarlo en un momento.',
    rate_limited: 'Espera un momento y vuelve a intentarlo.',
  },
  problemFallback: 'Este enlace no funciona ahora mismo',
  verdicts: {
    on_time: 'puntual',
    late: (n) => `${n} min tarde`,
    left_early: (n) => `salió ${n} min antes`,
    no_show: 'no vino',
    host_no_show: 'no inició la clase',
    not_admitted: 'esperó pero no lo dejaron entrar',
    pending: 'aún no se sabe',
  },
  record: {
    waiting: (names) => `${names.join(', ')} ${names.length > 1 ? 'están esperando' : 'está esperando'} para entrar.`,
    attendance: 'Asistencia',
    notFinal: 'Definitiva unos minutos después del final de la clase.',
    summary: 'Resumen de la clase',
    recording: 'Grabación',
    play: 'Ver',
    download: 'Descargar',
    shared: 'El alumno y la familia pueden verla.',
    notShared: 'Solo tú puedes verla.',
    share: 'Compartir con el alumno y la familia',
    unshare: 'Dejar de compartir',
    note: 'Nota de la clase',
    save: 'Guardar borrador',
    finalize: 'Guardar como definitiva (la familia la ve)',
  },
};

export const pageStrings: Record<Language, PageStrings> = { en, es };
