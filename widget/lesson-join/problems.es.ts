/** Why a lesson cannot be shown, in Spanish: loaded only when something went wrong on a Spanish page. */
import type { Problems } from './problems.en';

const es: Problems = {
  link_missing: 'Añade el enlace de la clase al elemento: <lesson-join link="https://…/l/…">.',
  link_malformed:
    'El atributo link no es un enlace de clase: pega el enlace entero tal como lo recibiste (https://…/l/ y 22 caracteres).',
  link_invalid:
    'Este enlace de clase no existe. Comprueba que se copió entero o pide a tu docente que te lo envíe otra vez.',
  link_revoked: 'Este enlace de clase se retiró o se cambió por uno nuevo. Pide a tu docente el enlace actual.',
  link_expired: 'Este enlace de clase ha caducado. Pide uno nuevo a tu docente.',
  link_private:
    'Esta tarjeta es el enlace privado del docente: solo funciona en sus propias páginas. Pon aquí un enlace de alumno.',
  lesson_not_found: 'Esta clase ya no existe. Pide un enlace nuevo a tu docente.',
  csp_blocked:
    'La configuración de seguridad de esta página (su Content-Security-Policy) no deja que la tarjeta llegue al servicio de clases. Quien lleva el sitio debe añadir el servicio de clases a connect-src.',
  rate_limited:
    'El servicio de clases está recibiendo demasiadas peticiones ahora. Esta tarjeta lo vuelve a intentar sola en breve.',
  server: 'El servicio de clases tiene un problema ahora mismo. Esta tarjeta lo vuelve a intentar sola.',
  other: 'No se pudo cargar la clase. Recarga la página o pregunta a tu docente si vuelve a pasar.',
};

export default es;
