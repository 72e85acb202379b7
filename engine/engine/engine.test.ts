import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEngineInfo } from './engine.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

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
