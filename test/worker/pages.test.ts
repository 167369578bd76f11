/**
 * The pages people reach without a site of their own: a tutor's dashboard, a student's portal and a
 * parent's page behind person links, a tutor's public page, and the Worker's front page.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MIN, lessonWorld } from './after-lesson';
import { harness } from './harness';

type Link = { id: string; url: string };
const idOf = (l: { url: string }) => l.url.split('/l/')[1]!;

/** A harness at a fixed time, with the calls around pages. */
function site(at = '2030-05-10T08:00:00Z') {
  let t = Date.parse(at);
  const h = harness({ now: () => t });
  // The database is shared by the tests of this file: each site has its own family.
  const family = crypto.randomUUID().slice(0, 8);
  const lucia = `lucia.${family}@family.example`;
  const ana = `ana.${family}@family.example`;
  const page = (path: string, lang = 'en') =>
    h.send('GET', path, { operator: false, headers: { accept: 'text/html', 'accept-language': lang } });
  const tutor = async (extra: Record<string, unknown> = {}) => {
    const email = `rivera.${crypto.randomUUID()}@example.com`;
    const json = { name: 'Ms Rivera', email, timezone: 'Europe/Madrid', zoom_user_id: email, ...extra };
    return (await h.send('POST', '/api/tutors', { json })).body;
  };
  const service = async (tutorId: string, extra: Record<string, unknown> = {}) =>
    (
      await h.send('POST', '/api/services', {
        json: { tutor_id: tutorId, name: 'Chemistry', duration_minutes: 50, ...extra },
      })
    ).body;
  /** A paid lesson with its meeting, and its three lesson links. */
  const lesson = async (tutorId: string, serviceId: string, start: string, extra: Record<string, unknown> = {}) => {
    const booked = await h.send('POST', '/api/bookings', {
      json: {
        tutor_id: tutorId,
        service_id: serviceId,
        student_name: 'Lucía',
        student_email: lucia,
        parent_email: ana,
        start_at: start,
        ...extra,
      },
    });
    if (booked.status !== 201) throw new Error(booked.text);
    const confirmed = (await h.send('POST', `/api/bookings/${booked.body.id}/confirm`)).body;
    const links = (await h.send('POST', `/api/bookings/${booked.body.id}/links`)).body as Record<string, Link>;
    return { booking: confirmed, links };
  };
  const personLink = async (json: Record<string, unknown>) => idOf((await h.send('POST', '/api/links', { json })).body);
  return {
    ...h,
    page,
    tutor,
    service,
    lesson,
    personLink,
    family,
    lucia,
    ana,
    at: (iso: string) => (t = Date.parse(iso)),
  };
}

const count = async (sql: string) => ((await env.DB.prepare(sql).first()) as { n: number }).n;

