/** The Run dialog's Advanced section, through the UI against the real engine, read back with the docker CLI. */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

test.describe.configure({ mode: 'serial' });

async function openRun(page: Page) {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('button', { name: 'Run…' }).click();
  return page.getByRole('dialog', { name: 'Run a container' });
}

test('the Advanced section opens from the keyboard, shows each error next to its field, and keeps what was typed', async ({ page }) => {
  const d = await openRun(page);
  await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
  await d.getByRole('textbox', { name: 'Name', exact: true }).fill('run-never');
  const toggle = d.getByRole('button', { name: /^Advanced/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(d.getByRole('textbox', { name: 'Memory limit' })).toBeHidden();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const memory = d.getByRole('textbox', { name: 'Memory limit' });
  await memory.fill('lots');
  await d.getByRole('textbox', { name: 'Hostname' }).fill('bad_host');
  await d.getByRole('textbox', { name: 'Add capabilities' }).fill('NET_FLY');
  await d.getByRole('textbox', { name: 'Interval' }).fill('30');
  // Closed again: a refusal opens it, so no error is hidden.
  await page.keyboard.press('Shift+Tab');
  await toggle.press('Space');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(memory).toHaveAttribute('aria-invalid', 'true');
  await expect(memory).toHaveAccessibleDescription('Memory must be a size like 512m or 2g ("lots" is not).');
  await expect(d.getByRole('textbox', { name: 'Hostname' })).toHaveAccessibleDescription(/"bad_host" is not a host name/);
  await expect(d.getByRole('textbox', { name: 'Add capabilities' })).toHaveAccessibleDescription(/"NET_FLY" is not a Linux capability/);
  await expect(d.getByRole('textbox', { name: 'Interval' })).toHaveAccessibleDescription(
    'The interval must be a duration like 30s, 1m or 1m30s ("30" is not).',
  );
  if (process.env.BERTH_SHOTS) {
    const section = d.getByRole('region', { name: /^Advanced/ });
    await section.scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await d.screenshot({ path: join(process.env.BERTH_SHOTS, `run-advanced-errors-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  // Nothing typed is lost.
  await expect(memory).toHaveValue('lots');
  await expect(d.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('run-never');
  // Fixing a field clears its own error only.
  await memory.fill('64m');
  await expect(memory).toHaveAttribute('aria-invalid', 'false');
  await expect(d.getByRole('textbox', { name: 'Hostname' })).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();
  await expect(dockerCli(['inspect', 'run-never'])).rejects.toThrow(/No such object/);
});

test('runs with memory, hostname, network and a health check, and "copy as docker run" says them', async ({ page }) => {
  await dockerCli(['network', 'create', 'run-adv-net']);
  try {
    const d = await openRun(page);
    await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('run-adv');
    await d.getByRole('textbox', { name: 'Command', exact: true }).fill('sleep 600');
    await d.getByRole('combobox', { name: 'Network' }).selectOption('run-adv-net');
    await d.getByRole('button', { name: /^Advanced/ }).click();
    await d.getByRole('textbox', { name: 'Memory limit' }).fill('64m');
    await d.getByRole('textbox', { name: 'Hostname' }).fill('adv-box');
    await d.getByRole('textbox', { name: 'Health command' }).fill('test -e /proc/1');
    await d.getByRole('textbox', { name: 'Interval' }).fill('1s');
    await d.getByRole('checkbox', { name: /--init/ }).check();
    if (process.env.BERTH_SHOTS) {
      await page.emulateMedia({ colorScheme: 'light' });
      await d.screenshot({ path: join(process.env.BERTH_SHOTS, 'run-advanced-light.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await d.screenshot({ path: join(process.env.BERTH_SHOTS, 'run-advanced-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await d.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'run-adv', level: 1 })).toBeVisible();

    // The truth, from the engine.
    const c = JSON.parse(await dockerCli(['inspect', 'run-adv']))[0] as {
      Config: { Hostname: string; Healthcheck: object };
      HostConfig: { Memory: number; NetworkMode: string; Init: boolean };
      NetworkSettings: { Networks: object };
    };
    expect(c.HostConfig).toMatchObject({ Memory: 64 * 1024 ** 2, NetworkMode: 'run-adv-net', Init: true });
    expect(Object.keys(c.NetworkSettings.Networks)).toEqual(['run-adv-net']);
    expect(c.Config.Hostname).toBe('adv-box');
    expect(c.Config.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'test -e /proc/1'], Interval: 1e9 });
    await expect.poll(() => dockerCli(['inspect', '-f', '{{.State.Health.Status}}', 'run-adv']), { timeout: 30_000 }).toBe('healthy');

    await page.getByRole('link', { name: 'Back to containers' }).click();
    await page.getByRole('checkbox', { name: 'Select run-adv' }).check();
    await page.getByRole('button', { name: 'Copy as docker run' }).click();
    await expect(page.getByLabel('docker run command')).toHaveText(
      `docker run -d --name run-adv --network run-adv-net --hostname adv-box --memory 64m --health-cmd 'test -e /proc/1' --health-interval 1s --init ${BUSYBOX_IMAGE} sleep 600`,
    );
  } finally {
    await dockerCli(['rm', '-f', 'run-adv']).catch(() => undefined);
    await dockerCli(['network', 'rm', 'run-adv-net']);
  }
});

test('a pasted docker run command fills the form (a bad one gets its sentence and changes nothing), and runs as pasted', async ({ page }) => {
  try {
    const d = await openRun(page);
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('typed-first');
    const toggle = d.getByRole('button', { name: /^Paste a docker run command/ });
    await toggle.click();
    const paste = d.getByRole('textbox', { name: 'docker run command to paste' });
    await paste.fill(`docker run --gpus all ${BUSYBOX_IMAGE}`);
    await d.getByRole('button', { name: 'Fill the form' }).click();
    await expect(paste).toHaveAccessibleDescription(/--gpus is not an option the run dialog knows\./);
    await expect(d.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('typed-first');
    await paste.fill(
      `$ docker run -d --name run-pasted \\\n  -e 'GREETING=hi there' -l team=web \\\n  --memory 32m --cap-drop ALL --cap-add net_raw \\\n  ${BUSYBOX_IMAGE} sleep 600`,
    );
    await d.getByRole('button', { name: 'Fill the form' }).click();
    await expect(d.getByRole('status')).toHaveText(`The form now holds that command for ${BUSYBOX_IMAGE}: check it, then choose Run.`);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(d.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('run-pasted');
    await expect(d.getByRole('combobox', { name: 'Image' })).toHaveValue(BUSYBOX_IMAGE);
    await expect(d.getByRole('textbox', { name: 'Command', exact: true })).toHaveValue('sleep 600');
    await expect(d.getByRole('textbox', { name: 'Environment' })).toHaveValue('GREETING=hi there');
    // The command used Advanced flags: the section is open and shows them.
    await expect(d.getByRole('button', { name: /^Advanced/ })).toHaveAttribute('aria-expanded', 'true');
    await expect(d.getByRole('textbox', { name: 'Memory limit' })).toHaveValue('32m');
    await expect(d.getByRole('textbox', { name: 'Drop capabilities' })).toHaveValue('ALL');
    await expect(d.getByRole('textbox', { name: 'Add capabilities' })).toHaveValue('NET_RAW');
    if (process.env.BERTH_SHOTS) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await d.screenshot({ path: join(process.env.BERTH_SHOTS, `run-pasted-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await d.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'run-pasted', level: 1 })).toBeVisible();
    // The truth, from the engine.
    const c = JSON.parse(await dockerCli(['inspect', 'run-pasted']))[0] as {
      Config: { Env: string[]; Labels: Record<string, string>; Cmd: string[] };
      HostConfig: { Memory: number; CapAdd: string[]; CapDrop: string[] };
    };
    expect(c.Config.Env).toContain('GREETING=hi there');
    expect(c.Config.Labels).toMatchObject({ team: 'web' });
    expect(c.Config.Cmd).toEqual(['sleep', '600']);
    expect(c.HostConfig).toMatchObject({ Memory: 32 * 1024 ** 2, CapAdd: ['CAP_NET_RAW'], CapDrop: ['ALL'] });
  } finally {
    await dockerCli(['rm', '-f', 'run-pasted']).catch(() => undefined);
  }
});

test('the capability picker fills Add and Drop, one list at a time, says what the container gets, and the engine agrees', async ({ page }) => {
  try {
    const d = await openRun(page);
    await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('run-caps');
    await d.getByRole('textbox', { name: 'Command', exact: true }).fill('sleep 600');
    await d.getByRole('button', { name: /^Advanced/ }).click();
    const picker = d.getByRole('button', { name: /^Choose capabilities from the list/ });
    await expect(picker).toHaveAccessibleName(/the container gets 14 of 41/);
    await picker.click();
    await d.getByRole('searchbox', { name: 'Filter capabilities' }).fill('clock');
    await expect(d.getByRole('table', { name: 'Capabilities' }).getByRole('row')).toHaveCount(2);
    await d.getByRole('checkbox', { name: 'Add SYS_TIME' }).check();
    await d.getByRole('searchbox', { name: 'Filter capabilities' }).fill('raw');
    await d.getByRole('checkbox', { name: 'Drop NET_RAW' }).check();
    const add = d.getByRole('textbox', { name: 'Add capabilities' });
    const drop = d.getByRole('textbox', { name: 'Drop capabilities' });
    await expect(add).toHaveValue('SYS_TIME');
    await expect(drop).toHaveValue('NET_RAW');
    // Ticked on the other side, it leaves the first list.
    await d.getByRole('checkbox', { name: 'Add NET_RAW' }).check();
    await expect(drop).toHaveValue('');
    await expect(add).toHaveValue('SYS_TIME NET_RAW');
    await d.getByRole('checkbox', { name: 'Drop NET_RAW' }).check();
    await expect(add).toHaveValue('SYS_TIME');
    await expect(picker).toHaveAccessibleName(/the container gets 14 of 41; adds SYS_TIME; without NET_RAW/);
    if (process.env.BERTH_SHOTS) {
      await d.getByRole('searchbox', { name: 'Filter capabilities' }).fill('');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await d.getByRole('table', { name: 'Capabilities' }).scrollIntoViewIfNeeded();
        await d.screenshot({ path: join(process.env.BERTH_SHOTS, `run-caps-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await d.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'run-caps', level: 1 })).toBeVisible();
    const c = JSON.parse(await dockerCli(['inspect', 'run-caps']))[0] as { HostConfig: { CapAdd: string[]; CapDrop: string[] } };
    expect(c.HostConfig).toMatchObject({ CapAdd: ['CAP_SYS_TIME'], CapDrop: ['CAP_NET_RAW'] });
  } finally {
    await dockerCli(['rm', '-f', 'run-caps']).catch(() => undefined);
  }
});

test('"Load an env file…" adds its variables to what was typed, and a bad line is named with its file', async ({ page }) => {
  const d = await openRun(page);
  const env = d.getByRole('textbox', { name: 'Environment' });
  await env.fill('TYPED=1');
  const pick = d.getByLabel('Load an env file…');
  await pick.setInputFiles({ name: 'bad.env', mimeType: 'text/plain', buffer: Buffer.from('# a comment\nGOOD=1\n9BAD=2\n') });
  await expect(env).toHaveAccessibleDescription(/bad\.env: Line 3: "9BAD" is not a variable name/);
  await expect(env).toHaveValue('TYPED=1');
  await pick.setInputFiles({ name: 'app.env', mimeType: 'text/plain', buffer: Buffer.from('# settings\n\nA=1\nLIST=a,b,c\n') });
  await expect(env).toHaveValue('TYPED=1\nA=1\nLIST=a,b,c');
  if (process.env.BERTH_SHOTS) await d.getByText('Load an env file…').screenshot({ path: join(process.env.BERTH_SHOTS, 'run-env-file.png') });
  await d.getByRole('button', { name: 'Cancel' }).click();
});
