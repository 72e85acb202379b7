/** The packages part of a comparison: what image B adds, removes, upgrades and downgrades against image A, with the layer of each image that put each version there. */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PackageDifference } from '../../../../engine/contract/packages';
import { SearchBox } from '../../ui/SearchBox';
import { useImageDiff } from './image-diff-store';
import { layersText, noRowsText, PACKAGE_FILTERS, packageCounts, packageRows, packageSummary, versionText, type PackageFilter } from './package-diff-model';

const MARK: Record<PackageDifference['kind'], string> = { added: '+', removed: '−', upgraded: '↑', downgraded: '↓' };
/** A row's height; kept in step with .package-diff-row in layers.css. */
const ROW_HEIGHT = 28;

function PackageList({ rows }: { rows: readonly PackageDifference[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="diff-scroll" ref={scroller}>
      <div className="package-diff-row diff-head" aria-hidden>
        <span />
        <span>Kind</span>
        <span>Package</span>
        <span>Version (A → B)</span>
        <span>Layers</span>
        <span>Listed in</span>
      </div>
      <div role="list" aria-label="Package differences" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => {
          const d = rows[v.index]!;
          return (
            <div
              key={v.key}
              role="listitem"
              className="package-diff-row"
              data-change={d.kind}
              aria-label={`${d.kind} ${d.name} ${versionText(d)}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <span className="mark" aria-hidden>
                {MARK[d.kind]}
              </span>
              <span className="package-eco">{d.ecosystem}</span>
              <span className="name mono" title={d.name}>
                {d.name}
              </span>
              <span className="mono" title={versionText(d)}>
                {versionText(d)}
              </span>
              <span className="hint mono">{layersText(d)}</span>
              <span className="hint mono" title={d.location}>
                {d.location}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function PackageDiffView() {
  const packages = useImageDiff((s) => s.packages);
  const [filter, setFilter] = useState<PackageFilter>('all');
  const [query, setQuery] = useState('');
  const value = packages?.value;
  const rows = useMemo(() => (value ? packageRows(value.differences, filter, query) : []), [value, filter, query]);
  const counts = useMemo(() => (value ? packageCounts(value.differences) : undefined), [value]);
  if (!packages) return null;
  return (
    <section className="package-diff" aria-labelledby="package-diff-title">
      <h3 id="package-diff-title">Package changes</h3>
      {packages.busy && <p role="status">Reading both images’ package databases…</p>}
      {packages.error && (
        <p className="hint invalid" role="alert">
          {packages.error}
        </p>
      )}
      {value && <p role="status">{packageSummary(value)}</p>}
      {value && value.differences.length > 0 && (
        <>
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Show package changes">
              {PACKAGE_FILTERS.map(([f, label]) => (
                <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                  {label}
                  {f !== 'all' && counts ? ` (${counts[f]})` : ''}
                </button>
              ))}
            </div>
            <SearchBox label="Find package changes" placeholder="Find a package" value={query} onChange={setQuery} />
          </div>
          {/* A fresh list per filter and search: its virtual rows start from the top. */}
          {rows.length ? <PackageList key={`${filter}\n${query}`} rows={rows} /> : <p>{noRowsText(filter, query)}</p>}
        </>
      )}
    </section>
  );
}
