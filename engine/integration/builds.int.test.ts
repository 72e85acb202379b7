/** Builds through the backend's RPC against the real engine with BuildKit, on local base images only. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent, BuildStep } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import type { RpcError } from '../rpc/protocol.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('builds');
let dockerHost = '';
let rpc: RpcClient;
let dir = '';

const MULTI = `FROM ${BUSYBOX_IMAGE} AS deps
RUN --mount=type=cache,target=/cache echo deps > /cache/seen && echo deps > /deps

FROM deps AS build
ARG VERSION=dev
COPY . /src
RUN echo "built $VERSION" > /app && sleep 1

FROM ${BUSYBOX_IMAGE} AS lint
RUN echo linting && sleep 1 && echo ok > /lint

FROM ${BUSYBOX_IMAGE} AS test
COPY --from=build /app /app
RUN test -f /app && echo tested

FROM ${BUSYBOX_IMAGE} AS final
ARG VERSION=dev
LABEL version=$VERSION
COPY --from=build /app /app
COPY --from=lint /lint /lint
COPY --from=build /src /src
`;

interface Run {
  events: BuildEvent[];
  steps: Map<string, BuildStep>;
  logs: string;
  end?: Extract<BuildEvent, { t: 'done' | 'failed' }>;
  error?: RpcError;
}

/** Start a build and collect what it streams; resolves when it ends. */
function build(input: Record<string, unknown>, onEvent?: (e: BuildEvent, cancel: () => void) => void): Promise<Run> {
  const run: Run = { events: [], steps: new Map(), logs: '' };
  return new Promise((resolve) => {
    const sub = rpc.stream('builds.start', { context: dir, ...input } as never, {
      next: (e) => {
        run.events.push(e);
        if (e.t === 'steps') for (const s of e.steps) run.steps.set(s.digest, s);
        if (e.t === 'log') run.logs += e.text;
        if (e.t === 'done' || e.t === 'failed') run.end = e;
        onEvent?.(e, () => {
          sub.cancel();
          resolve(run);
        });
      },
      end: (err) => {
        run.error = err;
        resolve(run);
      },
    });
  });
}

const stepsOf = (r: Run) => [...r.steps.values()].filter((s) => !s.internal);

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  dir = mkdtempSync('/tmp/berth-build-');
  writeFileSync(join(dir, 'Dockerfile'), MULTI);
  writeFileSync(join(dir, 'main.go'), 'package main\n');
  writeFileSync(join(dir, 'secret.env'), 'TOKEN=1\n');
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'keep.log'), 'kept\n');
  writeFileSync(join(dir, 'logs', 'drop.log'), 'dropped\n');
  writeFileSync(join(dir, '.dockerignore'), 'secret.env\nlogs\n!logs/keep.log\n');
});
afterAll(async () => {
  rpc?.close();
  rmSync(dir, { recursive: true, force: true });
  await removeHomes();
});

