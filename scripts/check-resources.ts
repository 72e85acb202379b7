/**
 * Checks the resources tree `npm run dist:resources` assembled (default
 * `out/resources`) and electron-builder's configuration; prints one line per
 * check and exits 1 when any fails:
 *   every engine program present, executable, as the manifest says, and
 *   answering `--version` from the tree; a licence per package; the VM image
 *   whole (sha256s as its manifest says); every icon size, and the ICO and
 *   ICNS holding them; electron-builder.yml valid against electron-builder's
 *   own schema, shipping that tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_PROGRAMS, ICON_SIZES, TRAY_TEMPLATES, VM_IMAGE_FILES, pngSize, readIcns, readIco } from './resources-layout.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tree = resolve(process.argv[2] ?? join(root, 'out', 'resources'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Check {
  readonly what: string;
  readonly problem?: string;
}
const checks: Check[] = [];
const check = async (what: string, fn: () => unknown | Promise<unknown>) => {
  try {
    await fn();
    checks.push({ what });
  } catch (err) {
    checks.push({ what, problem: (err as Error).message.split('\n')[0] });
  }
};
const must = (ok: boolean, problem: string) => {
  if (!ok) throw new Error(problem);
};

/** What each program prints for --version (docker-init is tini). */
const VERSION_TEXT: Readonly<Record<string, RegExp>> = {
  dockerd: /^Docker version \d+\.\d+/,
  docker: /^Docker version \d+\.\d+/,
  containerd: /^containerd .*\d+\.\d+/,
  runc: /^runc version \d+\.\d+/,
  'docker-init': /^tini version \d+\.\d+/,
};

