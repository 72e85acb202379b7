/**
 * Bundle the renderer (React + CSS) into out/renderer with esbuild. URLs are
 * relative (./main-HASH.js), so the same folder works from the web host, from
 * Electron's berth:// protocol and from file://. Views that pull in large
 * libraries (xterm.js for terminals and logs, the build view, the layer
 * browser) are split into chunks loaded on first use; every file but
 * index.html has a content hash in its name, so it can be cached for good.
 *
 * Used by `berth start` (launch/start.ts) and scripts/build.ts;
 *   node --import tsx scripts/build-renderer.ts [--watch]
 * runs it on its own.
 */
import { context, type BuildOptions, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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

/** The build's file list, kept in the output folder so that the next build knows the previous one's files. */
const MANIFEST = '.build-files.json';

/**
 * Files of the output folder to delete after a build: those neither of this build nor of the
 * previous one. The previous build's files stay, so a page opened before a rebuild can still
 * load the chunks it asks for (their names are hashed, so none is ever overwritten).
 */
export function staleFiles(present: readonly string[], current: ReadonlySet<string>, previous: ReadonlySet<string>): string[] {
  return present.filter((f) => f !== 'index.html' && f !== MANIFEST && !current.has(f) && !previous.has(f));
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : e.isFile() ? [`${prefix}${e.name}`] : [],
  );
}

/**
 * index.html from its template, pointing at this build's hashed script and stylesheet, with a
 * `modulepreload` for the script and each chunk it imports, so they download together instead of
 * one after another as each is parsed.
 */
export function indexHtml(template: string, script: string, stylesheet: string | undefined, imports: readonly string[] = []): string {
  if (!template.includes('./main.js') || !template.includes('./main.css')) throw new Error('renderer/index.html must load ./main.js and ./main.css');
  const preload = [script, ...imports].map((f) => `    <link rel="modulepreload" href="./${f}" />\n`).join('');
  return template
    .replace('./main.js', `./${script}`)
    .replace('./main.css', stylesheet ? `./${stylesheet}` : './main.css')
    .replace('  </head>', `${preload}  </head>`);
}

/** After each build: write index.html for the hashed names and drop files of builds before the previous one. */
function finish(outDir: string): Plugin {
  return {
    name: 'berth-renderer-finish',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length || !result.metafile) return;
        const outputs = Object.entries(result.metafile.outputs).map(([file, meta]) => ({
          file: relative(outDir, resolve(root, file)).split(sep).join('/'),
          meta,
        }));
        const entry = outputs.find((o) => o.meta.entryPoint && o.file.endsWith('.js'));
        if (!entry) throw new Error('The renderer build has no entry script.');
        const css = entry.meta.cssBundle ? relative(outDir, resolve(root, entry.meta.cssBundle)).split(sep).join('/') : undefined;
        const rel = (file: string) => relative(outDir, resolve(root, file)).split(sep).join('/');
        const imports = entry.meta.imports.filter((i) => i.kind === 'import-statement' && i.path.endsWith('.js')).map((i) => rel(i.path));
        writeFileSync(join(outDir, 'index.html'), indexHtml(readFileSync(join(root, 'renderer', 'index.html'), 'utf8'), entry.file, css, imports));
        const current = new Set(outputs.map((o) => o.file));
        let previous = new Set<string>();
        try {
          previous = new Set(JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as string[]);
        } catch {
          // no previous build (or an unreadable list): only this build's files are kept
        }
        for (const f of staleFiles(filesUnder(outDir), current, previous)) rmSync(join(outDir, f));
        writeFileSync(join(outDir, MANIFEST), JSON.stringify([...current]));
      });
    },
  };
}

function options(outDir: string): BuildOptions {
  return {
    entryPoints: { main: join(root, 'renderer', 'src', 'main.tsx') },
    absWorkingDir: root,
    bundle: true,
    outdir: outDir,
    format: 'esm',
    splitting: true,
    // Hashed names everywhere: the web host serves them as immutable, and index.html (never cached) names them.
    entryNames: '[name]-[hash]',
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    assetNames: 'assets/[name]-[hash]',
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
