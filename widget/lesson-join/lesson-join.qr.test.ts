/** The QR code: loaded on demand, and what a phone reads from it is the stable lesson URL. */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { button, cleanup, linkOf, mount, part, recorded } from '../../test/browser/lesson-api';
import { readQr } from '../../test/browser/read-qr';
import { waitFor } from '../../test/suites/wait-for';
import './define';

describe('<lesson-join> QR code', () => {
  afterEach(cleanup);

  it('is not drawn until asked for; then it encodes the stable lesson URL', async () => {
    const el = await mount(linkOf('upcoming', 'student'));
    expect(part(el, 'qr')).to.be.null;
    const toggle = button(el, 'Show QR code')!;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'qr'), { what: 'the QR code after Show QR code' });
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.innerText.trim()).to.equal('Hide QR code');
    const svg = part<SVGSVGElement>(el, 'qr')!.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('QR code of the lesson link');
    expect(await readQr(svg)).to.equal(recorded.upcoming!.student.url);
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(part(el, 'qr')).to.be.null;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it("encodes the parent's own link for a parent", async () => {
    const el = await mount(linkOf('live', 'parent'));
    button(el, 'Show QR code')!.click();
    const svg = await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: "the parent's QR code" });
    expect(await readQr(svg)).to.equal(recorded.live!.parent.url);
  });
});
