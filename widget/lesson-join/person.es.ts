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
};

export default es;
