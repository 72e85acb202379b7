import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { castKindAt, castTree, castValue } from './cast.js';
import { loadProject } from './loader.js';

describe('casting interpolated strings where Compose wants numbers and booleans', () => {
  it('knows the typed attributes, with * for any service, key or index', () => {
    expect(castKindAt(['services', 'web', 'deploy', 'replicas'])).toBe('int');
    expect(castKindAt(['services', 'web', 'cpus'])).toBe('float');
    expect(castKindAt(['services', 'web', 'ports', 3, 'target'])).toBe('int');
    expect(castKindAt(['networks', 'back', 'internal'])).toBe('bool');
    expect(castKindAt(['services', 'web', 'image'])).toBeUndefined();
    expect(castKindAt(['services', 'web', 'environment', 'cpus'])).toBeUndefined();
  });

  it('reads values as Compose does and leaves what does not read', () => {
    expect(castValue('2', 'int')).toBe(2);
    expect(castValue('2.5', 'int')).toBeUndefined();
    expect(castValue('0.5', 'float')).toBe(0.5);
    expect(castValue('', 'float')).toBeUndefined();
    expect(castValue('Yes', 'bool')).toBe(true);
    expect(castValue('off', 'bool')).toBe(false);
    expect(castValue('maybe', 'bool')).toBeUndefined();
    expect(castTree({ services: { a: { scale: '3', init: 'x', environment: { N: '1' } } } })).toEqual({
      services: { a: { scale: 3, init: 'x', environment: { N: '1' } } },
    });
  });

  const dir = mkdtempSync(join(tmpdir(), 'berth-cast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file whose numbers and booleans come from variables (the schema refused it before)', () => {
    writeFileSync(
      join(dir, 'compose.yaml'),
      [
        'services:',
        '  a:',
        '    image: busybox',
        '    cpus: ${C}',
        '    init: ${I}',
        '    scale: ${S:-1}',
        '    deploy:',
        '      replicas: ${N:-2}',
        '    healthcheck:',
        '      test: ["CMD", "true"]',
        '      retries: ${R}',
        '',
      ].join('\n'),
    );
    const p = loadProject({ cwd: dir, environment: { C: '0.5', I: 'true', R: '3' } });
    const a = p.services.a!;
    expect(a.cpus).toBe(0.5);
    expect(a.init).toBe(true);
    expect((a.deploy as { replicas: unknown }).replicas).toBe(2);
    expect((a.healthcheck as { retries: unknown }).retries).toBe(3);
    expect(() => loadProject({ cwd: dir, environment: { C: '0.5', I: 'sure', R: '3' } })).toThrow(/services\.a\.init: must be true or false/);
  });
});
