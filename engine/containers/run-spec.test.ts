import { describe, expect, it } from 'vitest';
import { checkName, parseEnvFile, parseEnvLine, parseMount, parsePort, splitWords, type RunSpec } from './run-spec.js';
import { toCreateOptions } from './run-container.js';
import { plainRunSpec } from './run-spec-random.js';

describe('port specs, as docker run -p takes them', () => {
  it('parses every form', () => {
    expect(parsePort('80')).toEqual({ ok: true, value: { hostIp: undefined, hostPort: undefined, containerPort: 80, protocol: 'tcp' } });
    expect(parsePort('8080:80')).toEqual({ ok: true, value: { hostIp: undefined, hostPort: 8080, containerPort: 80, protocol: 'tcp' } });
    expect(parsePort('127.0.0.1:8080:80/udp')).toEqual({ ok: true, value: { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'udp' } });
    expect(parsePort('127.0.0.1::80')).toEqual({ ok: true, value: { hostIp: '127.0.0.1', hostPort: undefined, containerPort: 80, protocol: 'tcp' } });
    expect(parsePort('[::1]:8080:80')).toEqual({ ok: true, value: { hostIp: '::1', hostPort: 8080, containerPort: 80, protocol: 'tcp' } });
  });
  it('says what is wrong', () => {
    expect(parsePort('80/sctp')).toMatchObject({ ok: false, message: expect.stringMatching(/tcp or udp/) });
    expect(parsePort('99999:80')).toMatchObject({ ok: false, message: 'Host port 99999 is out of range (1-65535).' });
    expect(parsePort('web:80')).toMatchObject({ ok: false, message: 'Host port "web" is not a number.' });
    expect(parsePort('300.1.1.1:80:80')).toMatchObject({ ok: false, message: expect.stringMatching(/not an IPv4 address/) });
    expect(parsePort('1:2:3:4')).toMatchObject({ ok: false });
  });
});

describe('environment', () => {
  it('takes KEY=value lines and env files', () => {
    expect(parseEnvLine('A=b=c')).toEqual({ ok: true, value: 'A=b=c' });
    expect(parseEnvLine('1A=x')).toMatchObject({ ok: false });
    expect(parseEnvLine('LONELY')).toMatchObject({ ok: false, message: 'LONELY has no value: write LONELY=value.' });
    expect(parseEnvFile('# comment\n\nA=1\n  B="quoted stays"\r\n')).toEqual({ ok: true, value: ['A=1', 'B="quoted stays"'] });
    expect(parseEnvFile('A=1\nbad line\n')).toMatchObject({ ok: false, message: expect.stringMatching(/^Line 2:/) });
  });
});

describe('mounts', () => {
  it('tells binds, named and anonymous volumes apart', () => {
    expect(parseMount('/srv/app:/app:ro')).toEqual({ ok: true, value: { type: 'bind', source: '/srv/app', target: '/app', readOnly: true } });
    expect(parseMount('data:/var/lib/data')).toEqual({ ok: true, value: { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false } });
    expect(parseMount('/cache')).toEqual({ ok: true, value: { type: 'volume', source: '', target: '/cache', readOnly: false } });
    // Found by the round trip through the real engine: it refuses a read-only anonymous volume, which used to go as writable.
    expect(parseMount('/cache:ro')).toEqual({
      ok: false,
      message: '"/cache:ro": an anonymous volume cannot be read-only (the engine refuses it); give it a name, like data:/cache:ro.',
    });
    expect(parseMount('./rel:/x')).toMatchObject({ ok: false, message: expect.stringMatching(/absolute path/) });
    expect(parseMount('data:relative')).toMatchObject({ ok: false, message: expect.stringMatching(/must be absolute/) });
    expect(parseMount('/a:/b:rx')).toMatchObject({ ok: false, message: expect.stringMatching(/ro or rw/) });
  });
});

describe('commands and names', () => {
  it('splits words like a shell', () => {
    expect(splitWords(`sh -c 'echo "hi there"' x\\ y`)).toEqual({ ok: true, value: ['sh', '-c', 'echo "hi there"', 'x y'] });
    expect(splitWords('"')).toMatchObject({ ok: false });
    expect(splitWords('  ')).toEqual({ ok: true, value: [] });
  });
  it('checks names', () => {
    expect(checkName('web-1')).toBeUndefined();
    expect(checkName('a')).toMatch(/not a valid name/);
    expect(checkName('-x')).toMatch(/not a valid name/);
  });
});

const minimal: RunSpec = plainRunSpec('berth-test/busybox');

describe('create request', () => {
  it('maps the run options to the API', () => {
    const o = toCreateOptions({
      image: 'berth-test/busybox',
      name: 'web',
      command: ['httpd', '-f'],
      ports: [
        { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { containerPort: 53, protocol: 'udp' },
      ],
      publishAll: false,
      env: ['A=1'],
      mounts: [
        { type: 'bind', source: '/srv', target: '/srv', readOnly: true },
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'volume', source: '', target: '/cache', readOnly: false },
      ],
      restart: { name: 'on-failure', maxRetries: 3 },
      autoRemove: false,
      labels: { app: 'demo' },
      interactive: true,
      tty: true,
    });
    expect(o).toMatchObject({
      name: 'web',
      Image: 'berth-test/busybox',
      Cmd: ['httpd', '-f'],
      Env: ['A=1'],
      Labels: { app: 'demo' },
      Tty: true,
      OpenStdin: true,
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Volumes: { '/cache': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }] },
        Mounts: [
          { Type: 'bind', Source: '/srv', Target: '/srv', ReadOnly: true },
          { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false },
        ],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      },
    });
    // A bind is a mount, so the engine refuses a missing host path rather than making an empty folder there.
    expect(o.HostConfig?.Binds).toBeUndefined();
  });
  it('maps the advanced flags to the API, timings in nanoseconds', () => {
    const o = toCreateOptions({
      ...minimal,
      network: 'web-net',
      memory: 512 * 1024 ** 2,
      cpus: 1.5,
      pidsLimit: 64,
      addHosts: ['db.local:10.0.0.5'],
      hostname: 'web-1',
      capAdd: ['CAP_NET_ADMIN'],
      capDrop: ['ALL'],
      healthcheck: { command: 'true', intervalMs: 1000, timeoutMs: 500, startPeriodMs: 2000, retries: 3 },
      init: true,
    });
    expect(o).toMatchObject({
      Hostname: 'web-1',
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: 5e8, StartPeriod: 2e9, Retries: 3 },
      HostConfig: {
        NetworkMode: 'web-net',
        Memory: 512 * 1024 ** 2,
        NanoCpus: 1.5e9,
        PidsLimit: 64,
        ExtraHosts: ['db.local:10.0.0.5'],
        CapAdd: ['CAP_NET_ADMIN'],
        CapDrop: ['ALL'],
        Init: true,
      },
    });
    // Only a timing: the image's test stays (the engine merges a missing test from the image).
    expect(toCreateOptions({ ...minimal, healthcheck: { retries: 5 } }).Healthcheck).toEqual({ Retries: 5 });
  });
});
