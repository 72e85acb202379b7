/**
 * Two images compared file by file through the UI: picked from the local images, with their totals and each difference;
 * their package changes; and a build compared with the image its tag named before it, from the build history.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildFromDockerfile, BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const A = 'ui-diff/a:1';
const B = 'ui-diff/b:1';
const PA = 'ui-diff/pkg-a:1';
const PB = 'ui-diff/pkg-b:1';
const PREV = 'ui-diff/prev:1';

/** A RUN that writes a dpkg status file listing these packages ("name version" each). */
const dpkg = (...packages: string[]) =>
  `RUN mkdir -p /var/lib/dpkg && printf '${packages
    .map((p) => `Package: ${p.split(' ')[0]}\\nStatus: install ok installed\\nArchitecture: amd64\\nVersion: ${p.split(' ')[1]}\\n`)
    .join('\\n')}' > /var/lib/dpkg/status\n`;
let context = '';

test.beforeAll(async () => {
  const host = process.env.BERTH_E2E_DOCKER_HOST!;
  await buildFromDockerfile(host, A, `FROM ${BUSYBOX_IMAGE}\nRUN echo aaaa > /app.txt && echo gone > /old.txt && echo same > /same.txt\n`);
  await buildFromDockerfile(host, B, `FROM ${A}\nRUN echo bbbb > /app.txt && busybox rm /old.txt && echo hello > /new.txt && busybox touch /same.txt\n`);
  await buildFromDockerfile(host, PA, `FROM ${BUSYBOX_IMAGE}\n${dpkg('libc6 2.36-9', 'curl 7.88.1-10', 'zlib1g 1:1.2.13', 'tar 1.34')}`);
  await buildFromDockerfile(host, PB, `FROM ${PA}\n${dpkg('libc6 2.36-9+deb12u4', 'zlib1g 1:1.2.11', 'git 1:2.39.2', 'tar 1.34')}`);
  context = mkdtempSync('/tmp/berth-e2e-prev-');
  writeFileSync(join(context, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY v.txt /v.txt\n`);
});
test.afterAll(async () => {
  await dockerCli(['rmi', '-f', B, A, PB, PA, PREV]).catch(() => undefined);
  rmSync(context, { recursive: true, force: true });
});

test('picks two local images and sees the added, removed and changed files with their totals', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(A)}`);
  const view = page.getByRole('region', { name: 'Compare files' });
  await expect(view.getByText('Choose image B, then Show differences.')).toBeVisible();
  await expect(view.getByRole('combobox', { name: 'Image A' })).toHaveValue(A);
  await expect(view.getByRole('combobox', { name: 'Image B' }).getByRole('option', { name: B })).toBeAttached();
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(B);
  await view.getByRole('button', { name: 'Show differences' }).click();

  await expect(view.getByRole('status').filter({ hasText: 'They share their first 2 layers' })).toContainText('1 added, 1 removed, 1 changed.');
  const totals = view.getByLabel('Comparison totals');
  // hello\n is new; gone\n is gone; app.txt's 5 bytes changed on both sides.
  await expect(totals.getByText('Added', { exact: true }).locator('..')).toContainText('11 B new');
  await expect(totals.getByText('Removed', { exact: true }).locator('..')).toContainText('10 B gone');
  const list = view.getByRole('list', { name: 'Differences', exact: true });
  await expect(list.getByRole('listitem', { name: '/new.txt: added' })).toContainText('6 B');
  await expect(list.getByRole('listitem', { name: '/old.txt: removed' })).toContainText('A L1');
  await expect(list.getByRole('listitem', { name: '/app.txt: content (5 B)' })).toContainText('A L1 · B L2');
  await expect(list.getByRole('listitem', { name: /same\.txt/ })).toHaveCount(0);
  await expect(view.getByRole('list', { name: 'Layers of image B that wrote the differences' })).toContainText('echo bbbb');

  await view.getByRole('button', { name: 'Changed only' }).click();
  await expect(view.getByRole('button', { name: 'Changed only' })).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('/app.txt: content (5 B)');
  await view.getByRole('button', { name: 'All differences' }).click();

  // The changed text file as a unified diff of its two versions.
  await list.getByRole('button', { name: 'Show the text diff of /app.txt' }).click();
  const unified = view.getByRole('region', { name: 'Text diff of /app.txt' }).getByLabel('Unified diff');
  await expect(unified).toHaveText(['--- a/app.txt', '+++ b/app.txt', '@@ -1,1 +1,1 @@', '-aaaa', '+bbbb', ''].join('\n'));

  if (process.env.BERTH_SHOTS) {
    await view.scrollIntoViewIfNeeded();
    await page.emulateMedia({ colorScheme: 'light' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'image-diff-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'image-diff-dark.png') });
  }

  // An image compared with itself has nothing to list, and says so.
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(A);
  await view.getByRole('button', { name: 'Show differences' }).click();
  await expect(view.getByText('No differences: both images hold the same files.')).toBeVisible();
  await expect(view.getByRole('region', { name: 'Package changes' })).toContainText('Neither image has a package database Berth reads');
});

test('lists the packages added, removed, upgraded and downgraded, with the layer of each image, filtered and searched', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(PA)}`);
  const view = page.getByRole('region', { name: 'Compare files' });
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(PB);
  await view.getByRole('button', { name: 'Show differences' }).click();
  const packages = view.getByRole('region', { name: 'Package changes' });
  await expect(packages.getByRole('status')).toHaveText('1 added, 1 removed, 1 upgraded, 1 downgraded; 1 the same.');
  const list = packages.getByRole('list', { name: 'Package differences' });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(list.getByRole('listitem', { name: 'upgraded libc6 2.36-9 → 2.36-9+deb12u4' })).toContainText('A L1 · B L2');
  await expect(list.getByRole('listitem', { name: 'downgraded zlib1g 1:1.2.13 → 1:1.2.11' })).toBeVisible();
  await expect(list.getByRole('listitem', { name: 'removed curl 7.88.1-10' })).toContainText('A L1');
  await expect(list.getByRole('listitem', { name: 'added git 1:2.39.2' })).toContainText('B L2');
  await expect(list.getByRole('listitem', { name: /tar/ })).toHaveCount(0);

  await packages.getByRole('button', { name: 'Upgraded (1)' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('upgraded libc6 2.36-9 → 2.36-9+deb12u4');
  await packages.getByRole('searchbox', { name: 'Find package changes' }).fill('zlib');
  await expect(packages.getByText('No package difference matches “zlib” among the upgraded ones.')).toBeVisible();
  await packages.getByRole('button', { name: 'All', exact: true }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('downgraded zlib1g 1:1.2.13 → 1:1.2.11');
  await packages.getByRole('searchbox', { name: 'Find package changes' }).fill('');

  if (process.env.BERTH_SHOTS) {
    await packages.scrollIntoViewIfNeeded();
    await page.emulateMedia({ colorScheme: 'light' });
    await packages.screenshot({ path: join(process.env.BERTH_SHOTS, 'package-diff-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await packages.screenshot({ path: join(process.env.BERTH_SHOTS, 'package-diff-dark.png') });
  }

  // The same image on both sides: the same packages, and a sentence says so.
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(PA);
  await view.getByRole('button', { name: 'Show differences' }).click();
  await expect(packages.getByRole('status')).toHaveText('Both images have the same 4 packages, at the same versions.');
  await expect(packages.getByRole('list', { name: 'Package differences' })).toHaveCount(0);
});

test('compares a build with the image its tag named before it, from the build history; says so when that image is deleted', async ({ page }) => {
  const buildOnce = async (body: string) => {
    writeFileSync(join(context, 'v.txt'), body);
    await page.goto(`${e2e.url}#/builds`);
    const form = page.getByRole('form', { name: 'Build an image' });
    await form.getByRole('textbox', { name: 'Context folder' }).fill(context);
    await form.getByRole('textbox', { name: 'Tags' }).fill(PREV);
    await form.getByRole('button', { name: 'Build' }).click();
    await expect(page.getByRole('region', { name: 'Build', exact: true }).getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
    return dockerCli(['image', 'inspect', '-f', '{{.Id}}', PREV]);
  };
  const before = await buildOnce('one\n');
  const after = await buildOnce('two two\n');
  expect(after).not.toBe(before);
  const history = page.getByRole('table', { name: 'Build history' });
  // Only the second build had a previous image to compare with.
  const compare = history.getByRole('link', { name: new RegExp(`^Compare the files of ${PREV.replace(/[/:.]/g, '\\$&')} before and after`) });
  await expect(compare).toHaveCount(1);

  if (process.env.BERTH_SHOTS) {
    await page.emulateMedia({ colorScheme: 'light' });
    await history.screenshot({ path: join(process.env.BERTH_SHOTS, 'build-previous-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await history.screenshot({ path: join(process.env.BERTH_SHOTS, 'build-previous-dark.png') });
  }

  await compare.click();
  await expect(page).toHaveURL(new RegExp(`#/images/${after.slice(7, 19)}\\?compare=${before.slice(7, 19)}$`));
  const view = page.getByRole('region', { name: 'Compare files' });
  await expect(view.getByRole('combobox', { name: 'Image A' })).toHaveValue(before.slice(7, 19));
  await expect(view.getByRole('combobox', { name: 'Image B' })).toHaveValue(after.slice(7, 19));
  await expect(view.getByRole('status').filter({ hasText: 'They share their first' })).toContainText('0 added, 0 removed, 1 changed.');
  await expect(view.getByRole('list', { name: 'Differences', exact: true }).getByRole('listitem', { name: '/v.txt: 4 B → 8 B' })).toBeVisible();
  if (process.env.BERTH_SHOTS) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'build-previous-compare-dark.png') });
  }

  await dockerCli(['rmi', before]);
  await page.goto(`${e2e.url}#/builds`);
  await expect(history.getByText(`The image ${PREV} named before (${before.slice(7, 19)}) was deleted: there is nothing to compare with.`)).toBeVisible();
  await expect(compare).toHaveCount(0);
  if (process.env.BERTH_SHOTS) {
    await page.emulateMedia({ colorScheme: 'light' });
    await history.screenshot({ path: join(process.env.BERTH_SHOTS, 'build-previous-gone-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await history.screenshot({ path: join(process.env.BERTH_SHOTS, 'build-previous-gone-dark.png') });
  }
});
