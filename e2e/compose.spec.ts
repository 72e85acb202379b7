/** The Compose UI against the real engine: open a project, see the plan, Up, change, Up again, Down; checked with the docker CLI. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

test.describe.configure({ mode: 'serial' });

const NAME = `uicompose${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'bt-compose-ui-'));
const file = join(dir, 'compose.yaml');
writeFileSync(
  file,
  `name: ${NAME}
services:
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "600"]
    environment:
      GREETING: hello
    depends_on: [db]
  db:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo db ready && exec sleep 600"]
    stop_grace_period: 1s
    volumes: [data:/data]
volumes:
  data: {}
`,
);

/** The project's containers by name, as the engine has them: `name state id`. */
const byLabel = async (kind: 'ps' | 'volume' | 'network') => {
  const filter = ['--filter', `label=com.docker.compose.project=${NAME}`];
  const out =
    kind === 'ps'
      ? await dockerCli(['ps', '-a', ...filter, '--format', '{{.Names}} {{.State}} {{.ID}}'])
      : await dockerCli([kind, 'ls', ...filter, '--format', '{{.Name}}']);
  return out.split('\n').filter(Boolean).sort();
};
const ids = async () => Object.fromEntries((await byLabel('ps')).map((l) => [l.split(' ')[0], l.split(' ')[2]]));

