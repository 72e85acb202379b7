/** Bundle Electron's main and preload with esbuild (electron stays external); no Electron binary needed. */
import { build, type BuildOptions } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron(outDir = join(root, 'out', 'electron')): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'main.ts')],
      outfile: join(outDir, 'main.cjs'),
      packages: 'external',
      // The engine code reads import.meta.url; in the CJS bundle it is the bundle's own file.
      banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__bundleUrl' },
    }),
    // The sandboxed preload may require nothing but electron.
    build({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(outDir, 'preload.cjs') }),
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
