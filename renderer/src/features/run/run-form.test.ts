import { describe, expect, it } from 'vitest';
import { emptyForm, formToSpec, messageFor, networkChoices, specToForm } from './run-form';
import { parseRunCommand, type RunSpec } from '../../../../engine/contract/run-spec';
import { canonicalSpec, plainRunSpec, randomRunSpec } from '../../../../engine/containers/run-spec-random';

describe('run form', () => {
  it('builds a spec from what the user typed', () => {
    const { spec, errors } = formToSpec({
      ...emptyForm('berth-test/busybox'),
      name: 'web',
      command: `httpd -f -p 80 -h '/www root'`,
      ports: '127.0.0.1:8080:80, 53/udp',
      env: 'A=1\nLIST=a,b,c',
      mounts: '/srv:/srv:ro\ndata:/data',
      labels: 'app=demo',
      restart: 'on-failure',
      maxRetries: '3',
    });
    expect(errors).toEqual([]);
    expect(spec).toMatchObject({
      image: 'berth-test/busybox',
      name: 'web',
      command: ['httpd', '-f', '-p', '80', '-h', '/www root'],
      env: ['A=1', 'LIST=a,b,c'],
      labels: { app: 'demo' },
      restart: { name: 'on-failure', maxRetries: 3 },
    });
    expect(spec!.ports).toHaveLength(2);
    expect(spec!.mounts.map((m) => m.type)).toEqual(['bind', 'volume']);
  });

  it('gives each field its own message', () => {
    const { spec, errors } = formToSpec({ ...emptyForm(), name: 'x', ports: '80:http', env: 'NOVALUE', autoRemove: true, restart: 'always' });
    expect(spec).toBeUndefined();
    expect(messageFor(errors, 'image')).toBe('Choose an image to run.');
    expect(messageFor(errors, 'name')).toMatch(/not a valid name/);
    expect(messageFor(errors, 'ports')).toBe('Container port "http" is not a number.');
    expect(messageFor(errors, 'env')).toMatch(/has no value/);
    expect(messageFor(errors, 'autoRemove')).toMatch(/cannot be combined/);
    expect(messageFor(errors, 'mounts')).toBeUndefined();
  });

  it('reads memory and CPU limits as docker run takes them', () => {
    expect(formToSpec({ ...emptyForm('img'), memory: '512m', cpus: '1.5' }).spec).toMatchObject({ memory: 512 * 1024 ** 2, cpus: 1.5 });
    expect(formToSpec({ ...emptyForm('img'), memory: '1g' }).spec).toMatchObject({ memory: 1024 ** 3, cpus: undefined });
    const { errors } = formToSpec({ ...emptyForm('img'), memory: '1m', cpus: '0' });
    expect(messageFor(errors, 'memory')).toMatch(/at least 6m/);
    expect(messageFor(errors, 'cpus')).toBe('CPUs must be a number above 0, like 0.5 or 2 ("0" is not).');
    expect(messageFor(formToSpec({ ...emptyForm('img'), memory: 'lots' }).errors, 'memory')).toBe('Memory must be a size like 512m or 2g ("lots" is not).');
  });
  it('offers the default bridge, the user networks, host and none, keeping a chosen one', () => {
    expect(networkChoices(['web', 'app'], '')).toEqual(['', 'app', 'web', 'host', 'none']);
    expect(networkChoices([], 'gone')).toEqual(['', 'gone', 'host', 'none']);
    expect(networkChoices(['web'], 'none')).toEqual(['', 'web', 'host', 'none']);
    expect(formToSpec({ ...emptyForm('img'), network: 'web' }).spec?.network).toBe('web');
    expect(formToSpec(emptyForm('img')).spec?.network).toBeUndefined();
  });

  it('reads the advanced fields into the spec', () => {
    const { spec, errors } = formToSpec({
      ...emptyForm('img'),
      pidsLimit: '64',
      hostname: 'web-1',
      addHosts: 'db.local:10.0.0.5\ngw:host-gateway',
      capAdd: 'net_admin, SYS_TIME',
      capDrop: 'ALL',
      healthCmd: 'wget -q -O- http://localhost/',
      healthInterval: '1s',
      healthRetries: '3',
      init: true,
    });
    expect(errors).toEqual([]);
    expect(spec).toMatchObject({
      pidsLimit: 64,
      hostname: 'web-1',
      addHosts: ['db.local:10.0.0.5', 'gw:host-gateway'],
      capAdd: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'],
      capDrop: ['ALL'],
      healthcheck: { command: 'wget -q -O- http://localhost/', intervalMs: 1000, retries: 3 },
      init: true,
    });
    expect(formToSpec(emptyForm('img')).spec).toMatchObject({ healthcheck: undefined, addHosts: [], init: false });
  });
  it('puts each advanced error next to its own field', () => {
    const { spec, errors } = formToSpec({
      ...emptyForm('img'),
      pidsLimit: '-1',
      hostname: 'web_1',
      addHosts: 'db',
      capAdd: 'NET_ADMIN FLY',
      capDrop: 'net_admin',
      healthInterval: '30',
      healthTimeout: '5s',
      healthRetries: 'x',
    });
    expect(spec).toBeUndefined();
    expect(messageFor(errors, 'pidsLimit')).toMatch(/^The process limit must be a whole number/);
    expect(messageFor(errors, 'hostname')).toMatch(/"web_1" is not a host name/);
    expect(messageFor(errors, 'addHosts')).toBe('"db" is not a host entry: write name:ip, like db.local:10.0.0.5.');
    expect(messageFor(errors, 'capAdd')).toMatch(/"FLY" is not a Linux capability/);
    expect(messageFor(errors, 'capDrop')).toBe('NET_ADMIN is both added and dropped: keep it in one list.');
    expect(messageFor(errors, 'healthInterval')).toBe('The interval must be a duration like 30s, 1m or 1m30s ("30" is not).');
    expect(messageFor(errors, 'healthTimeout')).toBeUndefined();
    expect(messageFor(errors, 'healthRetries')).toMatch(/^Retries must be a whole number/);
  });
});

