/**
 * A Compose project's service rows against the real engine: Up one service (its plan first, restricted to it
 * and what it depends on), Stop it, Up it again, its Logs and its Shell; checked with the docker CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const NAME = `uisvc${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'bt-compose-svc-'));
const sleeper = (say: string) => `    image: ${BUSYBOX_IMAGE}\n    command: ["sh", "-c", "echo ${say}; exec sleep 600"]\n    stop_signal: SIGKILL\n`;
writeFileSync(
  join(dir, 'compose.yaml'),
  `name: ${NAME}\nservices:\n  db:\n${sleeper('db here')}  web:\n${sleeper('web here')}    depends_on: [db]\n  cache:\n${sleeper('cache here')}`,
);

/** `name state` of each of the project's containers, as the engine has them. */
const states = async () =>
  (await dockerCli(['ps', '-a', '--filter', `label=com.docker.compose.project=${NAME}`, '--format', '{{.Names}} {{.State}}']))
    .split('\n')
    .filter(Boolean)
    .sort();

test.afterAll(async () => {
  for (const c of await states()) await dockerCli(['rm', '-f', c.split(' ')[0]!]).catch(() => undefined);
  await dockerCli(['network', 'rm', `${NAME}_default`]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('a service row brings up that service with its dependency, stops it, and shows its logs and a shell', async ({ page }) => {
  await page.goto(`${e2e.url}#/compose`);
  await page.getByRole('button', { name: 'Open project…' }).first().click();
  const open = page.getByRole('dialog', { name: 'Open a Compose project' });
  await open.getByRole('textbox', { name: 'Compose file or directory' }).fill(dir);
  await open.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByRole('row', { name: 'web: no container' })).toBeVisible();
  await expect(services.getByRole('button', { name: 'Stop service web' })).toBeDisabled();

  // Up on web: the plan first, of web and db only.
  await services.getByRole('button', { name: 'Up service web' }).click();
  const dialog = page.getByRole('dialog', { name: 'Up web?' });
  await expect(dialog).toContainText('Up brings up web and what it depends on: db');
  const plan = dialog.getByRole('region', { name: 'Plan of Up' });
  await expect(plan.getByRole('status')).toHaveText('Up will change: 2 containers to create, 1 network to create.');
  await expect(plan.getByRole('region', { name: 'Service cache' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Up', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Up progress' })).toContainText('Up finished', { timeout: 30_000 });
  expect(await states()).toEqual([`${NAME}-db-1 running`, `${NAME}-web-1 running`]);
  await expect(services.getByRole('row', { name: `web: ${NAME}-web-1` })).toContainText('running');
  await expect(services.getByRole('row', { name: 'cache: no container' })).toBeVisible();

  if (process.env.BERTH_SHOTS) {
    const shots = process.env.BERTH_SHOTS;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(shots, `compose-services-${scheme}.png`), fullPage: true, animations: 'disabled' });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  // Stop web: only it stops.
  await services.getByRole('button', { name: 'Stop service web' }).click();
  await expect.poll(states).toEqual([`${NAME}-db-1 running`, `${NAME}-web-1 exited`]);
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Stopped' })).toContainText(`Stopped ${NAME}-web-1.`);
  await expect(services.getByRole('row', { name: `web: ${NAME}-web-1` })).toContainText('exited');
  await expect(services.getByRole('button', { name: 'Open a shell in service web' })).toBeDisabled();

  // Up web again: its plan starts it, and leaves db alone.
  await services.getByRole('button', { name: 'Up service web' }).click();
  await expect(dialog.getByRole('region', { name: 'Service web' })).toContainText(`${NAME}-web-1`);
  await expect(dialog.getByRole('region', { name: 'Service db' })).toContainText('up to date');
  if (process.env.BERTH_SHOTS) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await dialog.screenshot({ path: join(process.env.BERTH_SHOTS, `compose-service-up-${scheme}.png`), animations: 'disabled' });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await dialog.getByRole('button', { name: 'Up', exact: true }).click();
  await expect.poll(states, { timeout: 30_000 }).toEqual([`${NAME}-db-1 running`, `${NAME}-web-1 running`]);

  // Logs of web: the project's log narrowed to it.
  await services.getByRole('button', { name: 'Logs of service web' }).click();
  const log = page.getByRole('log', { name: `Logs of ${NAME}, service web` });
  await expect(log).toContainText('web | web here');
  await expect(log).not.toContainText('db here');
  await page.getByRole('button', { name: 'Show every service' }).click();
  await expect(page.getByRole('log', { name: `Logs of ${NAME}` })).toContainText('db | db here');

  // Shell: Berth's terminal in web's running container.
  const webId = await dockerCli(['inspect', '-f', '{{.Id}}', `${NAME}-web-1`]);
  await services.getByRole('button', { name: 'Open a shell in service web' }).click();
  await expect(page).toHaveURL(new RegExp(`#/containers/${webId}\\?tab=terminal`));
});
