import { describe, expect, it } from 'vitest';
import type { NodeRow, SwarmState } from '../../../../engine/contract/index';
import { actionNotice, actionRefusal, leaveConsequence, removeRefusal, swarmSummary } from './swarm-words';

const manager: SwarmState = { state: 'active', role: 'manager', managers: 1, nodes: 3, services: 1, remoteManagers: [] };
const row = (over: Partial<NodeRow>): NodeRow => ({
  id: 'n1',
  hostname: 'vm',
  role: 'worker',
  availability: 'active',
  status: 'ready',
  engineVersion: '20.10',
  address: '10.0.0.1',
  tasks: 0,
  self: false,
  ...over,
});

describe('swarm words', () => {
  it('summarises the state for the subtitle', () => {
    expect(swarmSummary({ state: 'inactive', remoteManagers: [] })).toBe('Not in a swarm');
    expect(swarmSummary(manager)).toBe('Manager of a swarm of 3 nodes (1 manager), 1 service');
    expect(swarmSummary({ state: 'active', role: 'worker', remoteManagers: ['10.0.0.1:2377'] })).toBe('Worker of a swarm managed by 10.0.0.1:2377');
  });
  it('names what goes when the last manager leaves, and asks force of every manager', () => {
    expect(leaveConsequence(manager)).toEqual({
      force: true,
      text: "This engine is the swarm's last manager: leaving ends the swarm. Its 1 service and their tasks go, and its 2 other nodes are left without a swarm.",
    });
    expect(leaveConsequence({ ...manager, managers: 3 }).force).toBe(true);
    expect(leaveConsequence({ state: 'active', role: 'worker', remoteManagers: [] }).force).toBe(false);
  });
  it('offers only the actions that change something, and no demotion of the last manager', () => {
    const m = row({ role: 'manager' });
    expect(actionRefusal('promote', m, 2)).toBe('Already a manager');
    expect(actionRefusal('demote', m, 1)).toBe('The last manager: promote another node first');
    expect(actionRefusal('demote', m, 2)).toBeUndefined();
    expect(actionRefusal('drain', row({ availability: 'drain' }), 1)).toBe('Already draining');
    expect(actionRefusal('activate', row({}), 1)).toBe('Already active');
    expect(actionNotice('drain', 'vm')).toBe('vm is draining: its tasks move to other nodes.');
  });
  it('removes only a worker that is down', () => {
    expect(removeRefusal(row({ status: 'down' }))).toBeUndefined();
    expect(removeRefusal(row({}))).toBe('Still up: run docker swarm leave on it first');
    expect(removeRefusal(row({ role: 'manager', status: 'down' }))).toBe('A manager: demote it first');
  });
});
