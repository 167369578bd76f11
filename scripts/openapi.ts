/** `npm run openapi`: regenerates shared/openapi.json from the zod schemas in shared/api.ts. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from '../shared/openapi';

const file = resolve(import.meta.dirname, '../shared/openapi.json');
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log('Wrote shared/openapi.json');
