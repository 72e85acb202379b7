/**
 * One view of one layer as a tree (WAI-ARIA tree: arrows move, Right opens,
 * Left closes or goes to the parent), directories loaded when opened. The
 * rows are a flat virtual list (a folder of 100,000 files stays smooth), each
 * telling assistive technology its level, set size and place in it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { LayerTreeEntry } from '../../../../engine/contract/layers';
import { formatBytes } from '../../lib/format';
import { ExpandIcon, FileIcon, FolderIcon, LinkIcon } from '../../ui/icons';
import { visibleRows, type SortBy, type TreeRow, type TreeView } from './layers-model';
import { treeKey, useLayers } from './layers-store';

export type { TreeView } from './layers-model';

const STATUS_LABEL = { added: 'added', modified: 'modified', removed: 'removed', unchanged: '' } as const;
const STATUS_MARK = { added: '+', modified: '~', removed: '−', unchanged: '' } as const;

/** A tree row's height; kept in step with .layer-tree .tree-row in layers.css. */
const TREE_ROW_HEIGHT = 26;

export function LayerTree({
  image,
  layer,
  view,
  sortBy,
  selected,
  onSelect,
  onJump,
}: {
  image: string;
  layer: number;
  view: TreeView;
  sortBy: SortBy;
  selected?: string;
  onSelect(entry: LayerTreeEntry): void;
  onJump(layer: number): void;
}) {
  const key = treeKey(image, layer, view);
  const tree = useLayers((s) => (s.tree?.key === key ? s.tree : undefined));
  const { openTree, setExpanded } = useLayers.getState();
  const [focus, setFocus] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  /** The row to give focus once it is rendered (it may first need scrolling into the window). */
  const focusWanted = useRef<number | undefined>(undefined);

  useEffect(() => {
    setFocus(0);
    openTree(image, layer, view);
  }, [image, layer, view, openTree]);

  const rows = useMemo(() => (tree ? visibleRows(tree.children, tree.expanded, sortBy) : []), [tree, sortBy]);
  // The focused row is always rendered, so Tab comes back to it wherever the list is scrolled.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const shown = defaultRangeExtractor(range);
      return focus < range.count && !shown.includes(focus) ? [...shown, focus].sort((a, b) => a - b) : shown;
    },
    [focus],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => box.current,
    estimateSize: () => TREE_ROW_HEIGHT,
    // The room the tree kept above and below its rows before they were virtualised.
    paddingStart: 4,
    paddingEnd: 4,
    overscan: 20,
    rangeExtractor,
  });
  useEffect(() => {
    const want = focusWanted.current;
    if (want === undefined) return;
    const el = box.current?.querySelector<HTMLElement>(`[role=treeitem][data-index="${want}"]`);
    if (!el) return;
    focusWanted.current = undefined;
    el.focus({ preventScroll: true });
  });

  const toggle = (row: TreeRow, open = !row.expanded) => {
    if (row.entry.kind === 'dir') setExpanded(row.entry.path, open);
  };
  const move = (i: number) => {
    const at = Math.max(0, Math.min(rows.length - 1, i));
    setFocus(at);
    focusWanted.current = at;
    virtualizer.scrollToIndex(at);
    // Already on screen: focus now (the effect covers a row that has to be rendered first).
    const el = box.current?.querySelector<HTMLElement>(`[role=treeitem][data-index="${at}"]`);
    if (el) {
      focusWanted.current = undefined;
      el.focus({ preventScroll: true });
    }
  };
  const onKey = (e: KeyboardEvent, i: number, row: TreeRow) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1),
      ArrowUp: () => move(i - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ArrowRight: () => (row.expanded ? move(i + 1) : toggle(row, true)),
      ArrowLeft: () => {
        if (row.expanded) return toggle(row, false);
        if (row.parent >= 0) move(row.parent);
      },
      Enter: () => (row.entry.kind === 'dir' ? toggle(row) : onSelect(row.entry)),
      ' ': () => onSelect(row.entry),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  if (tree?.error)
    return (
      <p className="hint invalid" role="alert">
        {tree.error}
      </p>
    );
  if (!tree?.children.has('')) return <p className="subtitle">Loading…</p>;
  if (!rows.length)
    return (
      <p className="subtitle">
        {view === 'changes' ? 'This layer changes no files (it only records metadata or an empty directory).' : 'The image has no files as of this layer.'}
      </p>
    );
  return (
    <div className="layer-tree" role="tree" aria-label={view === 'changes' ? `Changes in layer ${layer}` : `Image as of layer ${layer}`} ref={box}>
      <div className="tree-rows" role="none" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const i = v.index;
          const row = rows[i]!;
          const e = row.entry;
          const change =
            view === 'changes'
              ? e.status && e.status !== 'unchanged'
                ? STATUS_LABEL[e.status]
                : undefined
              : e.layer === layer
                ? 'changed in this layer'
                : undefined;
          const Icon = e.kind === 'dir' ? FolderIcon : e.kind === 'symlink' || e.kind === 'hardlink' ? LinkIcon : FileIcon;
          return (
            <div
              key={e.path}
              role="treeitem"
              data-index={i}
              aria-level={row.depth + 1}
              aria-setsize={row.setSize}
              aria-posinset={row.posInSet}
              aria-expanded={e.kind === 'dir' ? row.expanded : undefined}
              aria-selected={selected === e.path}
              aria-label={change ? `${e.name}, ${change}` : e.name}
              tabIndex={i === focus ? 0 : -1}
              className="tree-row"
              data-status={view === 'changes' ? e.status : e.layer === layer ? 'here' : undefined}
              style={{ transform: `translateY(${v.start}px)`, paddingLeft: `calc(${row.depth} * var(--space-4) + var(--space-2))` }}
              onClick={() => {
                setFocus(i);
                onSelect(e);
                if (e.kind === 'dir') toggle(row);
              }}
              onKeyDown={(ev) => onKey(ev, i, row)}
            >
              <span className="chevron" aria-hidden data-open={row.expanded}>
                {e.kind === 'dir' && e.hasChildren ? <ExpandIcon className="icon" /> : null}
              </span>
              <span className="mark" aria-hidden>
                {view === 'changes' && e.status ? STATUS_MARK[e.status] : ''}
              </span>
              <Icon className="icon kind" aria-hidden />
              <span className="name">
                {e.name}
                {e.link !== undefined && <span className="link"> → {e.link}</span>}
              </span>
              <span className="size">
                {e.kind === 'dir'
                  ? `${formatBytes(e.size)} · ${e.files ?? 0} file${e.files === 1 ? '' : 's'}`
                  : e.kind === 'file' || e.kind === 'hardlink'
                    ? formatBytes(e.size)
                    : ''}
              </span>
              <button
                type="button"
                className="layer-chip"
                aria-label={`${e.name} was last changed in layer ${e.layer}: show that layer`}
                title="Show the layer that last changed it"
                disabled={e.layer < 0 || e.layer === layer}
                tabIndex={-1}
                onClick={(ev) => {
                  ev.stopPropagation();
                  onJump(e.layer);
                }}
              >
                L{e.layer < 0 ? '–' : e.layer}
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