describe("the tutor's dashboard (a tutor's person link)", () => {
  it("shows today's lessons live, this week, later and recent ones, with Start and each lesson's own links to share", async () => {
    const s = site();
    const tutor = await s.tutor();
    const svc = await s.service(tutor.id);
    const today = await s.lesson(tutor.id, svc.id, '2030-05-10T14:00:00Z');
    const max = await s.lesson(tutor.id, svc.id, '2030-05-10T17:00:00Z', {
      student_name: 'Max',
      student_email: 'max@other.example',
      parent_email: 'other@other.example',
    });
    const week = await s.lesson(tutor.id, svc.id, '2030-05-13T14:00:00Z');
    const later = await s.lesson(tutor.id, svc.id, '2030-05-25T14:00:00Z');
    const past = await s.lesson(tutor.id, svc.id, '2030-05-08T14:00:00Z');
    await env.DB.prepare("update bookings set status = 'completed' where id = ?").bind(past.booking.id).run();
    const otherTutor = await s.tutor({ name: 'Mr Okafor' });
    const theirs = await s.lesson(otherTutor.id, (await s.service(otherTutor.id)).id, '2030-05-10T15:00:00Z');
    const id = await s.personLink({ role: 'tutor', tutor_id: tutor.id });

    const tutorLinks = await count("select count(*) as n from links where role = 'tutor'");
    const res = await s.page(`/l/${id}`);
    expect(res.status).toBe(200);
    const html = res.text;
    const at = (text: string) => html.indexOf(text);
    expect(html).toContain('<h1>Your lessons, Ms Rivera</h1>');
    // Sections in the order a tutor looks: today, this week, later, recent.
    const sections = ['Today', 'The next 7 days', 'Later', 'Recent lessons'].map((h) => at(`<h2>${h}</h2>`));
    expect(sections[0]).toBeGreaterThan(-1);
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    // Each lesson in its section.
    const when = (l: { booking: { start_at: string } }) => at(`datetime="${l.booking.start_at}"`);
    expect(when(week)).toBeGreaterThan(sections[1]!);
    expect(when(later)).toBeGreaterThan(sections[2]!);
    expect(when(past)).toBeGreaterThan(sections[3]!);
    const todaySection = html.slice(at('<h2>Today</h2>'), at('<h2>The next 7 days</h2>'));
    // Today's lessons are cards the element keeps live; their facts are plain HTML inside.
    for (const l of [today, max]) {
      expect(todaySection).toContain(`<lesson-join link="${id}/${l.booking.id}">`);
      expect(todaySection).toContain(`href="https://lessons.test/l/${id}/${l.booking.id}/start"`);
    }
    // Every lesson still to come has a Start (fetched at the click) and the lesson's own student and parent links.
    for (const l of [today, max, week, later]) {
      expect(html).toContain(`href="https://lessons.test/l/${id}/${l.booking.id}/start"`);
      expect(html).toContain(`<code>${l.links.student!.url}</code>`);
      expect(html).toContain(`<code>${l.links.parent!.url}</code>`);
      // Never a lesson's tutor link: the dashboard's own link is the only host key on it.
      expect(html).not.toContain(idOf(l.links.tutor!));
    }
    expect(html).not.toContain(`${past.booking.id}/start`);
    expect(html).not.toContain(theirs.booking.id);
    expect(html).not.toMatch(/zak=|\/s\/\d{9}/);
    // Reading the dashboard made no host key: it shows the links the lessons already had.
    expect(await count("select count(*) as n from links where role = 'tutor'")).toBe(tutorLinks);

    // Start from the dashboard: a host link from Zoom at that moment.
    const start = await s.page(`/l/${id}/${today.booking.id}/start`);
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toMatch(
      new RegExp(`^https://us06web\\.zoom\\.us/s/${today.booking.meeting.id}\\?zak=`),
    );

    const es = await s.page(`/l/${id}`, 'es');
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('<h2>Hoy</h2>');
    expect(es.text).toContain('<h2>Los próximos 7 días</h2>');
  });

  it("shows the student's and parent's links made for a lesson once, however often it is read", async () => {
    const s = site();
    const tutor = await s.tutor();
    const svc = await s.service(tutor.id);
    const booked = await s.send('POST', '/api/bookings', {
      json: {
        tutor_id: tutor.id,
        service_id: svc.id,
        student_name: 'Lucía',
        student_email: s.lucia,
        start_at: '2030-05-10T14:00:00Z',
      },
    });
    const id = await s.personLink({ role: 'tutor', tutor_id: tutor.id });
    const first = (await s.page(`/l/${id}`)).text;
    const made = await count(`select count(*) as n from links where subject = '${booked.body.id}'`);
    expect(made).toBe(2);
    expect((await s.page(`/l/${id}`)).text).toBe(first);
    expect(await count(`select count(*) as n from links where subject = '${booked.body.id}'`)).toBe(made);
    const minted = (await s.send('POST', `/api/bookings/${booked.body.id}/links`)).body;
    expect(first).toContain(`<code>${minted.student.url}</code>`);
    expect(first).toContain(`<code>${minted.parent.url}</code>`);
  });
});

