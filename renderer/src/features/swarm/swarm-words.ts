/** Pure: how the Swarm page words the swarm, its nodes and what each action does. */
import type { NodeAction, NodeRow, SwarmState } from '../../../../engine/contract/index';

const DONE: Record<NodeAction, string> = {
  promote: 'is now a manager',
  demote: 'is now a worker',
  drain: 'is draining: its tasks move to other nodes',
  pause: 'is paused: it keeps its tasks and gets no new ones',
  activate: 'is active: it takes new tasks again',
};

export const actionNotice = (action: NodeAction, hostname: string) => `${hostname} ${DONE[action]}.`;

/** "manager of a swarm of 3 nodes (2 managers), 1 service" and the like, for the page's subtitle. */
export function swarmSummary(s: SwarmState): string {
  switch (s.state) {
    case 'inactive':
      return 'Not in a swarm';
    case 'pending':
      return `Joining through ${s.remoteManagers.join(', ') || 'a manager'}…`;
    case 'locked':
      return 'In a locked swarm';
    case 'error':
      return `In a swarm, in error${s.role ? ` (${s.role})` : ''}`;
    case 'active': {
      if (s.role !== 'manager') return `Worker of a swarm managed by ${s.remoteManagers.join(', ') || 'its managers'}`;
      const plural = (n: number | undefined, one: string) => `${n ?? 0} ${one}${n === 1 ? '' : 's'}`;
      return `Manager of a swarm of ${plural(s.nodes, 'node')} (${plural(s.managers, 'manager')}), ${plural(s.services, 'service')}`;
    }
  }
}

/** What leaving takes with it, said in the confirmation. */
export function leaveConsequence(s: SwarmState): { force: boolean; text: string } {
  if (s.role === 'manager' && (s.managers ?? 1) <= 1) {
    const others = Math.max(0, (s.nodes ?? 1) - 1);
    const svc = s.services ?? 0;
    return {
      force: true,
      text: `This engine is the swarm's last manager: leaving ends the swarm. Its ${svc} service${svc === 1 ? '' : 's'} and their tasks go, and its ${others} other node${others === 1 ? '' : 's'} are left without a swarm.`,
    };
  }
  if (s.role === 'manager') {
    return {
      force: true,
      text: `This engine is one of ${s.managers} managers: the swarm goes on with one fewer. Fewer than a majority of managers left means the swarm stops taking changes; demoting it first is safer.`,
    };
  }
  if (s.state === 'pending') return { force: true, text: 'The join that is under way is called off.' };
  return { force: false, text: "This engine's tasks stop here and the managers start them on other nodes." };
}

/** Why a node action is not offered now (the item stays in the menu, disabled, with this as its tooltip), or undefined. */
export function actionRefusal(action: NodeAction, n: NodeRow, managers: number): string | undefined {
  switch (action) {
    case 'promote':
      return n.role === 'manager' ? 'Already a manager' : undefined;
    case 'demote':
      if (n.role !== 'manager') return 'Already a worker';
      return managers <= 1 ? 'The last manager: promote another node first' : undefined;
    case 'drain':
      return n.availability === 'drain' ? 'Already draining' : undefined;
    case 'pause':
      return n.availability === 'pause' ? 'Already paused' : undefined;
    case 'activate':
      return n.availability === 'active' ? 'Already active' : undefined;
  }
}

/** The badge tone of a node's status. */
export const statusTone = (n: NodeRow): 'ok' | 'warn' | 'danger' => (n.status === 'ready' ? 'ok' : n.status === 'down' ? 'danger' : 'warn');

/** Why a node cannot be removed now (only a worker that is down can), or undefined. */
export function removeRefusal(n: NodeRow): string | undefined {
  if (n.role === 'manager') return 'A manager: demote it first';
  if (n.status !== 'down') return 'Still up: run docker swarm leave on it first';
  return undefined;
}