test.afterAll(async () => {
  for (const c of await byLabel('ps')) await dockerCli(['rm', '-f', c.split(' ')[0]!]).catch(() => undefined);
  for (const n of await byLabel('network')) await dockerCli(['network', 'rm', n]).catch(() => undefined);
  for (const v of await byLabel('volume')) await dockerCli(['volume', 'rm', v]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function openProject(page: Page, path: string) {
  await page.goto(`${e2e.url}#/compose`);
  await page.getByRole('button', { name: 'Open project…' }).first().click();
  const d = page.getByRole('dialog', { name: 'Open a Compose project' });
  await d.getByRole('textbox', { name: 'Compose file or directory' }).fill(path);
  await d.getByRole('button', { name: 'Open', exact: true }).click();
  return d;
}

const up = async (page: Page) => {
  await page.getByRole('button', { name: 'Up', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Up progress' })).toContainText('Up finished', { timeout: 30_000 });
};

test('a bad file says where it is wrong, and keeps what was typed', async ({ page }) => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    restart: 5\n`);
  const d = await openProject(page, bad);
  await expect(d.getByRole('alert')).toContainText(`${bad}:4:`);
  await expect(d.getByRole('alert')).toContainText('services.web.restart');
  await expect(d.getByRole('textbox', { name: 'Compose file or directory' })).toHaveValue(bad);
  await d.getByRole('textbox', { name: 'Compose file or directory' }).fill(join(dir, 'nothing-here'));
  await d.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(d.getByRole('alert')).toHaveText(`There is no file or directory at ${join(dir, 'nothing-here')}.`);
});

test('opens a project, shows the plan, brings it up, recreates only what changed, and downs it', async ({ page }) => {
  await openProject(page, dir);
  await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
  const plan = page.getByRole('region', { name: 'Plan of Up' });
  await expect(plan.getByRole('status')).toHaveText('Up will change: 2 containers to create, 1 network to create, 1 volume to create.');
  await expect(plan.getByRole('region', { name: 'Service web' })).toContainText('after db (started)');

  await up(page);
  await expect
    .poll(() => byLabel('ps').then((l) => l.map((x) => x.split(' ').slice(0, 2).join(' '))))
    .toEqual([`${NAME}-db-1 running`, `${NAME}-web-1 running`]);
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByRole('row', { name: `web: ${NAME}-web-1` })).toContainText('running');
  await expect(services.getByRole('row', { name: `db: ${NAME}-db-1` })).toContainText('running');
  await expect(plan.getByRole('status')).toContainText('Everything is up to date');
  const before = await ids();

  // One service's environment changes: the plan names only it, and why.
  writeFileSync(file, readFileSync(file, 'utf8').replace('GREETING: hello', 'GREETING: bonjour'));
  await page.getByRole('button', { name: 'Read the plan again' }).click();
  await expect(plan.getByRole('status')).toHaveText('Up will change: 1 container to recreate, 1 container left as it is.');
  await expect(plan.getByRole('region', { name: 'Service web' }).getByRole('listitem')).toHaveText(/Recreate\s*\S+-web-1\s*changed environment\.GREETING/);
  await expect(plan.getByRole('region', { name: 'Service db' }).getByRole('listitem')).toHaveText(/Leave\s*\S+-db-1\s*up to date/);

  // Up again, leaving the page while it runs: its progress is still there on coming back.
  await page.getByRole('button', { name: 'Up', exact: true }).click();
  // (through the app's links: a page load would start a new page, and the token leaves the address after the first)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await expect(page.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compose' }).click();
  await page.getByRole('link', { name: `Open project ${NAME}`, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Up progress' })).toContainText('Up finished', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Up progress' }).getByRole('listitem')).toHaveCount(1);
  await expect.poll(async () => (await ids())[`${NAME}-web-1`]).not.toBe(before[`${NAME}-web-1`]);
  const after = await ids();
  expect(after[`${NAME}-db-1`]).toBe(before[`${NAME}-db-1`]);
  expect(Object.keys(after).sort()).toEqual([`${NAME}-db-1`, `${NAME}-web-1`]);

  // Down asks first, naming what goes, and the volume only when asked.
  await page.getByRole('button', { name: 'Down…' }).click();
  const d = page.getByRole('dialog', { name: `Down ${NAME}?` });
  await expect(d.getByRole('list', { name: 'Containers that go' })).toContainText(`${NAME}-web-1`);
  await expect(d).toContainText(`${NAME}_default`);
  await d.getByRole('checkbox', { name: new RegExp(`Remove volumes too \\(${NAME}_data\\)`) }).check();
  await d.getByRole('button', { name: 'Down', exact: true }).click();
  await expect(d).toBeHidden({ timeout: 30_000 });
  expect(await byLabel('ps')).toEqual([]);
  expect(await byLabel('network')).toEqual([]);
  expect(await byLabel('volume')).toEqual([]);
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Down removed' })).toContainText(`${NAME}_data`);
});

test('Up can be cancelled while it waits, and what it had made stays', async ({ page }) => {
  // web waits for db to be healthy, which its check never lets it be (for minutes): Up waits until cancelled.
  const waitDir = mkdtempSync(join(tmpdir(), 'bt-compose-wait-'));
  const waitName = `${NAME}wait`;
  writeFileSync(
    join(waitDir, 'compose.yaml'),
    `name: ${waitName}
services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "600"]
    stop_grace_period: 1s
    healthcheck: { test: ["CMD", "false"], interval: 60s, retries: 5 }
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "600"]
    depends_on: { db: { condition: service_healthy } }
`,
  );
  const names = async () =>
    (await dockerCli(['ps', '-a', '--filter', `label=com.docker.compose.project=${waitName}`, '--format', '{{.Names}}'])).split('\n').filter(Boolean).sort();
  try {
    await openProject(page, waitDir);
    await expect(page.getByRole('region', { name: 'Plan of Up' }).getByRole('region', { name: 'Service web' })).toContainText('after db (healthy)');
    await page.getByRole('button', { name: 'Up', exact: true }).click();
    const progress = page.getByRole('region', { name: 'Up progress' });
    await expect(progress).toContainText('Up is running');
    await expect.poll(names, { timeout: 20_000 }).toEqual([`${waitName}-db-1`]);
    await progress.getByRole('button', { name: 'Cancel up' }).click();
    await expect(progress).toContainText('Up was cancelled');
    await expect(progress.getByRole('alert')).toContainText('what it had done stays (Down removes it)');
    // The engine stopped too: web is never made.
    await expect(page.getByRole('button', { name: 'Up', exact: true })).toBeEnabled();
    expect(await names()).toEqual([`${waitName}-db-1`]);
    await page.getByRole('button', { name: 'Down…' }).click();
    await page
      .getByRole('dialog', { name: `Down ${waitName}?` })
      .getByRole('button', { name: 'Down', exact: true })
      .click();
    await expect.poll(names, { timeout: 20_000 }).toEqual([]);
  } finally {
    for (const n of await names()) await dockerCli(['rm', '-f', n]).catch(() => undefined);
    await dockerCli(['network', 'rm', `${waitName}_default`]).catch(() => undefined);
    rmSync(waitDir, { recursive: true, force: true });
  }
});

test('the project stays among the recent ones, and its group row in Containers downs it', async ({ page }) => {
  await page.goto(`${e2e.url}#/compose`);
  await page.getByRole('link', { name: `Open project ${NAME}`, exact: true }).click();
  await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
  await up(page);
  await page.goto(`${e2e.url}#/containers`);
  const group = page.getByRole('row', { name: new RegExp(`${NAME} Compose`) });
  await expect(group).toContainText('2/2 running');
  // Logs: the project's page with every container's lines, each with its service.
  await group.getByRole('button', { name: `Logs of application ${NAME}` }).click();
  await expect(page.getByRole('log', { name: `Logs of ${NAME}` })).toContainText('db | db ready');
  await expect(page.getByRole('button', { name: 'Logs', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await group.getByRole('button', { name: `Down application ${NAME}` }).click();
  const d = page.getByRole('dialog', { name: `Down ${NAME}?` });
  await expect(d.getByRole('list', { name: 'Containers that go' }).getByRole('listitem')).toHaveCount(2);
  await d.getByRole('button', { name: 'Down', exact: true }).click();
  await expect(d).toBeHidden({ timeout: 30_000 });
  expect(await byLabel('ps')).toEqual([]);
  await expect(group).toHaveCount(0);
  // The volume stays unless asked for.
  expect(await byLabel('volume')).toEqual([`${NAME}_data`]);
});
