import { describe, expect, it } from 'vitest';
import { bridgeName, cidrOverlap, pickSubnet } from './network.js';
import { mountsUnder, unescapeMountPath } from './mounts.js';
import { straysOf } from './strays.js';
import { plainText, summariseFailure } from './logs.js';
import { lastConsoleLine } from './vm/vm-driver.js';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { contextMeta, contextMetaFile, contextNameFor } from './docker-context.js';
import { contextHost, resolveEndpoint } from './external.js';
import { defaultHome, layout } from './paths.js';
import { dockerdArgs } from './native.js';
import { parseDockerHost } from './driver.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, updateSettings } from '../settings/index.js';

describe('network', () => {
  it('detects overlapping ranges', () => {
    expect(cidrOverlap('172.17.0.1/16', '172.17.5.0/24')).toBe(true);
    expect(cidrOverlap('172.29.20.1/24', '172.29.21.0/24')).toBe(false);
    expect(cidrOverlap('10.0.0.0/8', '10.200.3.4/32')).toBe(true);
  });
  it('picks a subnet clear of those in use, stable for a home', () => {
    const first = pickSubnet('/home/a/.local/share/berth', []);
    expect(pickSubnet('/home/a/.local/share/berth', [])).toBe(first);
    const again = pickSubnet('/home/a/.local/share/berth', [first]);
    expect(again).not.toBe(first);
    expect(cidrOverlap(again, first)).toBe(false);
    expect(() => pickSubnet('/h', ['172.29.0.0/16'])).toThrow(/no free \/24/);
  });
  it('names bridges within the kernel limit', () => {
    expect(bridgeName('/x', true)).toBe('berth0');
    const n = bridgeName('/tmp/some/very/long/home/path', false);
    expect(n.length).toBeLessThanOrEqual(15);
    expect(n).toMatch(/^berth-[0-9a-f]{6}$/);
  });
});

describe('mounts and strays', () => {
  const info = [
    '36 27 0:30 / /tmp/bh/engine/data rw - ext4 /dev/vda rw',
    '40 36 0:31 / /tmp/bh/engine/data/overlay2/abc/merged rw - overlay overlay rw',
    '41 27 0:32 / /tmp/bh/engine/exec/netns/f1 rw - nsfs nsfs rw',
    '42 27 0:33 / /tmp/bh/engine/database rw - ext4 /dev/vda rw',
    '43 27 0:34 / /tmp/with\\040space rw - ext4 /dev/vda rw',
  ].join('\n');
  it('lists mounts under the roots, deepest first', () => {
    expect(mountsUnder(info, ['/tmp/bh/engine/data', '/tmp/bh/engine/exec'])).toEqual([
      '/tmp/bh/engine/data/overlay2/abc/merged',
      '/tmp/bh/engine/exec/netns/f1',
      '/tmp/bh/engine/data',
    ]);
    expect(unescapeMountPath('/tmp/with\\040space')).toBe('/tmp/with space');
  });
  it('kills containers before the shims that hold them', () => {
    const procs = [
      { pid: 10, ppid: 1, cmdline: 'containerd-shim-runc-v2 -address /h/engine/exec/containerd/containerd.sock' },
      { pid: 11, ppid: 10, cmdline: 'sleep 1000' },
      { pid: 12, ppid: 11, cmdline: 'sh -c x' },
      { pid: 20, ppid: 1, cmdline: 'containerd-shim-runc-v2 -address /other/exec/containerd/containerd.sock' },
      { pid: 21, ppid: 20, cmdline: 'nginx' },
    ];
    expect(straysOf(procs, '/h/engine/exec/', 999)).toEqual([12, 11, 10]);
  });
});

describe('engine log', () => {
  it('finds the reason a start failed', () => {
    const lines = [
      'time="2026-11-23T04:53:31Z" level=info msg="Starting up"',
      'time="2026-11-23T04:53:31Z" level=error msg="failed to start: bridge \\"x\\" not found"',
      'failed to start daemon: Error initializing network controller: bridge not found',
    ];
    expect(summariseFailure(lines)).toBe('failed to start daemon: Error initializing network controller: bridge not found');
    expect(summariseFailure(lines.slice(0, 2))).toBe('failed to start: bridge "x" not found');
    expect(summariseFailure(['level=info msg="ok"'])).toBeUndefined();
  });
});

