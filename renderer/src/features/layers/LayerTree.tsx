/**
 * One view of one layer as a tree (WAI-ARIA tree: arrows move, Right opens,
 * Left closes or goes to the parent), directories loaded when opened.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LayerTreeEntry } from '../../../../engine/contract/layers';
import { call } from '../../api/connection';
import { formatBytes } from '../../lib/format';
import { ExpandIcon, FileIcon, FolderIcon, LinkIcon } from '../../ui/icons';
import { visibleRows, type SortBy, type TreeRow } from './layers-model';

export type TreeView = 'changes' | 'image';

const STATUS_LABEL = { added: 'added', modified: 'modified', removed: 'removed', unchanged: '' } as const;
const STATUS_MARK = { added: '+', modified: '~', removed: '−', unchanged: '' } as const;

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
  const [children, setChildren] = useState<ReadonlyMap<string, readonly LayerTreeEntry[]>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string>();
  const [focus, setFocus] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  // Answers for an earlier layer or view that arrive late are dropped.
  const generation = useRef(0);

  const load = async (path: string) => {
    const asked = generation.current;
    try {
      const entries = await call('layers.tree', { ref: image, layer, view, path });
      if (asked === generation.current) setChildren((m) => new Map(m).set(path, entries));
    } catch (err) {
      if (asked === generation.current) setError((err as Error).message);
    }
  };
  useEffect(() => {
    generation.current++;
    setChildren(new Map());
    setExpanded(new Set());
    setError(undefined);
    setFocus(0);
    void load('');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a fresh tree when the image, layer or view changes, not per render's `load`
  }, [image, layer, view]);

  const rows = useMemo(() => visibleRows(children, expanded, sortBy), [children, expanded, sortBy]);
  const toggle = (row: TreeRow, open = !row.expanded) => {
    if (row.entry.kind !== 'dir') return;
    setExpanded((s) => {
      const next = new Set(s);
      if (open) next.add(row.entry.path);
      else next.delete(row.entry.path);
      return next;
    });
    if (open && !children.has(row.entry.path)) void load(row.entry.path);
  };
  const move = (i: number) => {
    const at = Math.max(0, Math.min(rows.length - 1, i));
    setFocus(at);
    box.current?.querySelectorAll<HTMLElement>('[role=treeitem]')[at]?.focus();
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
        const parent = rows.findLastIndex((r, j) => j < i && r.depth < row.depth);
        if (parent >= 0) move(parent);
      },
      Enter: () => (row.entry.kind === 'dir' ? toggle(row) : onSelect(row.entry)),
      ' ': () => onSelect(row.entry),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  if (error)
    return (
      <p className="hint invalid" role="alert">
        {error}
      </p>
    );
  if (!children.has('')) return <p className="subtitle">Loading…</p>;
  if (!rows.length)
    return (
      <p className="subtitle">
        {view === 'changes' ? 'This layer changes no files (it only records metadata or an empty directory).' : 'The image has no files as of this layer.'}
      </p>
    );
  return (
    <div className="layer-tree" role="tree" aria-label={view === 'changes' ? `Changes in layer ${layer}` : `Image as of layer ${layer}`} ref={box}>
      {rows.map((row, i) => {
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
            aria-level={row.depth + 1}
            aria-expanded={e.kind === 'dir' ? row.expanded : undefined}
            aria-selected={selected === e.path}
            aria-label={change ? `${e.name}, ${change}` : e.name}
            tabIndex={i === focus ? 0 : -1}
            className="tree-row"
            data-status={view === 'changes' ? e.status : e.layer === layer ? 'here' : undefined}
            style={{ paddingLeft: `calc(${row.depth} * var(--space-4) + var(--space-2))` }}
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
  );
}
