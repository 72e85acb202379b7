/**
 * The `berth` executable the packaged app ships in resources/engine/bin:
 * Berth's engine side (CLI and backend, engine/bin.ts) bundled into one
 * CommonJS script (scripts/bundle/engine.ts) and made a Node single executable application
 * (this Node, with the script injected by postject). The desktop app starts
 * its backend with it (`berth __backend`), so the app's own binary never
 * has to run as Node and the run-as-node fuse stays off in release builds.
 * Build it on each platform for that platform (it is this machine's Node).
 * `node --import tsx scripts/build-backend.ts [outDir]` runs it on its own.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEngine } from './bundle/engine.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Node's marker for where the application blob goes (from Node's single-executable documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function buildBackend(outDir = join(root, 'out', 'backend')): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const script = join(outDir, 'berth.cjs');
  await bundleEngine(script);
  const blob = join(outDir, 'berth.blob');
  const config = join(outDir, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
  // It says "Wrote single executable preparation blob…" on stderr; only a failure is worth showing.
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exe = join(outDir, process.platform === 'win32' ? 'berth.exe' : 'berth');
  rmSync(exe, { force: true });
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  // A signed Node must lose its signature before it is changed (the packaging signs the app again).
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe]);
  // postject's ELF reader warns about note sections it does not name (harmless, known); its other words pass through.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  try {
    const postject = createRequire(join(root, 'package.json'))('postject') as {
      inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
    };
    await postject.inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
  } finally {
    console.warn = warn;
  }
  rmSync(blob);
  rmSync(config);
  return exe;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const exe = await buildBackend(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`Built ${exe}.`);
}