describe('external endpoint', () => {
  it('reads a docker context', () => {
    expect(contextHost('{"Name":"remote","Endpoints":{"docker":{"Host":"unix:///run/user/1000/docker.sock"}}}')).toBe('unix:///run/user/1000/docker.sock');
    expect(contextHost('garbage')).toBeUndefined();
  });
  it('prefers the chosen host, then DOCKER_HOST, then the default socket', async () => {
    expect(await resolveEndpoint('tcp://127.0.0.1:2375', {})).toEqual({ dockerHost: 'tcp://127.0.0.1:2375', source: 'settings' });
    expect((await resolveEndpoint(undefined, { DOCKER_HOST: 'unix:///x.sock', HOME: '/nonexistent' })).source).toBe('DOCKER_HOST');
    expect(await resolveEndpoint(undefined, { HOME: '/nonexistent' })).toEqual({ dockerHost: 'unix:///var/run/docker.sock', source: 'default socket' });
  });
  it('parses Docker hosts', () => {
    expect(parseDockerHost('unix:///a/b.sock')).toEqual({ socketPath: '/a/b.sock' });
    expect(parseDockerHost('tcp://127.0.0.1:2376')).toEqual({ host: '127.0.0.1', port: 2376 });
    expect(() => parseDockerHost('ssh://me@box')).toThrow(/only unix/);
  });
});

describe('home layout', () => {
  it('follows BERTH_HOME, else the platform convention', () => {
    expect(defaultHome({ BERTH_HOME: '/srv/berth' }, 'linux')).toBe('/srv/berth');
    expect(defaultHome({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/berth');
    expect(defaultHome({ HOME: '/home/u', XDG_DATA_HOME: '/d' }, 'linux')).toBe('/d/berth');
    expect(defaultHome({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/Berth');
  });
  it('keeps every engine path under the home, with no global iptables chains', () => {
    const l = layout('/h');
    const args = dockerdArgs(l, 'berth0');
    for (const flag of ['--data-root', '--exec-root', '--pidfile']) {
      expect(args[args.indexOf(flag) + 1].startsWith('/h/')).toBe(true);
    }
    expect(args).toContain('unix:///h/run/docker.sock');
    expect(args).toContain('--iptables=false');
    expect(args[args.indexOf('--bridge') + 1]).toBe('berth0');
  });
});

describe('the VM console as text', () => {
  // Recorded from this VM's serial console: SeaBIOS's screen resets, systemd's colours, carriage returns.
  const recorded = readFileSync(new URL('./fixtures/vm-console.txt', import.meta.url), 'utf8');

  it('drops terminal escapes and carriage returns, keeping the words', () => {
    const lines = recorded.split('\n').map(plainText);
    expect(lines[0]).toBe('SeaBIOS (version 1.16.2-debian-1.16.2-1)');
    expect(lines.join('\n')).not.toMatch(/\x1b|\r/);
    expect(lines.some((l) => l.startsWith('Welcome to Debian GNU/Linux 12 (bookworm)!'))).toBe(true);
  });

  it('names the last line a failed boot printed', () => {
    expect(lastConsoleLine(recorded)).toBe(plainText(recorded.trimEnd().split('\n').pop()!).trim());
    expect(lastConsoleLine('')).toBe('none');
  });
});

describe('the docker context', () => {
  it('is written where the docker CLI looks it up, by the sha256 of its name', () => {
    expect(contextMetaFile('/home/u/.docker', 'berth')).toBe(`/home/u/.docker/contexts/meta/${createHash('sha256').update('berth').digest('hex')}/meta.json`);
    expect(contextHost(contextMeta('berth', 'unix:///home/u/.local/share/berth/run/docker.sock'))).toBe('unix:///home/u/.local/share/berth/run/docker.sock');
  });

  it('is "berth" for the default home, what BERTH_DOCKER_CONTEXT says, and none for other homes', () => {
    expect(contextNameFor({}, true)).toBe('berth');
    expect(contextNameFor({}, false)).toBeUndefined();
    expect(contextNameFor({ BERTH_DOCKER_CONTEXT: 'berth-dev' }, false)).toBe('berth-dev');
  });
});

describe('settings.json', () => {
  it('keeps both of two changes made at once to different parts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
    const file = join(dir, 'settings.json');
    try {
      await Promise.all([
        updateSettings(file, (s) => ({ ...s, engine: { ...s.engine, mode: 'vm' } })),
        updateSettings(file, (s) => ({ ...s, engine: { ...s.engine, vm: { ...s.engine.vm, memoryMiB: 4096 } } })),
        updateSettings(file, (s) => ({
          ...s,
          ui: { theme: 'dark', terminal: { fontSize: 14, scrollback: 5000, shell: '', detachKeys: 'ctrl-p,ctrl-q' }, quit: 'ask' },
        })),
      ]);
      const s = await readSettings(file);
      expect([s.engine.mode, s.engine.vm.memoryMiB, s.ui?.theme]).toEqual(['vm', 4096, 'dark']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
