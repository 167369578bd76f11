/** Whatever the API sends, only http(s) links are rendered, never a host link, and names stay text. */
import { expect } from '@open-wc/testing';
import { button, cleanup, linkOf, links, mount, part, recorded, serve, variant } from '../../test/browser/lesson-api';
import './define';

const hostile = [
  'javascript:alert(document.domain)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'http://evil.example/l/x',
  'https://user:pass@lessons.test/l/x',
  'https://us06web.zoom.us/s/85746065432?zak=eyJ0eXAiOiJKV1Qi',
];

describe('<lesson-join> with whatever the API sends', () => {
  afterEach(cleanup);

  for (const url of hostile) {
    it(`never renders ${JSON.stringify(url.slice(0, 24))} as a link, a copy or a QR code`, async () => {
      const el = await mount(await serve(variant('open', 'student', { url })));
      expect(links(el)).to.have.length(0);
      expect(button(el, 'Copy link')).to.be.null;
      expect(button(el, 'Show QR code')).to.be.null;
      expect(el.shadowRoot!.innerHTML).to.not.include(url.trim().slice(0, 12));
    });
  }

  it("never offers the tutor's student or parent link when it is a start link", async () => {
    const start = 'https://us06web.zoom.us/s/85746065432?zak=abc';
    const el = await mount(await serve(variant('open', 'tutor', { student_url: start, parent_url: start })));
    expect(button(el, 'Copy student link')).to.be.null;
    expect(button(el, 'Copy parent link')).to.be.null;
    expect(el.shadowRoot!.innerHTML).to.not.include('zak=');
  });

  it('a student view holds no start link, whatever else it carries', async () => {
    for (const role of ['student', 'parent'] as const) {
      for (const scenario of ['upcoming', 'open', 'live', 'meet']) {
        const el = await mount(linkOf(scenario, role));
        const markup = el.shadowRoot!.innerHTML;
        expect(markup).to.not.match(/zak=|\/s\/\d/);
        for (const a of links(el)) expect(a.href).to.equal(recorded[scenario]![role].url);
      }
    }
    const el = await mount(
      await serve(
        variant('open', 'student', {
          student_url: 'https://lessons.test/l/other',
          start_url: 'https://us06web.zoom.us/s/1?zak=x',
        }),
      ),
    );
    expect(el.shadowRoot!.innerHTML).to.not.match(/zak=|l\/other/);
  });

  it('shows names as text, never as markup', async () => {
    const el = await mount(
      await serve(
        variant('open', 'student', {
          service_name: '<img src=x onerror="window.pwned=1">Chemistry',
          tutor_name: '<b>Ms</b> Rivera',
        }),
      ),
    );
    expect(el.shadowRoot!.querySelector('img, b')).to.be.null;
    expect(part(el, 'heading')!.innerText).to.equal('<img src=x onerror="window.pwned=1">Chemistry');
    expect((window as { pwned?: number }).pwned).to.be.undefined;
  });

  it('an answer that is not a lesson is an error, not a half-drawn lesson', async () => {
    const el = await mount(await serve(variant('open', 'student', { role: 'admin' as never })));
    expect(part(el, 'message')!.innerText).to.equal(
      'The lesson service has a problem right now. This card tries again by itself.',
    );
    expect(links(el)).to.have.length(0);
  });
});