describe('paste a docker run command', () => {
  /** What the form can hold: a line-based field trims each line (and the health command), and a capability cannot be both added and dropped. */
  const formable = (s: RunSpec): RunSpec => {
    const trimValue = (kv: string) => kv.replace(/=(.*)$/s, (_, v: string) => `=${v.trim()}`);
    const capAdd = s.capAdd ?? [];
    const health = s.healthcheck && { ...s.healthcheck, command: s.healthcheck.command?.trim() || undefined };
    return {
      ...s,
      healthcheck: health && Object.values(health).some((v) => v !== undefined) ? health : undefined,
      env: s.env.map(trimValue),
      labels: Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, v.trim()])),
      capDrop: (s.capDrop ?? []).filter((c) => !capAdd.includes(c)),
    };
  };
  const base = Number(process.env.BERTH_SEED ?? 20261207);
  it('fills the form so that it gives back the same spec, for 500 random specs (seed in BERTH_SEED)', () => {
    for (let n = 0; n < 500; n++) {
      const s = canonicalSpec(formable(randomRunSpec(base + n)));
      const { spec, errors } = formToSpec(specToForm(s));
      expect(errors, `seed ${base + n}`).toEqual([]);
      expect(canonicalSpec(spec!), `seed ${base + n}`).toEqual(s);
    }
  });
  it('reads a pasted command into the fields a user sees', () => {
    const r = parseRunCommand(
      `docker run -d --name web -p 127.0.0.1:8080:80 -p '[::1]::53/udp' -v data:/data:ro -e 'GREETING=hi there' --memory 256m --cap-add net_admin --health-interval 30s busybox sh -c 'echo hi'`,
    );
    expect(r.ok).toBe(true);
    const f = specToForm(r.ok ? r.value : plainRunSpec('x'));
    expect(f).toMatchObject({
      name: 'web',
      ports: '127.0.0.1:8080:80\n[::1]::53/udp',
      mounts: 'data:/data:ro',
      env: 'GREETING=hi there',
      memory: '256m',
      capAdd: 'NET_ADMIN',
      healthInterval: '30s',
      image: 'busybox',
      command: `sh -c 'echo hi'`,
    });
  });
});
