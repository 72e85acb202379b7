/** Save, load and import through the Images page, against the real engine and real files. */
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { extract } from 'tar-stream';
import { dockerCli, e2e } from './fixtures/berth.js';
import { BUSYBOX_IMAGE, busyboxRootfs } from './fixtures/images.js';
import { rowAction } from './fixtures/row-menu.js';

/** A fresh folder per run, made in the worker (Playwright also loads this file elsewhere to list tests). */
let dir = '';
const COPY = 'ui-archive/copy:v1';
const BIG = 'ui-archive/big:v1';

test.beforeAll(() => {
  dir = mkdtempSync('/tmp/berth-e2e-archive-');
});
test.afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const ref of [COPY, BIG, 'ui-archive/rootfs:v1']) await dockerCli(['rmi', '-f', ref]).catch(() => undefined);
});

/** The names of the entries of a tar file, and the text of its manifest.json. */
async function readTar(path: string): Promise<{ names: string[]; manifest: string }> {
  const x = extract();
  const names: string[] = [];
  let manifest = '';
  x.on('entry', (header, stream, next) => {
    names.push(header.name);
    let body = '';
    stream.on('data', (c: unknown) => {
      if (header.name === 'manifest.json') body += String(c);
    });
    stream.on('end', () => {
      if (header.name === 'manifest.json') manifest = body;
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    x.on('finish', resolve);
    x.on('error', reject);
    createReadStream(path).on('error', reject).pipe(x);
  });
  return { names, manifest };
}

const allImageIds = async () => (await dockerCli(['images', '-qa', '--no-trunc'])).split('\n').sort().join(' ');

/**
 * Opens the Save dialog of one image name. The list can still take in the image
 * just tagged while the click lands (rows move under the pointer), so a dialog
 * for another row is closed and the click made again.
 */
async function openSave(page: Page, ref: string) {
  const dialog = page.getByRole('dialog', { name: `Save ${ref}` });
  await expect(page.getByRole('button', { name: `More actions for ${ref}`, exact: true })).toBeVisible();
  await expect(async () => {
    if ((await page.getByRole('dialog').count()) > 0) await page.keyboard.press('Escape');
    if ((await page.getByRole('menu').count()) > 0) await page.keyboard.press('Escape');
    await rowAction(page, ref, `Save ${ref}`);
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  return dialog;
}

test('saves an image to a tar file, and loads it back after it was removed', async ({ page }) => {
  await dockerCli(['tag', BUSYBOX_IMAGE, COPY]);
  await page.goto(`${e2e.url}#/images`);
  const save = await openSave(page, COPY);
  const field = save.getByRole('textbox', { name: 'Save to file' });
  await expect(field).toHaveValue(/\/ui-archive_copy_v1\.tar$/);
  const file = join(dir, 'copy.tar');
  await field.fill(file);
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(save.getByRole('progressbar', { name: 'Save progress: 100%' })).toBeVisible();
  await expect(save.getByRole('status')).toHaveText(`Saved ${COPY} to ${file}.`);
  const tar = await readTar(file);
  expect(tar.names).toContain('manifest.json');
  expect(JSON.parse(tar.manifest)[0].RepoTags).toEqual([COPY]);
  expect(existsSync(`${file}.partial`)).toBe(false);
  await save.getByRole('button', { name: 'Close' }).click();

  await dockerCli(['rmi', COPY]);
  await expect(page.getByRole('row', { name: new RegExp(COPY) })).toHaveCount(0);
  await page.getByRole('button', { name: 'Load…' }).click();
  const load = page.getByRole('dialog', { name: 'Load images from a file' });
  await load.getByRole('textbox', { name: 'File to load' }).fill(file);
  await load.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(load.getByRole('progressbar', { name: 'Load progress: 100%' })).toBeVisible();
  await expect(load.getByRole('status')).toHaveText(`Loaded ${COPY}.`);
  expect(await dockerCli(['images', '-q', COPY])).not.toBe('');
  await load.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('row', { name: new RegExp(COPY) })).toBeVisible();
});

test('imports a gzipped root filesystem with a name and a CMD, and the image runs', async ({ page }) => {
  const file = join(dir, 'rootfs.tar.gz');
  writeFileSync(file, gzipSync(await busyboxRootfs()));
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: 'Import…' }).click();
  const d = page.getByRole('dialog', { name: 'Import a root filesystem' });
  await d.getByRole('textbox', { name: 'Tarball' }).fill(file);
  await d.getByRole('textbox', { name: 'Repository:tag (optional)' }).fill('UI/Rootfs');
  await expect(d.getByRole('alert')).toContainText('must be lower-case');
  await expect(d.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await d.getByRole('textbox', { name: 'Repository:tag (optional)' }).fill('ui-archive/rootfs:v1');
  await d.getByRole('textbox', { name: 'Changes (optional, one per line)' }).fill('CMD ["sh"]');
  await d.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(d.getByRole('status')).toHaveText(`Imported ${file} as ui-archive/rootfs:v1.`);
  await expect(d.getByRole('progressbar', { name: 'Import progress: 100%' })).toBeVisible();
  expect(await dockerCli(['image', 'inspect', '-f', '{{json .Config.Cmd}}', 'ui-archive/rootfs:v1'])).toBe('["sh"]');
  expect(await dockerCli(['run', '--rm', 'ui-archive/rootfs:v1', 'echo', 'imported ok'])).toBe('imported ok');
});

test('refuses bad paths and files with sentences, keeping the fields, files and images as they were', async ({ page }) => {
  const here = mkdtempSync(join(dir, 'bad-'));
  const before = await allImageIds();
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: 'Load…' }).click();
  const load = page.getByRole('dialog', { name: 'Load images from a file' });
  const path = load.getByRole('textbox', { name: 'File to load' });
  const missing = join(here, 'missing.tar');
  await path.fill(missing);
  await load.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(load.getByRole('alert')).toHaveText(`There is no file at ${missing}.`);
  await expect(path).toHaveValue(missing);

  const text = join(here, 'notes.txt');
  writeFileSync(text, 'these are notes, not an image archive\n');
  await path.fill(text);
  await load.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(load.getByRole('alert')).toContainText('The file is not an image archive: it is not a tar file, or it is cut short.');
  expect(await allImageIds()).toBe(before);
  await load.getByRole('button', { name: 'Cancel' }).click();

  const existing = join(here, 'existing.tar');
  writeFileSync(existing, 'keep me');
  const save = await openSave(page, BUSYBOX_IMAGE);
  const target = save.getByRole('textbox', { name: 'Save to file' });
  await target.fill(existing);
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(save.getByRole('alert')).toHaveText(`${existing} already exists. Choose another name, or tick "Replace the existing file".`);
  expect(readFileSync(existing, 'utf8')).toBe('keep me');
  await target.fill(join(here, 'no-such-folder', 'x.tar'));
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(save.getByRole('alert')).toHaveText(`The folder ${join(here, 'no-such-folder')} does not exist. Choose an existing folder.`);
  await target.fill('relative.tar');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(save.getByRole('alert')).toHaveText('Give a full path, starting with / or ~ (not "relative.tar").');
  expect(readdirSync(here).sort()).toEqual(['existing.tar', 'notes.txt']);
  expect(await allImageIds()).toBe(before);
});

