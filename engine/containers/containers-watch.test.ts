/**
 * The order of reads in containers.watch, against an engine whose list lags
 * its events as dockerd's does (rows from a recorded `GET /containers/json`,
 * their state scripted over time; events as the engine sends them).
 */
import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerDelta } from '../contract/index.js';
import type { Supervisor, EngineEvents, EventsSignal } from '../engine/index.js';
import { ContainersService, FIRST_PIECE_CHARS, SNAPSHOT_PIECE_CHARS } from './containers.js';

const recorded = JSON.parse(readFileSync(new URL('./fixtures/containers-list.json', import.meta.url), 'utf8')) as Docker.ContainerInfo[];
const base = recorded.find((c) => c.State === 'running')!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An engine with one container whose listed state (and name) is `stateAt(ms since start)`. */
function engine(stateAt: (ms: number) => [string, string, string?]) {
  const t0 = Date.now();
  const listeners = new Set<(s: EventsSignal) => void>();
  const docker = {
    listContainers: async () => {
      const [State, Status, name] = stateAt(Date.now() - t0);
      return [{ ...base, State, Status, Names: [`/${name ?? base.Names[0]!.slice(1)}`] }];
    },
  };
  const supervisor = { docker: () => docker, status: () => ({ state: 'running' }) } as unknown as Supervisor;
  const events = {
    isConnected: true,
    subscribe: (l: (s: EventsSignal) => void) => (listeners.add(l), () => listeners.delete(l)),
  } as unknown as EngineEvents;
  const send = (Action: string, attributes: Record<string, string> = {}) =>
    listeners.forEach((l) => l({ kind: 'event', event: { Type: 'container', Action, Actor: { ID: base.Id, Attributes: attributes }, time: 0 } }));
  return { service: new ContainersService(supervisor, events), send };
}

describe('containers.watch against a list that lags', () => {
  it('a restarting row read again on its timer does not cut short the wait for a die the list has not shown yet', async () => {
    // Restarting, then running again at 100 ms; it dies at 400 ms, and the list keeps saying running until 1000 ms.
    const { service, send } = engine((ms) =>
      ms < 100
        ? ['restarting', 'Restarting (1) Less than a second ago']
        : ms < 1000
          ? ['running', 'Up Less than a second']
          : ['exited', 'Exited (1) Less than a second ago'],
    );
    const seen: ContainerDelta[] = [];
    const abort = new AbortController();
    const watching = service.watch({ emit: (d) => seen.push(d), signal: abort.signal });
    await sleep(120);
    send('start');
    await sleep(280);
    // The row's restarting poll (due 500 ms after the snapshot) falls inside this die's wait.
    send('die', { exitCode: '1' });
    await sleep(1500);
    abort.abort();
    await watching;
    const last = seen.filter((d) => d.kind === 'upsert').at(-1);
    expect(last?.kind === 'upsert' && last.container.state).toBe('exited');
  });

  it("a rename is waited for until the list shows the new name (dockerd announces a running container's rename first)", async () => {
    // Renamed at 200 ms; the list shows the new name from 600 ms.
    const { service, send } = engine((ms) => ['paused', 'Up 3 seconds (Paused)', ms < 600 ? 'old-name' : 'new-name']);
    const seen: ContainerDelta[] = [];
    const abort = new AbortController();
    const watching = service.watch({ emit: (d) => seen.push(d), signal: abort.signal });
    await sleep(200);
    send('rename', { name: 'new-name', oldName: '/old-name' });
    await sleep(900);
    abort.abort();
    await watching;
    const last = seen.filter((d) => d.kind === 'upsert').at(-1);
    expect(last?.kind === 'upsert' && last.container.name).toBe('new-name');
  });

  it('sends a snapshot of thousands of rows in bounded pieces, the first one small, nothing between them', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...base,
      Id: i.toString(16).padStart(64, '0'),
      Names: [`/many-${i}`],
      Labels: { note: 'n'.repeat(1000 + (i % 50)) },
    }));
    const supervisor = { docker: () => ({ listContainers: async () => many }), status: () => ({ state: 'running' }) } as unknown as Supervisor;
    const events = { isConnected: true, subscribe: () => () => undefined } as unknown as EngineEvents;
    const seen: ContainerDelta[] = [];
    const abort = new AbortController();
    const watching = new ContainersService(supervisor, events).watch({ emit: (d) => seen.push(d), signal: abort.signal });
    await sleep(50);
    abort.abort();
    await watching;
    expect(seen[0]).toEqual({ kind: 'snapshot-begin', total: 3000 });
    expect(seen.at(-1)).toEqual({ kind: 'snapshot-end' });
    const pieces = seen.slice(1, -1);
    expect(pieces.every((d) => d.kind === 'snapshot-rows')).toBe(true);
    const sizes = pieces.map((d) => JSON.stringify(d).length);
    expect(sizes[0]).toBeLessThan(FIRST_PIECE_CHARS + 200);
    for (const size of sizes) expect(size).toBeLessThan(SNAPSHOT_PIECE_CHARS + 200);
    expect(pieces.flatMap((d) => (d.kind === 'snapshot-rows' ? d.containers.map((c) => c.name) : []))).toEqual(many.map((c) => c.Names[0]!.slice(1)));
  });
});
