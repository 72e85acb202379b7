import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendCommand } from './launch.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('how the backend is run', () => {
  it("is the packaged app's berth executable when its resources have one, told where they are", () => {
    const resources = join(dir, 'resources');
    mkdirSync(join(resources, 'engine', 'bin'), { recursive: true });
    writeFileSync(join(resources, 'engine', 'bin', 'berth'), '');
    const c = backendCommand({ BERTH_RESOURCES: resources });
    expect(c).toEqual({ cmd: join(resources, 'engine', 'bin', 'berth'), args: ['__backend'], env: { BERTH_RESOURCES: resources } });
    // Not ELECTRON_RUN_AS_NODE: the app's own binary never runs as Node.
    expect(c.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('is the executable BERTH_BACKEND_BIN names', () => {
    const exe = join(dir, 'berth-built');
    writeFileSync(exe, '');
    expect(backendCommand({ BERTH_BACKEND_BIN: exe })).toMatchObject({ cmd: exe, args: ['__backend'] });
  });

  it('is the TypeScript through tsx in a checkout (resources without the executable, or none)', () => {
    for (const env of [{}, { BERTH_RESOURCES: join(dir, 'empty') }]) {
      const c = backendCommand(env);
      expect(c.cmd).toBe(process.execPath);
      expect(c.args[0]).toBe('--import');
      expect(c.args.at(-1)).toMatch(/engine[\\/]backend[\\/]main\.ts$/);
      expect(c.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    }
  });
});
