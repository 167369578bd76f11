/**
 * Tools for the offline product only: `npm start` turns them on with `DEV_TOOLS=on`; a deployed
 * Worker (which never has that variable) answers 404 here. The mailbox shows what the development
 * transport (`EMAIL_TRANSPORT=mailbox`) sent: every message, its HTML and text, its attachments.
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { asc, eq } from 'drizzle-orm';
import type { AppEnv } from '../app';
import { mailbox, type MailboxMessage } from '../db/schema';
import { notFound } from '../http';

/** The mailbox's own pages show mail as mail clients do: inline styles, no script, framed by the list. */
const MAIL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";
const LIST_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'";

const messages = async (c: { var: AppEnv['Variables'] }): Promise<MailboxMessage[]> =>
  (await c.var.db.select().from(mailbox).orderBy(asc(mailbox.seq))).map((m) => m.message);

const listPage = (all: MailboxMessage[]) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development mailbox (${all.length})</title></head>
<body style="font:15px/1.5 system-ui;margin:1rem auto;max-width:60rem;padding:0 1rem">
<h1>Development mailbox</h1><p>${all.length} messages, oldest first. <a href="/__dev/mailbox.json">JSON</a></p>
${all.map(
  (m) => html`<article style="border-top:1px solid #ccc;padding:1rem 0" id="${m.id}">
  <h2 style="font-size:1.1rem;margin:0">${m.subject}</h2>
  <p style="margin:0;color:#555">To ${m.to} · from ${m.from} · ${m.id}</p>
  <details><summary>HTML</summary><iframe title="${m.subject}" src="/__dev/mailbox/${m.id}.html" style="width:100%;height:32rem;border:1px solid #ddd"></iframe></details>
  <details><summary>Text</summary><pre style="white-space:pre-wrap">${m.text}</pre></details>
  ${m.attachments.map((a, i) => html`<p><a href="/__dev/mailbox/${m.id}/${i}" download="${a.filename}">${a.filename}</a> (${a.content_type})</p>`)}
</article>`,
)}</body></html>`;

const one = async (c: { var: AppEnv['Variables'] }, id: string) => {
  const [row] = await c.var.db.select().from(mailbox).where(eq(mailbox.idempotencyKey, id));
  return row?.message;
};

export const devRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => (c.env.DEV_TOOLS === 'on' ? next() : notFound(c)))
  /** What the every-minute cron does, on demand and awaited: the answer says what it did. */
  .post('/sweep', async (c) => c.json(await c.var.sweep()))
  .get('/mailbox.json', async (c) => c.json(await messages(c)))
  .get('/mailbox', async (c) => {
    c.header('Content-Security-Policy', LIST_POLICY);
    return c.html(listPage(await messages(c)));
  })
  .get('/mailbox/:file{[a-z0-9_]+\\.html}', async (c) => {
    const m = await one(c, c.req.param('file').slice(0, -5));
    if (!m) return notFound(c);
    c.header('Content-Security-Policy', MAIL_POLICY);
    return c.html(m.html);
  })
  .get('/mailbox/:id/:index{[0-9]+}', async (c) => {
    const a = (await one(c, c.req.param('id')))?.attachments[Number(c.req.param('index'))];
    if (!a) return notFound(c);
    c.header('Content-Type', a.content_type);
    c.header('Content-Disposition', `attachment; filename="${a.filename}"`);
    return c.body(Uint8Array.from(atob(a.content), (ch) => ch.charCodeAt(0)));
  });
