/** The Packages view of the layer browser: search across layers, and saving the SBOM. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildFromDockerfile, BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const IMAGE = 'ui-packages/app:1';
const DOCKERFILE = `FROM ${BUSYBOX_IMAGE}
RUN mkdir -p /app/node_modules/leftpad && echo '{"name":"leftpad","version":"1.3.0","license":"WTFPL"}' > /app/node_modules/leftpad/package.json
RUN mkdir -p /app/node_modules/chalk && echo '{"name":"chalk","version":"5.3.0","license":"MIT"}' > /app/node_modules/chalk/package.json
`;
const dir = mkdtempSync(join(tmpdir(), 'berth-sbom-'));

test.beforeAll(async () => {
  await buildFromDockerfile(process.env.BERTH_E2E_DOCKER_HOST!, IMAGE, DOCKERFILE);
});
test.afterAll(async () => {
  await dockerCli(['rmi', '-f', IMAGE]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('finds a package in any layer, shows the layer that installed it, and saves the SBOM', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(IMAGE)}`);
  const view = page.getByRole('region', { name: 'Packages' });
  const list = view.getByRole('list', { name: 'Package changes by layer' });
  await expect(list.getByRole('listitem', { name: 'installed chalk 5.3.0 in layer 2' })).toBeVisible();
  await view.getByRole('searchbox').fill('leftpad');
  await expect(list.getByRole('listitem', { name: 'installed leftpad 1.3.0 in layer 1' })).toContainText('WTFPL');
  await expect(list.getByRole('listitem', { name: /chalk/ })).toHaveCount(0);
  await list.getByRole('button', { name: /^Layer 1:/ }).click();
  await expect(page.getByRole('button', { name: /^Layer 1:/ }).first()).toHaveAttribute('aria-pressed', 'true');
  if (process.env.BERTH_SHOTS) {
    await view.scrollIntoViewIfNeeded();
    await view.getByRole('searchbox').fill('');
    await page.emulateMedia({ colorScheme: 'light' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'packages-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'packages-dark.png') });
  }

  const file = join(dir, 'app.cdx.json');
  const form = view.getByRole('form', { name: 'Save the SBOM' });
  await form.getByRole('textbox', { name: 'File' }).fill(file);
  await form.getByRole('button', { name: 'Save SBOM' }).click();
  await expect(form.getByRole('status')).toContainText(`Saved 2 packages to ${file}.`);
  expect(existsSync(file)).toBe(true);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { bomFormat: string; components: Array<{ purl: string }> };
  expect(doc.bomFormat).toBe('CycloneDX');
  expect(doc.components.map((c) => c.purl).sort()).toEqual(['pkg:npm/chalk@5.3.0', 'pkg:npm/leftpad@1.3.0']);
  // Saving again over it is refused, naming the file.
  await form.getByRole('button', { name: 'Save SBOM' }).click();
  await expect(form.getByRole('alert')).toContainText(`${file} already exists`);
});
