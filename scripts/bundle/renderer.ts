/**
 * Bundle the renderer (React + CSS) into out/renderer with esbuild. URLs are
 * relative (./main.js), so the same folder works from the web host, from
 * Electron's berth:// protocol and from file://. Views that pull in large
 * libraries (xterm.js for logs) are split into chunks loaded on first use.
 *
 * Used by `berth start` (launch/start.ts) and scripts/build.ts;
 *   node --import tsx scripts/build-renderer.ts [--watch]
 * runs it on its own.
 */
import { context, type BuildOptions, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { appRoot } from '../../engine/util/root.js';

const root = appRoot;
const CHUNKS = 'chunks';

export interface RendererBuildOptions {
  /** Where the bundle goes; out/renderer by default. */
  readonly outDir?: string;
  /** Keep rebuilding on every change until stop() is called. */
  readonly watch?: boolean;
}

export interface RendererBuild {
  readonly outDir: string;
  /** Stop watching (a no-op for a one-off build). */
  stop(): Promise<void>;
}

/** After each build: copy index.html and drop chunks that no longer belong to the bundle. */
function finish(outDir: string): Plugin {
  return {
    name: 'berth-renderer-finish',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length || !result.metafile) return;
        copyFileSync(join(root, 'renderer', 'index.html'), join(outDir, 'index.html'));
        const current = new Set(Object.keys(result.metafile.outputs).map((f) => basename(f)));
        const chunkDir = join(outDir, CHUNKS);
        for (const f of readdirSync(chunkDir, { withFileTypes: true })) {
          if (f.isFile() && !current.has(f.name)) rmSync(join(chunkDir, f.name));
        }
      });
    },
  };
}

function options(outDir: string): BuildOptions {
  return {
    entryPoints: { main: join(root, 'renderer', 'src', 'main.tsx') },
    bundle: true,
    outdir: outDir,
    format: 'esm',
    splitting: true,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    target: 'chrome120',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [finish(outDir)],
  };
}

/** Build the renderer once, or keep it built while `watch` is set. */
export async function buildRenderer({ outDir = join(root, 'out', 'renderer'), watch = false }: RendererBuildOptions = {}): Promise<RendererBuild> {
  mkdirSync(join(outDir, CHUNKS), { recursive: true });
  const ctx = await context(options(outDir));
  if (watch) {
    await ctx.watch();
    return { outDir, stop: () => ctx.dispose() };
  }
  try {
    const result = await ctx.rebuild();
    if (result.errors.length) throw new Error(`The renderer did not build: ${result.errors.length} error(s), shown above.`);
  } finally {
    await ctx.dispose();
  }
  return { outDir, stop: async () => undefined };
}
