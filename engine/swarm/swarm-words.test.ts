import { describe, expect, it } from 'vitest';
import { findNode, isLastManager, joinTokens, nodeRows, nodeSpecChange, swarmSentence, swarmState, withPort, type EngineNode } from './swarm-words.js';
import { hostOfEndpoint } from './swarm-service.js';

/** What dockerd 20.10 answered, recorded against engine hosts of e2e/fixtures/engine-host.ts. */
const RECORDED = {
  alreadyIn: 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.',
  notIn: 'This node is not part of a swarm',
  notManagerInactive: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
  worker:
    "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
  wrongToken: 'rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster',
  badToken: 'invalid join token',
  unreachable:
    'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
  removeUp: "rpc error: code = FailedPrecondition desc = node 32ngeovg2lg2i91hbt3b45t0o is not down and can't be removed",
  leaveLast:
    'You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. ',
  leaveQuorum:
    'You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves 1 managers out of 2. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.',
  outOfSequence: 'rpc error: code = Unknown desc = update out of sequence',
  // A demotion sent while a node promoted a moment before was not in the Raft yet (swarm.int in CI).
  notInRaft: "rpc error: code = NotFound desc = can't find manager in raft memberlist",
};

const node = (over: Partial<EngineNode> & { ID: string }): EngineNode => ({
  Version: { Index: 9 },
  Spec: { Role: 'worker', Availability: 'active' },
  Description: { Hostname: 'vm', Engine: { EngineVersion: '20.10.24+dfsg1' } },
  Status: { State: 'ready', Addr: '10.231.7.4' },
  ...over,
});

describe('swarm state', () => {
  it('reads "not in a swarm" from docker info', () => {
    expect(swarmState({ NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null })).toEqual({
      state: 'inactive',
      remoteManagers: [],
      addressHint: undefined,
    });
  });
  it('reads a manager with its cluster and counts, and a worker with its managers', () => {
    const m = swarmState(
      { NodeID: 'n1', NodeAddr: '10.231.7.3', LocalNodeState: 'active', ControlAvailable: true, Managers: 2, Nodes: 3, Cluster: { ID: 'c1' } },
      { services: 1 },
    );
    expect(m).toMatchObject({ state: 'active', role: 'manager', nodeId: 'n1', clusterId: 'c1', managers: 2, nodes: 3, services: 1 });
    const w = swarmState({
      NodeID: 'n3',
      NodeAddr: '10.231.7.5',
      LocalNodeState: 'active',
      ControlAvailable: false,
      RemoteManagers: [{ NodeID: 'x', Addr: '10.231.7.4:2377' }],
    });
    expect(w).toMatchObject({ state: 'active', role: 'worker', remoteManagers: ['10.231.7.4:2377'] });
    expect(w.clusterId).toBeUndefined();
  });
  it('keeps the reason of the error state', () => {
    expect(swarmState({ LocalNodeState: 'error', Error: 'manager stopped: can’t initialize raft node', ControlAvailable: true })).toMatchObject({
      state: 'error',
      error: 'manager stopped: can’t initialize raft node',
    });
  });
  it('offers the host of a tcp:// or ssh:// engine as the address to advertise', () => {
    expect(hostOfEndpoint('tcp://10.231.7.3:2376')).toBe('10.231.7.3');
    expect(hostOfEndpoint('ssh://root@build.lan:22')).toBe('build.lan');
    expect(hostOfEndpoint('ssh://[fd00::5]')).toBe('fd00::5');
    expect(hostOfEndpoint('unix:///tmp/d.sock')).toBeUndefined();
  });
});

