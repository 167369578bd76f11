/**
 * The words of the pages behind the links, in English and Spanish. The lesson's states use the
 * widget's own strings, so a page and a card say the same thing.
 */
import type { Language, Provider } from '../../shared/api';
import widgetEn from '../../widget/lesson-join/strings.en';
import widgetEs from '../../widget/lesson-join/strings.es';
import personEn from '../../widget/lesson-join/person.en';
import personEs from '../../widget/lesson-join/person.es';

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
  lessonLink: 'The lesson’s page',
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
  noneAhead: 'No lesson is booked ahead just now.',
  // The tutor's dashboard.
  tutorPrivate: 'Your private dashboard: its Start buttons open your lessons as host. Keep this link to yourself.',
  today: 'Today',
  thisWeek: 'The next 7 days',
  later: 'Later',
  nothingToday: 'No more lessons today.',
  linksFor: (student: string) => `Links for ${student} and their family`,
  // The student's portal and the parent's page.
  keepPage: 'Keep this page: it always shows your next lesson, and its Join link opens the lesson when it is time.',
  parentPlain: (minutes: number) =>
    `You can follow every lesson here. Joining opens ${minutes} minutes before the start; only the tutor can start a lesson.`,
  // The tutor's public page.
  lessonsIn: (subjects: string) => `Online lessons in ${subjects}.`,
  minutes: (n: number) => `${n} minutes`,
  withWaitingRoom: 'with a waiting room',
  howLessons: 'How lessons happen',
  online: (provider: Provider) =>
    provider === 'manual' ? 'Online, on a video link.' : `Online, on ${widgetEn.providers[provider]}.`,
  privateLinks:
    'Each lesson gets a private link of its own, sent to the student and their family once the lesson is paid. It opens that lesson only.',
  waitingRoom: (tutor: string) =>
    `Lessons marked “with a waiting room” start in Zoom’s waiting room: ${tutor} lets each student in, so nobody else can join a lesson with a child.`,
  book: 'Book a lesson',
  noTutorTitle: 'There is no tutor page here',
  noTutorText: 'Check the address, or ask the tutor for the link to their page.',
  // The Worker's front page.
  homeTitle: 'lesson-join',
  homeIntro:
    'Paid online lessons get their video meeting here, and the links people receive for their lessons open here.',
  homeApi: 'The API description (OpenAPI)',
  homeDemo:
    'The demo: one booking from payment to the end of the lesson, on a tutor’s dashboard, a student portal, a parent page and a link-in-bio page',
  homeMailbox: 'The development mailbox: every email sent so far',
  homeDev: 'For development (npm start only)',
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
  verdicts: personEn.verdicts,
  record: {
    waiting: (names: string[]) => `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} waiting to be let in.`,
    attendance: personEn.attendance,
    notFinal: personEn.notFinal,
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
    noteDraft: personEn.noteDraft,
    noteFinal: personEn.noteFinal,
    summaryReady: personEn.summaryReady,
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
  lessonLink: 'La página de la clase',
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
  noneAhead: 'Ahora mismo no hay ninguna clase reservada.',
  tutorPrivate: 'Tu panel privado: sus botones Iniciar abren tus clases como anfitrión. No compartas este enlace.',
  today: 'Hoy',
  thisWeek: 'Los próximos 7 días',
  later: 'Más adelante',
  nothingToday: 'No hay más clases hoy.',
  linksFor: (student) => `Enlaces para ${student} y su familia`,
  keepPage:
    'Guarda esta página: siempre muestra tu próxima clase, y su enlace Unirse abre la clase cuando llega la hora.',
  parentPlain: (minutes) =>
    `Aquí puedes seguir cada clase. Se puede entrar ${minutes} minutos antes del inicio; solo el profesor puede iniciar una clase.`,
  lessonsIn: (subjects) => `Clases en línea de ${subjects}.`,
  minutes: (n) => `${n} minutos`,
  withWaitingRoom: 'con sala de espera',
  howLessons: 'Cómo son las clases',
  online: (provider) =>
    provider === 'manual' ? 'En línea, por un enlace de vídeo.' : `En línea, por ${widgetEs.providers[provider]}.`,
  privateLinks:
    'Cada clase tiene su propio enlace privado, que reciben el alumno y su familia cuando la clase se paga. Solo abre esa clase.',
  waitingRoom: (tutor) =>
    `Las clases «con sala de espera» empiezan en la sala de espera de Zoom: ${tutor} deja pasar a cada alumno, así nadie más puede entrar en una clase con un menor.`,
  book: 'Reservar una clase',
  noTutorTitle: 'Aquí no hay ninguna página de profesor',
  noTutorText: 'Revisa la dirección o pide al profesor el enlace de su página.',
  homeTitle: 'lesson-join',
  homeIntro:
    'Aquí las clases en línea pagadas reciben su reunión de vídeo, y aquí se abren los enlaces que cada persona recibe para sus clases.',
  homeApi: 'La descripción de la API (OpenAPI)',
  homeDemo:
    'La demo: una reserva desde el pago hasta el final de la clase, en el panel de un profesor, el portal de un alumno, la página de una familia y una página de enlaces',
  homeMailbox: 'El buzón de desarrollo: todos los correos enviados',
  homeDev: 'Para desarrollo (solo npm start)',
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
  verdicts: personEs.verdicts,
  record: {
    waiting: (names) => `${names.join(', ')} ${names.length > 1 ? 'están esperando' : 'está esperando'} para entrar.`,
    attendance: personEs.attendance,
    notFinal: personEs.notFinal,
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
    noteDraft: personEs.noteDraft,
    noteFinal: personEs.noteFinal,
    summaryReady: personEs.summaryReady,
  },
};

export const pageStrings: Record<Language, PageStrings> = { en, es };

export { verdictText } from '../../widget/lesson-join/verdict-text';
