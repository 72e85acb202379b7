/** The first walkthrough through the UI: write the project, build it through the Builds page, open its layers, by keyboard and clicks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dockerCli, e2e } from './fixtures/berth.js';

const TAG = 'berth-learn/layers:latest';
const TITLE = 'Build an image and see its layers';

const STAGES = 'Single-stage or multi-stage';
const SHELL = 'Run a container and see its writable layer';

test.afterAll(async () => {
  await dockerCli(['rm', '-f', 'berth-learn-shell']).catch(() => undefined);
  for (const t of [TAG, 'berth-learn/single:latest', 'berth-learn/multi:latest', 'berth-learn/shell:latest'])
    await dockerCli(['rmi', '-f', t]).catch(() => undefined);
});

const panel = (page: Page, title = TITLE) => page.getByRole('complementary', { name: `Walkthrough: ${title}` });
const step = (page: Page, name: string, title = TITLE) =>
  panel(page, title).getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: name });
const cardOf = (page: Page, title: string) => page.getByRole('list', { name: 'Walkthroughs' }).getByRole('listitem').filter({ hasText: title });

/** Press the panel's button for the current step and wait until the engine confirmed it. */
async function doStep(page: Page, title: string, button: string, stepName: string): Promise<void> {
  await panel(page, title).getByRole('button', { name: button }).click();
  await expect(step(page, stepName, title)).toContainText('(done)', { timeout: 120_000 });
}

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

test('walks "Single-stage or multi-stage" to the two images compared side by side, layer by layer and file by file', async ({ page }, info) => {
  await page.goto(`${e2e.url}#/learn`);
  await page.getByRole('button', { name: `Start: ${STAGES}` }).click();
  await doStep(page, STAGES, 'Write the files', 'Write the project');
  await doStep(page, STAGES, 'Build single-stage', 'Build the single-stage image');
  await doStep(page, STAGES, 'Build multi-stage', 'Build the multi-stage image');
  await panel(page, STAGES).getByRole('button', { name: 'Compare them' }).click();
  await expect(panel(page, STAGES)).toContainText('Finished');

  // The real layer browser of the multi-stage image, comparing the single-stage one with it.
  await expect(page.getByRole('heading', { name: /^Layers of [0-9a-f]{12}$/, level: 1 })).toBeVisible();
  const side = page.getByRole('table', { name: 'Layers side by side' });
  // As the images' histories record them: the multi-stage COPY (its --from is not kept) against the single-stage RUN.
  await expect(side).toContainText('COPY /result.txt /result.txt', { timeout: 60_000 });
  await expect(side).toContainText('seq 1 200000 > /tmp/work.txt');
  await expect(page.getByRole('status').filter({ hasText: 'they differ from layer 1 up' })).toBeVisible();
  // File by file: the multi-stage image (B) lacks the scratch file the single-stage one (A) keeps.
  await expect(page.getByRole('status').filter({ hasText: '0 added, 1 removed' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'Differences', exact: true })).toContainText('tmp', { timeout: 60_000 });

  // The panel's table gives each image's size and layer count as the engine reports them.
  const sizes = panel(page, STAGES).getByRole('table', { name: 'Images built' });
  for (const tag of ['berth-learn/single:latest', 'berth-learn/multi:latest']) {
    const layers = JSON.parse(await dockerCli(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', tag])) as string[];
    await expect(sizes.getByRole('row').filter({ hasText: tag }).getByRole('cell').nth(2)).toHaveText(String(layers.length));
  }
  await page.screenshot({ path: info.outputPath('learn-compare-light.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: info.outputPath('learn-compare-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
});

test('walks "Run a container and see its writable layer" through the real terminal and Changes tab; progress survives a reload and starts over', async ({
  page,
}, info) => {
  await page.goto(`${e2e.url}#/learn`);
  await page.getByRole('button', { name: `Start: ${SHELL}` }).click();
  await doStep(page, SHELL, 'Write the files', 'Write the project');
  await doStep(page, SHELL, 'Build it', 'Build the image');

  // Progress is kept by the backend, in the settings file with the other preferences (read independently)…
  const kept = () => {
    try {
      return (JSON.parse(readFileSync(join(e2e.home, 'settings.json'), 'utf8')) as { ui?: { walkthroughs?: Record<string, string[]> } }).ui?.walkthroughs
        ?.shell;
    } catch {
      return undefined;
    }
  };
  await expect.poll(kept).toEqual(['prepare', 'build']);
  // …so a reload finds it, and Continue picks up at the next step.
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await expect(cardOf(page, SHELL)).toContainText('2 of 5 steps done');
  await expect(cardOf(page, STAGES)).toContainText('Finished');
  await page.getByRole('button', { name: `Continue: ${SHELL}` }).click();
  await expect(step(page, 'Run a container', SHELL)).toHaveAttribute('aria-current', 'step');

  await doStep(page, SHELL, 'Run it', 'Run a container');
  expect(await dockerCli(['inspect', '-f', '{{.State.Running}}', 'berth-learn-shell'])).toBe('true');
  await doStep(page, SHELL, 'Open a shell', 'Open a shell in it');
  await expect(page.getByRole('tab', { name: 'Terminal', selected: true })).toBeVisible();

  // Before anything is written, the last step says what to do.
  await panel(page, SHELL).getByRole('button', { name: 'Show its changes' }).click();
  await expect(panel(page, SHELL)).toContainText('Nothing was written in the container yet');

  // The real terminal: a file written in the shell.
  const screen = page.getByTestId('shell-terminal').locator('.xterm-rows');
  await expect(screen).toContainText(/[#$]\s*$/);
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.type('echo hi > /app/note.txt');
  await page.keyboard.press('Enter');
  await expect.poll(() => dockerCli(['diff', 'berth-learn-shell'])).toContain('A /app/note.txt');

  await doStep(page, SHELL, 'Show its changes', 'See its writable layer change');
  await expect(page.getByRole('tab', { name: 'Changes', selected: true })).toBeVisible();
  const changed = page.getByRole('table', { name: 'Changed paths' });
  await expect(changed.getByRole('row').filter({ hasText: '/app/note.txt' })).toContainText('added');
  await expect(panel(page, SHELL)).toContainText('Finished');
  await expect(panel(page, SHELL).getByRole('status').filter({ hasText: 'Its writable layer' })).toContainText('/app/note.txt');
  await page.screenshot({ path: info.outputPath('learn-changes-light.png') });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: info.outputPath('learn-changes-dark.png') });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Start over, by keyboard: back to the first step, and still so after a reload.
  await panel(page, SHELL).getByRole('button', { name: 'Start over' }).focus();
  await page.keyboard.press('Enter');
  await expect(step(page, 'Write the project', SHELL)).toHaveAttribute('aria-current', 'step');
  await expect.poll(kept).toBeUndefined();
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
  await expect(cardOf(page, SHELL)).toContainText('Not started');
});
