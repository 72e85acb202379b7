import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerState } from './contract.js';
import { CRASH_LOOP_WINDOW_MS, NO_CRASHES, crashLoopOf, crashLoopRecheckAt, noteCrashEvent, type CrashHistory } from './crash-loop.js';

/**
 * Recorded from a real dockerd (`docker events --format '{{json .}}'`):
 * `loop` is busybox `sh -c 'exit 1'` with --restart always, `healthy` is
 * `sleep 300` with --restart always, `onfail` is `sh -c 'exit 2'` with
 * --restart on-failure:3; after ~20 s both `loop` and `healthy` were stopped
 * with `docker stop`.
 */
interface Recorded {
  readonly Action: string;
  readonly Actor: { readonly Attributes: { readonly name: string } };
  readonly timeNano: number;
}
const recorded: readonly Recorded[] = readFileSync(join(import.meta.dirname, 'fixtures', 'restart-always-events.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Recorded);

/** The state the engine's list shows after each event (as a policy restart leaves it between attempts). */
function stateAfter(action: string, name: string, previous: ContainerState): ContainerState {
  if (action === 'start') return 'running';
  if (action === 'stop') return 'exited';
  if (action === 'die') return name === 'healthy' ? 'exited' : 'restarting';
  return previous;
}

/** Replays the recording, and gives each container's verdict after each of its events. */
function replay(events: readonly Recorded[]) {
  const verdicts = new Map<string, boolean[]>();
  const histories = new Map<string, CrashHistory>();
  const states = new Map<string, ContainerState>();
  for (const e of events) {
    const name = e.Actor.Attributes.name;
    const at = e.timeNano / 1e6;
    const h = noteCrashEvent(histories.get(name) ?? NO_CRASHES, e.Action, at);
    histories.set(name, h);
    const state = stateAfter(e.Action, name, states.get(name) ?? 'created');
    states.set(name, state);
    verdicts.set(name, [...(verdicts.get(name) ?? []), crashLoopOf(h, { state }, at) !== undefined]);
  }
  return { verdicts, histories, states };
}

describe('crash loops in a recorded event stream', () => {
  const { verdicts } = replay(recorded);

  it('flags the restart-always container from its third death on, and clears it when the user stops it', () => {
    const loop = verdicts.get('loop')!;
    const actions = recorded.filter((e) => e.Actor.Attributes.name === 'loop').map((e) => e.Action);
    const firstFlag = loop.indexOf(true);
    expect(actions.slice(0, firstFlag + 1).filter((a) => a === 'die')).toHaveLength(3);
    // From then on flagged, through each restart, until the stop.
    expect(loop.slice(firstFlag, -1).every(Boolean)).toBe(true);
    expect(actions.at(-1)).toBe('stop');
    expect(loop.at(-1)).toBe(false);
  });

  it('never flags the healthy container, even though it died when stopped', () => {
    expect(verdicts.get('healthy')!.some(Boolean)).toBe(false);
  });

  it('flags on-failure while it is retried, and no more once the policy gives up', () => {
    const onfail = verdicts.get('onfail')!;
    expect(onfail.some(Boolean)).toBe(true);
    const h = replay(recorded).histories.get('onfail')!;
    const last = recorded.filter((e) => e.Actor.Attributes.name === 'onfail').at(-1)!.timeNano / 1e6;
    // Its last death leaves it exited for good.
    expect(crashLoopOf(h, { state: 'exited' }, last)).toBeUndefined();
  });

  it('stops flagging a container that stayed up once its deaths leave the window, and says when', () => {
    const dies = recorded.filter((e) => e.Actor.Attributes.name === 'loop' && e.Action === 'die').slice(0, 4);
    const h = dies.reduce((acc, e) => noteCrashEvent(acc, 'die', e.timeNano / 1e6), NO_CRASHES);
    const lastDie = dies.at(-1)!.timeNano / 1e6;
    expect(crashLoopOf(h, { state: 'running' }, lastDie + 1000)).toEqual({ exits: 4, windowMinutes: CRASH_LOOP_WINDOW_MS / 60_000 });
    const at = crashLoopRecheckAt(h, lastDie + 1000)!;
    expect(at).toBeGreaterThan(lastDie);
    expect(crashLoopOf(h, { state: 'running' }, at - 1)).toBeDefined();
    expect(crashLoopOf(h, { state: 'running' }, at)).toBeUndefined();
    expect(crashLoopRecheckAt(h, at)).toBeUndefined();
  });

  it('flags a container found waiting to restart with a growing restart count, with no events seen', () => {
    expect(crashLoopOf(NO_CRASHES, { state: 'restarting', restartCount: 8 }, 0)).toMatchObject({ exits: 8 });
    expect(crashLoopOf(NO_CRASHES, { state: 'restarting', restartCount: 1 }, 0)).toBeUndefined();
    // Running after many restarts long ago is not a loop.
    expect(crashLoopOf(NO_CRASHES, { state: 'running', restartCount: 8 }, 0)).toBeUndefined();
  });

  it('keeps a bounded history however long a container loops', () => {
    let h = NO_CRASHES;
    for (let i = 0; i < 1000; i++) h = noteCrashEvent(h, 'die', i * 100);
    expect(h.dies.length).toBeLessThanOrEqual(20);
    expect(crashLoopOf(h, { state: 'restarting' }, 100_000)).toBeDefined();
  });
});