describe("the student's portal and the parent's page", () => {
  it('show the next lesson as a card with a plain Join link, then the later ones; the parent reads plain words and no Start', async () => {
    const s = site('2030-05-10T13:55:00Z');
    const tutor = await s.tutor();
    const svc = await s.service(tutor.id);
    const next = await s.lesson(tutor.id, svc.id, '2030-05-10T14:00:00Z');
    const later = await s.lesson(tutor.id, svc.id, '2030-05-17T14:00:00Z');
    const student = await s.personLink({ role: 'student', email: s.lucia });
    const parent = await s.personLink({ role: 'parent', email: s.ana });

    const portal = (await s.page(`/l/${student}`)).text;
    expect(portal).toContain('<h1>Lessons of Lucía</h1>');
    expect(portal).toContain(`<lesson-join link="${student}/${next.booking.id}">`);
    // Inside the join window the plain link goes straight into the meeting, script or no script.
    expect(portal).toContain(`<a class="button" href="https://lessons.test/l/${student}/${next.booking.id}"`);
    expect(portal.indexOf(next.booking.id)).toBeLessThan(portal.indexOf(later.booking.id));
    const join = await s.page(`/l/${student}/${next.booking.id}`);
    expect(join.status).toBe(302);
    expect(join.headers.get('location')).toBe(next.booking.meeting.join_url);

    const family = (await s.page(`/l/${parent}`)).text;
    expect(family).toContain('<h1>Your family’s lessons</h1>');
    expect(family.indexOf('Lessons happen on a private link made for each lesson')).toBeLessThan(
      family.indexOf(next.booking.id),
    );
    expect(family).toContain('only the tutor can start a lesson');
    expect(family).toContain(`<lesson-join link="${parent}/${next.booking.id}">`);
    for (const html of [portal, family]) {
      expect(html).not.toMatch(/\/start"|Start the lesson|zak=|\/s\/\d{9}/);
    }
    expect((await s.page(`/l/${parent}`, 'es')).text).toContain('Las clases son por un enlace privado');
  });
});

describe("past lessons on the tutor's dashboard and the family's pages", () => {
  it('show attendance to the tutor and the parent, the recording to the tutor (to the family once shared), where the note stands', {
    timeout: 30_000,
  }, async () => {
    const family = crypto.randomUUID().slice(0, 8);
    const w = await lessonWorld({
      booking: { student_email: `sam.${family}@family.example`, parent_email: `parent.${family}@family.example` },
    });
    const link = async (json: Record<string, unknown>) => idOf((await w.send('POST', '/api/links', { json })).body);
    const ids = {
      tutor: await link({ role: 'tutor', tutor_id: w.tutor.id }),
      parent: await link({ role: 'parent', email: `parent.${family}@family.example` }),
      student: await link({ role: 'student', email: `sam.${family}@family.example` }),
    };
    const page = async (role: keyof typeof ids) =>
      (
        await w.send('GET', `/l/${ids[role]}`, {
          operator: false,
          headers: { accept: 'text/html', 'accept-language': 'en' },
        })
      ).text;
    const recent = (html: string) => html.slice(html.indexOf('<h2>Recent lessons</h2>'));

    w.at(w.end + MIN);
    await w.play({ late_minutes: 12, file_sizes: { MP4: 20_000, M4A: 12_345, CHAT: 500 } });
    await w.sweep(); // the recording copied to R2
    // Before the verdicts are final the pages say so; then they are final.
    expect(recent(await page('tutor'))).toContain('Sam Student: 12 min late');
    expect(recent(await page('tutor'))).toContain('Final a few minutes after the lesson ends.');
    w.at(w.end + 10 * MIN);
    const detail = await w.detail();
    expect(detail.recordings.map((r) => r.archive_state)).toEqual(['copied', 'copied', 'copied']);

    const dashboard = recent(await page('tutor'));
    expect(dashboard).toContain(`datetime="${w.booking.start_at}"`);
    expect(dashboard).toMatch(/Attendance: [^<]+: on time · Sam Student: 12 min late<\/p>/);
    expect(dashboard).not.toContain('Final a few minutes after the lesson ends.');
    for (const type of ['MP4', 'M4A', 'CHAT'])
      expect(dashboard).toContain(`${type} <a href="https://lessons.test/recordings/`);
    // The tutor's draft, then their final note, each said on the row.
    const note = (json: object) => w.send('PUT', `/api/lessons/${w.idOf('tutor')}/note`, { operator: false, json });
    expect((await note({ body: 'Quadratics: factorising went well.' })).status).toBe(200);
    expect(recent(await page('tutor'))).toContain('Your lesson note is a draft');
    expect(recent(await page('tutor'))).toContain(`href="https://lessons.test/l/${ids.tutor}/${w.booking.id}"`);

    // Nothing booked ahead: the family's page says so, not that there are no lessons.
    expect(await page('parent')).toContain('No lesson is booked ahead just now.');
    expect(await page('parent')).not.toContain('There are no lessons here yet.');
    const parent = recent(await page('parent'));
    expect(parent).toMatch(/Attendance: [^<]+: on time · Sam Student: 12 min late<\/p>/);
    expect(parent).not.toContain('/recordings/');
    expect(parent).not.toContain('note on this lesson is ready');
    // The student's portal lists the lesson, without verdicts on themselves.
    const portal = recent(await page('student'));
    expect(portal).toContain(`datetime="${w.booking.start_at}"`);
    expect(portal).not.toContain('Attendance');

    await note({ final: true });
    const share = await w.send('PUT', `/api/lessons/${w.idOf('tutor')}/recording-sharing`, {
      operator: false,
      json: { shared: true },
    });
    expect(share.status).toBe(200);
    expect(recent(await page('tutor'))).toContain('Your lesson note is final');
    const shared = recent(await page('parent'));
    expect(shared).toContain('Ms Rivera’s note on this lesson is ready.');
    // The family gets the video and the audio; the chat stays the tutor's.
    expect(shared).toContain('MP4 <a href="https://lessons.test/recordings/');
    expect(shared).toContain('M4A <a href="https://lessons.test/recordings/');
    expect(shared).not.toContain('CHAT');
    for (const html of [await page('parent'), await page('student')])
      expect(html).not.toMatch(/\/start"|zak=|\/s\/\d{9}|Your lesson note/);
  });
});

describe("a tutor's public page /t/{slug}", () => {
  it('says who the tutor is, what they teach, how lessons happen and where to book; nothing of any lesson', async () => {
    const s = site('2030-05-10T13:55:00Z');
    const slug = `ms-rivera-${s.family}`;
    const tutor = await s.tutor({ public_slug: slug, booking_url: 'https://rivera-tutoring.example/book' });
    expect(tutor).toMatchObject({ public_slug: slug, booking_url: 'https://rivera-tutoring.example/book' });
    const chemistry = await s.service(tutor.id, { waiting_room: true });
    const physics = await s.service(tutor.id, { name: 'Physics', duration_minutes: 60, waiting_room: false });
    const lessons = [
      await s.lesson(tutor.id, chemistry.id, '2030-05-10T14:00:00Z'),
      await s.lesson(tutor.id, physics.id, '2030-05-12T14:00:00Z', {
        student_name: 'Max Müller',
        student_email: 'max@other.example',
      }),
    ];
    const person = await s.personLink({ role: 'tutor', tutor_id: tutor.id });
    await s.page(`/l/${person}`); // the dashboard's links exist too

    const res = await s.page(`/t/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const html = res.text;
    expect(html).toContain('<h1>Ms Rivera</h1>');
    expect(html).toContain('Online lessons in Chemistry and Physics.');
    expect(html).toContain('<strong>Chemistry</strong> · 50 minutes · with a waiting room');
    expect(html).toContain('<strong>Physics</strong> · 60 minutes</li>');
    expect(html).toContain('Online, on Zoom.');
    expect(html).toContain('Each lesson gets a private link of its own');
    expect(html).toContain('Ms Rivera lets each student in');
    expect(html).toContain('href="https://rivera-tutoring.example/book"');
    expect(html).not.toContain('noindex');

    // No lesson link, token or student: scan for everything any of the tutor's lessons has.
    const secrets = [tutor.email, person, 'Lucía', 'Max Müller', s.lucia, s.ana, 'max@other.example'];
    for (const { booking, links } of lessons) {
      secrets.push(booking.id, booking.meeting.id, booking.meeting.join_url, booking.meeting.passcode);
      for (const l of Object.values(links)) secrets.push(l.id, idOf(l));
    }
    const rows = (await env.DB.prepare('select id_hash from links').all<{ id_hash: string }>()).results;
    secrets.push(...rows.map((r) => r.id_hash));
    for (const lang of ['en', 'es']) {
      const text = (await s.page(`/t/${slug}`, lang)).text;
      expect(text).not.toMatch(/\/l\/|zak=|start_url|\/s\/\d{9}|bk_|lk_/);
      for (const secret of secrets) expect(text).not.toContain(String(secret));
    }
    expect((await s.page(`/t/${slug}`, 'es')).text).toContain('Clases en línea de Chemistry y Physics.');
  });

  it('answers a clear 404 page for an unknown slug and for a tutor who took their page down', async () => {
    const s = site();
    const tutor = await s.tutor({ public_slug: 'mr-okafor' });
    await s.tutor(); // no public page
    expect((await s.page('/t/mr-okafor')).status).toBe(200);
    const down = await s.send('PATCH', `/api/tutors/${tutor.id}`, { json: { public_slug: null } });
    expect(down.body.public_slug).toBeNull();
    for (const path of ['/t/mr-okafor', '/t/nobody-here', '/t/x', '/t/NOBODY', '/t/a/b']) {
      const res = await s.page(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).toContain('<h1>There is no tutor page here</h1>');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect((await s.page('/t/nobody-here', 'es')).text).toContain('Aquí no hay ninguna página de profesor');
  });

  it('takes a unique, well-formed slug and an https booking URL, and changes nothing on a refusal', async () => {
    const s = site();
    const slug = `rivera-${s.family}`;
    const rivera = await s.tutor({ public_slug: slug });
    const other = await s.tutor();
    for (const json of [
      { public_slug: 'Ms-Rivera' },
      { public_slug: 'ab' },
      { public_slug: '-rivera' },
      { public_slug: 'rivera-' },
      { public_slug: 'ms rivera' },
      { public_slug: '../admin' },
      { public_slug: 'a'.repeat(41) },
      { booking_url: 'javascript:alert(1)' },
      { booking_url: 'http://rivera.example/book' },
      { booking_url: 'https://us06web.zoom.us/s/85746065432?zak=secret' },
    ]) {
      const res = await s.send('PATCH', `/api/tutors/${other.id}`, { json });
      expect({ json, status: res.status }).toEqual({ json, status: 422 });
    }
    const before = await env.DB.prepare('select * from tutors where id = ?').bind(other.id).first();
    const taken = await s.send('PATCH', `/api/tutors/${other.id}`, { json: { public_slug: slug } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('public_slug_taken');
    expect(await env.DB.prepare('select * from tutors where id = ?').bind(other.id).first()).toEqual(before);
    const again = await s.send('POST', '/api/tutors', {
      json: { name: 'Ms Other', email: 'other@example.com', timezone: 'Europe/Madrid', public_slug: slug },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('public_slug_taken');
    // The owner may send their own slug again.
    expect((await s.send('PATCH', `/api/tutors/${rivera.id}`, { json: { public_slug: slug } })).status).toBe(200);
    const ok = await s.send('PATCH', `/api/tutors/${other.id}`, {
      json: { public_slug: `okafor-${s.family}`, booking_url: 'https://okafor.example/book?from=bio' },
    });
    expect(ok.body).toMatchObject({
      public_slug: `okafor-${s.family}`,
      booking_url: 'https://okafor.example/book?from=bio',
    });
  });
});

describe("the Worker's front page", () => {
  it('points to the API description; under npm start also to the demo and the mailbox, never to either when deployed', async () => {
    const deployed = harness({ env: { DEMO_URL: 'http://localhost:8789/' } });
    const res = await deployed.send('GET', '/', { operator: false, headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('href="/openapi.json"');
    expect(res.text).not.toMatch(/localhost:8789|__dev|__sandbox/);

    const local = harness({ env: { DEV_TOOLS: 'on', DEMO_URL: 'http://localhost:8789/' } });
    const dev = await local.send('GET', '/', { operator: false, headers: { 'accept-language': 'es' } });
    expect(dev.text).toContain('<html lang="es">');
    expect(dev.text).toContain('href="http://localhost:8789/"');
    expect(dev.text).toContain('href="/__dev/mailbox"');
    expect((await local.send('GET', '/__dev/mailbox', { operator: false })).status).toBe(200);
    expect(dev.text).toContain('href="/openapi.json"');
  });
});
