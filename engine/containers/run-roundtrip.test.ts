/**
 * "Copy as docker run" round trip, as a seeded property: a random valid run spec → the create request →
 * what inspect shows → the command text → parsed back gives the same spec.
 */
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toCreateOptions } from './run-container.js';
import { runCommand } from './run-command.js';
import { parseRunCommand } from './run-parse.js';
import { canonicalSpec, randomRunSpec } from './run-spec-random.js';

const ENGINE_HOST = 'engine-box';

/** What the engine's inspect shows for a container created from these options (the fields the command reads). */
function inspectOf(options: Docker.ContainerCreateOptions, id: string): Parameters<typeof runCommand>[0] {
  const { name, HostConfig, ...config } = options;
  return {
    Id: id,
    Name: `/${name}`,
    Config: { ...config, Hostname: config.Hostname ?? (HostConfig?.NetworkMode === 'host' ? ENGINE_HOST : id.slice(0, 12)) } as never,
    HostConfig: { ...HostConfig, NetworkMode: HostConfig?.NetworkMode ?? 'default' } as never,
  };
}

describe('copy as docker run, round trip', () => {
  const base = Number(process.env.BERTH_SEED ?? 20261206);
  it('gives back the spec for 500 random specs (seed in BERTH_SEED)', () => {
    for (let n = 0; n < 500; n++) {
      const seed = base + n;
      const s = randomRunSpec(seed);
      const text = runCommand(inspectOf(toCreateOptions(s), 'f7fae229ba80720936fce3a4415f108a1c83db2dd80665c4fe130408ae3e63ba'), {}, { hostname: ENGINE_HOST });
      const back = parseRunCommand(text);
      expect(back, `seed ${seed}: ${text}`).toEqual({ ok: true, value: canonicalSpec(s) });
    }
  });
  it('reads the advanced flags in their CLI spellings', () => {
    const r = parseRunCommand(
      `docker run -dit --memory=512m --cpus 1.5 --pids-limit 64 --add-host db=10.0.0.5 -h web --cap-add net_admin --cap-drop ALL --health-cmd 'wget -q -O- localhost' --health-interval 30s --health-retries 3 --init --net web-net busybox sleep 1`,
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        interactive: true,
        tty: true,
        memory: 512 * 1024 ** 2,
        cpus: 1.5,
        pidsLimit: 64,
        addHosts: ['db:10.0.0.5'],
        hostname: 'web',
        capAdd: ['CAP_NET_ADMIN'],
        capDrop: ['ALL'],
        healthcheck: { command: 'wget -q -O- localhost', intervalMs: 30_000, retries: 3 },
        init: true,
        network: 'web-net',
        image: 'busybox',
        command: ['sleep', '1'],
      },
    });
  });
  it('reads a command as pasted from a README: line continuations, a prompt and sudo in front', () => {
    const r = parseRunCommand('$ sudo docker run \\\n  -d --name web \\\r\n  -e "A=1 \\\n2" busybox');
    expect(r).toMatchObject({ ok: true, value: { name: 'web', env: ['A=1 2'], image: 'busybox' } });
    // Inside single quotes a backslash is kept, and so is the line end.
    expect(parseRunCommand("docker run busybox echo 'a\\\nb'")).toMatchObject({ ok: true, value: { command: ['echo', 'a\\\nb'] } });
  });
  it('names what it cannot read', () => {
    expect(parseRunCommand('docker run --memory lots busybox')).toMatchObject({ ok: false, message: expect.stringMatching(/^Memory must be a size/) });
    expect(parseRunCommand('docker run --cap-add FLY busybox')).toMatchObject({ ok: false, message: expect.stringMatching(/not a Linux capability/) });
    expect(parseRunCommand('docker run --gpus all busybox')).toEqual({ ok: false, message: '--gpus is not an option the run dialog knows.' });
    expect(parseRunCommand('docker run -d')).toMatchObject({ ok: false, message: expect.stringMatching(/names no image/) });
    expect(parseRunCommand('docker ps')).toMatchObject({ ok: false, message: expect.stringMatching(/not a docker run command/) });
  });
});
