import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toSummary } from './containers.js';
import type { DockerEvent } from '../engine/events.js';
import { ndjsonSplitter } from '../util/text-stream.js';
import { toEngineInfo } from '../engine/engine.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('containers summary (recorded from dockerd 20.10)', () => {
  const list = JSON.parse(fixture('containers-list.json')) as Docker.ContainerInfo[];
  it('maps names, state and published ports', () => {
    const web = list.map((c) => toSummary(c)).find((c) => c.name === 'web')!;
    expect(web.state).toBe('running');
    expect(web.image).toBe('berth-test/busybox');
    expect(web.ports).toEqual([{ ip: '127.0.0.1', privatePort: 80, publicPort: 18081, type: 'tcp' }]);
    expect(web.labels['com.example.role']).toBe('web');
    const made = list.map((c) => toSummary(c)).find((c) => c.name === 'made')!;
    expect(made.state).toBe('created');
    expect(made.ports).toEqual([]);
  });
});

describe('event stream splitting (recorded /events)', () => {
  const text = fixture('events.ndjson');
  it('yields the same events however the bytes are chunked', () => {
    const whole: DockerEvent[] = [];
    ndjsonSplitter((o) => whole.push(o as DockerEvent))(text);
    expect(whole.map((e) => `${e.Type}:${e.Action}`)).toEqual([
      'container:create',
      'network:connect',
      'container:start',
      'container:kill',
      'container:kill',
      'container:die',
      'network:disconnect',
      'container:stop',
      'container:destroy',
    ]);
    for (const size of [1, 7, 100]) {
      const chunked: DockerEvent[] = [];
      const split = ndjsonSplitter((o) => chunked.push(o as DockerEvent));
      for (let i = 0; i < text.length; i += size) split(text.slice(i, i + size));
      expect(chunked).toEqual(whole);
    }
  });
  it('skips a garbled line and goes on', () => {
    const got: unknown[] = [];
    ndjsonSplitter((o) => got.push(o))('{"a":1}\n{broken\n{"b":2}\n');
    expect(got).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('engine info (recorded /info)', () => {
  it('keeps the essentials', () => {
    const info = toEngineInfo(JSON.parse(fixture('info.json')));
    expect(info.serverVersion).toMatch(/^20\.10/);
    expect(info.storageDriver).toBe('overlay2');
    expect(info.dataRoot).toMatch(/engine\/data$/);
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.runtimes).toContain('runc');
  });
});
