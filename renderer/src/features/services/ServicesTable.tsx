/** The services list: a short table, each row with Open and a menu (Scale, Update image, Rollback, Logs, Remove). */
import type { ServiceSummary } from '../../../../engine/contract/index';
import { Button } from '../../ui/Button';
import { Badge } from '../../ui/feedback';
import { DeleteIcon, InspectIcon, LogsIcon, RollbackIcon, ScaleIcon, UpIcon } from '../../ui/icons';
import { OverflowMenu } from '../../ui/OverflowMenu';
import { SimpleTableHead } from '../../ui/SimpleTableHead';
import { portsText, updateTone } from './service-words';
import { useServices } from './services-store';

export type ServiceAction = 'open' | 'scale' | 'update' | 'rollback' | 'logs' | 'remove';

function ServiceRow({ name, onAction }: { name: string; onAction(action: ServiceAction, s: ServiceSummary): void }) {
  const s = useServices((st) => st.list?.services.find((x) => x.name === name));
  if (!s) return null;
  const healthy = s.running >= s.desired;
  return (
    <div role="row" className="simple-row service-row">
      <div role="cell" className="name" title={s.id}>
        {s.name}
      </div>
      <div role="cell">{s.mode}</div>
      <div role="cell">
        <Badge tone={healthy ? 'ok' : 'warn'}>
          {s.running}/{s.desired}
        </Badge>
      </div>
      <div role="cell" className="mono" title={s.image}>
        {s.image}
      </div>
      <div role="cell" className="mono">
        {portsText(s) || <span className="muted">—</span>}
      </div>
      <div role="cell">{s.update ? <Badge tone={updateTone(s.update.state)}>{s.update.state.replace('_', ' ')}</Badge> : <span className="muted">—</span>}</div>
      <div role="cell" className="row-actions">
        <Button variant="ghost" icon={InspectIcon} aria-label={`Open service ${s.name}`} title="Tasks and rolling updates" onClick={() => onAction('open', s)}>
          Open
        </Button>
        <OverflowMenu
          subject={s.name}
          items={[
            {
              label: 'Scale…',
              name: `Scale ${s.name}`,
              icon: ScaleIcon,
              disabledReason: s.mode === 'global' ? 'A global service runs one task per node' : undefined,
              onSelect: () => onAction('scale', s),
            },
            { label: 'Update image…', name: `Update image of ${s.name}`, icon: UpIcon, onSelect: () => onAction('update', s) },
            {
              label: 'Rollback',
              name: `Roll back ${s.name}`,
              icon: RollbackIcon,
              disabledReason: s.previousImage ? undefined : 'Not updated yet: there is nothing to roll back to',
              hint: s.previousImage ? `Back to ${s.previousImage}` : undefined,
              onSelect: () => onAction('rollback', s),
            },
            { label: 'Logs', name: `Logs of ${s.name}`, icon: LogsIcon, onSelect: () => onAction('logs', s) },
            { label: 'Remove…', name: `Remove service ${s.name}`, icon: DeleteIcon, danger: true, onSelect: () => onAction('remove', s) },
          ]}
        />
      </div>
    </div>
  );
}

export function ServicesTable({ names, onAction }: { names: readonly string[]; onAction(action: ServiceAction, s: ServiceSummary): void }) {
  return (
    <div className="simple-table" role="table" aria-label="Swarm services">
      <SimpleTableHead columns={['Name', 'Mode', 'Tasks', 'Image', 'Ports', 'Update', '']} className="service-row" />
      {names.map((n) => (
        <ServiceRow key={n} name={n} onAction={onAction} />
      ))}
    </div>
  );
}
