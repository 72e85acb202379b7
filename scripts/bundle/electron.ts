/**
 * Bundle Electron's main process and preload with esbuild into out/electron
 * (CommonJS, `electron` left external); no Electron binary is needed.
 * `node --import tsx scripts/build-electron.ts` runs it on its own.
 */
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../../engine/util/root.js';

const root = appRoot;

/** Build out/electron/main.cjs, preload.cjs and the window icon. */
export async function buildElectron(outDir = join(root, 'out', 'electron')): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ssh2's optional native add-ons stay out: inside try/catch, ssh2 falls back to its JavaScript code without them.
    external: ['electron', 'cpu-features', '*.node'],
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  await Promise.all([
    // Self-contained but for electron: the packaged app needs no node_modules for its main process.
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'main.ts')],
      outfile: join(outDir, 'main.cjs'),
      // Engine modules read import.meta.url (e.g. to find the app root); in the
      // CommonJS bundle it is the bundle's own file, two levels below the root like them.
      banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__bundleUrl' },
    }),
    // The sandboxed preload may require nothing but electron.
    build({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(outDir, 'preload.cjs') }),
  ]);
  const icon = join(root, 'assets', 'icon.png');
  if (existsSync(icon)) copyFileSync(icon, join(outDir, 'icon.png'));
}
