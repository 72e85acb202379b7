/** Builds through the UI against the real engine with BuildKit, on local base images. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { dockerCli, e2e } from './fixtures/berth.js';
import { BUSYBOX_IMAGE } from './fixtures/images.js';

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync('/tmp/berth-e2e-build-');
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${BUSYBOX_IMAGE} AS base
RUN echo from-base > /base && sleep 2

FROM base AS tools
RUN echo tools-ready && sleep 1

FROM ${BUSYBOX_IMAGE} AS lint
RUN echo linting && sleep 2 && echo ok > /lint

FROM ${BUSYBOX_IMAGE} AS final
ARG GREETING=hi
COPY --from=base /base /base
COPY --from=lint /lint /lint
COPY app.txt /app.txt
RUN echo "$GREETING from the final stage"
`,
  );
  writeFileSync(join(dir, 'app.txt'), 'app\n');
  writeFileSync(join(dir, 'notes.md'), 'not sent\n');
  writeFileSync(join(dir, '.dockerignore'), '*.md\n');
  writeFileSync(join(dir, 'Dockerfile.fail'), `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nRUN echo going-wrong && exit 7\n`);
  writeFileSync(join(dir, 'Dockerfile.slow'), `FROM ${BUSYBOX_IMAGE}\nRUN echo slow-start && sleep 600\n`);
});
test.afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // Leave the engine's images as they were for the specs after this one.
  await dockerCli(['rmi', '-f', 'ui-build/app:1']).catch(() => undefined);
  // Removing the classic build's tag removes its intermediate images too.
  await dockerCli(['rmi', '-f', 'ui-build/classic:1']).catch(() => undefined);
});

async function open(page: Page, dockerfile?: string, context = dir) {
  await page.goto(`${e2e.url}#/builds`);
  const form = page.getByRole('form', { name: 'Build an image' });
  await form.getByRole('textbox', { name: 'Context folder' }).fill(context);
  if (dockerfile) await form.getByRole('textbox', { name: 'Dockerfile (optional)' }).fill(dockerfile);
  return form;
}

/** Build with this tag and no cache (every step runs, whatever an earlier run left in the engine's cache); resolves with the live build, once every step is done. */
async function buildUncached(page: Page, form: Locator, tag: string) {
  await form.getByRole('textbox', { name: 'Tags' }).fill(tag);
  await form.getByRole('checkbox', { name: 'No cache' }).check();
  await form.getByRole('button', { name: 'Build' }).click();
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  await expect(live.getByRole('status')).toContainText(/(\d+) of \1 steps/);
  return live;
}

test('builds the final stage live: steps by stage with their logs, the context summed up first, a build arg used', async ({ page }) => {
  const form = await open(page);
  await expect(form.getByRole('status')).toHaveText('4 stages · context 5 files, ' + (await sizeOf()) + ' (1 left out by .dockerignore)');
  await expect(form.getByRole('combobox', { name: 'Target stage' })).toContainText('tools (line 4)');
  await form.getByRole('textbox', { name: 'Build args (NAME=value per line)' }).fill('GREETING=hello');
  const live = await buildUncached(page, form, 'ui-build/app:1');
  // BuildKit read the context through a session: the Dockerfile, the .dockerignore and the one file
  // the final stage copies went, not the Dockerfiles it does not use.
  await expect(live.getByText(/^Context: 5 files, .* — [\d.]+ (B|KiB) sent \(3 files\): only what the build read$/)).toBeVisible();
  await page.screenshot({ path: 'out/test-results/e2e/builds-session.png' });
  // The stage graph: FROM and COPY --from in words, tools skipped; base and lint ran side by side.
  const graph = live.getByRole('group', { name: 'Stage graph' });
  await expect(graph.getByRole('button', { name: /^Stage tools: skipped for this target; from stage base$/ })).toBeDisabled();
  await expect(graph.getByRole('button', { name: /^Stage final: done, \d+\.\d s; from berth-test\/busybox:latest; copies from base, lint$/ })).toBeVisible();
  const bars = live.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(bars).toHaveCount(3);
  const span = async (name: string) => {
    const bar = bars.filter({ hasText: name });
    return [Number(await bar.getAttribute('data-start')), Number(await bar.getAttribute('data-end'))] as const;
  };
  const [base, lint, final] = [await span('base'), await span('lint'), await span('final')];
  expect(base[0] < lint[1] && lint[0] < base[1]).toBe(true);
  expect(final[0]).toBeGreaterThanOrEqual(Math.min(base[1], lint[1]));
  // Choosing a stage in the graph goes to its steps.
  await graph.getByRole('button', { name: /^Stage lint:/ }).click();
  await expect(live.getByRole('heading', { name: 'Stage lint' })).toBeFocused();
  await expect(live.getByRole('region', { name: 'Stage base' })).toBeVisible();
  await expect(live.getByRole('region', { name: 'Stage final' })).toBeVisible();
  // tools is not needed by the final stage.
  await expect(live.getByRole('region', { name: 'Stage tools' })).toHaveCount(0);
  await expect(live).toContainText('Skipped for this target: tools.');
  // BuildKit names the step with the build arg put in.
  await live.getByRole('button', { name: /RUN echo "hello from the final stage", done/ }).click();
  await expect(live.getByLabel('Log of RUN echo "hello from the final stage"')).toContainText('hello from the final stage');
  expect(await dockerCli(['images', '-q', 'ui-build/app:1'])).not.toBe('');
});

