/**
 * Swarm stacks through the real UI, against a one-node swarm: an engine host (a dockerd in its own network namespace)
 * made a swarm manager with dockerode, added to the Engines list and chosen in the window's switcher. A compose.yaml
 * is deployed as a stack from the Services page's Stacks tab (its plan first, then the live steps), shown with its
 * tasks, refused with a sentence when its file is bad, and removed after a confirmation naming its services. The
 * host's own docker CLI says what ran.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e, runBerth } from './fixtures/berth.js';
import type { EngineHost } from './fixtures/engine-host.js';
import { dismantleSwarm, startSwarmHost, type SwarmHost } from './fixtures/swarm-host.js';

const IMAGE = 'berth-test/busybox:stack';
let swarmHost: SwarmHost | undefined;
let host: EngineHost;
const dir = mkdtempSync('/tmp/bt-e2e-stack-');
const file = join(dir, 'compose.yaml');

test.beforeAll(async () => {
  swarmHost = await startSwarmHost([IMAGE]);
  ({ host } = swarmHost);
  const add = await runBerth(e2e.home, ['engines', 'add', 'stacks-e2e', host.dockerHost]);
  if (add.code !== 0) throw new Error(add.stderr);
  writeFileSync(join(dir, 'site.conf'), 'listen 8080\n');
  writeFileSync(
    file,
    `services:
  web:
    image: ${IMAGE}
    command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1 & wait; done']
    configs: [site]
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
configs:
  site:
    file: ./site.conf
`,
  );
});

test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', 'stacks-e2e', '--yes']);
  rmSync(dir, { recursive: true, force: true });
  if (!swarmHost) return;
  await dismantleSwarm(swarmHost);
  await host.stop();
});

test('deploys a compose.yaml as a stack: the plan first, then the steps; its tasks run; removing it asks first', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${e2e.url}#/services`);
  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: 'stacks-e2e' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services', exact: true }).click();
  await page.getByRole('tab', { name: 'Stacks' }).click();
  await expect(page.getByRole('region', { name: 'No stacks yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Deploy stack…' }).first().click();

  const dialog = page.getByRole('dialog', { name: 'Deploy a stack' });
  // A file that is not there: a sentence, and nothing is planned.
  await dialog.getByRole('textbox', { name: 'Compose file' }).fill(join(dir, 'missing.yaml'));
  await dialog.getByRole('textbox', { name: 'Stack name' }).fill('shop');
  await dialog.getByRole('button', { name: 'See the plan' }).click();
  await expect(dialog.getByRole('alert').first()).toContainText('missing.yaml');
  await dialog.getByRole('textbox', { name: 'Compose file' }).fill(file);
  await dialog.getByRole('button', { name: 'See the plan' }).click();
  const plan = dialog.getByRole('region', { name: 'Plan of deploying shop' });
  await expect(plan).toContainText('shop_web');
  await expect(plan).toContainText('shop_site');
  await expect(plan).toContainText('shop_default');
  // Nothing is made by looking at the plan.
  expect(await host.docker(['service', 'ls', '-q'])).toBe('');
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: `test-results/stacks-plan-${theme}.png` });
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();

  const run = page.getByRole('dialog', { name: 'Deploy shop' });
  await expect(run.getByRole('region', { name: 'Deploying shop', exact: true }).getByRole('status')).toHaveText(/^Deployed in \d+\.\d s\.$/, {
    timeout: 60_000,
  });
  await page.screenshot({ path: 'test-results/stacks-deployed.png' });
  await run.getByRole('button', { name: 'Close' }).click();
  // The host's own CLI: the stack's service, config and network, and two tasks running.
  expect(await host.docker(['service', 'ls', '--format', '{{.Name}} {{.Mode}}'])).toBe('shop_web replicated');
  expect(await host.docker(['config', 'ls', '--format', '{{.Name}}'])).toBe('shop_site');
  const row = page.getByRole('table', { name: 'Swarm stacks' }).getByRole('row', { name: /shop/ });
  await expect(row).toContainText('2/2', { timeout: 60_000 });
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: `test-results/stacks-${theme}.png`, fullPage: true });
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));

  // Redeploy comes with the file the stack was deployed from; unchanged, the plan has nothing to do.
  await expect(row).toContainText('compose.yaml');
  await page.getByRole('button', { name: 'Deploy shop again' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Compose file' })).toHaveValue(file);
  await expect(dialog.getByRole('textbox', { name: 'Stack name' })).toHaveValue('shop');
  await dialog.getByRole('button', { name: 'See the plan' }).click();
  await expect(plan).toContainText('nothing to change');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Remove: asked first, naming the services; Cancel removes nothing.
  await page.getByRole('button', { name: 'Remove stack shop' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the stack shop?' });
  await expect(confirm.getByRole('list', { name: 'Services of shop' })).toContainText('shop_web');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await host.docker(['service', 'ls', '-q'])).not.toBe('');
  await page.getByRole('button', { name: 'Remove stack shop' }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('region', { name: 'No stacks yet' })).toBeVisible({ timeout: 30_000 });
  expect(await host.docker(['service', 'ls', '-q'])).toBe('');
  expect(await host.docker(['config', 'ls', '-q'])).toBe('');
  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: "Berth's engine" });
});
