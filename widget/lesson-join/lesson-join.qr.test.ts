/** The QR code: loaded on demand, and what a phone reads from it is the stable lesson URL. */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import jsQR from 'jsqr';
import { button, cleanup, mount, part, recorded, until } from '../../test/browser/lesson-api';

/** Draws the QR code as the page shows it, on white, and decodes it as a phone would. */
async function decode(svg: SVGSVGElement): Promise<string | null> {
  const source = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
  await image.decode();
  const side = 400;
  const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, side, side);
  g.drawImage(image, 0, 0, side, side);
  return jsQR(g.getImageData(0, 0, side, side).data, side, side)?.data ?? null;
}

describe('<lesson-join> QR code', () => {
  afterEach(cleanup);

  it('is not drawn until asked for; then it encodes the stable lesson URL', async () => {
    const el = await mount('upcoming.student');
    expect(part(el, 'qr')).to.be.null;
    const toggle = button(el, 'Show QR code')!;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !!part(el, 'qr'));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.innerText.trim()).to.equal('Hide QR code');
    const svg = part<SVGSVGElement>(el, 'qr')!.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('QR code of the lesson link');
    expect(await decode(svg)).to.equal(recorded.upcoming!.student.url);
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(part(el, 'qr')).to.be.null;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it("encodes the parent's own link for a parent", async () => {
    const el = await mount('live.parent');
    button(el, 'Show QR code')!.click();
    await until(() => !!part(el, 'qr'));
    expect(await decode(part(el, 'qr')!.querySelector('svg')!)).to.equal(recorded.live!.parent.url);
  });
});
