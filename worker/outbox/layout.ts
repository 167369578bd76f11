/**
 * One message, two bodies: HTML that the common mail clients render (tables and inline styles, no
 * scripts, no images, a real table for the facts so screen readers read label and value together)
 * and the same words as plain text. Everything interpolated is escaped by `hono/html`.
 */
import { html } from 'hono/html';
import type { Language } from '../../shared/api';

export interface MailContent {
  lang: Language;
  subject: string;
  paragraphs: string[];
  /** Label and value, e.g. ["Passcode", "a1B2c3"]. */
  facts: [string, string][];
  /** Words written by a person (the tutor's note), under a title, with their line breaks kept. */
  note?: { title: string; body: string };
  /** The one thing to do, e.g. Join the lesson. */
  action?: { label: string; url: string };
  links: { label: string; url: string }[];
  footer: string;
}

const TEXT = 'color:#1f2328;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5';
const MUTED = 'color:#57606a;font-size:13px';

export async function mailHtml(m: MailContent): Promise<string> {
  const p = (text: string) => html`<p style="margin:0 0 12px">${text}</p>`;
  const facts = m.facts.length
    ? html`<table style="margin:0 0 16px;border-collapse:collapse">${m.facts.map(
        ([label, value]) =>
          html`<tr><th scope="row" align="left" style="padding:4px 16px 4px 0;font-weight:normal;${MUTED};font-size:15px">${label}</th><td style="padding:4px 0"><strong>${value}</strong></td></tr>`,
      )}</table>`
    : '';
  const note = m.note
    ? html`<h2 style="margin:0 0 8px;font-size:18px">${m.note.title}</h2><div style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #0b6e4f;background:#f6f8fa">${m.note.body.split('\n').map((line, i) => (i ? html`<br>${line}` : line))}</div>`
    : '';
  const action = m.action
    ? html`<table role="presentation" style="margin:0 0 16px"><tr><td style="border-radius:6px;background:#0b6e4f"><a href="${m.action.url}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:bold;text-decoration:none">${m.action.label}</a></td></tr></table>`
    : '';
  const links = m.links.map(
    (l) => html`<p style="margin:0 0 8px"><a href="${l.url}" style="color:#0b6e4f">${l.label}</a></p>`,
  );
  const body = html`<!doctype html>
<html lang="${m.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${m.subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5">
<table role="presentation" width="100%" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" style="max-width:560px;background:#ffffff;border-radius:8px;${TEXT}"><tr><td style="padding:24px">
<h1 style="margin:0 0 16px;font-size:22px">${m.subject}</h1>
${m.paragraphs.map(p)}${facts}${note}${action}${links}
<p style="margin:16px 0 0;${MUTED}">${m.footer}</p>
</td></tr></table></td></tr></table></body></html>`;
  return String(await body);
}

export function mailText(m: MailContent): string {
  return [
    m.subject,
    '',
    ...m.paragraphs.flatMap((p) => [p, '']),
    ...m.facts.map(([label, value]) => `${label}: ${value}`),
    ...(m.facts.length ? [''] : []),
    ...(m.note ? [m.note.title, '', m.note.body, ''] : []),
    ...(m.action ? [`${m.action.label}: ${m.action.url}`, ''] : []),
    ...m.links.map((l) => `${l.label}: ${l.url}`),
    '',
    '-- ',
    m.footer,
  ].join('\n');
}