if (!existsSync(join(tree, 'engine', 'manifest.json'))) {
  console.error(`There is no resources tree at ${tree}: run \`npm run dist:resources\` first.`);
  process.exit(1);
}
const engine = JSON.parse(readFileSync(join(tree, 'engine', 'manifest.json'), 'utf8')) as {
  packages: Record<string, string>;
  programs: Record<string, { sha256: string }>;
  backend?: { sha256: string };
};
for (const name of Object.keys(ENGINE_PROGRAMS)) {
  const file = join(tree, 'engine', 'bin', name);
  await check(`engine/bin/${name} is there, executable, and the manifest's`, () => {
    accessSync(file, constants.X_OK);
    must(sha256(file) === engine.programs[name]?.sha256, 'its sha256 is not the one in engine/manifest.json');
  });
  const expected = VERSION_TEXT[name];
  if (expected) {
    await check(`engine/bin/${name} --version runs from the tree`, () => {
      const out = execFileSync(file, ['--version'], { env: { PATH: join(tree, 'engine', 'bin') } })
        .toString()
        .trim();
      must(expected.test(out), `it printed "${out.slice(0, 80)}"`);
    });
  }
}
const berth = join(tree, 'engine', 'bin', 'berth');
await check("engine/bin/berth (Berth's CLI and backend) is there, executable, and the manifest's", () => {
  accessSync(berth, constants.X_OK);
  must(sha256(berth) === engine.backend?.sha256, 'its sha256 is not the one in engine/manifest.json');
});
await check('engine/bin/berth runs as the CLI without Node or node_modules around it', () => {
  const out = execFileSync(berth, ['--help'], { env: { PATH: '/usr/bin:/bin' }, cwd: '/' }).toString();
  must(/^Usage: berth <command>/.test(out), `it printed "${out.slice(0, 80)}"`);
});
// The backend the app starts: from the tree alone, it serves a home and starts the tree's dockerd (native mode needs root).
if (process.getuid?.() === 0) {
  await check("engine/bin/berth __backend serves a home and starts the tree's own dockerd", () => {
    const home = mkdtempSync('/tmp/bt-res-');
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', BERTH_HOME: home, BERTH_RESOURCES: tree, HOME: home };
    try {
      execFileSync(berth, ['engine', 'up'], { env, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      const backend = execFileSync('ps', ['-eo', 'args='])
        .toString()
        .split('\n')
        .find((l) => l.startsWith(`${berth} __backend`));
      must(!!backend, 'no `berth __backend` process serves the home');
      const dockerd = readFileSync(join(home, 'logs', 'dockerd.log'), 'utf8');
      must(dockerd.includes(`Berth starts dockerd (${join(tree, 'engine', 'bin', 'dockerd')})`), "the engine is not the tree's dockerd");
      const info = execFileSync(join(tree, 'engine', 'bin', 'docker'), ['info', '--format', '{{.DockerRootDir}}'], {
        env: { DOCKER_HOST: `unix://${home}/run/docker.sock`, HOME: home },
      })
        .toString()
        .trim();
      must(info === join(home, 'engine', 'data'), `docker info says ${info}`);
    } finally {
      spawnSync(berth, ['engine', 'down'], { env, cwd: '/', timeout: 60_000 });
      rmSync(home, { recursive: true, force: true });
    }
  });
}
for (const pkg of Object.keys(engine.packages)) {
  await check(`engine/licenses/${pkg}.copyright (${engine.packages[pkg]})`, () =>
    must(/Copyright|License/i.test(readFileSync(join(tree, 'engine', 'licenses', `${pkg}.copyright`), 'utf8')), 'it names no copyright or licence'),
  );
}

const vm = JSON.parse(readFileSync(join(tree, 'vm-image', 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number; sha256: string }> };
for (const f of VM_IMAGE_FILES.filter((f) => f !== 'manifest.json')) {
  await check(`vm-image/${f} is whole`, () =>
    must(sha256(join(tree, 'vm-image', f)) === vm.files[f]?.sha256, 'its sha256 is not the one in vm-image/manifest.json'),
  );
}

for (const size of ICON_SIZES) {
  await check(`icons/${size}x${size}.png is ${size}×${size}`, () => {
    const { width, height } = pngSize(readFileSync(join(tree, 'icons', `${size}x${size}.png`)));
    must(width === size && height === size, `it is ${width}×${height}`);
  });
}
for (const [name, size] of Object.entries(TRAY_TEMPLATES)) {
  await check(`icons/${name} is ${size}×${size} (macOS tray template)`, () => {
    const png = readFileSync(join(tree, 'icons', name));
    const { width, height } = pngSize(png);
    must(width === size && height === size, `it is ${width}×${height}`);
  });
}
await check('icons/icon.ico holds 16 to 256 px PNGs', () => {
  const entries = readIco(readFileSync(join(tree, 'icons', 'icon.ico')));
  must(entries.map((e) => e.size).join(',') === '16,24,32,48,64,128,256' && entries.every((e) => e.png), JSON.stringify(entries));
});
await check('icons/icon.icns holds 16 to 1024 px PNGs', () => {
  const widths = readIcns(readFileSync(join(tree, 'icons', 'icon.icns'))).map((e) => e.width);
  must(Math.min(...widths) === 16 && Math.max(...widths) === 1024, `widths ${widths.join(', ')}`);
});

const require = createRequire(join(root, 'package.json'));
type Section = Record<string, unknown> | undefined;
let builderYml: Record<string, unknown> | undefined;
/** electron-builder.yml, read once (a read or parse error fails each check that needs it). */
const builderConfig = (): Record<string, unknown> =>
  (builderYml ??= (require('js-yaml') as { load(text: string): Record<string, unknown> }).load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; homepage?: string; author?: { email?: string } };

// electron-builder's own schema (its validation is what `electron-builder` runs first).
await check('electron-builder.yml is valid for electron-builder and ships this tree', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
  const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = builderConfig();
  await validateConfiguration(config, new DebugLogger(false));
  const extra = JSON.stringify(config.extraResources ?? []);
  for (const dir of ['engine', 'vm-image', 'icons']) must(extra.includes(`out/resources/${dir}`), `extraResources does not ship out/resources/${dir}`);
});
await check('the installers name the app, its maintainer, homepage, categories and icons', () => {
  const c = builderConfig();
  const [linux, mac, win] = [c.linux, c.mac, c.win] as Section[];
  const missing = [
    c.appId ? '' : 'appId',
    c.productName ? '' : 'productName',
    pkg.homepage ? '' : 'homepage (package.json)',
    pkg.author?.email ? '' : 'author email (package.json)',
    linux?.maintainer ? '' : 'linux.maintainer',
    linux?.category ? '' : 'linux.category',
    mac?.category ? '' : 'mac.category',
    JSON.stringify(linux?.target) === JSON.stringify(['AppImage', 'deb']) ? '' : 'linux targets AppImage and deb',
    mac?.target === 'dmg' ? '' : 'mac target dmg',
    win?.target === 'nsis' ? '' : 'win target nsis',
  ].filter(Boolean);
  must(!missing.length, `missing: ${missing.join(', ')}`);
});
// A running backend of another version hands over to the new one (engine/backend/launch.ts): the version must change with every release.
await check("the app's version (package.json) is the one its backend reports (engine/version.ts)", () => {
  const source = readFileSync(join(root, 'engine', 'version.ts'), 'utf8');
  const reported = /BERTH_VERSION = '([^']+)'/.exec(source)?.[1];
  must(reported === pkg.version, `package.json says ${pkg.version}, engine/version.ts says ${reported}`);
});
await check("electron-builder.yml flips Electron's fuses for release builds", () => {
  const fuses = (builderConfig().electronFuses ?? {}) as Record<string, boolean>;
  const wanted = {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
  };
  const wrong = Object.entries(wanted).filter(([k, v]) => fuses[k] !== v);
  must(!wrong.length, wrong.map(([k, v]) => `${k} should be ${v}`).join(', '));
});

for (const c of checks) console.log(`${c.problem ? 'FAIL' : 'ok  '} ${c.what}${c.problem ? `: ${c.problem}` : ''}`);
const failed = checks.filter((c) => c.problem).length;
console.log(`${checks.length - failed} of ${checks.length} resource checks pass.`);
process.exit(failed ? 1 : 0);