test('keeps every build in a history: rebuild one with its settings, see how it used the cache, delete a record', async ({ page }) => {
  await page.goto(`${e2e.url}#/builds`);
  const history = page.getByRole('table', { name: 'Build history' });
  const rows = history.getByRole('row');
  await expect(rows.nth(1)).toContainText('ui-build/app:1');
  const before = await rows.count();
  await rows
    .nth(1)
    .getByRole('button', { name: /^Rebuild the build of/ })
    .click();
  // The form takes the build's settings, and the build runs again.
  const form = page.getByRole('form', { name: 'Build an image' });
  await expect(form.getByRole('textbox', { name: 'Tags' })).toHaveValue('ui-build/app:1');
  await expect(form.getByRole('textbox', { name: 'Build args (NAME=value per line)' })).toHaveValue('GREETING=hello');
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  await expect(live.getByRole('note', { name: 'Cache' })).toContainText('No cache was set, so every step ran.');
  await expect(rows).toHaveCount(before + 1);
  // The rebuild and the build it repeats, compared step by step.
  await rows
    .nth(1)
    .getByRole('checkbox', { name: /^Compare the build of/ })
    .check();
  await rows
    .nth(2)
    .getByRole('checkbox', { name: /^Compare the build of/ })
    .check();
  const compared = page.getByRole('table', { name: 'Steps compared' });
  await expect(page.getByRole('region', { name: 'Comparison' }).getByRole('status')).toContainText(
    /^Before \(.+\): \d+\.\d s, [01] of \d+ steps cached\. After \(.+\): \d+\.\d s, [01] of \d+ steps cached \([+−±]\d+\.\d s\)\.$/,
  );
  const lint = compared.getByRole('row').filter({ hasText: 'RUN echo linting && sleep 2' });
  await expect(lint).toContainText(/lint.*done \d+\.\d s.*done \d+\.\d s.*[+−±]\d+\.\d s\s*same/);
  await page.getByRole('button', { name: 'Close the comparison' }).click();
  await expect(compared).toHaveCount(0);
  await rows
    .nth(1)
    .getByRole('button', { name: /^Delete the record of/ })
    .click();
  await expect(rows).toHaveCount(before);
});

test('explains a rebuild after an instruction changed, showing the change word by word', async ({ page }) => {
  // A token of this run keeps an engine's cache from an earlier run out of it.
  const token = `t${Date.now()}`;
  writeFileSync(join(dir, 'Dockerfile.edit'), `FROM ${BUSYBOX_IMAGE}\nRUN echo ${token} > /one\nRUN echo two\n`);
  const form = await open(page, 'Dockerfile.edit');
  await expect(form.getByRole('status')).toContainText('1 stage');
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await form.getByRole('button', { name: 'Build' }).click();
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  writeFileSync(join(dir, 'Dockerfile.edit'), `FROM ${BUSYBOX_IMAGE}\nRUN echo ${token} > /one\nRUN echo two --verbose\n`);
  await form.getByRole('button', { name: 'Build' }).click();
  await expect(live.getByRole('heading', { name: 'Building…' })).toBeVisible();
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  const note = live.getByRole('note', { name: 'Cache' });
  await expect(note).toContainText(
    'Cache: 1 of 2 steps came from the cache. The first that ran, RUN echo two --verbose (line 3): Its instruction changed: it was “RUN echo two”.',
  );
  const diff = note.getByLabel('What changed in the instruction');
  await expect(diff.locator('ins')).toHaveText(' --verbose');
  await expect(diff.locator('del')).toHaveCount(0);
});

