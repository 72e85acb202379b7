import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JoinTokens, NodeAction, NodeRow, SwarmState } from '../../../../engine/contract/index';
import { useConnection } from '../../api/connection-state';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { Alert, Badge, EmptyState, PageHeader } from '../../ui/feedback';
import { AddIcon, DeleteIcon, LogInIcon, LogOutIcon, SwarmIcon, TokenIcon } from '../../ui/icons';
import { OverflowMenu, type MenuAction } from '../../ui/OverflowMenu';
import { InitDialog, JoinDialog, LeaveDialog } from './SwarmDialogs';
import { useSwarm, watchSwarm } from './swarm-store';
import { actionRefusal, removeRefusal, statusTone, swarmSummary } from './swarm-words';

const ACTION_LABELS: ReadonlyArray<[NodeAction, string]> = [
  ['promote', 'Promote to manager'],
  ['demote', 'Demote to worker'],
  ['drain', 'Drain'],
  ['pause', 'Pause'],
  ['activate', 'Activate'],
];

function NodeMenu({ n, managers, onRemove }: { n: NodeRow; managers: number; onRemove(n: NodeRow): void }) {
  const update = useSwarm((s) => s.update);
  const subject = `${n.hostname} (${n.address})`;
  const items: MenuAction[] = ACTION_LABELS.map(([action, label]) => ({
    label,
    name: `${label} ${subject}`,
    disabledReason: actionRefusal(action, n, managers),
    onSelect: () => void update(n.id, n.hostname, action),
  }));
  items.push({
    label: 'Remove from swarm…',
    name: `Remove ${subject} from swarm`,
    danger: true,
    disabledReason: removeRefusal(n),
    onSelect: () => onRemove(n),
  });
  return <OverflowMenu subject={subject} items={items} />;
}

