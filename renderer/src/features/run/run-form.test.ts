import { describe, expect, it } from 'vitest';
import { emptyForm, formToSpec, messageFor, networkChoices } from './run-form';

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
    expect(messageFor(errors, 'cpus')).toMatch(/"0" is not a CPU count/);
    expect(messageFor(formToSpec({ ...emptyForm('img'), memory: 'lots' }).errors, 'memory')).toMatch(/"lots" is not a memory size/);
  });
  it('offers the default bridge, the user networks, host and none, keeping a chosen one', () => {
    expect(networkChoices(['web', 'app'], '')).toEqual(['', 'app', 'web', 'host', 'none']);
    expect(networkChoices([], 'gone')).toEqual(['', 'gone', 'host', 'none']);
    expect(networkChoices(['web'], 'none')).toEqual(['', 'web', 'host', 'none']);
    expect(formToSpec({ ...emptyForm('img'), network: 'web' }).spec?.network).toBe('web');
    expect(formToSpec(emptyForm('img')).spec?.network).toBeUndefined();
  });
});
