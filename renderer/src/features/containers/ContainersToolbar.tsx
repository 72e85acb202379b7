import { SearchBox } from '../../ui/SearchBox';
import { useShallow } from 'zustand/react/shallow';
import { countText } from './containers-model';
import { useContainers } from './containers-store';

/** Search, running/all, and how many are shown. */
export function ContainersToolbar({ shown, total }: { shown: number; total: number }) {
  const { query, runningOnly, setQuery, setRunningOnly } = useContainers(
    useShallow((s) => ({ query: s.query, runningOnly: s.runningOnly, setQuery: s.setQuery, setRunningOnly: s.setRunningOnly })),
  );
  return (
    <div className="toolbar">
      <SearchBox label="Search containers" placeholder="Name, image, id or label" value={query} onChange={setQuery} />
      <div className="segmented" role="group" aria-label="Show">
        <button type="button" aria-pressed={!runningOnly} onClick={() => setRunningOnly(false)}>
          All
        </button>
        <button type="button" aria-pressed={runningOnly} onClick={() => setRunningOnly(true)}>
          Running
        </button>
      </div>
      <span className="count" aria-live="polite">
        {countText(shown, total)}
      </span>
    </div>
  );
}
