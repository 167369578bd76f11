/** What dashboards get from the package: the class, the define entry, types and the Custom Elements Manifest. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetLibrary } from '../../scripts/build-widget';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the <lesson-join> package', () => {
  beforeAll(() => buildWidgetLibrary());

  it('exports the class without side effects, the define entry, their types and the manifest', () => {
    const { '.': cls, './define': define, './custom-elements.json': manifest } = pkg.exports;
    for (const file of [cls.types, cls.default, define.types, define.default, manifest])
      expect(existsSync(join(root, file)), file).toBe(true);
    expect(pkg.customElements).toBe(manifest.replace(/^\.\//, ''));

    const chunks = readdirSync(join(root, 'dist/lib/chunks')).map((f) => read(`dist/lib/chunks/${f}`));
    expect([read(cls.default), ...chunks].join('\n')).not.toContain('customElements.define');
    expect(read(define.default)).toMatch(
      /if \(!customElements\.get\("lesson-join"\)\) customElements\.define\("lesson-join", LessonJoin\)/,
    );
    // Lit and qrcode stay dependencies of the dashboard's own bundle.
    expect(chunks.join('\n')).toMatch(/from "lit"/);
    expect(read(cls.types)).toMatch(/export declare class LessonJoin extends LitElement/);
    expect(read(cls.types)).toMatch(/'lesson-join': LessonJoin/);
  });

  it('describes the element in its Custom Elements Manifest, from the JSDoc', () => {
    const manifest = JSON.parse(read(pkg.exports['./custom-elements.json']));
    const element = manifest.modules
      .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
      .find((d: { tagName?: string }) => d.tagName === 'lesson-join');
    const names = (list: { name: string }[]) => list.map((x) => x.name);
    expect(element.summary).toMatch(/paid online lesson/);
    expect(names(element.attributes)).toEqual(['link', 'api', 'limit', 'layout', 'theme']);
    expect(names(element.events)).toEqual(['lj-loaded', 'lj-join', 'lj-copy', 'lj-copy-error', 'lj-error']);
    expect(names(element.slots)).toEqual(['', 'no-link']);
    expect(names(element.cssParts)).toEqual(
      expect.arrayContaining([
        'base',
        'heading',
        'join',
        'copy',
        'qr',
        'status',
        'badge',
        'meeting-id',
        'passcode',
        'next',
        'photo',
        'list',
        'item',
      ]),
    );
    expect(names(element.cssProperties)).toEqual(
      expect.arrayContaining([
        '--lesson-join-accent',
        '--lesson-join-background',
        '--lesson-join-text',
        '--lesson-join-control',
        '--lesson-join-max-width',
      ]),
    );
  });
});
