import { useRef } from 'react';
import { HEAD_HEIGHT, useTableVirtualizer } from '../../ui/virtual-table';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { CloseIcon, SortAscIcon, SortDescIcon } from '../../ui/icons';
import type { ImageRow as Row, ImageSortKey } from './images-model';
import { useImages } from './images-store';
import { ImageRow } from './ImageRow';

const COLUMNS: ReadonlyArray<{ label: string; col: string; sort?: ImageSortKey; num?: boolean }> = [
  { label: 'Repository:tag', col: 'name', sort: 'name' },
  { label: 'Image id', col: 'id' },
  { label: 'Created', col: 'created', sort: 'created' },
  { label: 'Size', col: 'size', sort: 'size', num: true },
  { label: 'In use by', col: 'users' },
];

function SortHeader({ label, col, sortKey, num }: { label: string; col: string; sortKey: ImageSortKey; num?: boolean }) {
  const { sort, sortBy } = useImages(useShallow((s) => ({ sort: s.sort, sortBy: s.sortBy })));
  const active = sort.key === sortKey;
  const Icon = sort.desc ? SortDescIcon : SortAscIcon;
  return (
    <div role="columnheader" className={num ? 'cell num' : 'cell'} data-col={col} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => sortBy(sortKey)}>
        {label}
        {active && <Icon className="icon" aria-hidden />}
      </button>
    </div>
  );
}

function NoMatch() {
  const { setQuery, setFilter } = useImages(useShallow((s) => ({ setQuery: s.setQuery, setFilter: s.setFilter })));
  return (
    <div className="no-match">
      <p>No image matches this search and filter.</p>
      <Button
        icon={CloseIcon}
        onClick={() => {
          setQuery('');
          setFilter('all');
        }}
      >
        Show all images
      </Button>
    </div>
  );
}

/** The images list: one virtualised table (thousands of rows stay smooth), its header sticky inside the scroll area; each row selects its own image. */
export function ImagesTable({ rows }: { rows: readonly Row[] }) {
  const body = useRef<HTMLDivElement>(null);
  const virtualizer = useTableVirtualizer(rows.length, body);
  return (
    <div className="table images-table" role="table" aria-label="Images" aria-rowcount={rows.length + 1}>
      <div className="table-body" ref={body} role="rowgroup" tabIndex={0} aria-label="Image rows">
        <div className="table-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) =>
            c.sort ? (
              <SortHeader key={c.label} label={c.label} col={c.col} sortKey={c.sort} num={c.num} />
            ) : (
              <div key={c.label} role="columnheader" className="cell" data-col={c.col}>
                {c.label}
              </div>
            ),
          )}
          <div role="columnheader" className="cell">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
        {rows.length === 0 ? (
          <NoMatch />
        ) : (
          <div className="table-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index]!;
              return <ImageRow key={row.key} id={row.image.id} imageRef={row.ref} index={v.index} top={v.start - HEAD_HEIGHT} />;
            })}
          </div>
        )}
      </div>
    </div>
  );
}
