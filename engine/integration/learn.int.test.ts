/** The walkthroughs' projects through the backend's RPC: written on Berth's helper image, built with the real build flow, and the cache walkthrough's edit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent, BuildRecord, BuildStep } from '../contract/index.js';
import type { LearnProjectInfo } from '../learn/contract.js';
import type { RpcClient } from '../rpc/client.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('learn');
let dockerHost = '';
let rpc: RpcClient;

interface Run {
  steps: Map<string, BuildStep>;
  end?: Extract<BuildEvent, { t: 'done' | 'failed' }>;
  explain?: Extract<BuildEvent, { t: 'explain' }>;
  record?: string;
  error?: string;
}

/** Build one of a project's images as the Builds page does, and collect what the build streams. */
function build(p: LearnProjectInfo, image = 0): Promise<Run> {
  const run: Run = { steps: new Map() };
  const img = p.images[image]!;
  return new Promise((resolve) => {
    rpc.stream(
      'builds.start',
      { context: p.context, dockerfile: img.dockerfile, tags: [img.tag] },
      {
        next: (e) => {
          if (e.t === 'steps') for (const s of e.steps) run.steps.set(s.digest, s);
          if (e.t === 'done' || e.t === 'failed') run.end = e;
          if (e.t === 'explain') run.explain = e;
          if (e.t === 'record') run.record = e.id;
        },
        end: (err) => {
          run.error = err?.message;
          resolve(run);
        },
      },
    );
  });
}

