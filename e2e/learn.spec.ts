/** The first walkthrough through the UI: write the project, build it through the Builds page, open its layers, by keyboard and clicks. */
import { expect, test, type Page } from '@playwright/test';
import { dockerCli, e2e } from './fixtures/berth.js';

const TAG = 'berth-learn/layers:latest';
const TITLE = 'Build an image and see its layers';

test.afterAll(async () => {
  await dockerCli(['rmi', '-f', TAG]).catch(() => undefined);
});

const panel = (page: Page) => page.getByRole('complementary', { name: `Walkthrough: ${TITLE}` });
const step = (page: Page, name: string) => panel(page).getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: name });

test('walks "Build an image and see its layers" from the Learn page to the layer browser, the panel staying docked on every page', async ({ page }, info) => {
  await page.goto(`${e2e.url}#/dashboard`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await expect(page.getByRole('heading', { name: 'Learn', level: 1 })).toBeVisible();
  const card = page.getByRole('list', { name: 'Walkthroughs' }).getByRole('listitem').filter({ hasText: TITLE });
  await expect(card).toContainText('Not started');
  await page.screenshot({ path: info.outputPath('learn-page-light.png') });

  // By keyboard: the card's Start button.
  const start = page.getByRole('button', { name: `Start: ${TITLE}` });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(panel(page)).toBeVisible();
  await expect(step(page, 'Write the project')).toHaveAttribute('aria-current', 'step');

  // Click: the engine writes the project; the step is checked on its answer.
  await panel(page).getByRole('button', { name: 'Write the files' }).click();
  await expect(step(page, 'Write the project')).toContainText('(done)');
  await expect(card).toContainText('1 of 3 steps done');

  // By keyboard: the build starts through the Builds page, which shows it live, and the panel stays.
  const build = panel(page).getByRole('button', { name: 'Build it' });
  await build.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/builds$/);
  await expect(panel(page)).toBeVisible();
  await expect(step(page, 'Build the image')).toContainText('(done)', { timeout: 120_000 });
  // Read independently: the engine has the image.
  expect(await dockerCli(['image', 'inspect', '-f', '{{index .RepoTags 0}}', TAG])).toBe(TAG);
  await expect(step(page, 'Open its layers')).toHaveAttribute('aria-current', 'step');
  await panel(page).screenshot({ path: info.outputPath('learn-panel-light.png') });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: info.outputPath('learn-panel-dark.png') });

  // Click: the layer browser opens on the built image.
  await panel(page).getByRole('button', { name: 'Open the layers' }).click();
  await expect(page.getByRole('heading', { name: `Layers of ${TAG}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Layers and steps' })).toContainText('COPY notes/ /app/notes/');
  await expect(panel(page)).toContainText('Finished');

  // Back on the Learn page, the progress is kept; hiding the panel keeps it too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await expect(card).toContainText('Finished');
  await page.screenshot({ path: info.outputPath('learn-page-dark.png') });
  await panel(page).getByRole('button', { name: 'Hide the walkthrough' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(card).toContainText('Finished');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
});
