/**
 * `npm run dist`: the installers for this platform (AppImage and .deb on
 * Linux, dmg on macOS, nsis on Windows) with electron-builder, from the
 * Electron binary npm installed. Where that binary could not be obtained it
 * stops with one sentence; `npm run dist:resources` still assembles the rest.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronDist = join(root, 'node_modules', 'electron', 'dist');
const binary = { win32: 'electron.exe', darwin: 'Electron.app' }[process.platform as string] ?? 'electron';
if (!existsSync(join(electronDist, binary))) {
  console.error(
    `npm run dist stops: Electron's binary is not in ${electronDist} (npm could not download it here), and electron-builder packages that binary; \`npm run dist:resources\` assembles and checks everything else.`,
  );
  process.exit(1);
}
const step = (args: string[]) => execFileSync('node', args, { cwd: root, stdio: 'inherit' });
step(['--import', 'tsx', 'scripts/build.ts']);
step(['--import', 'tsx', 'scripts/dist-resources.ts']);
// --e2e: the unpacked app Playwright can launch (the inspector fuse on, nothing else different), in dist/e2e.
const { e2e } = parseArgs({ options: { e2e: { type: 'boolean', default: false } } }).values;
step([
  join(root, 'node_modules', 'electron-builder', 'cli.js'),
  '--config',
  'electron-builder.yml',
  `-c.electronDist=${electronDist}`,
  ...(e2e ? ['--dir', '-c.electronFuses.enableNodeCliInspectArguments=true', '-c.directories.output=dist/e2e'] : []),
  '--publish',
  'never',
]);
