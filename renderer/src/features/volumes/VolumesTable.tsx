/**
 * The volumes list: one virtualised table (thousands of volumes stay smooth),
 * its header sticky inside the scroll area. It holds names only; each row
 * selects its own volume, so a change re-renders that row alone.
 */
import { memo, useRef } from 'react';
import type { VolumeSummary } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { OverflowMenu } from '../../ui/OverflowMenu';
import { Badge } from '../../ui/feedback';
import { BrowseIcon, DeleteIcon } from '../../ui/icons';
import { HEAD_HEIGHT, useTableVirtualizer } from '../../ui/virtual-table';
import { formatBytes } from '../../lib/format';
import { useVolumes } from './volumes-store';

const COLUMNS = ['Name', 'Driver', 'Used by', 'Size'];

interface RowActions {
  onBrowse(name: string): void;
  onRemove(volume: VolumeSummary): void;
}

function Size({ name }: { name: string }) {
  const size = useVolumes((s) => s.sizes?.[name]);
  if (size === undefined) return <span className="muted">—</span>;
  return <>{size < 0 ? 'unknown' : formatBytes(size)}</>;
}

const VolumeRow = memo(function VolumeRow({ name, index, top, onBrowse, onRemove }: { name: string; index: number; top: number } & RowActions) {
  const v = useVolumes((s) => s.byName[name]);
  if (!v) return null;
  return (
    <div role="row" className="table-row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
      <div role="cell" className="cell name" title={v.name}>
        <span>
          {v.anonymous ? <span className="mono">{v.name.slice(0, 12)}</span> : v.name} {v.anonymous && <Badge>anonymous</Badge>}
        </span>
      </div>
      <div role="cell" className="cell muted" data-col="driver">
        {v.driver}
      </div>
      <div role="cell" className="cell">
        {v.usedBy.length ? (
          v.usedBy.map((c) => (
            <a key={c.id} className="chip" href={`#/containers/${c.id}`}>
              {c.name}
            </a>
          ))
        ) : (
          <span className="muted">unused</span>
        )}
      </div>
      <div role="cell" className="cell">
        <Size name={v.name} />
      </div>
      <div role="cell" className="cell row-actions">
        <Button variant="ghost" icon={BrowseIcon} aria-label={`Browse volume ${v.name}`} title="Browse files" onClick={() => onBrowse(v.name)}>
          Browse
        </Button>
        <OverflowMenu
          subject={v.name}
          items={[
            {
              label: 'Remove…',
              name: `Remove volume ${v.name}`,
              icon: DeleteIcon,
              danger: true,
              disabledReason: v.usedBy.length ? 'In use: remove its containers first' : undefined,
              onSelect: () => onRemove(v),
            },
          ]}
        />
      </div>
    </div>
  );
});

export function VolumesTable({ names, onBrowse, onRemove }: { names: readonly string[] } & RowActions) {
  const body = useRef<HTMLDivElement>(null);
  const virtualizer = useTableVirtualizer(names.length, body);
  return (
    <div className="table volumes-table" role="table" aria-label="Volumes" aria-rowcount={names.length + 1}>
      <div className="table-body" ref={body} role="rowgroup" tabIndex={0} aria-label="Volume rows">
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
            return <VolumeRow key={name} name={name} index={row.index} top={row.start - HEAD_HEIGHT} onBrowse={onBrowse} onRemove={onRemove} />;
          })}
        </div>
      </div>
    </div>
  );
}
