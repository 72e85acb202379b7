import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../contract/index.js';
import { unmeasurable } from './engine-usage.js';

const status = (patch: Partial<EngineStatus>): EngineStatus => ({ mode: 'native', state: 'running', pid: 42, restarts: 0, home: '/h', ...patch });

describe('unmeasurable', () => {
  it('measures a running native or VM engine whose pid is known, on Linux', () => {
    expect(unmeasurable(status({}), 'linux')).toBeUndefined();
    expect(unmeasurable(status({ mode: 'vm' }), 'linux')).toBeUndefined();
  });

  it('says why not: an external engine, one not running, no pid, not Linux', () => {
    expect(unmeasurable(status({ mode: 'external', pid: undefined }), 'linux')).toMatch(/external.*cannot be measured from here/);
    expect(unmeasurable(status({ state: 'stopped', pid: undefined }), 'linux')).toMatch(/stopped/);
    expect(unmeasurable(status({ pid: undefined }), 'linux')).toMatch(/does not know/);
    expect(unmeasurable(status({ mode: 'vm' }), 'darwin')).toMatch(/Linux only/);
  });
});
