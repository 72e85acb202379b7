/**
 * `npm run dist:resources`: the tree electron-builder ships as
 * `extraResources`, assembled without Electron, in `out/resources` (or the
 * folder given):
 *   engine/bin/       dockerd, docker-proxy, docker, containerd,
 *                     containerd-shim-runc-v2, runc, docker-init — taken from
 *                     the Debian packages (`apt-get download`, `dpkg-deb -x`),
 *                     from nowhere else
 *                     — and `berth`, Berth's CLI and backend as one Node
 *                     executable (scripts/build-backend.ts), which the app
 *                     runs its backend with
 *   engine/licenses/  each package's copyright file
 *   engine/manifest.json  packages with versions, programs with sha256s
 *   vm-image/         the VM image (`npm run engine:image`, reused per recipe)
 *   icons/            every size the platforms need, drawn from assets/icon.svg
 *                     (PNGs, icon.ico, icon.icns), and macOS's tray template
 *                     images from assets/tray.svg
 * `scripts/check-resources.ts` checks the result.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_PACKAGES, ENGINE_PROGRAMS, ICON_SIZES, TRAY_TEMPLATES, icns, ico } from './resources-layout.js';
import { imageCacheDir } from '../engine/engine/vm/recipe.js';
import { buildBackend } from './build-backend.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'out', 'resources'));
const run = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function engine(): Promise<void> {
  const work = mkdtempSync('/tmp/berth-debs-');
  try {
    // apt-get download runs as the _apt user where it can; the folder must let it write.
    execFileSync('chmod', ['0777', work]);
    try {
      run('apt-get', ['download', '-q', ...ENGINE_PACKAGES], work);
    } catch {
      // Package lists can be missing or stale on a machine whose packages were all installed long ago.
      if (process.getuid?.() !== 0) throw new Error(`apt-get could not download ${ENGINE_PACKAGES.join(', ')}: run \`sudo apt-get update\` and try again.`);
      run('apt-get', ['update', '-qq']);
      run('apt-get', ['download', '-q', ...ENGINE_PACKAGES], work);
    }
    const packages: Record<string, string> = {};
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      const [name, version] = run('dpkg-deb', ['--show', '--showformat=${Package} ${Version}', join(work, deb)]).split(' ');
      packages[name!] = version!;
      run('dpkg-deb', ['-x', join(work, deb), join(work, 'x')]);
    }
    const bin = join(out, 'engine', 'bin');
    const licenses = join(out, 'engine', 'licenses');
    mkdirSync(bin, { recursive: true });
    mkdirSync(licenses, { recursive: true });
    const programs: Record<string, { from: string; sha256: string }> = {};
    for (const [name, path] of Object.entries(ENGINE_PROGRAMS)) {
      // Links (docker-init → tini-static) are copied as the file they point to.
      copyFileSync(realpathSync(join(work, 'x', path)), join(bin, name));
      execFileSync('chmod', ['0755', join(bin, name)]);
      programs[name] = { from: path, sha256: sha256(join(bin, name)) };
    }
    for (const name of Object.keys(packages)) copyFileSync(join(work, 'x', 'usr', 'share', 'doc', name, 'copyright'), join(licenses, `${name}.copyright`));
    const berth = await buildBackend(join(work, 'backend'));
    copyFileSync(berth, join(bin, 'berth'));
    execFileSync('chmod', ['0755', join(bin, 'berth')]);
    const backend = { node: process.version, sha256: sha256(join(bin, 'berth')) };
    writeFileSync(
      join(out, 'engine', 'manifest.json'),
      JSON.stringify({ source: 'Debian packages via apt-get download', packages, programs, backend }, null, 2) + '\n',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function vmImage(): void {
  const image = join(root, '.berth', 'vm-image');
  execFileSync('node', ['--import', 'tsx', join(root, 'scripts', 'engine-image.ts'), '--cache', imageCacheDir(), image], { stdio: 'inherit' });
  cpSync(image, join(out, 'vm-image'), { recursive: true });
}

/** Each size drawn from the one SVG by Chromium (Debian's), with a transparent background. */
async function icons(): Promise<void> {
  const { chromium } = await import('@playwright/test');
  const svg = readFileSync(join(root, 'assets', 'icon.svg'), 'utf8');
  const dir = join(out, 'icons');
  mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  /** One SVG drawn at `size` px square as a PNG. */
  const render = async (source: string, size: number): Promise<Buffer> => {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    try {
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${source.replace('<svg', `<svg width="${size}" height="${size}"`)}</body></html>`,
      );
      return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    } finally {
      await page.close();
    }
  };
  try {
    const pngs = new Map<number, Buffer>();
    for (const size of ICON_SIZES) {
      const png = await render(svg, size);
      pngs.set(size, png);
      writeFileSync(join(dir, `${size}x${size}.png`), png);
    }
    // The macOS menu bar's tray image: a black glyph macOS recolours ("Template"), at 1× and 2×.
    const tray = readFileSync(join(root, 'assets', 'tray.svg'), 'utf8');
    for (const [name, size] of Object.entries(TRAY_TEMPLATES)) writeFileSync(join(dir, name), await render(tray, size));
    writeFileSync(join(dir, 'icon.ico'), ico(pngs));
    writeFileSync(join(dir, 'icon.icns'), icns(pngs));
    copyFileSync(join(dir, '512x512.png'), join(dir, 'icon.png'));
  } finally {
    await browser.close();
  }
}

const t0 = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await engine();
vmImage();
await icons();
console.log(`Resources in ${out} after ${((Date.now() - t0) / 1000).toFixed(0)} s; check them with \`node --import tsx scripts/check-resources.ts\`.`);
