/**
 * The Services page through the real UI, against a one-node swarm: an engine host (a dockerd in its own network
 * namespace) made a swarm manager with dockerode, added to the Engines list and chosen in the window's switcher.
 * Create, scale and remove a service; the host's own docker CLI says what ran.
 */
import { expect, test } from '@playwright/test';
import { e2e, runBerth } from './fixtures/berth.js';
import type { EngineHost } from './fixtures/engine-host.js';
import { dismantleSwarm, startSwarmHost, type SwarmHost } from './fixtures/swarm-host.js';
import { rowAction } from './fixtures/row-menu.js';

const IMAGE = 'berth-test/busybox:svc';
const NEXT = 'berth-test/busybox:svc-next';
let swarmHost: SwarmHost | undefined;
let host: EngineHost;

/** Tasks of a service running on the host, as its docker CLI counts them. */
const runningTasks = async (service: string) =>
  (await host.docker(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']))
    .split('\n')
    .filter((l) => l.startsWith('Running')).length;

test.beforeAll(async () => {
  swarmHost = await startSwarmHost([IMAGE, NEXT]);
  ({ host } = swarmHost);
  const add = await runBerth(e2e.home, ['engines', 'add', 'swarm-e2e', host.dockerHost]);
  if (add.code !== 0) throw new Error(add.stderr);
});

test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', 'swarm-e2e', '--yes']);
  if (!swarmHost) return;
  await dismantleSwarm(swarmHost);
  await host.stop();
});

test('creates, scales and removes a swarm service on the chosen engine', async ({ page }) => {
  test.setTimeout(180_000);
  // Berth's own engine is not in a swarm: the page says what to do.
  await page.goto(`${e2e.url}#/services`);
  await expect(page.getByRole('region', { name: 'This engine is not in a swarm' })).toContainText('Swarm page');
  await expect(page.getByRole('button', { name: 'Create service…' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/services-no-swarm.png', fullPage: true });

  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: 'swarm-e2e' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click();
  await expect(page.getByRole('region', { name: 'No services yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Create service…' }).first().click();

  const dialog = page.getByRole('dialog', { name: 'Create a service' });
  await dialog.getByRole('textbox', { name: 'Image' }).fill(IMAGE);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('bad name');
  await dialog.getByRole('textbox', { name: 'Replicas' }).fill('2');
  await dialog.getByRole('textbox', { name: 'Command' }).fill('sh -c "trap \'exit 0\' TERM; sleep 3600 & wait"');
  await expect(dialog.getByRole('combobox', { name: 'Publish mode' })).toHaveValue('host');
  await dialog.getByRole('button', { name: 'Create service' }).click();
  await expect(dialog.getByText('A service name is up to 63 letters')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('e2e-web');
  await page.screenshot({ path: 'test-results/services-create.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Create service' }).click();
  await expect(dialog).toHaveCount(0);

  const table = page.getByRole('table', { name: 'Swarm services' });
  const row = table.getByRole('row', { name: /e2e-web/ });
  await expect(row).toContainText('2/2', { timeout: 60_000 });
  expect(await runningTasks('e2e-web')).toBe(2);

  await rowAction(page, 'e2e-web', 'Scale e2e-web');
  const scale = page.getByRole('dialog', { name: 'Scale e2e-web' });
  await scale.getByRole('spinbutton', { name: 'Replicas' }).fill('3');
  await scale.getByRole('button', { name: 'Scale' }).click();
  await expect(row).toContainText('3/3', { timeout: 60_000 });
  expect(await runningTasks('e2e-web')).toBe(3);

  await page.screenshot({ path: 'test-results/services-list.png', fullPage: true });

  // A rolling update, one task at a time: the detail view shows each slot going to the new image, counted.
  await rowAction(page, 'e2e-web', 'Update image of e2e-web');
  const update = page.getByRole('dialog', { name: 'Update e2e-web' });
  await expect(update).toContainText('1 at a time');
  await update.getByRole('textbox', { name: 'Image' }).fill(NEXT);
  await update.getByRole('button', { name: 'Start update' }).click();
  const rollout = page.getByRole('region', { name: 'Rolling update' });
  await expect(rollout.getByRole('progressbar', { name: '3 of 3 slots updated' })).toBeVisible({ timeout: 90_000 });
  const slots = rollout.getByRole('list', { name: 'Slots in update order' }).getByRole('listitem');
  await expect(slots).toHaveCount(3);
  // Each slot: old image, then new image, then its state (the arrow between them is an icon).
  for (const slot of await slots.all()) await expect(slot).toHaveText(/^Slot \d on .+busybox:svc\s*berth-test\/busybox:svc-next\s*updated/);
  const tasks = page.getByRole('table', { name: 'Tasks of e2e-web' });
  await expect(tasks.getByRole('row').filter({ hasText: NEXT }).filter({ hasText: 'running' })).toHaveCount(3);
  await page.screenshot({ path: 'test-results/services-detail-light.png', fullPage: true });
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page.screenshot({ path: 'test-results/services-detail-dark.png', fullPage: true });
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page.getByRole('button', { name: 'Back to services' }).click();

  await rowAction(page, 'e2e-web', 'Remove service e2e-web');
  const remove = page.getByRole('dialog', { name: 'Remove e2e-web?' });
  await expect(remove).toContainText('3 tasks');
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(table).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'No services yet' })).toBeVisible();
  expect(await host.docker(['service', 'ls', '-q'])).toBe('');
  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: "Berth's engine" });
});
