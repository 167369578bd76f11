/** Spanish. Loaded on its own, only for pages whose nearest `lang` is `es` or `es-*`. */
import type { Strings } from './strings.en';

const es: Strings = {
  loading: 'Cargando la clase…',
  withName: (name) => `con ${name}`,
  childWith: (child, tutor) => `${child} con ${tutor}`,
  join: 'Unirse a la clase',
  start: 'Iniciar la clase',
  meetingId: 'ID de reunión',
  passcode: 'Código de acceso',
  copyLink: 'Copiar enlace',
  copyStudentLink: 'Copiar enlace del alumno',
  copyParentLink: 'Copiar enlace familiar',
  copied: 'Enlace copiado.',
  copyFailed: 'No se pudo copiar. Copia tú el enlace de abajo.',
  showQr: 'Mostrar código QR',
  hideQr: 'Ocultar código QR',
  qrLabel: 'Código QR del enlace de la clase',
  qrHint: 'Escanéalo para unirte desde el móvil.',
  qrFailed: 'Ahora no hay código QR. Usa Copiar enlace.',
  startsIn: (when) => `Empieza ${when}.`,
  opensBefore: (minutes) => `Podrás unirte ${minutes} minutos antes.`,
  joinNow: 'Ya puedes unirte.',
  waitingForTutor: 'Esperando a que tu docente empiece.',
  waitingForYou: 'Inicia la clase: tu alumno puede estar esperando.',
  live: 'En directo',
  ended: 'Esta clase ha terminado.',
  recordingReady: 'Su grabación está lista en Zoom.',
  cancelled: 'Esta clase se canceló.',
  awaitingPayment: 'Pendiente de pago: el enlace de la reunión aparecerá aquí cuando se pague la clase.',
  preparing: 'Estamos preparando el enlace de la reunión.',
  noLink: (tutor) => `Aún no hay enlace de la reunión: ${tutor} te enviará uno.`,
  noLinkTutor: 'No hay proveedor de reuniones listo: conecta Zoom o pon un enlace de respaldo.',
  unreachable: 'No se pudo conectar con el servicio de clases. Revisa tu conexión; la tarjeta reintentará sola.',
  providers: { zoom: 'Zoom', google_meet: 'Google Meet', teams: 'Microsoft Teams', manual: 'Enlace de vídeo' },
};

export default es;
