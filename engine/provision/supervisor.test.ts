import { describe, expect, it } from 'vitest';
import type { EngineState } from '../contract/index.js';
import type { EngineDriver, RunningEngine } from './driver.js';
import { Supervisor } from './supervisor.js';

/** A scripted engine driver: each start either fails with a message or returns an engine we can "kill". */
function scripted(plan: Array<'ok' | string>) {
  const kills: Array<(why: string) => void> = [];
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
        exited: new Promise<string>((resolve) => kills.push(resolve)),
        stop: async () => void stops++,
      };
    },
  };
  return { driver, kill: (why: string) => kills[kills.length - 1]!(why), stops: () => stops };
}

function record(s: Supervisor): EngineState[] {
  const states: EngineState[] = [];
  s.subscribe((st) => states.push(st.state));
  return states;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

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
    kill('dockerd was killed by SIGKILL');
    await until(() => s.status().state === 'running' && states.length > 3);
    expect(states).toEqual(['error', 'starting', 'error', 'starting', 'running']);
    expect(s.status().restarts).toBe(2);
    expect(stops()).toBe(1); // the dead engine's leftovers were cleaned before restarting
  });

  it('does not restart an engine it was asked to stop', async () => {
    const { driver, kill } = scripted(['ok']);
    const s = new Supervisor({ home: '/h', mode: 'native', makeDriver: () => driver, backoffMs: () => 1 });
    await s.start();
    await s.stop();
    kill('late exit');
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
