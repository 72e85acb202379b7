import { describe, expect, it } from 'vitest';
import type { NodeRow, SwarmState } from './contract.js';
import { leaveQuestion, nodesTable, stateText, takeEngine, tokensText } from './swarm-cli.js';
import { joinTokens } from './swarm-words.js';

const row = (over: Partial<NodeRow>): NodeRow => ({
  id: 'abcdefghijklmnop',
  hostname: 'vm',
  role: 'worker',
  availability: 'active',
  status: 'ready',
  engineVersion: '20.10.24',
  address: '10.231.7.4',
  tasks: 0,
  self: false,
  ...over,
});

describe('berth swarm', () => {
  it('takes --engine from anywhere in the words', () => {
    expect(takeEngine(['nodes', '--engine', 'host-1', 'ls'])).toEqual({ engine: 'host-1', rest: ['nodes', 'ls'] });
    expect(takeEngine(['--engine=h', 'init'])).toEqual({ engine: 'h', rest: ['init'] });
    expect(takeEngine(['init'])).toEqual({ engine: undefined, rest: ['init'] });
    expect(() => takeEngine(['init', '--engine'])).toThrow(/needs the name of an engine/);
  });
  it('says what to do when the engine is in no swarm, and the counts of a manager', () => {
    expect(stateText({ state: 'inactive', remoteManagers: [] }, 'h1')).toMatch(/^"h1" is not in a swarm\. Start one with `berth swarm init`/);
    const m: SwarmState = {
      state: 'active',
      role: 'manager',
      nodeId: 'n1',
      nodeAddr: '10.0.0.1',
      clusterId: 'c1',
      managers: 2,
      nodes: 3,
      services: 1,
      remoteManagers: [],
    };
    expect(stateText(m, 'h1').split('\n')).toEqual([
      '"h1" is a manager of a swarm.',
      'Node:     n1 (10.0.0.1)',
      'Cluster:  c1',
      'Managers: 2 of 3 nodes; 1 services',
      '',
    ]);
  });
  it('lists nodes in aligned columns, the engine’s own marked', () => {
    const text = nodesTable([
      row({ id: 'm1xxxxxxxxxxxxxx', role: 'manager', managerStatus: 'leader', self: true, tasks: 2 }),
      row({ status: 'down', availability: 'drain' }),
    ]);
    expect(text.split('\n')).toEqual([
      'ID               HOSTNAME   ROLE      MANAGER   AVAILABILITY   STATUS   ENGINE     ADDRESS      TASKS',
      'm1xxxxxxxxxx *   vm         manager   leader    active         ready    20.10.24   10.231.7.4   2',
      'abcdefghijkl     vm         worker    -         drain          down     20.10.24   10.231.7.4   0',
      '',
    ]);
  });
  it('prints both join commands', () => {
    expect(tokensText(joinTokens('W', 'M', '10.0.0.1:2377'))).toBe(
      'To add a worker:\n  docker swarm join --token W 10.0.0.1:2377\n\nTo add a manager:\n  docker swarm join --token M 10.0.0.1:2377\n',
    );
  });
  it('names what goes before the last manager leaves', () => {
    const last: SwarmState = { state: 'active', role: 'manager', managers: 1, nodes: 3, services: 2, remoteManagers: [] };
    expect(leaveQuestion(last, 'h1')).toBe(
      '"h1" is the swarm\'s last manager: leaving ends the swarm, removing its 2 services and cutting off its 2 other nodes. Leave? [y/N] ',
    );
    expect(leaveQuestion({ ...last, managers: 3 }, 'h1')).toMatch(/one of 3 managers/);
    expect(leaveQuestion({ state: 'active', role: 'worker', remoteManagers: [] }, 'h1')).toMatch(/its tasks move to other nodes/);
  });
});
