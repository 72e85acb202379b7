import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { runCommand, shellQuote } from './run-command.js';

const fixture = <T>(name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
// Recorded: docker run -d --name rich -p 127.0.0.1:8089:80 -p 5353:53/udp -e GREETING='hello world' -e EMPTY=
//   -v /tmp/bindsrc:/src:ro -v namedvol:/data -v /anon --restart on-failure:3 -l app=demo -l 'team=a b'
//   -u 1000:1000 -w /tmp --entrypoint /bin/sh --init berth-test/busybox -c 'sleep 1000'
const rich = fixture<Docker.ContainerInspectInfo[]>('inspect-rich.json')[0]!;
const image = fixture<Array<{ Config: object }>>('image-busybox.json')[0]!.Config;

describe('copy as docker run', () => {
  it('recreates every option that differs from the image', () => {
    expect(runCommand(rich, image)).toBe(
      "docker run -d --name rich -e 'GREETING=hello world' -e EMPTY= -p 5353:53/udp -p 127.0.0.1:8089:80 -v /tmp/bindsrc:/src:ro -v namedvol:/data -v /anon --restart on-failure:3 -u 1000:1000 -w /tmp -l app=demo -l 'team=a b' --init --entrypoint /bin/sh berth-test/busybox -c 'sleep 1000'",
    );
  });
  it('leaves out what the image already says', () => {
    const plain = { ...rich, Config: { ...rich.Config, Entrypoint: undefined, Cmd: ['sh'], Env: [], Labels: {}, User: '', WorkingDir: '', Volumes: {} } };
    const cmd = runCommand(
      { ...plain, HostConfig: { ...rich.HostConfig, Binds: [], PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, Init: false } as never },
      image,
    );
    expect(cmd).toBe('docker run -d --name rich berth-test/busybox');
  });
  it('spells out limits, hosts, capabilities, the healthcheck and the network', () => {
    const advanced = {
      ...rich,
      Config: {
        ...rich.Config,
        Hostname: 'web-1',
        Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 30e9, Timeout: 5e9, StartPeriod: 1.5e9, Retries: 3 },
      },
      HostConfig: {
        ...rich.HostConfig,
        NetworkMode: 'web-net',
        Memory: 512 * 1024 ** 2,
        NanoCpus: 1.5e9,
        PidsLimit: 64,
        ExtraHosts: ['db.local:10.0.0.5'],
        CapAdd: ['CAP_NET_ADMIN'],
        CapDrop: ['ALL'],
      },
    };
    expect(runCommand(advanced, image)).toContain(
      "--network web-net -u 1000:1000 -w /tmp -l app=demo -l 'team=a b' --hostname web-1 --add-host db.local:10.0.0.5 --memory 512m --cpus 1.5 --pids-limit 64 --cap-add NET_ADMIN --cap-drop ALL --health-cmd 'wget -q -O- localhost' --health-interval 30s --health-timeout 5s --health-start-period 1s500ms --health-retries 3 --init",
    );
    // What the image's own healthcheck already says is left out; turning it off is said.
    const imageHealth = { ...image, Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 30e9 } };
    expect(runCommand(advanced, imageHealth)).toContain('--cap-drop ALL --health-timeout 5s --health-start-period 1s500ms --health-retries 3 --init');
    const off = { ...advanced, Config: { ...advanced.Config, Healthcheck: { Test: ['NONE'] } } };
    expect(runCommand(off, imageHealth)).toContain('--cap-drop ALL --no-healthcheck --init');
    // The host network has the engine machine's host name, which the command must not pin; another name it must.
    const onHost = { ...advanced, Config: { ...advanced.Config, Hostname: 'engine-box' }, HostConfig: { ...advanced.HostConfig, NetworkMode: 'host' } };
    expect(runCommand(onHost, image, { hostname: 'engine-box' })).not.toContain('--hostname');
    expect(runCommand(onHost, image, { hostname: 'other-box' })).toContain(' --hostname engine-box ');
    // Not knowing the engine's name, it leaves the host name out rather than pin the machine's.
    expect(runCommand(onHost, image)).not.toContain('--hostname');
  });
  it('quotes for a POSIX shell', () => {
    expect(shellQuote('plain-word_1.2')).toBe('plain-word_1.2');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });
});
