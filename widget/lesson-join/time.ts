/** Lesson times as people read them, in their language and their own time zone. */

const MINUTE = 60_000;

/**
 * Making an Intl formatter loads its locale's data and takes about a millisecond, longer than
 * drawing a card: a page of cards makes each one once.
 */
const countdowns: Record<string, Intl.RelativeTimeFormat> = {};
const dates: Record<string, Intl.DateTimeFormat> = {};

/**
 * "in 3 days", "in 5 hours", "in 4 minutes": the largest unit that reads naturally, rounded up
 * so the count never says a lesson has begun before it has.
 */
export function startsIn(ms: number, lang: string): string {
  const rtf = (countdowns[lang] ??= new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  const minutes = Math.max(0, Math.ceil(ms / MINUTE));
  if (minutes < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}

/**
 * "Wed, 1 May, 16:00 – 16:50 CEST" in the viewer's time zone; with the year ("Wed, 1 May 2030, …")
 * when the lesson is not in the year of `now`.
 */
export function lessonTimes(startIso: string, endIso: string, lang: string, now: number): string {
  const start = new Date(startIso);
  const thisYear = start.getFullYear() === new Date(now).getFullYear();
  const format = (dates[`${lang} ${thisYear}`] ??= new Intl.DateTimeFormat(lang, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: thisYear ? undefined : 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }));
  return format.formatRange(start, new Date(endIso));
}
