/**
 * The lesson API as the Worker answers it, from its recorded answers: a dev-server middleware.
 *
 * `/fixture-api/api/lessons/{id}` (and `/api/lessons/{id}`, for elements given a whole link on this
 * origin) answers with a recorded view, like the Worker's `/api/lessons/{id}`. A fixture's link id
 * has the Worker's shape, 22 base64url characters, and spells the recorded view: `open-student`
 * padded with `_` is `open.student` in `test/fixtures/lesson-views.json` (test/browser/lesson-api.ts
 * writes them). `{id}/{bookingId}` answers the same view when the booking id is the view's.
 * Unknown links get the Worker's recorded 404. The file is recorded from the Worker inside workerd
 * (test/worker/lesson-fixtures.test.ts fails when it drifts). `POST /fixture-api/api/lessons` (and
 * `/api/lessons`) answers `{ links }` as the Worker does, each link as its own read would be
 * (an added answer with `headers`, such as a 429's `Retry-After`, answers the whole request, as
 * the Worker's rate limit does). Tests may add answers of their own (POST /fixture-api/__lessons,
 * a list served in turn, the last one repeating; an error is `{ status, body, headers? }`), ask how
 * often a link was read (GET /fixture-api/__reads/{link}) and how many requests reached the lesson
 * API at all (GET /fixture-api/__requests). `/fixture-api/photo.svg` is a tutor's photo.
 * `/fixture-api/l/{name}.ics` is the calendar file the Worker served for that link
 * (`upcoming.student`, as the recorded views name their links), from
 * `test/fixtures/lesson-calendars.json`; any other is the Worker's 404.
 * @example middleware: [lessonFixtureApi()]
 */
import { readFileSync } from 'node:fs';

const PREFIX = '/fixture-api/';
const LESSONS = /^(?:\/fixture-api)?\/api\/lessons\/([^/]+)(?:\/([^/]+))?$/;
const BATCH = /^(?:\/fixture-api)?\/api\/lessons$/;
const CALENDAR = /^\/fixture-api\/l\/([^/]+)\.ics$/;
/** The id of fixture `name`, padded to the Worker's 22 characters. */
const idOf = (name) => name.padEnd(22, '_');

export function lessonFixtureApi() {
  const recorded = () => JSON.parse(readFileSync('test/fixtures/lesson-views.json', 'utf8'));
  const added = new Map();
  const reads = new Map();
  let lastAdded = 0;
  let requests = 0;
  const body = async (ctx) => {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  };
  /** What one link answers, `{ status, body, headers? }`, counted as one read of it. */
  const answerOf = (link) => {
    const [id, bookingId] = link.split('/');
    reads.set(link, (reads.get(link) ?? 0) + 1);
    if (added.has(id)) {
      const views = added.get(id);
      const answer = views.length > 1 ? views.shift() : views[0];
      // An error is written { status, body }, as recorded; anything else is a lesson or person view.
      return typeof answer.status === 'number' ? answer : { status: 200, body: answer };
    }
    const [scenario, role] = id.replace(/_+$/, '').split('-');
    const all = recorded();
    const view = all[scenario]?.[role];
    if (view && (!bookingId || bookingId === view.id)) return { status: 200, body: view };
    return all.errors.invalid;
  };
  const json = (ctx, status, body) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.set('cache-control', 'no-store');
    ctx.body = JSON.stringify(body);
  };
  return async function lessonFixtureApi(ctx, next) {
    const lesson = LESSONS.exec(ctx.path);
    const batch = BATCH.test(ctx.path);
    if (!ctx.path.startsWith(PREFIX) && !lesson && !batch) return next();
    if (ctx.method === 'POST' && ctx.path === `${PREFIX}__lessons`) {
      const id = idOf(`added-${++lastAdded}`);
      added.set(id, (await body(ctx)).views);
      return json(ctx, 201, { link: id });
    }
    const readsOf = /^\/fixture-api\/__reads\/(.+)$/.exec(ctx.path);
    if (readsOf) return json(ctx, 200, { reads: reads.get(decodeURIComponent(readsOf[1])) ?? 0 });
    if (ctx.path === `${PREFIX}__requests`) return json(ctx, 200, { requests });
    if (ctx.path === `${PREFIX}photo.svg`) {
      // A tutor's photo, as a photo service would serve one.
      ctx.type = 'image/svg+xml';
      ctx.body =
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#c96"/></svg>';
      return;
    }
    const calendar = CALENDAR.exec(ctx.path);
    if (calendar) {
      const file = JSON.parse(readFileSync('test/fixtures/lesson-calendars.json', 'utf8'))[calendar[1]];
      if (!file) return json(ctx, 404, recorded().errors.invalid.body);
      ctx.type = 'text/calendar; charset=utf-8';
      ctx.body = file;
      return;
    }
    if (batch && ctx.method === 'POST') {
      requests++;
      const answers = (await body(ctx)).links.map(answerOf);
      // An answer with headers of its own (a 429 and its Retry-After) is the whole request's.
      const whole = answers.find((a) => a.headers);
      if (whole) {
        for (const [name, value] of Object.entries(whole.headers)) ctx.set(name, value);
        return json(ctx, whole.status, whole.body);
      }
      const views = answers.map((a) =>
        a.status === 200 ? { status: 200, view: a.body } : { status: a.status, error: a.body.error },
      );
      return json(ctx, 200, { views });
    }
    if (!lesson) return json(ctx, 404, { error: { code: 'not_found', message: 'No such fixture route.' } });
    requests++;
    const [, id, bookingId] = lesson;
    const answer = answerOf(bookingId ? `${id}/${bookingId}` : id);
    for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
    return json(ctx, answer.status, answer.body);
  };
}
