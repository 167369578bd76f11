import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openApiDocument } from '../../shared/openapi';

it('the served OpenAPI document is the one the schemas generate (run `npm run openapi` after changing them)', () => {
  const committed = JSON.parse(readFileSync(new URL('../../shared/openapi.json', import.meta.url), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
});