function NodesTable({ nodes, managers, onRemove }: { nodes: readonly NodeRow[]; managers: number; onRemove(n: NodeRow): void }) {
  return (
    <table className="plain-table swarm-nodes" aria-label="Nodes">
      <thead>
        <tr>
          <th scope="col">Hostname</th>
          <th scope="col">Role</th>
          <th scope="col">Availability</th>
          <th scope="col">Status</th>
          <th scope="col">Engine</th>
          <th scope="col">Address</th>
          <th scope="col">Tasks</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.id} aria-current={n.self || undefined}>
            <th scope="row">
              <span title={n.id}>{n.hostname}</span>
              {n.self && <Badge>this engine</Badge>}
            </th>
            <td>
              {n.role}
              {n.managerStatus && (
                <>
                  {' '}
                  <Badge tone={n.managerStatus === 'unreachable' ? 'danger' : n.managerStatus === 'leader' ? 'ok' : undefined}>{n.managerStatus}</Badge>
                </>
              )}
            </td>
            <td>{n.availability}</td>
            <td>
              <Badge tone={statusTone(n)}>{n.status}</Badge>
              {n.message && <span className="swarm-node-message"> {n.message}</span>}
            </td>
            <td>{n.engineVersion || '—'}</td>
            <td className="mono">{n.address || '—'}</td>
            <td>{n.tasks}</td>
            <td className="row-actions">
              <NodeMenu n={n} managers={managers} onRemove={onRemove} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TokenRow({ kind: role, command }: { kind: 'worker' | 'manager'; command: string }) {
  return (
    <div className="swarm-token">
      <span className="swarm-token-role">To add a {role}</span>
      <code>{command}</code>
      <CopyButton text={command} label={`Copy ${role} join command`} />
    </div>
  );
}

function Tokens({ tokens }: { tokens?: JoinTokens }) {
  const { loadTokens, busy } = useSwarm(useShallow((s) => ({ loadTokens: s.loadTokens, busy: s.busy })));
  return (
    <section className="swarm-section" aria-labelledby="swarm-tokens-title">
      <h2 id="swarm-tokens-title">Join tokens</h2>
      {tokens ? (
        <>
          <TokenRow kind="worker" command={tokens.workerCommand} />
          <TokenRow kind="manager" command={tokens.managerCommand} />
          <p className="hint">Run a command on the engine to add, or paste its address and token into Join swarm with that engine chosen in Berth.</p>
        </>
      ) : (
        <Button icon={TokenIcon} busy={busy} onClick={() => void loadTokens()}>
          Show join tokens
        </Button>
      )}
    </section>
  );
}

function Summary({ s }: { s: SwarmState }) {
  return (
    <dl className="swarm-summary">
      <dt>Role</dt>
      <dd>{s.role ?? '—'}</dd>
      <dt>Node</dt>
      <dd className="mono">{s.nodeId ?? '—'}</dd>
      <dt>Address</dt>
      <dd className="mono">{s.nodeAddr ?? '—'}</dd>
      {s.clusterId ? (
        <>
          <dt>Cluster</dt>
          <dd className="mono">{s.clusterId}</dd>
        </>
      ) : (
        <>
          <dt>Managers</dt>
          <dd className="mono">{s.remoteManagers.join(', ') || '—'}</dd>
        </>
      )}
    </dl>
  );
}

/** The Swarm page: where the window's engine stands in Swarm mode, its nodes and join tokens, and init, join and leave. */
export function SwarmPage() {
  const { view, tokens, error, notice, dismiss } = useSwarm(
    useShallow((s) => ({ view: s.view, tokens: s.tokens, error: s.error, notice: s.notice, dismiss: s.dismiss })),
  );
  const engine = useConnection((s) => s.engine);
  const name = engine.id === 'berth' ? "Berth's engine" : engine.name;
  const [dialog, setDialog] = useState<'init' | 'join' | 'leave'>();
  const [removing, setRemoving] = useState<NodeRow>();
  const { remove, busy } = useSwarm(useShallow((st) => ({ remove: st.remove, busy: st.busy })));
  useEffect(() => watchSwarm(), []);
  const s = view?.swarm;
  const inSwarm = s && s.state !== 'inactive';
  return (
    <div className="page">
      <PageHeader title="Swarm" subtitle={s ? `${name} · ${swarmSummary(s)}` : name}>
        {inSwarm && (
          <Button variant="danger" icon={LogOutIcon} onClick={() => setDialog('leave')}>
            Leave swarm…
          </Button>
        )}
      </PageHeader>
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      {dialog === 'init' && s && <InitDialog engine={name} swarm={s} onClose={() => setDialog(undefined)} />}
      {dialog === 'join' && <JoinDialog engine={name} onClose={() => setDialog(undefined)} />}
      {dialog === 'leave' && s && <LeaveDialog engine={name} swarm={s} onClose={() => setDialog(undefined)} />}
      {removing && (
        <Dialog
          title={`Remove ${removing.hostname} (${removing.address}) from the swarm?`}
          onClose={() => setRemoving(undefined)}
          actions={
            <>
              <Button onClick={() => setRemoving(undefined)}>Cancel</Button>
              <Button
                variant="danger"
                icon={DeleteIcon}
                busy={busy}
                onClick={() => void remove(removing.id, removing.hostname, false).then(() => setRemoving(undefined))}
              >
                Remove
              </Button>
            </>
          }
        >
          <p>The swarm forgets this node; its tasks already run elsewhere. If its engine comes back, it has to join again with a fresh token.</p>
        </Dialog>
      )}
      {!s ? (
        <p className="hint" role="status">
          Asking the engine…
        </p>
      ) : s.state === 'inactive' ? (
        <EmptyState icon={SwarmIcon} title={`${name} is not in a swarm`}>
          <p>
            Swarm mode is the cluster built into Docker: initialise a swarm here to make this engine its first manager, or join a swarm that already runs
            elsewhere with a manager&apos;s address and join token. Choose another engine in the sidebar to work on it instead.
          </p>
          <div className="swarm-start">
            <Button variant="primary" icon={AddIcon} onClick={() => setDialog('init')}>
              Initialise swarm…
            </Button>
            <Button icon={LogInIcon} onClick={() => setDialog('join')}>
              Join swarm…
            </Button>
          </div>
        </EmptyState>
      ) : (
        <>
          {s.state === 'error' && <Alert title="The swarm is in error on this engine">{s.error ?? 'The engine gave no reason.'}</Alert>}
          {s.state === 'locked' && <Alert title="The swarm is locked">Unlock it with `docker swarm unlock` and its unlock key.</Alert>}
          <Summary s={s} />
          {s.role === 'manager' && <Tokens tokens={tokens} />}
          {view.nodes ? (
            <section className="swarm-section" aria-labelledby="swarm-nodes-title">
              <h2 id="swarm-nodes-title">Nodes</h2>
              <NodesTable nodes={view.nodes} managers={view.nodes.filter((n) => n.role === 'manager').length} onRemove={setRemoving} />
            </section>
          ) : (
            s.state === 'active' && (
              <p className="hint">Only a manager lists the swarm&apos;s nodes: choose a manager&apos;s engine in the sidebar to see and change them.</p>
            )
          )}
        </>
      )}
    </div>
  );
}
