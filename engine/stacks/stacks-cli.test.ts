import { describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { ServiceSummary } from '../services/contract.js';
import { UsageError } from '../util/cli-args.js';
import type { StackTaskRow } from './contract.js';
import { deployLine, parseStackArgs, removedText, stackMain, stackServicesTable, stacksTable, stackTasksTable } from './stacks-cli.js';

const here = { cwd: '/home/u/app', environment: { TAG: 'v2' } };
const parse = (words: string) => parseStackArgs(words.split(' ').filter(Boolean), here.cwd, here.environment);

describe('berth stack: the words', () => {
  it('reads a deploy: files in order, env files, prune, dry run, engine, with the caller’s directory and environment', () => {
    expect(parse('deploy -c compose.yaml -c prod.yaml --env-file prod.env --prune --dry-run --engine h1 shop')).toEqual({
      cmd: 'deploy',
      input: { name: 'shop', files: ['compose.yaml', 'prod.yaml'], envFiles: ['prod.env'], prune: true, cwd: '/home/u/app', environment: { TAG: 'v2' } },
      dryRun: true,
      engine: 'h1',
    });
    expect(parse('deploy shop --compose-file=a.yaml')).toMatchObject({
      cmd: 'deploy',
      input: { name: 'shop', files: ['a.yaml'], prune: false },
      dryRun: false,
    });
  });

  it('says what is missing or wrong, in a sentence', () => {
    expect(() => parse('deploy shop')).toThrow(new UsageError('Name the Compose file: berth stack deploy -c FILE STACK.'));
    expect(() => parse('deploy -c a.yaml')).toThrow(new UsageError('Name the stack: berth stack deploy -c FILE STACK.'));
    expect(() => parse('deploy -c a.yaml Shop')).toThrow(/"Shop" is not a stack name: use lower-case letters/);
    expect(() => parse('deploy -c a.yaml shop blog')).toThrow(/Unexpected "blog": name one stack/);
    expect(() => parse('deploy -c a.yaml --force shop')).toThrow(/Unknown option "--force"/);
    expect(() => parse('ps')).toThrow(/Name the stack: berth stack ps STACK/);
    expect(() => parse('scale shop')).toThrow(/Unknown stack command "scale"/);
  });

  it('reads ls, services, ps and rm', () => {
    expect(parse('')).toEqual({ cmd: 'ls', json: false });
    expect(parse('ls --json --engine h2')).toEqual({ cmd: 'ls', json: true, engine: 'h2' });
    expect(parse('services shop')).toEqual({ cmd: 'services', name: 'shop' });
    expect(parse('ps --engine h1 shop')).toEqual({ cmd: 'ps', name: 'shop', engine: 'h1' });
    expect(parse('rm shop -y')).toEqual({ cmd: 'rm', name: 'shop', yes: true });
    expect(parse('rm shop')).toEqual({ cmd: 'rm', name: 'shop', yes: false });
  });
});

describe('berth stack: the output', () => {
  it('lists stacks, their services and tasks in aligned columns', () => {
    expect(
      stacksTable([
        { name: 'shop', services: 2, running: 3, desired: 4, files: ['/src/shop/compose.yaml', '/src/shop/prod.yaml'] },
        { name: 'x', services: 1, running: 1, desired: 1, files: [] },
      ]),
    ).toBe('NAME   SERVICES   TASKS   FILES\nshop   2          3/4     /src/shop/compose.yaml,/src/shop/prod.yaml\nx      1          1/1     -\n');
    const svc = {
      name: 'shop_web',
      mode: 'replicated',
      running: 2,
      desired: 3,
      image: 'busybox:new',
      ports: [{ target: 8080, published: 18080, protocol: 'tcp', mode: 'ingress' }],
    } as unknown as ServiceSummary;
    expect(stackServicesTable([svc]).split('\n')[1]).toBe('shop_web   replicated   2/3        busybox:new   *:18080->8080/tcp');
    const task = { service: 'shop_web', slot: 2, node: 'n1', desired: 'running', state: 'running', image: 'busybox:new' } as StackTaskRow;
    expect(stackTasksTable([task]).split('\n')[1]).toBe('shop_web.2   n1     running   running   busybox:new   ');
  });

  it('prints the plan, each finished step, and what a removal did', () => {
    const plan = { stack: 's', actions: [], warnings: [], refusals: [], lines: ['Create network s_default', 'Create service s_web'] };
    expect(deployLine({ t: 'plan', plan })).toBe('Create network s_default\nCreate service s_web\n');
    expect(deployLine({ t: 'step', kind: 'service', target: 's_web', action: 'update', state: 'working' })).toBe('');
    expect(deployLine({ t: 'step', kind: 'service', target: 's_web', action: 'update', state: 'done' })).toBe('Updated service s_web\n');
    expect(deployLine({ t: 'done', changed: ['x'], ms: 1234 })).toBe('Done in 1.2 s.\n');
    expect(
      removedText({
        stack: 's',
        services: ['s_web'],
        networks: ['s_default'],
        configs: [],
        secrets: ['s_pw'],
        failures: ['The network s_x could not be removed: busy'],
      }),
    ).toBe('Removed service s_web\nRemoved network s_default\nRemoved secret s_pw\nThe network s_x could not be removed: busy\n');
  });

  it('asks before removing, and removes nothing (reaching no engine) when the answer is no or there is no one to ask', async () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const connect = (): Promise<RpcClient> => Promise.reject(new Error('the engine was reached'));
    await expect(stackMain(['rm', 'shop'], connect, io, here)).rejects.toThrow(/needs --yes when there is no terminal/);
    const asked: string[] = [];
    const no = async (q: string) => (asked.push(q), false);
    expect(await stackMain(['rm', 'shop'], connect, { ...io, ask: no }, here)).toBe(1);
    expect(asked).toEqual(['Remove the stack shop: its services with their tasks, and its networks, configs and secrets? [y/N] ']);
    expect(out).toEqual(['Nothing was removed.\n']);
  });
});
