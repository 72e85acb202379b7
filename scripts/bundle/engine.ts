/**
 * Berth's engine side (CLI and backend, engine/bin.ts) as one CommonJS
 * script, bundled with esbuild: `npm start` and `npm run berth` run it with
 * plain Node (no TypeScript compiled at start-up), and the packaged app's
 * `berth` executable (scripts/build-backend.ts) is made from it.
 */
import { build, type Plugin } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `npm run build` writes it in a checkout; engine/util/engine-bundle.ts finds it there. */
export const ENGINE_BUNDLE = join(root, 'out', 'engine', 'berth.cjs');

/**
 * Optional native add-ons (ssh2's, and ws's bufferutil and utf-8-validate):
 * each package requires them inside try/catch and uses JavaScript when that
 * throws. A single executable cannot load add-ons, so they become modules
 * that throw "not found" at once, as they would in a plain install without them.
 */
const absentAddons: Plugin = {
  name: 'absent-addons',
  setup(b) {
    b.onResolve({ filter: /^(cpu-features|bufferutil|utf-8-validate)$|\.node$/ }, (args) => ({ path: args.path, namespace: 'absent-addon' }));
    b.onLoad({ filter: /.*/, namespace: 'absent-addon' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

export async function bundleEngine(outfile = ENGINE_BUNDLE): Promise<string> {
  await build({
    entryPoints: [join(root, 'engine', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [absentAddons],
    // Paths are found from import.meta.url (engine/util/root.ts): the bundle's own file, two folders below the app root.
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundleUrl' },
    logLevel: 'warning',
  });
  return outfile;
}
