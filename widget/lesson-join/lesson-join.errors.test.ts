/** When the lesson cannot be shown, the card says what is true, in the page's language, and tells the page. */
import { expect } from '@open-wc/testing';
import {
  type Answer,
  cleanup,
  linkOf,
  links,
  mount,
  nextError,
  part,
  readsOf,
  recorded,
  serve,
  showPageAgain,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import './define';

/** An error as the Worker sends it (the recorder has no such state; the words are the Worker's). */
const refusal = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message } },
  ...(headers && { headers }),
});

const cases: { what: string; answer: () => Answer | Promise<string>; status: number; en: string; es: string }[] = [
  {
    what: 'a link that does not exist',
    answer: () => Promise.resolve(linkOf('no-such', 'student')),
    status: 404,
    en: 'This lesson link does not exist. Check that it was copied whole, or ask your tutor for it again.',
    es: 'Este enlace de clase no existe. Comprueba que se copió entero o pide a tu docente que te lo envíe otra vez.',
  },
  {
    what: 'an expired link',
    answer: () => recorded.errors.expired,
    status: 410,
    en: 'This lesson link has expired. Ask your tutor for a new one.',
    es: 'Este enlace de clase ha caducado. Pide uno nuevo a tu docente.',
  },
  {
    what: 'a revoked link',
    answer: () => refusal(410, 'link_revoked', 'This link was replaced or withdrawn. Ask your tutor for the new one.'),
    status: 410,
    en: 'This lesson link was withdrawn or replaced by a new one. Ask your tutor for the current link.',
    es: 'Este enlace de clase se retiró o se cambió por uno nuevo. Pide a tu docente el enlace actual.',
  },
  {
    what: "a tutor's link on a site the tutor did not allow",
    answer: () =>
      refusal(
        403,
        'link_private',
        "This card is the tutor's private link and works only on the tutor's own pages. Use a student link here.",
      ),
    status: 403,
    en: "This card is the tutor's private link: it works only on the tutor's own pages. Put a student link here instead.",
    es: 'Esta tarjeta es el enlace privado del docente: solo funciona en sus propias páginas. Pon aquí un enlace de alumno.',
  },
  {
    what: 'a lesson that no longer exists',
    answer: () =>
      refusal(404, 'lesson_not_found', 'This lesson does not exist. Ask your tutor or the school for a new link.'),
    status: 404,
    en: 'This lesson does not exist any more. Ask your tutor for a new link.',
    es: 'Esta clase ya no existe. Pide un enlace nuevo a tu docente.',
  },
  {
    what: 'too many requests',
    answer: () =>
      refusal(429, 'rate_limited', 'Too many requests came from your network in the last minute.', {
        'retry-after': '60',
      }),
    status: 429,
    en: 'The lesson service is getting too many requests just now. This card tries again by itself shortly.',
    es: 'El servicio de clases está recibiendo demasiadas peticiones ahora. Esta tarjeta lo vuelve a intentar sola en breve.',
  },
  {
    what: 'a server error',
    answer: () => refusal(503, 'internal_error', 'Something failed on our side.'),
    status: 503,
    en: 'The lesson service has a problem right now. This card tries again by itself.',
    es: 'El servicio de clases tiene un problema ahora mismo. Esta tarjeta lo vuelve a intentar sola.',
  },
];

describe('<lesson-join> when the lesson cannot be read', () => {
  afterEach(cleanup);

  for (const c of cases) {
    it(`${c.what}: says so in English and Spanish, offers nothing to open, and tells the page`, async () => {
      const answer = await c.answer();
      const link = typeof answer === 'string' ? answer : await serve(answer);
      const error = nextError();
      const el = await mount(link);
      expect(part(el, 'message')!.innerText).to.equal(c.en);
      expect((await error).status).to.equal(c.status);
      expect(links(el)).to.have.length(0);
      expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      await expect(el).to.be.accessible();
      expect(part(await mount(link, { lang: 'es' }), 'message')!.innerText).to.equal(c.es);
    });
  }

  it('a network failure is not a server error', async () => {
    const error = nextError();
    const el = await mount(linkOf('open', 'student'), { api: 'http://127.0.0.1:9' });
    expect(part(el, 'message')!.innerText).to.equal(
      'Could not reach the lesson service. Check your connection; the card tries again by itself.',
    );
    expect(await error).to.include({ status: 0, code: 'network' });
    await expect(el).to.be.accessible();
    const es = await mount(linkOf('open', 'student'), { api: 'http://127.0.0.1:9', lang: 'es' });
    expect(part(es, 'message')!.innerText).to.equal(
      'No se pudo conectar con el servicio de clases. Revisa tu conexión; la tarjeta reintentará sola.',
    );
  });

  it('after too many requests, asks again when the service said to (Retry-After), and shows the lesson', async () => {
    const link = await serve(
      refusal(429, 'rate_limited', 'Wait a second.', { 'retry-after': '1' }),
      variant('open', 'student'),
    );
    const error = nextError();
    const el = await mount(link);
    expect(await error).to.include({ status: 429, code: 'rate_limited', retryAfter: 1 });
    await waitFor(() => links(el).length === 1, { what: 'the Join link after the Retry-After second', timeout: 4_000 });
    expect(await readsOf(link)).to.equal(2);
  });

  it("a tutor's card that becomes private loses its Start link", async () => {
    const link = await serve(
      variant('open', 'tutor'),
      refusal(403, 'link_private', "This card is the tutor's private link and works only on the tutor's own pages."),
    );
    const el = await mount(link);
    expect(links(el)[0]!.innerText).to.equal('Start lesson');
    showPageAgain();
    await waitFor(() => part(el, 'message'), { what: "the tutor's private-link message" });
    expect(part(el, 'message')!.innerText).to.match(/^This card is the tutor's private link/);
    expect(links(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
  });

  it('a cancelled lesson still shows its card, not an error', async () => {
    const el = await mount(linkOf('cancelled', 'student'));
    expect(part(el, 'message')).to.be.null;
    expect(part(el, 'heading')!.innerText).to.equal('Chemistry');
    expect(part(el, 'state')!.innerText).to.equal('This lesson was cancelled.');
  });
});
