/** Container actions through the UI, against the real engine. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { rowAction } from './fixtures/row-menu.js';

test.describe.configure({ mode: 'serial' });

const row = (page: Page, name: string) => page.getByRole('row', { name: new RegExp(`\\b${name}\\b`) });
const stateOf = (name: string) => dockerCli(['inspect', '-f', '{{.State.Status}}', name]);

test('stops and starts a container from its row', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-life', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('button', { name: 'Stop ui-life' }).click();
  await expect(row(page, 'ui-life')).toContainText('exited', { timeout: 20_000 });
  expect(await stateOf('ui-life')).toBe('exited');
  await page.getByRole('button', { name: 'Start ui-life' }).click();
  await expect(row(page, 'ui-life')).toContainText('running');
  // Restart: running again, with a new start time.
  const startedAt = await dockerCli(['inspect', '-f', '{{.State.StartedAt}}', 'ui-life']);
  await page.getByRole('checkbox', { name: 'Select ui-life' }).check();
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('combobox', { name: 'Stop timeout' }).selectOption('0');
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Restart' }).click();
  await expect.poll(() => dockerCli(['inspect', '-f', '{{.State.StartedAt}}', 'ui-life']), { timeout: 20_000 }).not.toBe(startedAt);
  await expect(row(page, 'ui-life')).toContainText('running');
});

test('acts on several selected containers at once', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-batch-1', BUSYBOX_IMAGE, 'sleep', '600']);
  await dockerCli(['run', '-d', '--name', 'ui-batch-2', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('checkbox', { name: 'Select ui-batch-1' }).check();
  await page.getByRole('checkbox', { name: 'Select ui-batch-2' }).check();
  const bar = page.getByRole('toolbar', { name: 'Selected containers' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Pause' }).click();
  await expect(row(page, 'ui-batch-1')).toContainText('paused');
  await expect(row(page, 'ui-batch-2')).toContainText('paused');
  await bar.getByRole('button', { name: 'Resume' }).click();
  await expect(row(page, 'ui-batch-2')).toContainText('running');
  // Stop with no grace period: sleep ignores SIGTERM, so only a 0 s timeout stops it at once.
  await bar.getByRole('combobox', { name: 'Stop timeout' }).selectOption('0');
  const since = Math.floor(Date.now() / 1000) - 1;
  await bar.getByRole('button', { name: 'Stop' }).click();
  await expect(row(page, 'ui-batch-1')).toContainText('exited');
  await expect(row(page, 'ui-batch-2')).toContainText('exited');
  // The engine's own record of the stop: SIGTERM, then SIGKILL as soon as the 0 s grace period asked for is over — not
  // after the default 10 s one (the gap between the two, on the engine's clock, says which was used).
  for (const name of ['ui-batch-1', 'ui-batch-2']) {
    const until = Math.floor(Date.now() / 1000) + 1;
    const kills = await dockerCli([
      'events',
      '--since',
      String(since),
      '--until',
      String(until),
      '--filter',
      `container=${name}`,
      '--filter',
      'event=kill',
      '--format',
      '{{.Actor.Attributes.signal}} {{.TimeNano}}',
    ]);
    const signals = kills
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    expect(
      signals.map(([signal]) => signal),
      `kill signals sent to ${name}`,
    ).toEqual(['15', '9']);
    const graceSeconds = Number(BigInt(signals[1]![1]!) - BigInt(signals[0]![1]!)) / 1e9;
    expect(graceSeconds, `seconds between SIGTERM and SIGKILL for ${name}`).toBeLessThan(5);
  }
});

test('removal names what will be lost, and keeps named volumes', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-vols', '-v', 'ui-keep:/data', '-v', '/scratch', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers`);
  await rowAction(page, 'ui-vols', 'Remove ui-vols');
  const dialog = page.getByRole('dialog', { name: 'Remove ui-vols?' });
  await expect(dialog).toContainText('Running now, and stopped first: ui-vols.');
  await expect(dialog).toContainText('Named volumes are kept: ui-keep.');
  // Cancel loses nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, 'ui-vols')).toBeVisible();
  await rowAction(page, 'ui-vols', 'Remove ui-vols');
  await dialog.getByRole('checkbox', { name: /Also delete 1 anonymous volume/ }).check();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row(page, 'ui-vols')).toHaveCount(0);
  const volumes = await dockerCli(['volume', 'ls', '-q']);
  expect(volumes.split('\n')).toContain('ui-keep');
});

test('renames, refusing a bad name with its rule', async ({ page }) => {
  await dockerCli(['create', '--name', 'ui-old', BUSYBOX_IMAGE, 'true']);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('checkbox', { name: 'Select ui-old' }).check();
  await page.getByRole('button', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename ui-old' });
  await dialog.getByRole('textbox', { name: 'New name' }).fill('bad name');
  await expect(dialog).toContainText('A name has at least two characters');
  await expect(dialog.getByRole('button', { name: 'Rename' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'New name' }).fill('ui-new');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(row(page, 'ui-new')).toBeVisible();
  expect(await stateOf('ui-new')).toBe('created');
});

test('copies a container as a docker run command', async ({ page }) => {
  await dockerCli(['create', '--name', 'ui-copy', '-e', 'MODE=demo', '-p', '127.0.0.1:18999:80', BUSYBOX_IMAGE, 'httpd', '-f']);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('checkbox', { name: 'Select ui-copy' }).check();
  await page.getByRole('button', { name: 'Copy as docker run' }).click();
  await expect(page.getByLabel('docker run command')).toHaveText(`docker run -d --name ui-copy -e MODE=demo -p 127.0.0.1:18999:80 ${BUSYBOX_IMAGE} httpd -f`);
});

test('saves a container as compose.yaml, shown first, refusing to replace a file unasked', async ({ page }) => {
  const file = join(mkdtempSync('/tmp/bt-e2e-export-'), 'ui-copy.yaml');
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('checkbox', { name: 'Select ui-copy' }).check();
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Save as compose.yaml' }).click();
  const d = page.getByRole('dialog', { name: 'Save ui-copy as compose.yaml' });
  const yaml = d.getByLabel('compose.yaml');
  await expect(yaml).toContainText('container_name: ui-copy');
  await expect(yaml).toContainText('MODE: demo');
  await expect(yaml).toContainText('127.0.0.1:18999:80');
  await d.getByRole('textbox', { name: 'Save to file' }).fill(file);
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d.getByRole('status').filter({ hasText: 'Saved to' })).toHaveText(`Saved to ${file}.`);
  expect(readFileSync(file, 'utf8')).toBe(await yaml.textContent());
  await d.getByRole('button', { name: 'Close' }).click();
  // Again, to the same file: a sentence, and the file is left alone.
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Save as compose.yaml' }).click();
  await d.getByRole('textbox', { name: 'Save to file' }).fill(file);
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d.getByText(`${file} already exists`)).toBeVisible();
});

test('"Remove stopped" names what goes, a Compose project together, and removes nothing until confirmed', async ({ page }) => {
  await dockerCli(['create', '--name', 'ui-stopped', BUSYBOX_IMAGE, 'true']);
  for (const service of ['web', 'db']) {
    await dockerCli([
      'create',
      '--name',
      `ui-shop-${service}-1`,
      '--label',
      'com.docker.compose.project=ui-shop',
      '--label',
      `com.docker.compose.service=${service}`,
      BUSYBOX_IMAGE,
      'true',
    ]);
  }
  const names = ['ui-stopped', 'ui-shop-web-1', 'ui-shop-db-1'];
  const present = async () =>
    (await dockerCli(['ps', '-a', '--format', '{{.Names}}']))
      .split('\n')
      .filter((n) => names.includes(n))
      .sort();
  await page.goto(`${e2e.url}#/containers`);
  await expect(row(page, 'ui-stopped')).toBeVisible();
  await page.getByRole('button', { name: 'Remove stopped…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Remove \d+ stopped containers\?$/ });
  const count = Number(/Remove (\d+)/.exec((await dialog.getByRole('heading').textContent()) ?? '')![1]);
  expect(count).toBeGreaterThanOrEqual(3);
  await expect(dialog).toContainText(`${count} containers will be removed:`);
  const list = dialog.getByRole('list', { name: 'The containers removed' });
  await expect(list.getByRole('list', { name: 'Compose project ui-shop' }).getByRole('listitem')).toHaveText(['ui-shop-db-1', 'ui-shop-web-1']);
  await expect(list).toContainText('Compose project ui-shop (2)');
  await expect(list.getByRole('list', { name: 'Not in a Compose project' })).toContainText('ui-stopped');
  // The running container is not among them.
  await expect(list).not.toContainText('ui-life');
  await expect(list.getByRole('listitem')).toHaveCount(count + 2);
  // Cancel leaves everything.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await present()).toEqual(names.slice().sort());
  await page.getByRole('button', { name: 'Remove stopped…' }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Removed ${count} stopped containers.` })).toBeVisible();
  await expect(row(page, 'ui-stopped')).toHaveCount(0);
  expect(await present()).toEqual([]);
  // The notice of success goes by itself (it used to stay for minutes).
  await expect(page.getByRole('status').filter({ hasText: `Removed ${count} stopped containers.` })).toBeHidden({ timeout: 10_000 });
  await expect(row(page, 'ui-life')).toBeVisible();
  expect(await stateOf('ui-life')).toBe('running');
});

test('runs a container with a port, env and a volume, and links its port', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('button', { name: 'Run…' }).click();
  const d = page.getByRole('dialog', { name: 'Run a container' });
  // Local images are offered as suggestions.
  await expect(d.locator('datalist option[value="berth-test/busybox:latest"]')).toHaveCount(1);
  await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
  await d.getByRole('textbox', { name: 'Name' }).fill('ui-run');
  await d.getByRole('textbox', { name: 'Command' }).fill('sh -c "echo $GREETING > /www/index.html; httpd -f -p 80 -h /www"');
  await d.getByRole('textbox', { name: 'Ports' }).fill('127.0.0.1::80');
  await d.getByRole('textbox', { name: 'Environment' }).fill('GREETING=hello-from-run');
  await d.getByRole('textbox', { name: 'Volumes and bind mounts' }).fill('ui-run-data:/data');
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  // The new container's page opens.
  await expect(page.getByRole('heading', { name: 'ui-run', level: 1 })).toBeVisible();
  await expect(page.getByText('running', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Back to containers' }).click();
  const link = page.getByRole('link', { name: /Open port \d+ of ui-run/ });
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^http:\/\/localhost:\d+$/);
  const body = await (await fetch(href!.replace('localhost', '127.0.0.1'))).text();
  expect(body.trim()).toBe('hello-from-run');
  expect(await dockerCli(['volume', 'ls', '-q'])).toContain('ui-run-data');
});

test('refuses a bad port and a busy one with their messages, running nothing', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('button', { name: 'Run…' }).click();
  const d = page.getByRole('dialog', { name: 'Run a container' });
  await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
  await d.getByRole('textbox', { name: 'Name' }).fill('ui-never');
  await d.getByRole('textbox', { name: 'Ports' }).fill('80:http');
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(d.getByRole('alert')).toHaveText('Container port "http" is not a number.');
  const busyPort = new URL(e2e.url).port;
  await d.getByRole('textbox', { name: 'Ports' }).fill(`127.0.0.1:${busyPort}:80`);
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(d.getByRole('alert')).toHaveText(
    `Port ${busyPort} on 127.0.0.1 is already in use on this machine: choose another host port, or leave it empty for a random one.`,
  );
  await expect(d.getByRole('textbox', { name: 'Ports' })).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();
  await expect(dockerCli(['inspect', 'ui-never'])).rejects.toThrow(/No such object/);
});

test('groups Compose projects as applications with group actions', async ({ page }) => {
  for (const s of ['web', 'db']) {
    await dockerCli([
      'run',
      '-d',
      '--name',
      `ui-shop-${s}-1`,
      '-l',
      'com.docker.compose.project=ui-shop',
      '-l',
      `com.docker.compose.service=${s}`,
      BUSYBOX_IMAGE,
      'sleep',
      '600',
    ]);
  }
  await page.goto(`${e2e.url}#/containers`);
  const group = page.getByRole('row', { name: /ui-shop Compose/ });
  await expect(group).toContainText('2/2 running');
  await expect(page.getByRole('row', { name: /ui-shop-web-1/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand ui-shop' }).click();
  await expect(page.getByRole('link', { name: 'web', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'db', exact: true })).toBeVisible();
  // The group as one Compose file: its services by their Compose names.
  await page.getByRole('button', { name: 'Save ui-shop as compose.yaml' }).click();
  const exported = page.getByRole('dialog', { name: 'Save ui-shop as compose.yaml' });
  await expect(exported.getByLabel('compose.yaml')).toContainText(/services:\n {2}db:[\s\S]*\n {2}web:/);
  await expect(exported).toContainText('Bring it up as the project ui-shop');
  await exported.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop application ui-shop' }).click();
  await expect(group).toContainText('0/2 running', { timeout: 30_000 });
  expect(await stateOf('ui-shop-web-1')).toBe('exited');
});

test('shows a container health check', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-healthy', '--health-cmd', 'true', '--health-interval', '1s', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('row', { name: /ui-healthy/ })).toContainText('healthy', { timeout: 15_000 });
  await expect(page.getByRole('row', { name: /ui-healthy/ }).getByTitle('Health check: healthy')).toBeVisible();
});

test('runs a container from an image of the Images view', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: `Run ${BUSYBOX_IMAGE}` }).click();
  const d = page.getByRole('dialog', { name: 'Run a container' });
  await expect(d.getByRole('combobox', { name: 'Image' })).toHaveValue(BUSYBOX_IMAGE);
  await d.getByRole('textbox', { name: 'Name' }).fill('ui-from-image');
  await d.getByRole('textbox', { name: 'Command' }).fill('sleep 600');
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ui-from-image', level: 1 })).toBeVisible();
  expect(await stateOf('ui-from-image')).toBe('running');
});
