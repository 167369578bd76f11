/** Each role in each state of a lesson, as the Worker describes it (recorded answers), as a person sees it. */
import { expect } from '@open-wc/testing';
import { button, cleanup, links, mount, part, recorded, seen, serve, type Role } from '../../test/browser/lesson-api';
import './define';

const token = (scenario: string, role: Role) => `${scenario}.${role}`;

describe('<lesson-join> for students and parents', () => {
  afterEach(cleanup);

  it('upcoming: a countdown, when joining opens, the passcode, Copy link and Show QR code, but no Join link yet', async () => {
    const el = await mount(token('upcoming', 'student'));
    expect(seen(el)).to.include('Chemistry').and.include('with Ms Rivera');
    expect(part(el, 'badge')!.innerText).to.equal('Zoom');
    expect(part(el, 'state')!.innerText).to.equal('Starts in 2 days. Joining opens 10 minutes before.');
    expect(part(el, 'passcode')!.innerText).to.equal('Passcode: Zx7Qp2Lm');
    expect(links(el)).to.have.length(0);
    expect(button(el, 'Copy link')).to.exist;
    expect(button(el, 'Show QR code')!.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'time')!.querySelector('time')!.dateTime).to.equal('2030-05-03T14:00:00.000Z');
    await expect(el).to.be.accessible();
  });

  it('open: a Join link to the stable lesson URL that opens safely in a new tab', async () => {
    const el = await mount(token('open', 'student'));
    const [join] = links(el);
    expect(links(el)).to.have.length(1);
    expect(join!.innerText).to.equal('Join lesson');
    expect(join!.href).to.equal(recorded.open!.student.url);
    expect(join!.rel).to.equal('noopener noreferrer');
    expect(join!.target).to.equal('_blank');
    expect(part(el, 'state')!.innerText).to.equal('Starts in 5 minutes. You can join now.');
    await expect(el).to.be.accessible();
  });

  it('tells the page when someone joins', async () => {
    const el = await mount(token('live', 'parent'));
    const joined = new Promise<CustomEvent>((r) =>
      document.addEventListener('lj-join', (e) => r(e as CustomEvent), { once: true }),
    );
    const join = links(el)[0]!;
    join.addEventListener('click', (e) => e.preventDefault(), { once: true }); // stay on the test page
    join.click();
    expect((await joined).detail).to.deep.equal({ role: 'parent', url: recorded.live!.parent.url });
  });

  it('live: says so, and the Join link stays', async () => {
    for (const role of ['student', 'parent'] as const) {
      const el = await mount(token('live', role));
      expect(part(el, 'live')!.innerText).to.equal('Live now');
      expect(links(el)[0]!.href).to.equal(recorded.live![role].url);
      await expect(el).to.be.accessible();
    }
  });

  it('parents read whose lesson it is', async () => {
    const el = await mount(token('open', 'parent'));
    expect(seen(el)).to.include('Lucía with Ms Rivera');
    expect(links(el)[0]!.href).to.equal(recorded.open!.parent.url);
    expect(part(el, 'passcode')!.innerText).to.equal('Passcode: Zx7Qp2Lm');
  });

  it('ended: no link, no passcode, nothing to copy; and never a word about recordings', async () => {
    for (const scenario of ['ended', 'recorded']) {
      const el = await mount(token(scenario, 'student'));
      expect(part(el, 'state')!.innerText).to.equal('This lesson has ended.');
      expect(links(el)).to.have.length(0);
      expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      expect(part(el, 'passcode')).to.be.null;
      await expect(el).to.be.accessible();
    }
  });

  it('cancelled: says so and offers nothing to open or copy', async () => {
    const el = await mount(token('cancelled', 'parent'));
    expect(part(el, 'state')!.innerText).to.equal('This lesson was cancelled.');
    expect(links(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('unpaid, and a link still being prepared: says what is happening', async () => {
    expect(part(await mount(token('unpaid', 'student')), 'state')!.innerText).to.equal(
      'Awaiting payment: the meeting link appears here once the lesson is paid.',
    );
    const preparing = await mount(token('preparing', 'student'));
    expect(part(preparing, 'state')!.innerText).to.equal('The meeting link is being prepared.');
    expect(links(preparing)).to.have.length(0);
    await expect(preparing).to.be.accessible();
  });

  it("no meeting provider yet: fallback instructions, with the tutor's own words", async () => {
    const el = await mount(token('no_link', 'student'), {
      html: '<p slot="no-link">Text me on 600 000 000 and I will send the room.</p>',
    });
    expect(part(el, 'state')!.innerText).to.include('No meeting link yet: Ms Rivera will send you one.');
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="no-link"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Text me on 600 000 000 and I will send the room.');
    expect(links(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a Google Meet lesson shows its provider and no passcode', async () => {
    const el = await mount(token('meet', 'student'));
    expect(part(el, 'badge')!.innerText).to.equal('Google Meet');
    expect(part(el, 'passcode')).to.be.null;
    expect(links(el)[0]!.href).to.equal(recorded.meet!.student.url);
  });

  it('a Microsoft Teams lesson shows its provider', async () => {
    const el = await mount(token('teams', 'student'));
    expect(part(el, 'badge')!.innerText).to.equal('Microsoft Teams');
    expect(links(el)[0]!.href).to.equal(recorded.teams!.student.url);
  });
});

describe('<lesson-join> for the tutor', () => {
  afterEach(cleanup);

  it('open: a Start link to their own stable URL and a way to copy the student link, no QR code', async () => {
    const el = await mount(token('open', 'tutor'));
    expect(seen(el)).to.include('with Lucía');
    const [start] = links(el);
    expect(start!.innerText).to.equal('Start lesson');
    expect(start!.href).to.equal(recorded.open!.tutor.url);
    expect(button(el, 'Copy student link')).to.exist;
    expect(button(el, /QR/)).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('upcoming: can already share the student link', async () => {
    const el = await mount(token('upcoming', 'tutor'));
    expect(links(el)).to.have.length(0);
    expect(button(el, 'Copy student link')).to.exist;
  });

  it('ended with a recording: says the recording is ready', async () => {
    const el = await mount(token('recorded', 'tutor'));
    expect(part(el, 'state')!.innerText).to.equal('This lesson has ended. Its recording is ready in Zoom.');
    expect(part(await mount(token('ended', 'tutor')), 'state')!.innerText).to.equal('This lesson has ended.');
  });

  it('no meeting provider yet: says what to set up', async () => {
    const el = await mount(token('no_link', 'tutor'));
    expect(part(el, 'state')!.innerText).to.equal('No meeting provider is ready: connect Zoom or set a backup link.');
    await expect(el).to.be.accessible();
  });
});

describe('<lesson-join> when the lesson cannot be read', () => {
  afterEach(cleanup);

  it('a link that is not valid says so, and tells the page', async () => {
    const errors: CustomEvent[] = [];
    document.addEventListener('lj-error', (e) => errors.push(e as CustomEvent));
    const invalid = await mount('not-a-token');
    expect(part(invalid, 'message')!.innerText).to.equal('This lesson link is not valid. Ask for a new one.');
    expect(errors[0]!.detail).to.include({ status: 404, code: 'link_invalid' });
    await expect(invalid).to.be.accessible();
  });

  it('an expired link says so', async () => {
    const el = await mount(await serve(recorded.errors.expired));
    expect(part(el, 'message')!.innerText).to.equal('This lesson link has expired. Ask for a new one.');
  });

  it('a missing token says how to write the element', async () => {
    const el = await mount('');
    expect(part(el, 'message')!.innerText).to.equal('Add the token of the lesson link: <lesson-join token="…">.');
  });

  it('an unreachable service asks to check the connection', async () => {
    const el = await mount('open.student', { api: 'http://127.0.0.1:9' });
    expect(part(el, 'message')!.innerText).to.equal('The lesson could not be loaded. Check your connection.');
  });
});
