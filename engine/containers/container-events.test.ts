import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../contract/index.js';
import { rowFromEvent, rowShowsEvent } from './container-events.js';
import { engineMessage } from '../engine/index.js';

const row = (state: ContainerSummary['state'], status: string): ContainerSummary => ({
  id: 'c1',
  name: 'quick',
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sh',
  state,
  status,
  observedAt: 0,
  created: 1,
  ports: [],
  labels: {},
});

describe('what a container event says about its row', () => {
  it('a row read right after die, still running, has not caught up; exited, restarting or gone has', () => {
    expect(rowShowsEvent({ action: 'die' }, row('running', 'Up 2 seconds'))).toBe(false);
    expect(rowShowsEvent({ action: 'stop' }, row('running', 'Up 2 seconds'))).toBe(false);
    expect(rowShowsEvent({ action: 'die' }, row('exited', 'Exited (3) Less than a second ago'))).toBe(true);
    expect(rowShowsEvent({ action: 'die' }, row('restarting', 'Restarting (3) Less than a second ago'))).toBe(true);
  });

  it('pause and unpause promise their state; kill, start and rename promise nothing', () => {
    expect(rowShowsEvent({ action: 'pause' }, row('running', 'Up 2 seconds'))).toBe(false);
    expect(rowShowsEvent({ action: 'pause' }, row('paused', 'Up 2 seconds (Paused)'))).toBe(true);
    expect(rowShowsEvent({ action: 'unpause' }, row('paused', 'Up 2 seconds (Paused)'))).toBe(false);
    for (const action of ['kill', 'start', 'rename', 'create']) expect(rowShowsEvent({ action }, row('running', 'Up 1 second'))).toBe(true);
  });

  it("every event names the container as it is then: a row with another name has not caught up (a running container's rename)", () => {
    expect(rowShowsEvent({ action: 'rename', name: 'renamed' }, row('paused', 'Up 2 seconds (Paused)'))).toBe(false);
    expect(rowShowsEvent({ action: 'rename', name: 'quick' }, row('paused', 'Up 2 seconds (Paused)'))).toBe(true);
    expect(rowFromEvent(row('paused', 'Up 2 seconds (Paused)'), { action: 'rename', name: 'renamed' }, 42)).toMatchObject({
      name: 'renamed',
      state: 'paused',
      observedAt: 42,
    });
  });

  it('past the wait, the row is taken from the event: exited with the die exit code', () => {
    expect(rowFromEvent(row('running', 'Up 2 seconds'), { action: 'die', exitCode: '3' }, 42)).toMatchObject({
      state: 'exited',
      status: 'Exited (3) Less than a second ago',
      observedAt: 42,
    });
    expect(rowFromEvent(row('running', 'Up 2 seconds'), { action: 'stop', exitCode: '137' }, 42)).toMatchObject({
      state: 'exited',
      status: 'Exited (137) Less than a second ago',
    });
    expect(rowFromEvent(row('running', 'Up 2 seconds'), { action: 'pause' }, 42)).toMatchObject({ state: 'paused', status: 'Up 2 seconds (Paused)' });
    expect(rowFromEvent(row('paused', 'Up 2 seconds (Paused)'), { action: 'unpause' }, 42)).toMatchObject({ state: 'running', status: 'Up 2 seconds' });
  });
});

describe("the engine's words for a failed call", () => {
  it('never an empty sentence: a reply without a body says what the engine answered', () => {
    // As dockerode words a 304 to POST /containers/{id}/stop (recorded from dockerd 20.10): no body, so nothing after the dash.
    expect(engineMessage(Object.assign(new Error('(HTTP code 304) container already stopped - '), { statusCode: 304, json: null }))).toBe(
      'The engine answered container already stopped.',
    );
    expect(
      engineMessage(
        Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404, json: { message: 'No such container: x' } }),
      ),
    ).toBe('No such container: x');
    expect(engineMessage(new Error('(HTTP code 500) server error - a - b '))).toBe('a - b');
  });
});
