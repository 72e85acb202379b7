import { describe, expect, it } from 'vitest';
import type { EngineEntry } from './contract.js';
import { addInput, enginesTable, fieldErrorLines, findEngine } from './engines-cli.js';

const up = (over: Partial<EngineEntry> = {}): EngineEntry => ({
  id: 'berth',
  name: 'Berth',
  kind: 'berth',
  source: 'berth',
  host: 'unix:///home/me/.berth/engine.sock',
  health: { state: 'up', version: '28.2.2', os: 'linux', arch: 'amd64', containers: 3, running: 1, images: 5, checkedAt: 0 },
  ...over,
});
const down: EngineEntry = {
  id: 'e-1',
  name: 'build',
  kind: 'ssh',
  source: 'added',
  host: 'ssh://me@build',
  health: { state: 'down', error: 'Nothing answers at build (connection refused).', checkedAt: 0 },
};

describe('berth engines', () => {
  it('lists name, address, state, version, os/arch and containers in aligned columns, then why the down ones are down', () => {
    const text = enginesTable([up(), down, up({ id: 'context:ci', name: 'ci', source: 'context', host: 'tcp://10.0.0.5:2376' })]);
    expect(text.split('\n')).toEqual([
      'NAME           ADDRESS                              STATE   VERSION   OS/ARCH       CONTAINERS',
      'Berth          unix:///home/me/.berth/engine.sock   up      28.2.2    linux/amd64   3 (1 running)',
      'build          ssh://me@build                       down    -         -             -',
      'ci (context)   tcp://10.0.0.5:2376                  up      28.2.2    linux/amd64   3 (1 running)',
      '',
      'build: Nothing answers at build (connection refused).',
      '',
    ]);
  });

  it('finds an engine by name in any case, or by id, else names the choices', () => {
    const list = [up(), down];
    expect(findEngine(list, 'BUILD')).toBe(down);
    expect(findEngine(list, 'e-1')).toBe(down);
    expect(findEngine(list, 'staging')).toBe('There is no engine "staging" in the Engines list: choose one of "Berth", "build" (`berth engines` lists them).');
  });

  it('sends the Add dialog’s fields: files made absolute, the missing TLS ones empty so each gets its sentence', () => {
    expect(addInput('b', 'tcp://h:2376', { tlscacert: 'ca.pem', tlscert: '/c/cert.pem' })).toEqual({
      name: 'b',
      host: 'tcp://h:2376',
      tls: { ca: `${process.cwd()}/ca.pem`, cert: '/c/cert.pem', key: '' },
    });
    expect(addInput('b', 'ssh://me@h', { identity: '/k/id' })).toEqual({ name: 'b', host: 'ssh://me@h', identity: '/k/id' });
    expect(addInput('b', '/run/d.sock', {})).toEqual({ name: 'b', host: '/run/d.sock' });
  });

  it('names each bad field as it was typed', () => {
    expect(
      fieldErrorLines([
        { field: 'host', message: 'There is no socket at /x.' },
        { field: 'key', message: 'Choose the client key file.' },
      ]),
    ).toBe('HOST: There is no socket at /x.\n--tlskey: Choose the client key file.\n');
  });
});
