import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summariseInspect } from './inspect-summary';

// Recorded: docker inspect of a container run with ports, env, a bind, a named and an anonymous volume.
const rich = JSON.parse(readFileSync(new URL('../../../../engine/containers/fixtures/inspect-rich.json', import.meta.url), 'utf8'))[0];

describe('inspect summary', () => {
  it('picks env, mounts, ports and networks', () => {
    const s = summariseInspect(rich);
    expect(s.env).toEqual([
      ['GREETING', 'hello world'],
      ['EMPTY', ''],
    ]);
    expect(s.mounts).toContainEqual({ type: 'bind', source: '/tmp/bindsrc', target: '/src', rw: false });
    expect(s.mounts).toContainEqual({ type: 'volume', source: 'namedvol', target: '/data', rw: true });
    expect(s.ports).toContainEqual({ container: '80/tcp', host: '127.0.0.1:8089' });
    expect(s.networks[0]).toMatchObject({ name: 'bridge' });
    expect(s.networks[0]!.ip).toMatch(/^172\.29\./);
  });
  it('copes with a container that has none of them', () => {
    expect(summariseInspect({})).toEqual({ env: [], mounts: [], ports: [], networks: [] });
  });
});
