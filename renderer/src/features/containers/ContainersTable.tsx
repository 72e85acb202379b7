import { useMemo, useRef } from 'react';
import { HEAD_HEIGHT, useTableVirtualizer } from '../../ui/virtual-table';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { CloseIcon } from '../../ui/icons';
import { useContainerActions } from './actions-store';
import { ContainerRow } from './ContainerRow';
import { groupItems } from './containers-model';
import { useContainers } from './containers-store';
import { GroupRow } from './GroupRow';

const COLUMNS = ['Name', 'Image', 'State', 'Status', 'Ports', 'CPU', 'Memory', 'Created'];

function SelectAll({ ids }: { ids: readonly string[] }) {
  const { selected, setSelected } = useContainerActions(useShallow((s) => ({ selected: s.selected, setSelected: s.setSelected })));
  const all = ids.length > 0 && ids.every((id) => selected.has(id));
  return (
    <input
      type="checkbox"
      aria-label="Select all shown containers"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = !all && selected.size > 0;
      }}
      onChange={() => setSelected(all ? [] : ids)}
    />
  );
}

function NoMatch() {
  const setQuery = useContainers((s) => s.setQuery);
  const setRunningOnly = useContainers((s) => s.setRunningOnly);
  return (
    <div className="no-match">
      <p>No container matches this search.</p>
      <Button
        icon={CloseIcon}
        onClick={() => {
          setQuery('');
          setRunningOnly(false);
        }}
      >
        Show all containers
      </Button>
    </div>
  );
}

/**
 * The containers list: one virtualised table (thousands of rows stay smooth),
 * its header sticky inside the scroll area so wide tables scroll sideways as one.
 * It holds ids only; each row subscribes to its own container.
 */
export function ContainersTable({ ids, total, searching }: { ids: readonly string[]; total: number; searching: boolean }) {
  const body = useRef<HTMLDivElement>(null);
  const expanded = useContainers((s) => s.expanded);
  const items = useMemo(() => groupItems(useContainers.getState(), ids, expanded, searching), [ids, expanded, searching]);
  const virtualizer = useTableVirtualizer(items.length, body);
  return (
    <div className="table containers-table" role="table" aria-label="Containers" aria-rowcount={items.length + 1}>
      <div className="table-body" ref={body} role="rowgroup" tabIndex={0} aria-label="Container rows">
        <div className="table-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell">
            <SelectAll ids={ids} />
          </div>
          {COLUMNS.map((c) => (
            <div key={c} role="columnheader" className={c === 'CPU' || c === 'Memory' ? 'cell num' : 'cell'} data-col={c.toLowerCase()}>
              {c}
            </div>
          ))}
          <div role="columnheader" className="cell">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
        {ids.length === 0 && total > 0 ? (
          <NoMatch />
        ) : (
          <div className="table-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index]!;
              const top = row.start - HEAD_HEIGHT;
              return item.kind === 'group' ? (
                <GroupRow key={item.key} project={item.project} ids={item.ids} index={row.index} top={top} />
              ) : (
                <ContainerRow key={item.key} id={item.id} inGroup={!!item.project} index={row.index} top={top} />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
