/** How the card looks and is reached: on a phone, on a computer, light and dark, by keyboard. */
import { expect } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { button, cleanup, linkOf, links, mount, part, serve, variant } from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonJoin } from './lesson-join';
import './define';

/** A phone: touch only, 390 by 844 CSS pixels, with a page written for phones. */
const phone = () => executeServerCommand('lesson-join:screen', { touch: true, width: 390, height: 844 });
const computer = () => executeServerCommand('lesson-join:screen', { touch: false });
const viewport = Object.assign(document.createElement('meta'), { name: 'viewport', content: 'width=device-width' });
document.head.append(viewport);

const px = (value: string) => Number.parseFloat(value);
const box = (el: Element) => el.getBoundingClientRect();
const shown = (el: Element | null) => !!el && getComputedStyle(el).display !== 'none' && box(el).height > 0;

/** WCAG contrast of two `rgb()` colors. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color
      .match(/[\d.]+/g)!
      .map(Number)
      .map((c) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('<lesson-join> on a phone', () => {
  afterEach(async () => {
    await computer();
    cleanup();
  });

  it('Join is at least 44 px tall, the date and time as prominent as the title, and no QR code to scan from the phone itself', async () => {
    await phone();
    const el = await mount(linkOf('open', 'student'));
    const join = links(el)[0]!;
    expect(box(join).height).to.be.at.least(44);
    expect(box(button(el, 'Copy link')!).height).to.be.at.least(44);
    const [title, time] = [part(el, 'heading')!, part(el, 'time')!].map((e) => getComputedStyle(e));
    expect(px(time!.fontSize)).to.be.at.least(px(title!.fontSize));
    expect(Number(time!.fontWeight)).to.be.at.least(Number(title!.fontWeight));
    expect(time!.color).to.equal(title!.color);
    expect(shown(part(el, 'qr-toggle'))).to.equal(false);
    expect(shown(button(el, 'Copy link'))).to.equal(true);
  });

  it('a tablet, wider than a phone, is offered the QR code (for a phone beside it)', async () => {
    await executeServerCommand('lesson-join:screen', { touch: true, width: 820, height: 1180 });
    const el = await mount(linkOf('open', 'student'));
    expect(shown(part(el, 'qr-toggle'))).to.equal(true);
  });
});

describe('<lesson-join> on a computer', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    cleanup();
  });

  it('even in a narrow window, Copy and the QR code are side by side, each 44 px tall', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount(linkOf('upcoming', 'student'));
    const [copy, qr] = [button(el, 'Copy link')!, part(el, 'qr-toggle')!];
    expect(shown(qr)).to.equal(true);
    expect(box(copy).top).to.equal(box(qr).top);
    expect(box(copy).right).to.be.at.most(box(qr).left);
    expect(Math.min(box(copy).height, box(qr).height)).to.be.at.least(44);
  });

  it('is no wider than 40rem on a wide page, unless the page sets --lesson-join-max-width', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await mount(linkOf('open', 'student'));
    expect(box(el).width).to.equal(40 * px(getComputedStyle(document.documentElement).fontSize));
    el.style.setProperty('--lesson-join-max-width', '60rem');
    expect(box(el).width).to.equal(60 * px(getComputedStyle(document.documentElement).fontSize));
  });
});

describe('<lesson-join> look', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    cleanup();
  });

  const background = (el: LessonJoin) => getComputedStyle(part(el, 'base')!).backgroundColor;

  it('a cancelled or unpaid card looks different from an active one', async () => {
    const active = getComputedStyle(part(await mount(linkOf('upcoming', 'student')), 'base')!);
    const cancelled = await mount(linkOf('cancelled', 'student'));
    const unpaid = await mount(linkOf('unpaid', 'student'));
    expect(active.borderTopStyle).to.equal('solid');
    for (const el of [cancelled, unpaid]) expect(getComputedStyle(part(el, 'base')!).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(part(cancelled, 'heading')!).textDecorationLine).to.equal('line-through');
  });

  it("the buttons' borders stand out at least 3:1 against the card, light and dark", async () => {
    for (const theme of ['light', 'dark', null]) {
      const el = await mount(linkOf('upcoming', 'student'), theme ? { attributes: { theme } } : {});
      if (!theme) el.parentElement!.style.colorScheme = 'dark';
      for (const b of [button(el, 'Copy link')!, part(el, 'qr-toggle')!])
        expect(contrast(getComputedStyle(b).borderTopColor, background(el)), `${theme} ${b.innerText}`).to.be.at.least(
          3,
        );
      const tutor = await mount(linkOf('upcoming', 'tutor'), theme ? { attributes: { theme } } : {});
      const copy = button(tutor, 'Copy student link')!;
      expect(contrast(getComputedStyle(copy).borderTopColor, background(tutor))).to.be.at.least(3);
    }
  });

  it('theme="light" and theme="dark" win over the page; theme="auto" follows the viewer; none follows the page', async () => {
    const light = 'rgb(255, 255, 255)';
    const dark = 'rgb(31, 35, 40)';
    const onDarkPage = async (attributes: Record<string, string>) => {
      const el = await mount(linkOf('open', 'student'), { attributes });
      el.parentElement!.style.colorScheme = 'dark';
      return el;
    };
    expect(background(await onDarkPage({ theme: 'light' }))).to.equal(light);
    expect(background(await onDarkPage({}))).to.equal(dark);
    expect(background(await mount(linkOf('open', 'student'), { attributes: { theme: 'dark' } }))).to.equal(dark);
    const auto = await mount(linkOf('open', 'student'), { attributes: { theme: 'auto' } });
    expect(background(auto)).to.equal(light);
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(auto)).to.equal(dark);
    // A page without color-scheme stays light in a dark setting, unless it asks for auto.
    expect(background(await mount(linkOf('open', 'student')))).to.equal(light);
    await expect(auto).to.be.accessible();
  });

  it('its colors never depend on light-dark() alone: it is used only where the browser has it (@supports)', async () => {
    const el = await mount(linkOf('open', 'student'));
    const unguarded: string[] = [];
    const walk = (rules: CSSRuleList, guarded: boolean) => {
      for (const rule of rules) {
        const inside = guarded || (rule instanceof CSSSupportsRule && rule.conditionText.includes('light-dark'));
        if ('cssRules' in rule && rule.cssRules) walk(rule.cssRules as CSSRuleList, inside);
        else if (!inside && rule.cssText.includes('light-dark(')) unguarded.push(rule.cssText);
      }
    };
    const sheets = el.shadowRoot!.adoptedStyleSheets;
    expect(sheets.length).to.be.greaterThan(0);
    for (const sheet of sheets) walk(sheet.cssRules, false);
    expect(unguarded).to.deep.equal([]);
  });

  it("shows the tutor's name and photo on every card of a student and a parent; a photo that is not a web link is left out", async () => {
    const photo = `${location.origin}/fixture-api/photo.svg`;
    for (const role of ['student', 'parent'] as const) {
      const el = await mount(await serve(variant('open', role, { tutor_photo_url: photo })));
      const img = part<HTMLImageElement>(el, 'photo')!;
      expect(img.src).to.equal(photo);
      expect(img.alt).to.equal('');
      expect(img.parentElement!.innerText).to.include('Ms Rivera');
      await expect(el).to.be.accessible();
    }
    for (const bad of ['javascript:alert(1)', 'http://images.example/x.jpg', 'data:image/svg+xml,<svg/>']) {
      const el = await mount(await serve(variant('open', 'student', { tutor_photo_url: bad })));
      expect(part(el, 'photo')).to.be.null;
      expect(el.shadowRoot!.innerHTML).to.not.include(bad.slice(0, 10));
    }
    const withPhoto = variant('person', 'parent') as unknown as { lessons: Record<string, unknown>[] };
    for (const l of withPhoto.lessons) l.tutor_photo_url = photo;
    const person = await mount(await serve(withPhoto as never));
    expect(part<HTMLImageElement>(person, 'photo')!.src).to.equal(photo);
  });
});

describe('<lesson-join> by keyboard', () => {
  afterEach(cleanup);

  /** What Tab reaches, in order, from the top of the page: each as its text (or part for the QR toggle). */
  async function tabbing(el: LessonJoin, count: number): Promise<string[]> {
    (document.activeElement as HTMLElement | null)?.blur();
    const reached: string[] = [];
    for (let i = 0; i < count; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      reached.push(active ? active.innerText.trim() : `(outside: ${document.activeElement?.localName})`);
    }
    return reached;
  }

  it('reaches Join, Copy, the QR code, Add to calendar and every lesson of the list, in order, and opens the QR code with Enter', async () => {
    const el = await mount(linkOf('person', 'student'));
    expect(await tabbing(el, 8)).to.deep.equal([
      'Join lesson',
      'Copy link',
      'Show QR code',
      'Add to calendar',
      'Chemistry',
      'Chemistry',
      'Chemistry',
      '(outside: body)',
    ]);
    await tabbing(el, 3);
    expect((el.shadowRoot!.activeElement as HTMLElement).innerText).to.equal('Show QR code');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: 'the QR code opened from the keyboard' });
    expect(part(el, 'qr-toggle')!.getAttribute('aria-expanded')).to.equal('true');
  });

  it("reaches a tutor's Start, Add to calendar and every lesson's Copy buttons", async () => {
    const el = await mount(linkOf('person', 'tutor'));
    const reached = await tabbing(el, 15);
    expect(reached.slice(0, 4)).to.deep.equal([
      'Start lesson',
      'Copy student link',
      'Copy parent link',
      'Add to calendar',
    ]);
    expect(reached.slice(4, 7)).to.deep.equal(['Chemistry', 'Copy student link', 'Copy parent link']);
    expect(reached.filter((r) => r === 'Copy student link')).to.have.length(4);
  });
});
