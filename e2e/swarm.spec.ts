/**
 * The Swarm page against a real engine host (a dockerd in its own network namespace,
 * never the machine's own): a single-node swarm initialised from the UI, its node in the
 * Nodes table, the join tokens, a drain from the row menu, and leaving with force.
 */
import { expect, test } from '@playwright/test';
import { e2e, runBerth } from './fixtures/berth.js';
import { BRIDGE_ADDRESS, startEngineHost, type EngineHost } from './fixtures/engine-host.js';
import { rowAction, rowMenuItem } from './fixtures/row-menu.js';

let host: EngineHost;
test.beforeAll(async () => {
  host = await startEngineHost();
});
test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', 'swarm-host', '--yes']);
  await host?.stop();
});

test('initialises a swarm on an engine host, shows its node and tokens, drains it and leaves', async ({ page }) => {
  test.setTimeout(120_000);
  const added = await runBerth(e2e.home, ['engines', 'add', 'swarm-host', host.dockerHost]);
  expect(added.code, added.stderr).toBe(0);
  await page.goto(`${e2e.url}#/swarm`);
  await expect(page.getByRole('heading', { name: 'Swarm', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: 'swarm-host' });
  await expect(page.getByRole('heading', { name: 'swarm-host is not in a swarm' })).toBeVisible();
  await page.screenshot({ path: 'test-results/swarm-empty.png', fullPage: true });

  // A token that is not one is refused at once, by its field, and nothing is joined.
  await page.getByRole('button', { name: 'Join swarm…' }).click();
  const join = page.getByRole('dialog', { name: 'Join a swarm' });
  await join.getByRole('textbox', { name: 'Manager address' }).fill(BRIDGE_ADDRESS);
  await join.getByRole('textbox', { name: 'Join token' }).fill('SWMTKN-1-nonsense');
  await join.getByRole('button', { name: 'Join' }).click();
  await expect(join.getByRole('alert')).toHaveText(/^That is not a join token: a token looks like SWMTKN-1-/);
  await page.screenshot({ path: 'test-results/swarm-join-dialog.png' });
  await join.getByRole('button', { name: 'Cancel' }).click();
  expect(await host.docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');

  await page.getByRole('button', { name: 'Initialise swarm…' }).click();
  const init = page.getByRole('dialog', { name: 'Initialise a swarm' });
  await init.getByRole('textbox', { name: 'Advertise address' }).fill(host.address);
  await expect(init.getByRole('textbox', { name: 'Listen port' })).toHaveValue('2377');
  await init.getByRole('button', { name: 'Initialise' }).click();
  await expect(init).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'now the manager of a new swarm' })).toBeVisible();
  expect(await host.docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])).toBe('active true');

  const nodes = page.getByRole('table', { name: 'Nodes' });
  const subject = `${await host.docker(['info', '--format', '{{.Name}}'])} (${host.address})`;
  const row = nodes.getByRole('row', { name: /this engine/ });
  await expect(row).toContainText('manager');
  await expect(row).toContainText('leader');
  await expect(row).toContainText('ready');

  await page.getByRole('button', { name: 'Show join tokens' }).click();
  const worker = await host.docker(['swarm', 'join-token', '-q', 'worker']);
  await expect(page.getByText(`docker swarm join --token ${worker} ${host.address}:2377`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy manager join command' })).toBeVisible();

  // The only manager cannot be demoted: the item says why.
  const demote = await rowMenuItem(page, subject, `Demote to worker ${subject}`);
  await expect(demote).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await expect(await rowMenuItem(page, subject, `Remove ${subject} from swarm`)).toHaveAttribute('title', 'A manager: demote it first');
  await page.keyboard.press('Escape');
  await rowAction(page, subject, `Drain ${subject}`);
  await expect(row).toContainText('drain');
  expect(await host.docker(['node', 'inspect', 'self', '--format', '{{.Spec.Availability}}'])).toBe('drain');
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: `test-results/swarm-${theme}.png`, fullPage: true });
  }

  // An overlay network on the swarm, from the Networks page (this window stays on swarm-host).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Networks', exact: true }).click();
  await page.getByRole('button', { name: 'Create…' }).click();
  const create = page.getByRole('dialog', { name: 'Create a network' });
  await create.getByRole('textbox', { name: 'Name' }).fill('front');
  await create.getByRole('combobox', { name: 'Driver' }).selectOption('overlay');
  await expect(create.getByRole('checkbox', { name: /^Attachable/ })).toBeChecked();
  await page.screenshot({ path: 'test-results/swarm-overlay-dialog.png' });
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  const front = page.getByRole('table', { name: 'Networks' }).getByRole('row', { name: /^front / });
  await expect(front).toContainText('overlay');
  await expect(front).toContainText('swarm');
  await expect(front).toContainText('attachable');
  expect(await host.docker(['network', 'inspect', '-f', '{{.Driver}} {{.Scope}} {{.Attachable}}', 'front'])).toBe('overlay swarm true');
  // The routing mesh is the swarm's own: its Remove says why it is not offered.
  await expect(page.getByRole('table', { name: 'Networks' }).getByRole('row', { name: /^ingress / })).toContainText('routing mesh');
  await expect(await rowMenuItem(page, 'ingress', 'Remove network ingress')).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await page.screenshot({ path: 'test-results/swarm-networks.png', fullPage: true });
  await rowAction(page, 'front', 'Remove network front');
  await page.getByRole('dialog', { name: 'Remove front?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(front).toHaveCount(0);
  expect(await host.docker(['network', 'ls', '-q', '--filter', 'name=^front$'])).toBe('');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Swarm', exact: true }).click();

  await page.getByRole('button', { name: 'Leave swarm…' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave the swarm with swarm-host?' });
  await expect(leave).toContainText("the swarm's last manager: leaving ends the swarm");
  await leave.getByRole('button', { name: 'Leave with force' }).click();
  await expect(page.getByRole('heading', { name: 'swarm-host is not in a swarm' })).toBeVisible();
  expect(await host.docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');
  await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: "Berth's engine" });
});
