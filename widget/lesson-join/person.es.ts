/** Spanish words of a person's lessons, loaded only for a person's link on a Spanish page. */
import type { PersonStrings } from './person.en';

const es: PersonStrings = {
  none: 'No hay clases próximas.',
  later: 'Próximas clases',
  past: 'Clases pasadas',
  more: (count) => `${count} más sin mostrar.`,
  status: {
    upcoming: '',
    open: 'Ya se puede entrar',
    live: 'En directo',
    ended: 'Terminada',
    cancelled: 'Cancelada',
    awaiting_payment: 'Pendiente de pago',
    preparing: 'Preparando el enlace',
    no_link: 'Aún sin enlace de reunión',
  },
  recordingReady: 'Grabación lista',
  attendance: 'Asistencia',
  notFinal: 'Definitiva unos minutos después del final de la clase.',
  verdicts: {
    on_time: 'puntual',
    late: (n) => `${n} min tarde`,
    left_early: (n) => `salió ${n} min antes`,
    no_show: 'no vino',
    host_no_show: 'no inició la clase',
    not_admitted: 'esperó pero no lo dejaron entrar',
    pending: 'aún no se sabe',
  },
  noteDraft: 'Tu nota de la clase es un borrador: termínala en la página de la clase.',
  noteFinal: 'Tu nota de la clase es definitiva: la familia puede leerla.',
  summaryReady: (tutor) => `La nota de ${tutor} sobre esta clase está lista.`,
};

export default es;
