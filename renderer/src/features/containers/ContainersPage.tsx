import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Alert, EmptyState, PageHeader } from '../../ui/feedback';
import { ContainersIcon, EngineIcon, PruneIcon, SearchIcon, StartIcon } from '../../ui/icons';
import { useEngine } from '../engine/engine-store';
import { ContainerRow } from './ContainerRow';
import { GroupRow } from './GroupRow';
import { watchAllStats } from './stats-store';
import { groupItems } from './containers-model';
import { useContainerActions } from './actions-store';
import { ContainerDialogs } from './ContainerDialogs';
import { SelectionBar } from './SelectionBar';
import { RunDialog } from '../run/RunDialog';
import { selectCount, selectVisibleIds, useContainers } from './containers-store';

const ROW_HEIGHT = 40;
const COLUMNS = ['Name', 'Image', 'State', 'Status', 'Ports', 'CPU', 'Memory', 'Created'];

function Toolbar({ shown, total }: { shown: number; total: number }) {
  const { query, runningOnly, setQuery, setRunningOnly } = useContainers(
    useShallow((s) => ({ query: s.query, runningOnly: s.runningOnly, setQuery: s.setQuery, setRunningOnly: s.setRunningOnly })),
  );
  return (
    <div className="toolbar">
      <label className="search">
        <SearchIcon className="icon" aria-hidden />
        <span className="visually-hidden">Search containers</span>
        <input type="search" placeholder="Search by name, image, id or label" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="segmented" role="group" aria-label="Show">
        <button type="button" aria-pressed={!runningOnly} onClick={() => setRunningOnly(false)}>
          All
        </button>
        <button type="button" aria-pressed={runningOnly} onClick={() => setRunningOnly(true)}>
          Running
        </button>
      </div>
      <span className="count" aria-live="polite">
        {shown === total ? `${total.toLocaleString('en-US')} containers` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} containers`}
      </span>
    </div>
  );
}

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

function ContainersTable({ ids, total }: { ids: readonly string[]; total: number }) {
  const body = useRef<HTMLDivElement>(null);
  const expanded = useContainers((s) => s.expanded);
  const searching = useContainers((s) => !!s.query.trim());
  const items = useMemo(() => groupItems(useContainers.getState(), ids, expanded, searching), [ids, expanded, searching]);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => body.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="table" role="table" aria-label="Containers" aria-rowcount={items.length + 1}>
      <div className="table-head" role="row" aria-rowindex={1}>
        <div role="columnheader" className="cell">
          <SelectAll ids={ids} />
        </div>
        {COLUMNS.map((c) => (
          <div key={c} role="columnheader" className="cell">
            {c}
          </div>
        ))}
        <div role="columnheader" className="cell">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
      <div className="table-body" ref={body} role="rowgroup" tabIndex={0} aria-label="Container rows">
        {ids.length === 0 && total > 0 ? (
          <p className="empty">No container matches this filter.</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index]!;
              return item.kind === 'group' ? (
                <GroupRow key={item.key} project={item.project} ids={item.ids} index={row.index} top={row.start} />
              ) : (
                <ContainerRow key={item.key} id={item.id} inGroup={!!item.project} index={row.index} top={row.start} />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

export function ContainersPage() {
  const [running, setRunning] = useState(false);
  useEffect(() => watchAllStats(), []);
  const ids = useContainers(useShallow(selectVisibleIds));
  const total = useContainers(selectCount);
  const loaded = useContainers((s) => s.loaded);
  const unavailable = useContainers((s) => s.unavailable);
  const engineState = useEngine((s) => s.status?.state);
  const { run, busy } = useEngine(useShallow((s) => ({ run: s.run, busy: s.busy })));
  const engineDown = engineState === 'stopped' || engineState === 'error';
  const { prune, dismiss, actionError, notice, actionsBusy } = useContainerActions(
    useShallow((s) => ({ prune: s.prune, dismiss: s.dismiss, actionError: s.error, notice: s.notice, actionsBusy: s.busy })),
  );

  let content;
  if (engineDown && !total) {
    content = (
      <EmptyState
        icon={EngineIcon}
        title="The engine is not running"
        action={
          <Button variant="primary" icon={StartIcon} busy={busy === 'start'} onClick={() => void run('start')}>
            Start engine
          </Button>
        }
      >
        <p>Start Berth's engine to see and run containers.</p>
      </EmptyState>
    );
  } else if (loaded && total === 0) {
    content = (
      <EmptyState icon={ContainersIcon} title="No containers yet">
        <p>
          Containers you run on Berth's engine appear here as they start. From a terminal, point your docker CLI at it with{' '}
          <code>eval "$(npm run -s berth -- engine env)"</code>, then <code>docker run …</code>.
        </p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <Toolbar shown={ids.length} total={total} />
        <ContainersTable ids={ids} total={total} />
      </>
    );
  }
  return (
    <div className="page">
      <PageHeader title="Containers">
        <Button icon={PruneIcon} disabled={!total || actionsBusy} onClick={() => void prune()}>
          Remove stopped
        </Button>
        <Button variant="primary" icon={StartIcon} disabled={engineDown} onClick={() => setRunning(true)}>
          Run…
        </Button>
      </PageHeader>
      {running && <RunDialog onClose={() => setRunning(false)} />}
      <ActionFeedback error={actionError} notice={notice} dismiss={dismiss} />
      <SelectionBar />
      <ContainerDialogs />
      {unavailable && total > 0 && (
        <Alert tone="warn" title="Not live:">
          {unavailable} The list shows the last known state.
          {engineDown && (
            <>
              {' '}
              <Button variant="primary" icon={StartIcon} busy={busy === 'start'} onClick={() => void run('start')}>
                Start engine
              </Button>
            </>
          )}
        </Alert>
      )}
      {content}
    </div>
  );
}
