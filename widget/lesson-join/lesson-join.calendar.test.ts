/**
 * "Add to calendar": asked for, the card offers the lesson's calendar file and a Google Calendar
 * link made from that same file (the Worker's own, recorded in test/fixtures/lesson-calendars.json).
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  type Role,
  button,
  cleanup,
  linkOf,
  mount,
  part,
  recorded,
  serve,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import './define';

/** The calendar links, once the panel has them. */
const opened = (el: Awaited<ReturnType<typeof mount>>) =>
  waitFor(() => part<HTMLAnchorElement>(el, 'calendar-file'), { what: 'the calendar links after Add to calendar' });
const params = (href: string) => Object.fromEntries(new URL(href).searchParams);
const calendarModuleLoaded = () =>
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith('/calendar-links.ts'));

describe('<lesson-join> Add to calendar', () => {
  afterEach(cleanup);

  it('loads nothing until asked; then the file and a Google Calendar link made from it', async () => {
    const el = await mount(linkOf('upcoming', 'student'));
    expect(part(el, 'calendar')).to.be.null;
    expect(calendarModuleLoaded()).to.equal(false);
    const toggle = button(el, 'Add to calendar')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    const file = await opened(el);
    expect(calendarModuleLoaded()).to.equal(true);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const url = recorded.upcoming!.student.url!;
    expect(file.href).to.equal(`${url}.ics`);
    expect(file.innerText).to.equal('Calendar file (.ics)');
    const google = await waitFor(() => part<HTMLAnchorElement>(el, 'google-calendar'), {
      what: 'the Google Calendar link',
    });
    expect(google.origin + google.pathname).to.equal('https://calendar.google.com/calendar/render');
    expect(google.target).to.equal('_blank');
    expect(params(google.href)).to.deep.equal({
      action: 'TEMPLATE',
      text: 'Chemistry with Ms Rivera',
      dates: '20300503T140000Z/20300503T145000Z',
      details: `Chemistry with Ms Rivera\nJoin the lesson: ${url}\nMeeting ID: 85746065432\nPasscode: Zx7Qp2Lm`,
      location: url,
    });
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(part(el, 'calendar')).to.be.null;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it("each role gets its own link in both, and a student's or parent's never a start link", async () => {
    for (const role of ['student', 'parent', 'tutor'] as Role[]) {
      const el = await mount(linkOf('open', role));
      button(el, 'Add to calendar')!.click();
      const google = await waitFor(() => part<HTMLAnchorElement>(el, 'google-calendar'), {
        what: `the ${role}'s Google Calendar link`,
      });
      const { details, location } = params(google.href);
      expect(location).to.equal(recorded.open![role].url);
      expect(details).to.contain(recorded.open![role].url!);
      expect(part<HTMLAnchorElement>(el, 'calendar-file')!.href).to.equal(`${recorded.open![role].url}.ics`);
      if (role !== 'tutor') expect(`${google.href} ${details}`).not.to.match(/zak|\/s\/\d|start/i);
      cleanup();
    }
  });

  it('opens one panel at a time: the QR code closes the calendar links, and back', async () => {
    const el = await mount(linkOf('upcoming', 'parent'));
    button(el, 'Add to calendar')!.click();
    await opened(el);
    button(el, 'Show QR code')!.click();
    await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: 'the QR code in place of the calendar links' });
    expect(part(el, 'calendar')).to.be.null;
    expect(button(el, 'Add to calendar')!.getAttribute('aria-expanded')).to.equal('false');
    button(el, 'Add to calendar')!.click();
    await opened(el);
    expect(part(el, 'qr')).to.be.null;
    expect(button(el, 'Show QR code')!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('offers the file alone when the file cannot be read from this page', async () => {
    // The Worker has no calendar file at this link: no event to make a Google link from.
    const url = `${location.origin}/l/no-such-lesson`;
    const el = await mount(await serve(variant('upcoming', 'student', { url })), { api: API });
    button(el, 'Add to calendar')!.click();
    const file = await opened(el);
    expect(file.href).to.equal(`${url}.ics`);
    expect(part(el, 'google-calendar')).to.be.null;
  });

  it('is offered for lessons still to come, in the page language, and not for cancelled or ended ones', async () => {
    for (const scenario of ['unpaid', 'preparing', 'live'])
      expect(button(await mount(linkOf(scenario, 'student')), 'Add to calendar'), scenario).to.exist;
    for (const scenario of ['cancelled', 'ended'])
      expect(button(await mount(linkOf(scenario, 'student')), 'Add to calendar'), scenario).to.be.null;
    const es = await mount(linkOf('upcoming', 'student'), { lang: 'es' });
    button(es, 'Añadir al calendario')!.click();
    expect((await opened(es)).innerText).to.equal('Archivo de calendario (.ics)');
  });
});