test('a failing RUN shows its log and the Dockerfile at its line', async ({ page }) => {
  const form = await open(page, 'Dockerfile.fail');
  await expect(form.getByRole('status')).toContainText('1 stage');
  await form.getByRole('button', { name: 'Build' }).click();
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await expect(live.getByRole('heading', { name: 'Build failed' })).toBeVisible({ timeout: 60_000 });
  await expect(live.getByRole('alert')).toContainText('exit code: 7');
  // The failing step's output comes first, with the failure.
  await expect(live.getByRole('alert').getByLabel('Output of the failing step')).toHaveText('going-wrong\n');
  const excerpt = live.getByLabel(/^Dockerfile, lines/);
  await expect(excerpt.locator('[aria-current="true"]')).toHaveText('3RUN echo going-wrong && exit 7');
  await expect(live.getByLabel('Log of RUN echo going-wrong && exit 7')).toContainText('going-wrong');
  // The whole build as a terminal shows it.
  await live.getByRole('button', { name: 'Plain log' }).click();
  const log = async () =>
    (await live.getByTestId('build-log-terminal').locator('.xterm-rows > div').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  // Lines of steps that run side by side interleave, as in --progress=plain: each keeps its number.
  await expect.poll(log).toMatch(/#(\d+) \[3\/3\] RUN echo going-wrong && exit 7\n(?:.*\n)*?#\1 going-wrong\n#\1 ERROR: /);
  // The step before it ran, or came from the cache of an earlier run.
  // Its DONE line may come after the next step's first line: BuildKit reports a step done when it has closed it.
  await expect.poll(log).toMatch(/#(\d+) \[2\/3\] RUN echo fine\n(?:.*\n)*?(#\1 fine\n(?:.*\n)*?#\1 DONE \d+\.\d s|#\1 CACHED)/);
  // It can be searched.
  await live.getByRole('searchbox', { name: 'Search the build log' }).fill('going-wrong');
  await live.getByRole('button', { name: 'Next match' }).click();
  await expect(live.getByText(/^1 of \d+$/)).toBeVisible();
});

test('a Dockerfile the engine cannot read shows the sentence and the Dockerfile at its lines', async ({ page }) => {
  writeFileSync(join(dir, 'Dockerfile.parse'), `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nCOPY \\\n  onlyone\n`);
  const form = await open(page, 'Dockerfile.parse');
  await expect(form.getByRole('status')).toContainText('1 stage');
  await form.getByRole('button', { name: 'Build' }).click();
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await expect(live.getByRole('heading', { name: 'Build failed' })).toBeVisible({ timeout: 60_000 });
  await expect(live.getByRole('alert')).toContainText(`${join(dir, 'Dockerfile.parse')}, line 3: COPY needs at least two arguments.`);
  const excerpt = live.getByLabel(/^Dockerfile, lines/);
  await expect(excerpt.locator('.hit')).toHaveText(['3COPY \\', '4  onlyone']);
  await expect(excerpt.locator('[aria-current="true"]')).toHaveText('3COPY \\');
});

test('builds with the classic builder when chosen, into the same steps, stage graph and plain log', async ({ page }) => {
  const form = await open(page);
  await expect(form.getByRole('status')).toContainText('4 stages');
  await form.getByRole('combobox', { name: 'Builder' }).selectOption('classic');
  const live = await buildUncached(page, form, 'ui-build/classic:1');
  // The classic builder runs every stage up to the target, tools included.
  const graph = live.getByRole('group', { name: 'Stage graph' });
  await expect(graph.getByRole('button', { name: /^Stage tools: done/ })).toBeVisible();
  // It shows the instruction as written (BuildKit puts the build arg in).
  await live.getByRole('button', { name: /RUN echo "\$GREETING from the final stage", done/ }).click();
  await expect(live.getByLabel('Log of RUN echo "$GREETING from the final stage"')).toContainText('hi from the final stage');
});

test('cancel stops a running build', async ({ page }) => {
  const form = await open(page, 'Dockerfile.slow');
  await expect(form.getByRole('status')).toContainText('1 stage');
  await form.getByRole('button', { name: 'Build' }).click();
  const live = page.getByRole('region', { name: 'Build', exact: true });
  await expect(live.getByLabel('Log of RUN echo slow-start && sleep 600')).toContainText('slow-start', { timeout: 60_000 });
  await live.getByRole('button', { name: 'Cancel build' }).click();
  await expect(live.getByRole('heading', { name: 'Cancelled' })).toBeVisible();
  await expect(live.getByRole('button', { name: /sleep 600, cancelled/ })).toBeVisible();
});

test('a running build goes on while the user is on another page, is shown live on coming back, and its log reopens from the history', async ({ page }) => {
  // A context of its own: the other tests count the files of theirs.
  const waitDir = mkdtempSync('/tmp/berth-e2e-build-wait-');
  writeFileSync(join(waitDir, 'Dockerfile.wait'), `FROM ${BUSYBOX_IMAGE}\nRUN for i in 1 2 3 4; do echo tick-$i; sleep 1; done\n`);
  const form = await open(page, 'Dockerfile.wait', waitDir);
  await expect(form.getByRole('status')).toContainText('1 stage');
  await form.getByRole('checkbox', { name: 'No cache' }).check();
  await form.getByRole('button', { name: 'Build' }).click();
  const live = page.getByRole('region', { name: 'Build', exact: true });
  const step = 'RUN for i in 1 2 3 4; do echo tick-$i; sleep 1; done';
  await expect(live.getByLabel(`Log of ${step}`)).toContainText('tick-1', { timeout: 60_000 });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Containers' }).click();
  await expect(page.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: 'Builds' }).click();
  // Back on the page: the same build, still going or already over, never cancelled.
  await expect(live.getByRole('heading', { name: /^(Building…|Built)$/ })).toBeVisible();
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  await live.getByRole('button', { name: `${step.replace('RUN', '2/2 RUN')}, done` }).click();
  await expect(live.getByLabel(`Log of ${step}`)).toContainText('tick-4');
  await expect(form.getByRole('textbox', { name: 'Dockerfile (optional)' })).toHaveValue('Dockerfile.wait');
  // After it: its steps and log from its record.
  const rows = page.getByRole('table', { name: 'Build history' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('built');
  await rows
    .nth(1)
    .getByRole('button', { name: /^Show the steps and log of the build of/ })
    .click();
  const kept = page.getByRole('region', { name: /^Build of / });
  await expect(kept.getByRole('heading', { name: 'Built' })).toBeVisible();
  await kept.getByRole('button', { name: `${step.replace('RUN', '2/2 RUN')}, done` }).click();
  await expect(kept.getByLabel(`Log of ${step}`)).toContainText('tick-1\ntick-2\ntick-3\ntick-4');
  await kept.getByRole('button', { name: 'Plain log' }).click();
  const log = async () =>
    (await kept.getByTestId('build-log-terminal').locator('.xterm-rows > div').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  await expect.poll(log).toMatch(/#(\d+) \[2\/2\] RUN for i in .*\n#\1 tick-1\n#\1 tick-2\n#\1 tick-3\n#\1 tick-4\n#\1 DONE \d+\.\d s/);
  await kept.getByRole('button', { name: 'Close' }).click();
  await expect(live.getByRole('heading', { name: 'Built' })).toBeVisible();
  rmSync(waitDir, { recursive: true, force: true });
});

test('says what is wrong with the form before building', async ({ page }) => {
  const form = await open(page, 'Nope.Dockerfile');
  await expect(form.getByRole('alert')).toHaveText(`There is no Dockerfile at ${join(dir, 'Nope.Dockerfile')}.`);
  await form.getByRole('textbox', { name: 'Dockerfile (optional)' }).fill('');
  await form.getByRole('textbox', { name: 'Build args (NAME=value per line)' }).fill('oops');
  await expect(form.getByRole('alert')).toHaveText('Build args, line 1: write NAME=value (“oops” has no name and =).');
  await expect(form.getByRole('button', { name: 'Build' })).toBeDisabled();
});

/** The context's size as the page writes it: Dockerfile, app.txt and .dockerignore. */
async function sizeOf(): Promise<string> {
  const { statSync } = await import('node:fs');
  const bytes = ['Dockerfile', 'app.txt', '.dockerignore', 'Dockerfile.fail', 'Dockerfile.slow'].reduce((a, f) => a + statSync(join(dir, f)).size, 0);
  return `${bytes} B`;
}
