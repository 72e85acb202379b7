/** Bundle the renderer (React + CSS) into out/renderer with esbuild; relative URLs so file:// works too. */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer({ outDir = join(root, 'out', 'renderer') }: { outDir?: string }): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'renderer', 'src', 'main.tsx') },
    bundle: true,
    outdir: outDir,
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'renderer', 'index.html'), join(outDir, 'index.html'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer({});
}
