/**
 * qrcode and jsqr are CommonJS. @web/dev-server serves files unbundled, so each is pre-bundled
 * once with esbuild into a single ES module with a default export (as the widget build does for
 * qrcode). @rollup/plugin-commonjs through fromRollup() mis-converts multi-file CommonJS packages.
 * @example plugins: [cjsPrebundle(['qrcode', 'jsqr'])]
 */
import { build } from 'esbuild';

/** @param {string[]} packages bare specifiers served as `/__cjs__/{name}.js` */
export function cjsPrebundle(packages) {
  const cache = new Map();
  return {
    name: 'cjs-prebundle',
    resolveImport({ source }) {
      if (packages.includes(source)) return `/__cjs__/${source}.js`;
    },
    async serve(context) {
      const name = /^\/__cjs__\/(.+)\.js$/.exec(context.path)?.[1];
      if (!name || !packages.includes(name)) return;
      if (!cache.has(name)) {
        const out = await build({
          stdin: { contents: `import m from '${name}'; export default m;`, resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          write: false,
          logLevel: 'silent',
        });
        cache.set(name, out.outputFiles[0].text);
      }
      return { body: cache.get(name), type: 'js' };
    },
  };
}
