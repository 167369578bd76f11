/**
 * The lesson API as the Worker answers it, from its recorded answers: a dev-server middleware.
 *
 * `/fixture-api/api/lessons/{scenario}.{role}` answers with the recorded view, like the Worker's
 * `/api/lessons/{token}`; unknown links get the Worker's recorded 404. `test/fixtures/lesson-views.json`
 * is recorded from the Worker inside workerd (test/worker/lesson-fixtures.test.ts fails when it
 * drifts). Tests may add views of their own (POST /fixture-api/__lessons, a list served in turn, the
 * last one repeating) and ask how often a token was read (GET /fixture-api/__reads/{token}).
 * @example middleware: [lessonFixtureApi()]
 */
import { readFileSync } from 'node:fs';

const PREFIX = '/fixture-api/';

export function lessonFixtureApi() {
  const recorded = () => JSON.parse(readFileSync('test/fixtures/lesson-views.json', 'utf8'));
  const added = new Map();
  const reads = new Map();
  let lastToken = 0;
  const json = (ctx, status, body) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.set('cache-control', 'no-store');
    ctx.body = JSON.stringify(body);
  };
  return async function lessonFixtureApi(ctx, next) {
    if (!ctx.path.startsWith(PREFIX)) return next();
    if (ctx.method === 'POST' && ctx.path === `${PREFIX}__lessons`) {
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      const { views } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const token = `added-${++lastToken}`;
      added.set(token, views);
      return json(ctx, 201, { token });
    }
    const readsOf = /^\/fixture-api\/__reads\/(.+)$/.exec(ctx.path);
    if (readsOf) return json(ctx, 200, { reads: reads.get(decodeURIComponent(readsOf[1])) ?? 0 });
    const lesson = /^\/fixture-api\/api\/lessons\/(.+)$/.exec(ctx.path);
    if (!lesson) return json(ctx, 404, { error: { code: 'not_found', message: 'No such fixture route.' } });
    const token = decodeURIComponent(lesson[1]);
    reads.set(token, (reads.get(token) ?? 0) + 1);
    if (added.has(token)) {
      const views = added.get(token);
      const answer = views.length > 1 ? views.shift() : views[0];
      // An error is written { status, body }, as recorded; anything else is a lesson view.
      return typeof answer.status === 'number' ? json(ctx, answer.status, answer.body) : json(ctx, 200, answer);
    }
    const [scenario, role] = token.split('.');
    const all = recorded();
    const view = all[scenario]?.[role];
    if (view) return json(ctx, 200, view);
    const error = all.errors.invalid;
    return json(ctx, error.status, error.body);
  };
}