test('cancelling the save of a big image leaves no partial file and keeps the file it was to replace', async ({ page }) => {
  test.setTimeout(180_000);
  if (!(await dockerCli(['images', '-q', BIG]))) {
    const id = await dockerCli(['create', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 200m /dev/urandom > /random.bin']);
    await dockerCli(['start', '-a', id]);
    await dockerCli(['commit', id, BIG]);
    await dockerCli(['rm', id]);
  }
  const target = join(dir, 'big.tar');
  writeFileSync(target, 'the previous save');
  await page.goto(`${e2e.url}#/images`);
  const save = await openSave(page, BIG);
  await save.getByRole('textbox', { name: 'Save to file' }).fill(target);
  await save.getByRole('checkbox', { name: /Replace the existing file/ }).check();
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  // The save is under way: its partial file exists beside the target.
  await expect.poll(() => existsSync(`${target}.partial`), { intervals: [20] }).toBe(true);
  await save.getByRole('button', { name: 'Cancel save' }).click();
  await expect(save.getByRole('status')).toHaveText('Cancelled; nothing was written.');
  await expect.poll(() => readdirSync(dir).filter((f) => f.startsWith('big.tar'))).toEqual(['big.tar']);
  expect(readFileSync(target, 'utf8')).toBe('the previous save');
});