describe('node rows', () => {
  const nodes = [
    node({ ID: 'w1', Status: { State: 'down', Message: 'heartbeat failure', Addr: '10.231.7.5' } }),
    node({ ID: 'm2', Spec: { Role: 'manager', Availability: 'drain' }, ManagerStatus: { Reachability: 'unreachable', Addr: '10.231.7.3:2377' } }),
    node({
      ID: 'm1',
      Spec: { Role: 'manager', Availability: 'active' },
      Status: { State: 'ready', Addr: '0.0.0.0' },
      ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.231.7.2:2377' },
    }),
  ];
  const tasks = [
    { NodeID: 'w1', Status: { State: 'running' } },
    { NodeID: 'm1', Status: { State: 'running' } },
    { NodeID: 'm1', Status: { State: 'running' } },
    { NodeID: 'm1', Status: { State: 'preparing' } },
  ];
  it('puts the leader first, then managers, then workers, with running tasks counted per node', () => {
    const rows = nodeRows(nodes, tasks, 'm2');
    expect(rows.map((r) => [r.id, r.role, r.managerStatus, r.availability, r.status, r.tasks, r.self])).toEqual([
      ['m1', 'manager', 'leader', 'active', 'ready', 2, false],
      ['m2', 'manager', 'unreachable', 'drain', 'ready', 0, true],
      ['w1', 'worker', undefined, 'active', 'down', 1, false],
    ]);
  });
  it('says "joining" for a node promoted a moment ago that is not in the Raft yet (no manager status), and nothing for a worker', () => {
    const promoted = node({ ID: 'p1', Spec: { Role: 'manager', Availability: 'active' } });
    expect(nodeRows([promoted, node({ ID: 'w2' })], [], undefined).map((r) => [r.id, r.managerStatus])).toEqual([
      ['p1', 'joining'],
      ['w2', undefined],
    ]);
  });
  it('takes a manager’s Raft address when its status says 0.0.0.0, and the message only of a node that is not ready', () => {
    const rows = nodeRows(nodes, [], undefined);
    expect(rows[0]!.address).toBe('10.231.7.2');
    expect(rows[2]!.message).toBe('heartbeat failure');
    expect(rows[0]!.message).toBeUndefined();
  });
  it('finds a node by id, unique id prefix or hostname, and says when the word is ambiguous or unknown', () => {
    const rows = nodeRows(nodes, [], undefined);
    expect(findNode(rows, 'm1')).toMatchObject({ id: 'm1' });
    expect(findNode(rows, 'w')).toMatchObject({ id: 'w1' });
    expect(findNode(rows, '10.231.7.5')).toMatchObject({ id: 'w1' });
    expect(findNode(rows, 'm')).toMatch(/Several nodes match "m"/);
    expect(findNode(rows, 'vm')).toMatch(/Several nodes match/);
    expect(findNode(rows, 'zz')).toBe('There is no node "zz" in this swarm (`berth swarm nodes` lists them).');
  });
});

describe('node changes', () => {
  it('changes only what the action names, and nothing when the node is already so', () => {
    expect(nodeSpecChange('promote', { Role: 'worker', Availability: 'drain' })).toEqual({ Role: 'manager' });
    expect(nodeSpecChange('promote', { Role: 'manager' })).toBeUndefined();
    expect(nodeSpecChange('demote', { Role: 'manager' })).toEqual({ Role: 'worker' });
    expect(nodeSpecChange('drain', { Availability: 'active' })).toEqual({ Availability: 'drain' });
    expect(nodeSpecChange('pause', { Availability: 'active' })).toEqual({ Availability: 'pause' });
    expect(nodeSpecChange('activate', { Availability: 'drain' })).toEqual({ Availability: 'active' });
    expect(nodeSpecChange('activate', { Availability: 'active' })).toBeUndefined();
  });
  it('counts desired roles for the last manager (the engine let two demotions in a row through)', () => {
    const m = (ID: string, Role: string) => node({ ID, Spec: { Role, Availability: 'active' } });
    expect(isLastManager([m('a', 'manager'), m('b', 'worker')], 'a')).toBe(true);
    expect(isLastManager([m('a', 'manager'), m('b', 'manager')], 'a')).toBe(false);
  });
});