/** The Dockerfile steps of a run (not BuildKit's own work), by their instruction. */
const userSteps = (r: Run) => [...r.steps.values()].filter((s) => !s.internal);

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('learn', () => {
  it('writes the layers walkthrough under the Berth home on the helper image, and a real build makes the image', async () => {
    const p = await rpc.call('learn.prepare', { project: 'layers' });
    expect(p.context).toBe(join(home, 'learn', 'layers'));
    expect(readFileSync(p.images[0]!.dockerfile, 'utf8')).toBe(p.images[0]!.dockerfileText);
    expect(p.images[0]!.dockerfileText).toContain('FROM berth/helper:busybox');
    // The helper image is on the engine: the build needs no registry.
    expect(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Id}}', 'berth/helper:busybox'])).toMatch(/^sha256:/);

    const r = await build(p);
    expect(r.error).toBeUndefined();
    expect(r.end).toMatchObject({ t: 'done', tags: ['berth-learn/layers:latest'] });
    const id = r.end!.t === 'done' ? r.end!.imageId : '';
    expect(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Id}}', 'berth-learn/layers:latest'])).toBe(id);
    expect(await docker(dockerHost, ['run', '--rm', 'berth-learn/layers:latest'])).toBe('Hello from a Berth walkthrough.');
    // Three instructions made layers on top of the base's one.
    const layers = JSON.parse(await docker(dockerHost, ['image', 'inspect', '-f', '{{json .RootFS.Layers}}', 'berth-learn/layers:latest'])) as string[];
    expect(layers.length).toBe(5);
  });

  it('after learn.change, the rebuild takes the steps before the changed file from the cache and runs the ones after it', async () => {
    const p = await rpc.call('learn.prepare', { project: 'cache' });
    const first = await build(p);
    expect(first.end?.t).toBe('done');

    const change = await rpc.call('learn.change', { project: 'cache' });
    expect(change.before).not.toBe(change.after);
    expect(readFileSync(join(p.context, change.file), 'utf8')).toBe(change.after);

    const second = await build(p);
    expect(second.end?.t).toBe('done');
    const byInstruction = (r: Run) => new Map(userSteps(r).map((s) => [s.instruction, s.state]));
    const states = byInstruction(second);
    expect(states.get('RUN echo "installing tools" && seq 1 20000 > /tools.txt')).toBe('cached');
    expect(states.get('COPY config.txt /etc/app/config.txt')).toBe('cached');
    expect(states.get('COPY message.txt /app/message.txt')).toBe('done');
    expect(states.get('RUN head -n 1 /app/message.txt > /app/summary.txt')).toBe('done');
    // Read independently: the build record says the same, and the image holds the new text.
    const record = await rpc.call('builds.get', { id: second.record! });
    const cached = (record as BuildRecord).steps.filter((s) => s.state === 'cached').map((s) => s.instruction);
    expect(cached).toEqual(expect.arrayContaining(['COPY config.txt /etc/app/config.txt']));
    expect(await docker(dockerHost, ['run', '--rm', 'berth-learn/cache:latest'])).toBe(change.after.trim());
    // The build says why: against the last build of this Dockerfile, the changed file.
    expect(second.explain).toBeDefined();
    expect(JSON.stringify(second.explain)).toContain('message.txt');
  });

  it('builds the stages walkthrough both ways: the multi-stage image is smaller, same layer count, without the scratch file', async () => {
    const p = await rpc.call('learn.prepare', { project: 'stages' });
    for (const i of [0, 1]) expect((await build(p, i)).end?.t).toBe('done');
    const size = async (tag: string) => Number(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Size}}', tag]));
    const single = await size('berth-learn/single:latest');
    const multi = await size('berth-learn/multi:latest');
    // seq 1 200000 writes about 1.3 MB of scratch that only the single-stage image keeps.
    expect(single - multi).toBeGreaterThan(1_000_000);
    await expect(docker(dockerHost, ['run', '--rm', 'berth-learn/multi:latest', 'ls', '/tmp/work.txt'])).rejects.toThrow();
    expect(await docker(dockerHost, ['run', '--rm', 'berth-learn/single:latest', 'ls', '/tmp/work.txt'])).toBe('/tmp/work.txt');
    // The two compared side by side, layer by layer, as the walkthrough's compare step opens them: the base is shared.
    const cmp = await rpc.call('layers.compare', { a: 'berth-learn/multi:latest', b: 'berth-learn/single:latest' });
    expect(cmp.shared).toBeGreaterThanOrEqual(1);
  });

  it('runs the shell walkthrough’s container, and containers.changes shows what a shell in it wrote, matching docker diff', async () => {
    // Before its files are written, the project is not found (a reload then asks to start over).
    await expect(rpc.call('learn.project', { project: 'shell' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(rpc.call('learn.run', { project: 'shell' })).rejects.toMatchObject({ code: 'not_found' });
    const p = await rpc.call('learn.prepare', { project: 'shell' });
    expect(await rpc.call('learn.project', { project: 'shell' })).toEqual(p);
    expect((await build(p)).end?.t).toBe('done');

    const c = await rpc.call('learn.run', { project: 'shell' });
    expect(c.name).toBe('berth-learn-shell');
    expect(await docker(dockerHost, ['inspect', '-f', '{{.State.Running}}', c.name])).toBe('true');
    expect(await rpc.call('containers.changes', { id: c.id })).toEqual([]);
    await docker(dockerHost, ['exec', c.name, 'sh', '-c', 'echo hi > /app/note.txt && rm /app/readme.txt']);
    const changes = await rpc.call('containers.changes', { id: c.id });
    expect(changes).toEqual([
      { path: '/app', kind: 'changed' },
      { path: '/app/note.txt', kind: 'added' },
      { path: '/app/readme.txt', kind: 'deleted' },
    ]);
    // Read independently: docker diff says the same.
    const diff = (await docker(dockerHost, ['diff', c.name])).split('\n').sort();
    expect(diff).toEqual(['A /app/note.txt', 'C /app', 'D /app/readme.txt']);

    // Running again starts afresh: a new container, an empty writable layer.
    const again = await rpc.call('learn.run', { project: 'shell' });
    expect(again.id).not.toBe(c.id);
    expect(await rpc.call('containers.changes', { id: again.id })).toEqual([]);
    await docker(dockerHost, ['rm', '-f', again.name]);
  });

  it('refuses to change any project but the cache walkthrough’s', async () => {
    await expect(rpc.call('learn.change', { project: 'layers' } as never)).rejects.toMatchObject({ code: 'bad_request' });
  });
});
