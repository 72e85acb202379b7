/**
 * Type-checks the Electron app (electron/) against Electron's own types.
 * Where npm could not install Electron (its binary download fails, so the
 * optional dependency is dropped), the types come from the same version's
 * package, fetched with `npm pack` from the registry (no binary needed)
 * into out/electron-types.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
const version = lock.packages['node_modules/electron']?.version;
if (!version) throw new Error('package-lock.json names no Electron version.');

let typesDir = join(root, 'node_modules', 'electron');
if (!existsSync(join(typesDir, 'electron.d.ts'))) {
  const out = join(root, 'out', 'electron-types');
  typesDir = join(out, 'package');
  if (
    !existsSync(join(typesDir, 'electron.d.ts')) ||
    (JSON.parse(readFileSync(join(typesDir, 'package.json'), 'utf8')) as { version: string }).version !== version
  ) {
    mkdirSync(out, { recursive: true });
    const tgz = execFileSync('npm', ['pack', `electron@${version}`, '--silent'], { cwd: out, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', ['xzf', tgz, 'package/electron.d.ts', 'package/package.json'], { cwd: out });
  }
}
const config = join(root, 'out', 'tsconfig.electron.json');
writeFileSync(
  config,
  JSON.stringify({
    extends: join(root, 'electron', 'tsconfig.json'),
    compilerOptions: { paths: { electron: [join(typesDir, 'electron.d.ts')] } },
    // The engine's own declarations of untyped modules, for the engine files the shell reaches.
    include: [join(root, 'electron', '**', '*.ts'), join(root, 'engine', '**', '*.d.ts')],
  }),
);
execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', config], { stdio: 'inherit' });
console.log(`The Electron app type-checks against Electron ${version}'s types.`);