describe('builds', () => {
  it('builds the final stage with BuildKit: parallel stages, COPY --from, a cache mount, a build arg in a label, and the .dockerignore honoured', async () => {
    const r = await build({ tags: ['built/app:1'], buildArgs: { VERSION: '1.2.3' } });
    expect(r.error).toBeUndefined();
    expect(r.end).toMatchObject({ t: 'done', tags: ['built/app:1'] });
    const plan = r.events.find((e) => e.t === 'plan')!;
    expect(plan.t === 'plan' && plan.stages.map((s) => [s.name, s.runs])).toEqual([
      ['deps', true],
      ['build', true],
      ['lint', true],
      ['test', false],
      ['final', true],
    ]);
    const ctx = r.events.find((e) => e.t === 'context')!;
    expect(ctx).toMatchObject({ t: 'context', files: 4, large: false });
    // The test stage was not built.
    expect(stepsOf(r).some((s) => s.stage === 'test')).toBe(false);
    // lint and build ran side by side.
    const lint = stepsOf(r).find((s) => s.stage === 'lint' && s.instruction.startsWith('RUN'))!;
    const app = stepsOf(r).find((s) => s.stage === 'build' && s.instruction.startsWith('RUN'))!;
    expect(lint.started! < app.completed! && app.started! < lint.completed!).toBe(true);
    expect(r.logs).toContain('linting');
    const id = r.end!.t === 'done' ? r.end!.imageId : '';
    expect(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Id}} {{index .Config.Labels "version"}}', 'built/app:1'])).toBe(`${id} 1.2.3`);
    expect(await docker(dockerHost, ['run', '--rm', 'built/app:1', 'sh', '-c', 'cat /app; ls /src; ls /src/logs'])).toBe(
      'built 1.2.3\nDockerfile\nlogs\nmain.go\nkeep.log',
    );
  });

  it('builds another target, skipping the stages it does not need', async () => {
    const r = await build({ tags: ['built/test:1'], target: 'test' });
    expect(r.end?.t).toBe('done');
    const plan = r.events.find((e) => e.t === 'plan');
    expect(plan?.t === 'plan' && plan.stages.filter((s) => s.runs).map((s) => s.name)).toEqual(['deps', 'build', 'test']);
    expect(stepsOf(r).some((s) => s.stage === 'lint' || s.stage === 'final')).toBe(false);
    expect(r.logs).toContain('tested');
  });

  it('finds an unchanged rebuild fully cached, and says so', async () => {
    const r = await build({ tags: ['built/app:1'], buildArgs: { VERSION: '1.2.3' } });
    expect(r.end?.t).toBe('done');
    const work = stepsOf(r).filter((s) => !s.instruction.startsWith('FROM'));
    expect(work.length).toBeGreaterThan(3);
    expect(work.every((s) => s.state === 'cached')).toBe(true);
    const explain = r.events.find((e) => e.t === 'explain');
    expect(explain?.t === 'explain' && explain.explanation).toEqual({ cached: work.length, total: work.length });
  });

  it('explains a rebuild after one copied file changed, naming that file, and keeps every build in the history', async () => {
    writeFileSync(join(dir, 'main.go'), 'package main // edited\n');
    const r = await build({ tags: ['built/app:1'], buildArgs: { VERSION: '1.2.3' } });
    expect(r.end?.t).toBe('done');
    const explain = r.events.find((e) => e.t === 'explain');
    expect(explain?.t === 'explain' && explain.explanation.first).toMatchObject({
      stage: 'build',
      instruction: 'COPY . /src',
      line: 6,
      reason: { kind: 'files-changed', changed: ['main.go'], added: [], removed: [] },
    });
    expect(explain?.t === 'explain' && explain.text).toBe('Files it copies changed (changed: main.go).');
    const history = await rpc.call('builds.list', {});
    expect(history.length).toBe(4);
    expect(history[0]).toMatchObject({ result: 'done', tags: ['built/app:1'] });
    const record = await rpc.call('builds.get', { id: history[0]!.id });
    expect(record.contextHashes['main.go']).toMatch(/^[0-9a-f]{64}$/);
    expect(record.settings.buildArgs).toEqual({ VERSION: '1.2.3' });
    expect(record.dockerfileText).toBe(MULTI);
    expect(history.some((h) => h.result === 'failed')).toBe(false);
    // The edited build against the fully cached one before it: the COPY of the edited file and what follows ran again.
    const c = await rpc.call('builds.compare', { before: history[0]!.id, after: history[1]!.id });
    expect([c.before.id, c.after.id]).toEqual([history[1]!.id, history[0]!.id]);
    expect(c.steps.find((s) => s.stage === 'build' && s.instruction === 'COPY . /src')).toMatchObject({
      before: { state: 'cached' },
      after: { state: 'done' },
      change: 'ran again',
    });
    expect(c.steps.find((s) => s.stage === 'lint' && s.instruction.startsWith('RUN'))).toMatchObject({
      before: { state: 'cached' },
      after: { state: 'cached' },
    });
    expect(c.steps.map((s) => s.stage)).toEqual(
      [...c.steps.map((s) => s.stage)].sort(
        (x, y) => ['deps', 'build', 'lint', 'test', 'final'].indexOf(x!) - ['deps', 'build', 'lint', 'test', 'final'].indexOf(y!),
      ),
    );
    expect(await rpc.call('builds.remove', { id: history[0]!.id })).toEqual({ removed: true });
    await expect(rpc.call('builds.get', { id: history[0]!.id })).rejects.toThrow('There is no such build in the history.');
  });

  it('shows a failing RUN with its log and its line in the Dockerfile', async () => {
    writeFileSync(join(dir, 'Dockerfile.fail'), `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nRUN echo about to fail && \\\n    exit 3\nRUN echo never\n`);
    const r = await build({ dockerfile: 'Dockerfile.fail' });
    expect(r.end).toMatchObject({ t: 'failed', line: 3, endLine: 4 });
    expect(r.end!.t === 'failed' && r.end!.message).toContain('exit code: 3');
    expect(r.logs).toContain('about to fail');
    const failed = stepsOf(r).find((s) => s.state === 'error')!;
    expect(failed.instruction).toBe('RUN echo about to fail &&     exit 3');
    const [fail, other] = await rpc.call('builds.list', {});
    await expect(rpc.call('builds.compare', { before: other!.id, after: fail!.id })).rejects.toThrow(
      /^These builds are of different Dockerfiles \(.*Dockerfile and .*Dockerfile\.fail\): compare two builds of the same Dockerfile and context\.$/,
    );
  });

  it('refuses bad input with its reason before building anything', async () => {
    expect((await build({ target: 'nope' })).error?.message).toContain('There is no stage named nope');
    expect((await build({ tags: ['Bad:Tag'] })).error?.message).toMatch(/^Tag Bad:Tag: /);
    expect((await build({ dockerfile: 'Missing.Dockerfile' })).error?.message).toBe(`There is no Dockerfile at ${join(dir, 'Missing.Dockerfile')}.`);
  });

  it('fails a Dockerfile it cannot read at the lines at fault, with a sentence, like a failing RUN', async () => {
    // Caught by the engine's parser (BuildKit, then the classic builder), which names a line.
    writeFileSync(join(dir, 'Dockerfile.parse'), `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nCOPY \\\n  onlyone\n`);
    const parse = { t: 'failed', message: `${join(dir, 'Dockerfile.parse')}, line 3: COPY needs at least two arguments.`, line: 3, endLine: 4 };
    const kit = await build({ dockerfile: 'Dockerfile.parse' });
    expect(kit.end).toMatchObject(parse);
    expect((await rpc.call('builds.list', {}))[0]).toMatchObject({ result: 'failed', dockerfile: join(dir, 'Dockerfile.parse') });
    expect((await build({ dockerfile: 'Dockerfile.parse', builder: 'classic' })).end).toMatchObject(parse);
    writeFileSync(join(dir, 'Dockerfile.flag'), `FROM ${BUSYBOX_IMAGE}\nRUN --foo=bar echo\n`);
    expect((await build({ dockerfile: 'Dockerfile.flag' })).end).toMatchObject({
      t: 'failed',
      message: `${join(dir, 'Dockerfile.flag')}, line 2: --foo is not an option of RUN.`,
      line: 2,
      endLine: 2,
    });
    // Caught by Berth's own reading, before anything is sent: the plan is refused, and a build fails the same way.
    const typo = join(dir, 'Dockerfile.typo');
    writeFileSync(typo, `FROM ${BUSYBOX_IMAGE}\nFROMM ${BUSYBOX_IMAGE}\n`);
    const sentence = `${typo}, line 2: FROMM is not a Dockerfile instruction: did you mean FROM?`;
    await expect(rpc.call('builds.plan', { context: dir, dockerfile: 'Dockerfile.typo' })).rejects.toMatchObject({ code: 'bad_request', message: sentence });
    expect((await build({ dockerfile: 'Dockerfile.typo' })).end).toEqual({ t: 'failed', message: sentence, line: 2, endLine: 2 });
    writeFileSync(join(dir, 'Dockerfile.bad'), 'RUN true\n');
    expect((await build({ dockerfile: 'Dockerfile.bad' })).end).toEqual({
      t: 'failed',
      message: `${join(dir, 'Dockerfile.bad')}, line 1: RUN comes before any FROM: a Dockerfile starts with FROM (only ARG may come first).`,
      line: 1,
      endLine: 1,
    });
  });

  it('keeps a character whole when BuildKit cuts the output of a step inside it', async () => {
    // Each printf ends inside a character (é, 漢, 😀), and the sleeps make each piece a log chunk of its own.
    writeFileSync(
      join(dir, 'Dockerfile.utf8'),
      `FROM ${BUSYBOX_IMAGE}\nRUN printf "caf\\303"; sleep 0.4; printf "\\251 \\346\\274"; sleep 0.4; printf "\\242 \\360\\237"; sleep 0.4; printf "\\230\\200 done\\n"\n`,
    );
    const r = await build({ dockerfile: 'Dockerfile.utf8', noCache: true });
    expect(r.end?.t).toBe('done');
    expect(r.logs).not.toContain('\ufffd');
    expect(r.logs).toContain('café 漢 😀 done\n');
    const record = await rpc.call('builds.get', { id: (await rpc.call('builds.list', {}))[0]!.id });
    expect(Object.values(record.logs).join('')).toContain('café 漢 😀 done\n');
  });

  it('cancel stops the build on the engine: the running step’s process goes away and no image is made', async () => {
    writeFileSync(join(dir, 'Dockerfile.slow'), `FROM ${BUSYBOX_IMAGE}\nRUN echo start-slow && sleep 4321\n`);
    const sleeping = () =>
      execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .filter((l) => /^sleep 4321$/.test(l.trim())).length;
    const r = await build({ dockerfile: 'Dockerfile.slow', tags: ['built/slow:1'] }, (e, cancel) => {
      if (e.t === 'log' && e.text.includes('start-slow')) cancel();
    });
    expect(r.end).toBeUndefined();
    await eventually(() => sleeping() === 0 || undefined, 15_000);
    expect(await docker(dockerHost, ['images', '-q', 'built/slow:1'])).toBe('');
  });
});

