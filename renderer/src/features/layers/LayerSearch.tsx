/** Find paths in one view of one layer: a substring, or a glob (*, ?, **). */
import { useEffect, useState } from 'react';
import type { LayerTreeEntry } from '../../../../engine/contract/layers';
import { SearchBox } from '../../ui/SearchBox';
import { formatBytes } from '../../lib/format';
import type { TreeView } from './layers-model';
import { useLayers } from './layers-store';

export function LayerSearch({ image, layer, view, onSelect }: { image: string; layer: number; view: TreeView; onSelect(e: LayerTreeEntry): void }) {
  const [query, setQuery] = useState('');
  const result = useLayers((s) => s.search?.result);
  const error = useLayers((s) => s.search?.error);
  const { searchPaths, clearSearch } = useLayers.getState();
  useEffect(() => searchPaths(image, layer, view, query), [query, image, layer, view, searchPaths]);
  // A search box opened again starts empty.
  useEffect(() => clearSearch, [clearSearch]);
  return (
    <div className="layer-search">
      <SearchBox label="Find paths" placeholder="e.g. libssl or **/*.conf" value={query} onChange={setQuery} />
      {error && (
        <p className="hint invalid" role="alert">
          {error}
        </p>
      )}
      {result && (
        <ul className="search-results" aria-label="Paths found">
          {result.matches.map((m) => (
            <li key={m.path}>
              <button type="button" className="link-button" onClick={() => onSelect(m)}>
                <span className="mono">/{m.display}</span>
              </button>
              <span className="hint">
                {m.status && m.status !== 'unchanged' ? `${m.status} · ` : ''}
                {m.kind === 'dir' ? 'directory' : formatBytes(m.size)} · L{m.layer}
              </span>
            </li>
          ))}
          {!result.matches.length && <li className="hint">No path matches.</li>}
          {result.more && <li className="hint">More match: narrow the search.</li>}
        </ul>
      )}
    </div>
  );
}
