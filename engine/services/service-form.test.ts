import { describe, expect, it } from 'vitest';
import { serviceCreateSchema } from './contract.js';
import { EMPTY_SERVICE_FORM, parseMemory, parseMount, parsePort, serviceInputOf, splitCommand } from './service-form.js';
import { createFormOf, progressLine, servicesTable } from './services-cli.js';

describe('the Create service dialog’s fields', () => {
  it('become a create input the contract accepts', () => {
    const r = serviceInputOf({
      ...EMPTY_SERVICE_FORM,
      name: ' web ',
      image: 'nginx:alpine',
      command: `sh -c "echo 'hi there'; sleep 9"`,
      replicas: '3',
      ports: '8080:80, 53/udp',
      env: 'A=1\n\nB=two words',
      mounts: 'data:/data\n/srv/conf:/etc/conf:ro\ntmpfs:/run',
      networks: 'front, back',
      constraints: 'node.role==manager',
      cpuLimit: '0.5',
      memoryLimit: '256m',
      memoryReservation: '1g',
      parallelism: '2',
      delay: '1.5',
      order: 'start-first',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({
      name: 'web',
      command: ['sh', '-c', "echo 'hi there'; sleep 9"],
      replicas: 3,
      ports: [
        { target: 80, published: 8080, protocol: 'tcp', mode: 'host' },
        { target: 53, protocol: 'udp', mode: 'host' },
      ],
      env: ['A=1', 'B=two words'],
      mounts: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv/conf', target: '/etc/conf', readOnly: true },
        { type: 'tmpfs', source: '', target: '/run', readOnly: false },
      ],
      networks: ['front', 'back'],
      limits: { cpus: 0.5, memoryBytes: 256 * 1024 ** 2 },
      reservations: { memoryBytes: 1024 ** 3 },
      update: { parallelism: 2, delaySeconds: 1.5, failureAction: 'pause', order: 'start-first' },
    });
    expect(serviceCreateSchema.safeParse(r.input).success).toBe(true);
  });

  it('names each bad field with a sentence, the first per field', () => {
    const r = serviceInputOf({
      ...EMPTY_SERVICE_FORM,
      name: '-bad',
      image: '',
      command: 'sh -c "unclosed',
      replicas: 'three',
      ports: '80:99999, x',
      env: 'NOVALUE',
      mounts: 'relative',
      constraints: 'node.role=manager',
      memoryLimit: 'lots',
      cpuLimit: '-1',
      delay: '-2',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(r.errors.map((e) => [e.field, e.message]))).toEqual({
      name: expect.stringContaining('starting with a letter or digit'),
      image: expect.stringContaining('Choose the image'),
      command: expect.stringContaining('unclosed double quote'),
      replicas: 'Replicas is a whole number.',
      ports: '"80:99999": ports are numbers from 1 to 65535.',
      env: '"NOVALUE" is not KEY=value.',
      mounts: expect.stringContaining('is not a mount'),
      constraints: expect.stringContaining('ATTRIBUTE==VALUE'),
      memoryLimit: expect.stringContaining('not a memory size'),
      cpuLimit: expect.stringContaining('not a number of CPUs'),
      delay: expect.stringContaining('number of seconds'),
    });
  });

  it('a global service takes no replica count', () => {
    const r = serviceInputOf({ ...EMPTY_SERVICE_FORM, name: 'agent', image: 'busybox', mode: 'global', replicas: 'ignored' });
    expect(r.ok && r.input.replicas).toBe(undefined);
  });

  it('parses the small pieces', () => {
    expect(splitCommand(`a 'b c' "d \\" e" f\\ g`)).toEqual(['a', 'b c', 'd " e', 'f g']);
    expect(splitCommand('')).toEqual([]);
    expect([parseMemory('512m'), parseMemory('1.5GiB'), parseMemory('100'), parseMemory('1x')]).toEqual([512 * 1024 ** 2, 1.5 * 1024 ** 3, 100, undefined]);
    expect(parsePort('8080:80/SCTP', 'ingress')).toEqual({ target: 80, published: 8080, protocol: 'sctp', mode: 'ingress' });
    expect(parseMount('data:/d:rw')).toEqual({ type: 'volume', source: 'data', target: '/d', readOnly: false });
  });
});

describe('berth service create’s words', () => {
  it('options before the image, the command after it (its own options included)', () => {
    const { form, engine } = createFormOf([
      '--replicas',
      '3',
      '-p',
      '8080:80',
      '-e',
      'A=1',
      '--engine',
      'h1',
      'berth-test/busybox:old',
      'sh',
      '-c',
      'echo hi; sleep 9',
    ]);
    expect(engine).toBe('h1');
    expect(form).toMatchObject({ name: 'busybox', image: 'berth-test/busybox:old', replicas: '3', ports: '8080:80', env: 'A=1' });
    const r = serviceInputOf(form);
    expect(r.ok && r.input.command).toEqual(['sh', '-c', 'echo hi; sleep 9']);
  });

  it('tables and progress lines', () => {
    expect(
      servicesTable([
        {
          id: 'x',
          name: 'web',
          image: 'nginx',
          mode: 'replicated',
          running: 2,
          desired: 3,
          ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'host' }],
          env: [],
          updateConfig: { parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first' },
          createdAt: '',
          updatedAt: '',
          version: 1,
        },
      ]),
    ).toBe('NAME   MODE         REPLICAS   IMAGE   PORTS                   UPDATE\nweb    replicated   2/3        nginx   *:8080->80/tcp (host)   -\n');
    expect(
      progressLine({
        state: 'updating',
        image: 'app:2',
        parallelism: 1,
        order: 'stop-first',
        done: 1,
        total: 2,
        slots: [
          { slot: '1', phase: 'done' },
          { slot: '2', phase: 'updating' },
        ],
      }),
    ).toBe('updating: 1/2 on app:2 [1:✓ 2:…]');
  });
});
