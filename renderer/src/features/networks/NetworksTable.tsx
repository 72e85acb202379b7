/**
 * The networks list: one virtualised table, its header sticky inside the scroll area. It holds names only;
 * each row selects its own network, so a container connecting re-renders that row alone.
 */
import { memo, useRef } from 'react';
import type { NetworkSummary } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { OverflowMenu } from '../../ui/OverflowMenu';
import { Badge } from '../../ui/feedback';
import { DeleteIcon, InspectIcon } from '../../ui/icons';
import { HEAD_HEIGHT, useTableVirtualizer } from '../../ui/virtual-table';
import { useNetworks } from './networks-store';

const COLUMNS = ['Name', 'Driver', 'Subnet', 'Gateway', 'Containers'];

interface RowActions {
  onOpen(name: string): void;
  onRemove(network: NetworkSummary): void;
}

/** Why the remove button of a network is disabled, or undefined when it is not. */
function removeBlocked(n: NetworkSummary): string | undefined {
  if (n.predefined) return 'The engine’s own network: it cannot be removed';
  if (n.ingress) return 'The swarm’s routing-mesh network: Berth does not remove it';
  if (n.services.length) return 'In use by services: remove them or move them to another network first';
  if (n.containers.length) return 'In use: disconnect its containers first';
  return undefined;
}

const NetworkRow = memo(function NetworkRow({ name, index, top, onOpen, onRemove }: { name: string; index: number; top: number } & RowActions) {
  const n = useNetworks((s) => s.byName[name]);
  if (!n) return null;
  const blocked = removeBlocked(n);
  return (
    <div role="row" className="table-row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
      <div role="cell" className="cell name" title={n.name}>
        <span>
          {n.name} {n.predefined && <Badge>built-in</Badge>} {n.internal && <Badge tone="warn">internal</Badge>}{' '}
          {n.project && <Badge>compose: {n.project}</Badge>} {n.scope === 'swarm' && <Badge>swarm</Badge>} {n.ingress && <Badge>routing mesh</Badge>}{' '}
          {n.attachable && <Badge>attachable</Badge>}
        </span>
      </div>
      <div role="cell" className="cell muted" data-col="driver" title={`${n.driver}, ${n.scope} scope`}>
        {n.driver}
      </div>
      <div role="cell" className="cell mono" data-col="subnet">
        {n.subnets.join(', ') || <span className="muted">—</span>}
      </div>
      <div role="cell" className="cell mono" data-col="gateway">
        {n.gateways.join(', ') || <span className="muted">—</span>}
      </div>
      <div role="cell" className="cell">
        {n.containers.length || n.services.length ? (
          <>
            {n.services.map((sv) => (
              <a key={`s-${sv}`} className="chip" href="#/services" title={`The swarm service ${sv}`}>
                service {sv}
              </a>
            ))}
            {n.containers.map((c) => (
              <a key={c.id} className="chip" href={`#/containers/${c.id}`} title={[c.ipv4, c.ipv6].filter(Boolean).join(' ') || 'not running'}>
                {c.name}
              </a>
            ))}
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </div>
      <div role="cell" className="cell row-actions">
        <Button variant="ghost" icon={InspectIcon} aria-label={`Open network ${n.name}`} title="Containers and details" onClick={() => onOpen(n.name)}>
          Open
        </Button>
        <OverflowMenu
          subject={n.name}
          items={[{ label: 'Remove…', name: `Remove network ${n.name}`, icon: DeleteIcon, danger: true, disabledReason: blocked, onSelect: () => onRemove(n) }]}
        />
      </div>
    </div>
  );
});

export function NetworksTable({ names, ...actions }: { names: readonly string[] } & RowActions) {
  const body = useRef<HTMLDivElement>(null);
  const virtualizer = useTableVirtualizer(names.length, body);
  return (
    <div className="table networks-table" role="table" aria-label="Networks" aria-rowcount={names.length + 1}>
      <div className="table-body" ref={body} role="rowgroup" tabIndex={0} aria-label="Network rows">
        <div className="table-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div key={c} role="columnheader" className="cell" data-col={c.toLowerCase().replace(' ', '-')}>
              {c}
            </div>
          ))}
          <div role="columnheader" className="cell">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
        <div className="table-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const name = names[row.index]!;
            return <NetworkRow key={name} name={name} index={row.index} top={row.start - HEAD_HEIGHT} {...actions} />;
          })}
        </div>
      </div>
    </div>
  );
}
