import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toSummary } from './containers.js';

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
