// `npm run berth -- <command>`: Berth's CLI from the engine bundle (out/engine/berth.cjs), which plain Node
// starts without compiling TypeScript. The bundle is made again first when any engine source, the
// bundler or the lockfile is newer than it. Plain JavaScript, so that this check costs no compiler either.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'engine', 'berth.cjs');

/** The newest modification time of the TypeScript under `dir` (tests and fixtures aside). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'integration') t = Math.max(t, newest(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

const sources = Math.max(newest(join(root, 'engine')), mtime(join(root, 'scripts', 'bundle', 'engine.ts')), mtime(join(root, 'package-lock.json')));
if (mtime(bundle) < sources) {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', `await (await import('./scripts/bundle/engine.ts')).bundleEngine()`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
// npm runs scripts in the package's folder: relative paths (compose files, build contexts) start where the user typed the command.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
// The bundle reads its command from process.argv[2] on, as it would run on its own.
process.argv.splice(1, 1, bundle);
createRequire(import.meta.url)(bundle);
