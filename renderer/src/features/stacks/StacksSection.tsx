/**
 * The Stacks part of the Services page: the stacks on the window's engine (from their services' namespace label)
 * with their services and tasks, Deploy stack…, Redeploy and Remove (which asks first, naming what goes).
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Badge, EmptyState } from '../../ui/feedback';
import { BusyIcon, ComposeIcon, DeleteIcon, UpIcon } from '../../ui/icons';
import { SimpleTableHead } from '../../ui/SimpleTableHead';
import { DeployStackDialog } from './DeployStackDialog';
import { followStacks, selectStack, selectStackNames, useStacks } from './stacks-store';

function StackRow({ name, onRemove, onRedeploy }: { name: string; onRemove(name: string): void; onRedeploy(name: string, files: readonly string[]): void }) {
  const s = useStacks(selectStack(name));
  if (!s) return null;
  return (
    <div role="row" className="simple-row stack-row">
      <div role="cell" className="name">
        {s.name}
        {s.files.length > 0 && (
          <span className="muted stack-files" title={s.files.join('\n')}>
            {s.files.map((f) => f.split('/').slice(-2).join('/')).join(', ')}
          </span>
        )}
      </div>
      <div role="cell">{s.services}</div>
      <div role="cell">
        <Badge tone={s.running >= s.desired ? 'ok' : 'warn'}>
          {s.running}/{s.desired}
        </Badge>
      </div>
      <div role="cell" className="row-actions">
        <Button
          variant="ghost"
          icon={UpIcon}
          aria-label={`Deploy ${s.name} again`}
          title={s.files.length ? `Deploy ${s.files.join(', ')} as this stack again` : 'Deploy a file as this stack again'}
          onClick={() => onRedeploy(s.name, s.files)}
        >
          Redeploy
        </Button>
        <Button variant="ghost" icon={DeleteIcon} aria-label={`Remove stack ${s.name}`} onClick={() => onRemove(s.name)}>
          Remove
        </Button>
      </div>
    </div>
  );
}

function RemoveStackDialog({ name, onClose }: { name: string; onClose(): void }) {
  const { services, busy, remove, loadServices } = useStacks(
    useShallow((s) => ({ services: s.services[name], busy: s.busy, remove: s.remove, loadServices: s.loadServices })),
  );
  useEffect(() => void loadServices(name), [loadServices, name]);
  return (
    <Dialog
      title={`Remove the stack ${name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={DeleteIcon} busy={busy} onClick={() => void remove(name).then(onClose)}>
            Remove
          </Button>
        </>
      }
    >
      {services ? (
        <>
          <p>
            These {services.length} service{services.length === 1 ? '' : 's'} go, with their tasks and containers:
          </p>
          <ul className="stack-removal" aria-label={`Services of ${name}`}>
            {services.map((s) => (
              <li key={s.id}>
                <code>{s.name}</code> <span className="muted">{s.image}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Reading the stack’s services…</p>
      )}
      <p>
        Then the networks, configs and secrets labelled <code>com.docker.stack.namespace={name}</code>. Volumes and images stay.
      </p>
    </Dialog>
  );
}

export function StacksSection() {
  const names = useStacks(useShallow(selectStackNames));
  const { list, error, notice, dismiss, running } = useStacks(
    useShallow((s) => ({ list: s.list, error: s.error, notice: s.notice, dismiss: s.dismiss, running: s.run?.running })),
  );
  const [deploying, setDeploying] = useState<{ name?: string; files?: readonly string[] } | undefined>();
  const [removing, setRemoving] = useState<string>();
  useEffect(() => followStacks(), []);
  const manager = !!list?.manager;
  return (
    <section className="stacks-section" aria-label="Stacks">
      <div className="section-bar">
        <p className="muted">
          {manager ? `${names?.length ?? 0} stack${names?.length === 1 ? '' : 's'}: Compose files deployed to the swarm.` : 'Stacks run on a swarm manager.'}
        </p>
        <Button variant="primary" icon={running ? BusyIcon : ComposeIcon} disabled={!manager} onClick={() => setDeploying({})}>
          {running ? 'Deploying…' : 'Deploy stack…'}
        </Button>
      </div>
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      {deploying && (
        <DeployStackDialog
          initial={deploying.name ? { name: deploying.name, ...(deploying.files?.length ? { files: deploying.files.join('\n') } : {}) } : undefined}
          onClose={() => setDeploying(undefined)}
        />
      )}
      {removing && <RemoveStackDialog name={removing} onClose={() => setRemoving(undefined)} />}
      {!list ? (
        <EmptyState icon={BusyIcon} iconClassName="spin" title="Reading stacks…" />
      ) : !manager ? (
        <EmptyState icon={ComposeIcon} title={list.swarm === 'active' ? 'This engine is a swarm worker' : 'This engine is not in a swarm'}>
          <p>Stacks are deployed to a swarm manager: initialise a swarm in the Swarm page, or choose a manager engine in the switcher.</p>
        </EmptyState>
      ) : !names?.length ? (
        <EmptyState icon={ComposeIcon} title="No stacks yet" action={<Button onClick={() => setDeploying({})}>Deploy stack…</Button>}>
          <p>A stack is a compose.yaml deployed to the swarm: its services, networks, configs and secrets, named after the stack.</p>
        </EmptyState>
      ) : (
        <div className="simple-table" role="table" aria-label="Swarm stacks">
          <SimpleTableHead columns={['Name', 'Services', 'Tasks', '']} className="stack-row" />
          {names.map((n) => (
            <StackRow key={n} name={n} onRemove={setRemoving} onRedeploy={(name, files) => setDeploying({ name, files })} />
          ))}
        </div>
      )}
    </section>
  );
}
