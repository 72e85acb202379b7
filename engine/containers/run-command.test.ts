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
  it('quotes for a POSIX shell', () => {
    expect(shellQuote('plain-word_1.2')).toBe('plain-word_1.2');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });
});
