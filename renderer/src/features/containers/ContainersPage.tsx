import { useDeferredValue, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Alert, PageHeader } from '../../ui/feedback';
import { ListSkeleton } from '../../ui/ListSkeleton';
import { PruneIcon, StartIcon } from '../../ui/icons';
import { RunDialog } from '../run';
import { useEngine } from '../engine';
import { useContainerActions } from './actions-store';
import { ContainerDialogs } from './ContainerDialogs';
import { EngineDownState, NoContainersState } from './ContainersEmpty';
import { ContainersTable } from './ContainersTable';
import { ContainersToolbar } from './ContainersToolbar';
import { selectCount, selectVisibleIds, useContainers } from './containers-store';
import { SelectionBar } from './SelectionBar';
import { watchAllStats } from './stats-store';

/** The Containers page: live list, or what to do when there is nothing to list. */
export function ContainersPage() {
  const [running, setRunning] = useState(false);
  useEffect(() => watchAllStats(), []);
  // The search field shows each keystroke at once; the list follows when React has time (typing never waits for filtering).
  const liveQuery = useContainers((s) => s.query);
  const query = useDeferredValue(liveQuery);
  const runningOnly = useContainers((s) => s.runningOnly);
  // No shallow comparison: filterIds gives the same array while nothing changed (comparing 20,000 ids at every store change costs more than the filter).
  const ids = useContainers(selectVisibleIds({ query, runningOnly }));
  const total = useContainers(selectCount);
  const loaded = useContainers((s) => s.loaded);
  const unavailable = useContainers((s) => s.unavailable);
  const engineState = useEngine((s) => s.status?.state);
  const { run, busy } = useEngine(useShallow((s) => ({ run: s.run, busy: s.busy })));
  const engineDown = engineState === 'stopped' || engineState === 'error';
  const { askRemoveStopped, dismiss, actionError, notice, actionsBusy } = useContainerActions(
    useShallow((s) => ({ askRemoveStopped: s.askRemoveStopped, dismiss: s.dismiss, actionError: s.error, notice: s.notice, actionsBusy: s.busy })),
  );

  let content;
  if (engineDown && !total) content = <EngineDownState />;
  else if (loaded && total === 0) content = <NoContainersState onRun={() => setRunning(true)} />;
  else if (!loaded) content = <ListSkeleton label="Loading containers" caption={engineState === 'starting' ? 'The engine is starting…' : 'Loading…'} />;
  else
    content = (
      <>
        <ContainersToolbar shown={ids.length} total={total} />
        <ContainersTable ids={ids} total={total} searching={!!query.trim()} />
      </>
    );
  return (
    <div className="page">
      <PageHeader title="Containers">
        <Button icon={PruneIcon} disabled={!total || actionsBusy} onClick={askRemoveStopped}>
          Remove stopped…
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
