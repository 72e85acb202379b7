import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../engine/contract/index';
import { countsWord, kindWord, platformWord } from './engine-words';

const entry = (over: Partial<EngineEntry> = {}): EngineEntry => ({
  id: 'e-1',
  name: 'build',
  kind: 'tls',
  source: 'added',
  host: 'tcp://build:2376',
  health: { state: 'up', version: '27.3.1', os: 'linux', arch: 'amd64', containers: 1, running: 0, images: 4, checkedAt: 0 },
  ...over,
});

describe('engine words', () => {
  it('words kind, platform and counts', () => {
    expect(kindWord(entry())).toBe('TCP + TLS');
    expect(kindWord(entry({ kind: 'ssh', source: 'context' }))).toBe('SSH · docker context');
    expect(platformWord(entry())).toBe('27.3.1 · linux/amd64');
    expect(countsWord(entry())).toBe('1 container (0 running) · 4 images');
  });

  it('says nothing of an engine that is down', () => {
    const down = entry({ health: { state: 'down', error: 'No.', checkedAt: 0 } });
    expect(platformWord(down)).toBe('');
    expect(countsWord(down)).toBe('');
  });
});
