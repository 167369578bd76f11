/** Copy link: the stable lesson URL lands on the clipboard, the result is announced politely, focus stays. */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { button, cleanup, linkOf, mount, part, recorded } from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import './define';

/** Waits until the polite status region says `text`. */
const announced = (status: HTMLElement, text: string) =>
  waitFor(() => status.innerText.trim() === text, { what: `the status to announce "${text}"` });

const copyWithKeyboard = async (target: HTMLElement) => {
  target.focus();
  await sendKeys({ press: 'Enter' });
};

describe('<lesson-join> copying the link', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
    cleanup();
  });

  it('puts the student link on the clipboard, announces it and keeps focus on the button', async () => {
    await navigator.clipboard.writeText('');
    const el = await mount(linkOf('open', 'student'));
    const copied = new Promise<CustomEvent>((r) =>
      el.addEventListener('lj-copy', (e) => r(e as CustomEvent), { once: true }),
    );
    const copy = button(el, 'Copy link')!;
    await copyWithKeyboard(copy);
    const event = await copied;

    expect(await navigator.clipboard.readText()).to.equal(recorded.open!.student.url);
    expect(event.detail).to.deep.equal({ url: recorded.open!.student.url });
    expect(event.bubbles && event.composed).to.be.true;
    const status = part(el, 'status')!;
    expect(status.getAttribute('role')).to.equal('status');
    await announced(status, 'Link copied.');
    expect(el.shadowRoot!.activeElement).to.equal(copy);
    await expect(el).to.be.accessible();
  });

  it("gives the tutor the student's link, not their own", async () => {
    const el = await mount(linkOf('upcoming', 'tutor'));
    await copyWithKeyboard(button(el, 'Copy student link')!);
    await announced(part(el, 'status')!, 'Link copied.');
    expect(await navigator.clipboard.readText()).to.equal(recorded.upcoming!.tutor.student_url);
  });

  it("gives the tutor the parent's link, announced and told to the page as any copy", async () => {
    const el = await mount(linkOf('open', 'tutor'));
    const copied = new Promise<CustomEvent>((r) =>
      el.addEventListener('lj-copy', (e) => r(e as CustomEvent), { once: true }),
    );
    const copy = button(el, 'Copy parent link')!;
    await copyWithKeyboard(copy);
    expect((await copied).detail).to.deep.equal({ url: recorded.open!.tutor.parent_url });
    await announced(part(el, 'status')!, 'Link copied.');
    expect(await navigator.clipboard.readText()).to.equal(recorded.open!.tutor.parent_url);
    expect(el.shadowRoot!.activeElement).to.equal(copy);
    await expect(el).to.be.accessible();
  });

  it('announces a failed copy, shows the link to copy by hand, tells the page, and keeps focus', async () => {
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    // The browser refusing the clipboard (no permission, insecure page): the one thing we fake.
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
    });
    restore = () => Object.defineProperty(navigator, 'clipboard', original);
    const el = await mount(linkOf('open', 'parent'));
    const failed = new Promise<CustomEvent>((r) =>
      el.addEventListener('lj-copy-error', (e) => r(e as CustomEvent), { once: true }),
    );
    const copy = button(el, 'Copy link')!;
    await copyWithKeyboard(copy);
    const event = await failed;

    expect(event.detail.url).to.equal(recorded.open!.parent.url);
    expect(event.detail.error).to.include('Write permission denied');
    await announced(part(el, 'status')!, 'Could not copy. Copy the link below yourself.');
    expect(el.shadowRoot!.querySelector('.lesson__manual')!.textContent).to.equal(recorded.open!.parent.url);
    expect(el.shadowRoot!.activeElement).to.equal(copy);
    await expect(el).to.be.accessible();
  });

  it('announces a second copy again', async () => {
    const el = await mount(linkOf('open', 'student'));
    const copy = button(el, 'Copy link')!;
    const status = part(el, 'status')!;
    await copyWithKeyboard(copy);
    await announced(status, 'Link copied.');
    const changes: string[] = [];
    new MutationObserver(() => changes.push(status.innerText.trim())).observe(status, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    await copyWithKeyboard(copy);
    await waitFor(() => changes.at(-1) === 'Link copied.' && changes.includes(''), {
      what: 'the status to empty and then announce "Link copied." again',
    });
  });
});
