import { SearchBox } from '../../ui/SearchBox';
import { useShallow } from 'zustand/react/shallow';
import { FILTERS } from './images-model';
import { useImages } from './images-store';

/** Search, the in use / unused / dangling filter, and how many rows are shown. */
export function ImagesToolbar({ shown, total }: { shown: number; total: number }) {
  const { query, filter, setQuery, setFilter } = useImages(
    useShallow((s) => ({ query: s.query, filter: s.filter, setQuery: s.setQuery, setFilter: s.setFilter })),
  );
  return (
    <div className="toolbar">
      <SearchBox label="Search images" placeholder="Name, id, digest or container" value={query} onChange={setQuery} />
      <div className="segmented" role="group" aria-label="Show images">
        {FILTERS.map((f) => (
          <button key={f.value} type="button" aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
            {f.label}
          </button>
        ))}
      </div>
      <span className="count" aria-live="polite">
        {shown === total ? `${total} name${total === 1 ? '' : 's'}` : `${shown} of ${total} names`}
      </span>
    </div>
  );
}