describe('join tokens and addresses', () => {
  it('writes the docker swarm join command for each role', () => {
    const t = joinTokens('SWMTKN-1-aaa-w', 'SWMTKN-1-aaa-m', '10.231.7.3:2377');
    expect(t.workerCommand).toBe('docker swarm join --token SWMTKN-1-aaa-w 10.231.7.3:2377');
    expect(t.managerCommand).toBe('docker swarm join --token SWMTKN-1-aaa-m 10.231.7.3:2377');
  });
  it('adds the port when it is missing', () => {
    expect(withPort('10.231.7.3', 2377)).toBe('10.231.7.3:2377');
    expect(withPort('10.231.7.3:4000', 2377)).toBe('10.231.7.3:4000');
    expect(withPort('manager.lan', 4377)).toBe('manager.lan:4377');
    expect(withPort('fd00::1', 2377)).toBe('[fd00::1]:2377');
    expect(withPort('[fd00::1]:2400', 2377)).toBe('[fd00::1]:2400');
  });
});

describe('swarm sentences from the engine’s recorded answers', () => {
  const s = (m: string, op: Parameters<typeof swarmSentence>[1]['op'] = 'state', extra = {}) => swarmSentence(m, { engine: 'host-2', op, ...extra });
  it('names the engine, the address and what to do', () => {
    expect(s(RECORDED.alreadyIn, 'join')).toBe(
      '"host-2" is already in a swarm: leave that swarm first (Leave swarm, or `docker swarm leave`), then join again.',
    );
    expect(s(RECORDED.alreadyIn, 'init')).toMatch(/then initialise again\.$/);
    expect(s(RECORDED.notIn, 'leave')).toBe('"host-2" is not in a swarm, so there is nothing to leave.');
    expect(s(RECORDED.notManagerInactive, 'tokens')).toBe('"host-2" is not in a swarm: initialise one on it, or join it to one.');
    expect(s(RECORDED.worker, 'nodes')).toMatch(/^"host-2" is a worker: only a manager can see or change/);
    expect(s(RECORDED.wrongToken, 'join', { remoteAddr: '10.231.7.3:2377' })).toMatch(
      /^The manager at 10\.231\.7\.3:2377 refused the join token: copy it again/,
    );
    expect(s(RECORDED.badToken, 'join')).toMatch(/^That is not a join token: a token looks like SWMTKN-1-/);
    expect(s(RECORDED.unreachable, 'join', { remoteAddr: '10.231.7.254:2377' })).toMatch(
      /^No manager answered at 10\.231\.7\.254:2377 from "host-2" in time: check the address and port .* Nothing was joined\.$/,
    );
    expect(s(RECORDED.removeUp, 'remove', { node: 'vm (32ngeovg2lg2)' })).toMatch(/^"vm \(32ngeovg2lg2\)" is still up: run `docker swarm leave` on it/);
    expect(s(RECORDED.leaveLast, 'leave')).toMatch(/^"host-2" is the swarm's last manager: leaving ends the swarm/);
    expect(s(RECORDED.leaveQuorum, 'leave')).toMatch(/^"host-2" is a manager: leaving without force could cost the swarm its quorum/);
    expect(s(RECORDED.notInRaft, 'update', { node: 'vm' })).toMatch(/^"vm" is still becoming a manager \(it has not joined the managers' Raft yet/);
    expect(s(RECORDED.outOfSequence, 'update', { node: 'vm' })).toBe('"vm" was changed by someone else at the same moment: try again.');
    expect(s('attempting to demote the last manager', 'update', { node: 'vm' })).toMatch(/^"vm" is the swarm's last manager: promote another node first/);
    expect(s('listen tcp 0.0.0.0:2377: bind: address already in use', 'init', { listenPort: 2377 })).toBe(
      'Port 2377 is already taken on "host-2": choose another listen port.',
    );
    expect(
      s(
        'could not choose an IP address to advertise since this system has multiple addresses on different interfaces (10.0.0.2 on eth0 and 172.17.0.1 on docker0)',
        'init',
      ),
    ).toBe(
      '"host-2" has several addresses (10.0.0.2 on eth0 and 172.17.0.1 on docker0): choose the one the other engines reach it at as the advertise address.',
    );
  });
  it('leaves a message it does not know to the engine', () => {
    expect(s('something new', 'init')).toBeUndefined();
  });
});