describe('the classic builder', () => {
  const CLASSIC = `FROM ${BUSYBOX_IMAGE} AS build
ARG VERSION=dev
COPY main.go /src/main.go
RUN echo "classic $VERSION" > /app && echo compiled-classic

FROM ${BUSYBOX_IMAGE}
ENV MODE=prod
COPY --from=build /app /app
RUN cat /app
`;

  it('builds a multi-stage Dockerfile into the same steps as BuildKit, with their output, and its rebuild cached and explained', async () => {
    writeFileSync(join(dir, 'Dockerfile.classic'), CLASSIC);
    const r = await build({ dockerfile: 'Dockerfile.classic', builder: 'classic', tags: ['built/classic:1'], buildArgs: { VERSION: '7' } });
    expect(r.error).toBeUndefined();
    expect(r.events.find((e) => e.t === 'builder')).toEqual({ t: 'builder', builder: 'classic' });
    expect(r.end).toMatchObject({ t: 'done', tags: ['built/classic:1'] });
    expect(stepsOf(r).map((s) => [s.stage, s.index, s.of, s.state])).toEqual([
      ['build', 1, 3, 'done'],
      ['build', 2, 3, 'done'],
      ['build', 3, 3, 'done'],
      ['stage-1', 1, 3, 'done'],
      ['stage-1', 2, 3, 'done'],
      ['stage-1', 3, 3, 'done'],
    ]);
    expect(r.logs).toContain('compiled-classic\n');
    expect(r.logs).toContain('classic 7\n');
    expect(r.logs).not.toMatch(/Removing intermediate|--->/);
    const id = r.end!.t === 'done' ? r.end!.imageId : '';
    expect(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Id}}', 'built/classic:1'])).toBe(id);
    expect(await docker(dockerHost, ['run', '--rm', 'built/classic:1', 'cat', '/app'])).toBe('classic 7');
    // Intermediate containers are removed.
    expect(await docker(dockerHost, ['ps', '-aq', '--filter', 'ancestor=built/classic:1'])).toBe('');

    const again = await build({ dockerfile: 'Dockerfile.classic', builder: 'classic', tags: ['built/classic:1'], buildArgs: { VERSION: '7' } });
    const work = stepsOf(again).filter((s) => !s.instruction.startsWith('FROM'));
    expect(work.length).toBe(4);
    expect(work.every((s) => s.state === 'cached')).toBe(true);
    const explain = again.events.find((e) => e.t === 'explain');
    expect(explain?.t === 'explain' && explain.explanation).toEqual({ cached: 4, total: 4 });

    writeFileSync(join(dir, 'main.go'), 'package main // edited for classic\n');
    const edited = await build({ dockerfile: 'Dockerfile.classic', builder: 'classic', tags: ['built/classic:1'], buildArgs: { VERSION: '7' } });
    const why = edited.events.find((e) => e.t === 'explain');
    expect(why?.t === 'explain' && why.explanation.first).toMatchObject({
      stage: 'build',
      instruction: 'COPY main.go /src/main.go',
      line: 3,
      reason: { kind: 'files-changed', changed: ['main.go'] },
    });
  });

  it('shows a failing RUN at its lines, and cancel stops the running step on the engine', async () => {
    writeFileSync(join(dir, 'Dockerfile.classic-fail'), `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nRUN echo about to fail && \\\n    exit 4\n`);
    const r = await build({ dockerfile: 'Dockerfile.classic-fail', builder: 'classic' });
    expect(r.end).toMatchObject({ t: 'failed', line: 3, endLine: 4 });
    expect(r.end!.t === 'failed' && r.end!.message).toContain('returned a non-zero code: 4');
    expect(r.logs).toContain('about to fail');

    writeFileSync(join(dir, 'Dockerfile.classic-slow'), `FROM ${BUSYBOX_IMAGE}\nRUN echo start-classic && sleep 4322\n`);
    const sleeping = () =>
      execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .filter((l) => /^sleep 4322$/.test(l.trim())).length;
    const c = await build({ dockerfile: 'Dockerfile.classic-slow', builder: 'classic', tags: ['built/classic-slow:1'] }, (e, cancel) => {
      if (e.t === 'log' && e.text.includes('start-classic')) cancel();
    });
    expect(c.end).toBeUndefined();
    await eventually(() => sleeping() === 0 || undefined, 20_000);
    expect(await docker(dockerHost, ['images', '-q', 'built/classic-slow:1'])).toBe('');
  });

  it('builds with BuildKit by default on this engine, and says so', async () => {
    const r = await build({ dockerfile: 'Dockerfile.classic', tags: ['built/classic:2'], buildArgs: { VERSION: '7' } });
    expect(r.events.find((e) => e.t === 'builder')).toEqual({ t: 'builder', builder: 'buildkit' });
    expect(r.end?.t).toBe('done');
  });
});
