import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../engine/contract';
import { activityOf, buildNotice, crashLoopNotices, pageShown, pullNotices, titleWithActivity, type TransferView } from './notice-rules';

const row = (id: string, state: ContainerSummary['state'], looping: boolean): ContainerSummary => ({
  id,
  name: `c-${id}`,
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sh',
  state,
  status: '',
  observedAt: 0,
  created: 0,
  ports: [],
  labels: {},
  ...(looping ? { crashLoop: { exits: 4, windowMinutes: 5 } } : {}),
});

describe('build notices', () => {
  const running = { running: true, started: 7 };
  it('tell a build that finished or failed, once, and not a cancelled one', () => {
    expect(buildNotice(running, { running: false, started: 7, end: { t: 'done', tags: ['web'], ms: 1234 } }, 'web')).toMatchObject({
      title: 'Build finished: web',
      hash: '#/builds',
      failed: false,
      id: 'build-7',
    });
    expect(buildNotice(running, { running: false, started: 7, end: { t: 'failed', message: 'RUN false\nexit 1' } }, '')).toMatchObject({
      title: 'Build failed: an untagged image',
      body: 'RUN false',
      failed: true,
    });
    expect(buildNotice(running, { running: false, started: 7, error: 'The engine is not running.' }, 'x')?.body).toBe('The engine is not running.');
    expect(buildNotice(running, { running: false, started: 7, cancelled: true }, 'web')).toBeUndefined();
    // No change of running: nothing ended.
    const done = { running: false, started: 7, end: { t: 'done', tags: [], ms: 1 } } as const;
    expect(buildNotice(done, done, 'web')).toBeUndefined();
  });
});

describe('pull notices', () => {
  const pull = (running: boolean, extra: Partial<TransferView> = {}): TransferView => ({ kind: 'pull', ref: 'busybox', running, ...extra });
  it('tell each pull that ended, finished or failed, and not pushes or cancelled pulls', () => {
    expect(pullNotices({ a: pull(true) }, { a: pull(false) }, 1)).toMatchObject([{ title: 'Pulled busybox', hash: '#/images', failed: false }]);
    expect(pullNotices({ a: pull(true) }, { a: pull(false, { error: 'not found' }) }, 1)).toMatchObject([{ title: 'Pull failed: busybox', body: 'not found' }]);
    expect(pullNotices({ a: pull(true) }, { a: pull(false, { cancelled: true, error: 'Pull cancelled' }) }, 1)).toEqual([]);
    expect(pullNotices({ a: { ...pull(true), kind: 'push' } }, { a: { ...pull(false), kind: 'push' } }, 1)).toEqual([]);
    expect(pullNotices({ a: pull(false) }, { a: pull(false) }, 1)).toEqual([]);
  });
});

describe('crash-loop notices', () => {
  it('tell a loop when it begins, not again while the engine keeps restarting it, and again after a stop', () => {
    let r = crashLoopNotices(new Set(), [row('a', 'restarting', true), row('b', 'running', false)]);
    expect(r.notices.map((n) => n.hash)).toEqual(['#/containers/a']);
    r = crashLoopNotices(r.told, [row('a', 'running', false)]); // between two deaths
    expect(r.notices).toEqual([]);
    r = crashLoopNotices(r.told, [row('a', 'restarting', true)]);
    expect(r.notices).toEqual([]);
    r = crashLoopNotices(r.told, [row('a', 'exited', false)]); // the user stopped it
    expect(r.told.size).toBe(0);
    expect(crashLoopNotices(r.told, [row('a', 'restarting', true)]).notices).toHaveLength(1);
  });
});

describe('the page shown', () => {
  it('is the notice’s page only while the window is visible', () => {
    expect(pageShown({ hash: '#/builds' }, '#/builds', true)).toBe(true);
    expect(pageShown({ hash: '#/builds' }, '#/builds', false)).toBe(false);
    expect(pageShown({ hash: '#/images' }, '#/images/busybox', true)).toBe(false);
    expect(pageShown({ hash: '#/containers/abc' }, '#/containers/abc', true)).toBe(true);
    expect(pageShown({ hash: '#/builds' }, '#/containers', true)).toBe(false);
    // The containers list shows a crash loop's badge.
    expect(pageShown({ hash: '#/containers/abc', alsoOn: ['#/containers'] }, '#/containers', true)).toBe(true);
    expect(pageShown({ hash: '#/containers/abc', alsoOn: ['#/containers'] }, '#/containers/def', true)).toBe(false);
  });
});

describe('the window title', () => {
  it('counts builds and pulls running and names the first', () => {
    const a = activityOf({ running: true, name: 'myimg' }, [
      { kind: 'pull', ref: 'alpine', running: true },
      { kind: 'pull', ref: 'old', running: false },
    ]);
    expect(titleWithActivity('Images · Berth', a)).toBe('(2) Images · Berth — building myimg');
    expect(titleWithActivity('Images · Berth', activityOf({ running: false, name: '' }, []))).toBe('Images · Berth');
  });

  it('counts a save, load, import or copy too, for the title’s badge', () => {
    const copy = activityOf({ running: false, name: '' }, [], { method: 'images.copyTo', subject: 'web:1', running: true });
    expect(titleWithActivity('Berth', copy)).toBe('(1) Berth — copying web:1');
    expect(activityOf({ running: false, name: '' }, [], { method: 'images.save', subject: 'x', running: false }).count).toBe(0);
  });
});
