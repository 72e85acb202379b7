import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineState } from '../contract/index.js';
import type { EngineDriver, EngineExit, RunningEngine } from './driver.js';
import { MAX_QUICK_RESTARTS, STABLE_MS, Supervisor } from './supervisor.js';

/** A scripted engine driver: each start either fails with a message or returns an engine we can "kill". */
function scripted(plan: Array<'ok' | string>) {
  const kills: Array<(exit: EngineExit) => void> = [];
  let stops = 0;
  const driver: EngineDriver = {
    mode: 'native',
    async start(): Promise<RunningEngine> {
      const step = plan.shift() ?? 'ok';
      if (step !== 'ok') throw new Error(step);
      return {
        pid: 100 + kills.length,
        socket: '/nonexistent.sock',
        dockerHost: 'unix:///nonexistent.sock',
        version: '99.0',
        exited: new Promise<EngineExit>((resolve) => kills.push(resolve)),
        stop: async () => void stops++,
      };
    },
  };
  return { driver, kill: (exit: EngineExit) => kills[kills.length - 1]!(exit), stops: () => stops };
}

function record(s: Supervisor): EngineState[] {
  const states: EngineState[] = [];
  s.subscribe((st) => states.push(st.state));
  return states;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};
const SIGKILL: EngineExit = { why: 'dockerd was killed by SIGKILL', killed: true };
const FAILED: EngineExit = { why: 'dockerd exited with code 1', killed: false };
/** A backoff too long for any test to sit out: an engine restarted during a test was restarted at once. */
const FOREVER = () => 3_600_000;

afterEach(() => void vi.useRealTimers());

describe('supervisor', () => {
  it('goes stopped → starting → running → stopping → stopped', async () => {
    const { driver } = scripted(['ok']);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver });
    const states = record(s);
    expect((await s.start()).state).toBe('running');
    expect(s.status().version).toBe('99.0');
    await s.stop();
    expect(states).toEqual(['starting', 'running', 'stopping', 'stopped']);
  });

  it('reports a failed start as error with the sentence, and does not retry it', async () => {
    const { driver } = scripted(['Berth could not find dockerd.']);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver });
    await expect(s.start()).rejects.toThrow('Berth could not find dockerd.');
    expect(s.status()).toMatchObject({ state: 'error', lastError: 'Berth could not find dockerd.' });
  });

  it('restarts a crashed engine with backoff, through error and starting', async () => {
    const { driver, kill, stops } = scripted(['ok', 'still broken', 'ok']);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: () => 1 });
    await s.start();
    const states = record(s);
    kill(SIGKILL);
    await until(() => s.status().state === 'running' && states.length > 3);
    expect(states).toEqual(['error', 'starting', 'error', 'starting', 'running']);
    expect(s.status().restarts).toBe(2);
    expect(stops()).toBe(1); // the dead engine's leftovers were cleaned before restarting
  });

  it('restarts an engine killed from outside at once, however often, with no backoff building up', async () => {
    const { driver, kill } = scripted([]);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: FOREVER });
    await s.start();
    const messages: string[] = [];
    s.subscribe((st) => st.state === 'error' && messages.push(st.lastError!));
    for (let i = 1; i <= 5; i++) {
      kill(SIGKILL);
      await until(() => s.status().state === 'running' && s.status().restarts === i);
      expect(s.status()).toMatchObject({ state: 'running', restarts: i });
    }
    expect(messages).toEqual(Array(5).fill('The engine stopped unexpectedly (dockerd was killed by SIGKILL); restarting now.'));
  });

  it('waits its backoff before restarting an engine that failed by itself', async () => {
    const { driver, kill } = scripted([]);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: FOREVER });
    await s.start();
    kill(FAILED);
    await until(() => s.status().state === 'error');
    expect(s.status()).toMatchObject({
      state: 'error',
      restarts: 0,
      lastError: 'The engine stopped unexpectedly (dockerd exited with code 1); restarting in 3600.0 s.',
    });
    await s.stop();
  });

  it('takes an engine killed over and over within a minute for a crash loop, and backs off', async () => {
    const { driver, kill } = scripted([]);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: FOREVER });
    await s.start();
    for (let i = 1; i <= MAX_QUICK_RESTARTS; i++) {
      kill(SIGKILL);
      await until(() => s.status().state === 'running' && s.status().restarts === i);
    }
    kill(SIGKILL);
    await until(() => s.status().state === 'error');
    expect(s.status()).toMatchObject({ state: 'error', restarts: MAX_QUICK_RESTARTS, lastError: expect.stringMatching(/restarting in 3600\.0 s\.$/) });
    await s.stop();
  });

  it('forgets the backoff once the engine has answered for a while', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { driver, kill } = scripted([]);
    // The first restart waits 1 ms, any later one an hour: only a reset count gets a second quick restart.
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: (n) => (n === 0 ? 1 : 3_600_000) });
    await s.start();
    kill(FAILED);
    await until(() => s.status().state === 'running' && s.status().restarts === 1);
    vi.setSystemTime(Date.now() + STABLE_MS);
    kill(FAILED);
    await until(() => s.status().state === 'running' && s.status().restarts === 2);
    expect(s.status()).toMatchObject({ state: 'running', restarts: 2 });
    // Right after coming back, the count goes on.
    kill(FAILED);
    await until(() => s.status().state === 'error');
    expect(s.status().lastError).toMatch(/restarting in 3600\.0 s\.$/);
    await s.stop();
  });

  it('does not restart an engine it was asked to stop', async () => {
    const { driver, kill } = scripted(['ok']);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: () => 1 });
    await s.start();
    await s.stop();
    kill({ why: 'late exit', killed: false });
    await new Promise((r) => setTimeout(r, 20));
    expect(s.status().state).toBe('stopped');
  });

  it('cancels a start in progress when asked to stop, without waiting for it', async () => {
    const driver: EngineDriver = {
      mode: 'vm',
      start: (signal, progress) =>
        new Promise<RunningEngine>((_, reject) => {
          progress?.({ step: 2, of: 4, label: 'Kernel up' });
          signal.addEventListener('abort', () => reject(new Error('Engine start was cancelled.')));
        }),
    };
    const s = new Supervisor({ home: '/h', mode: 'vm', makeDriver: () => driver });
    const starting = s.start();
    await until(() => s.status().stage?.label === 'Kernel up');
    expect(s.status()).toMatchObject({ state: 'starting', stage: { step: 2, of: 4 } });
    const stopped = await s.stop();
    await expect(starting).rejects.toThrow('Engine start was cancelled.');
    expect(stopped.state).toBe('stopped');
    expect(stopped.stage).toBeUndefined();
  });

  it('refuses Docker calls with a sentence when not running', () => {
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => scripted([]).driver });
    expect(() => s.docker()).toThrow(/The engine is stopped: start it/);
  });
});
