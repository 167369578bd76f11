/**
 * "Add to calendar": the lesson's calendar file (`{link}.ics`, as the Worker serves it to this
 * link's role) and a Google Calendar link made from that same file, so both say the same thing:
 * the title, the time, the stable link and, where the role sees them, the meeting ID and passcode
 * (never a start link: the Worker writes only stable links into a calendar file).
 * The component imports this module only when someone asks, so it and the iCalendar parser
 * (`ts-ics`, the library the Worker writes the files with) are a chunk no first paint waits for.
 */
import type { html as litHtml, TemplateResult } from 'lit';
import { convertIcsCalendar, getEventEnd, type IcsEvent } from 'ts-ics';
import type { Strings } from './strings';

const GOOGLE_TEMPLATE = 'https://calendar.google.com/calendar/render';

/** The links, in the language the component speaks when it renders. */
export type CalendarFigure = (t: Strings) => TemplateResult;

/** `20300501T160000Z`: an instant as Google's `dates` parameter takes it. */
const googleInstant = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * Google Calendar's "add this event" page for the event of the lesson at `url`, or null when the
 * file holds no event, or one whose place is not that lesson's stable link.
 */
export function googleCalendarUrl(event: IcsEvent | undefined, url: string): string | null {
  if (!event || (event.location ?? url) !== url) return null;
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.summary ?? '',
    dates: `${googleInstant(event.start.date)}/${googleInstant(getEventEnd(event))}`,
    details: event.description ?? '',
    location: url,
  });
  return `${GOOGLE_TEMPLATE}?${params}`;
}

/**
 * The calendar links of the lesson at `url` (a stable `/l/` link): the file to download, and the
 * Google link made from that file as `api` (the Worker the card reads) serves it in `locale`. When
 * the file cannot be read here (the network, a site whose Content-Security-Policy keeps it out),
 * the download alone is offered.
 */
export async function calendarFigure(
  url: string,
  api: string,
  locale: string,
  html: typeof litHtml,
): Promise<CalendarFigure> {
  const ics = `${url}.ics`;
  let google: string | null = null;
  try {
    const res = await fetch(`${api}${new URL(ics).pathname}`, {
      credentials: 'omit',
      headers: { 'accept-language': locale },
    });
    if (res.ok) google = googleCalendarUrl(convertIcsCalendar(undefined, await res.text()).events?.[0], url);
  } catch {
    // The file itself is still a link away.
  }
  return (t) => html`<p class="lesson__actions" part="calendar">
    <a class="lesson__button" part="calendar-file" href=${ics} download="lesson.ics">${t.calendarFile}</a>
    ${
      google
        ? html`<a class="lesson__button" part="google-calendar" href=${google} target="_blank" rel="noopener noreferrer">Google Calendar</a>`
        : ''
    }
  </p>`;
}
