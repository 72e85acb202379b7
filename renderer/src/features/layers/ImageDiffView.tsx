/**
 * Two local images compared file by file: pick both from the engine's images,
 * see the layers they share, the totals and the layers that wrote the
 * differences, then every added, removed and changed path (as a tree, or one
 * kind at a time) with its size in each image.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { describeChange, type DiffEntry, type DiffLayer, type ImageDiff } from '../../../../engine/contract/image-diff';
import { PREVIEW_BYTES } from '../../../../engine/contract/layers';
import { Button } from '../../ui/Button';
import { formatBytes } from '../../lib/format';
import { diffRows, sizeText, type DiffFilter } from './image-diff-model';
import { useImageDiff } from './image-diff-store';
import { TextDiffView } from './TextDiffView';
import { PackageDiffView } from './PackageDiffView';

const FILTERS: ReadonlyArray<[DiffFilter, string]> = [
  ['all', 'All differences'],
  ['added', 'Added only'],
  ['removed', 'Removed only'],
  ['changed', 'Changed only'],
];
const MARK = { added: '+', removed: '−', changed: '~', unchanged: '' } as const;
/** A row's height; kept in step with .diff-row in layers.css. */
const ROW_HEIGHT = 28;

/** One figure of the totals: a count or size, with what it amounts to beside it. */
function Figure({ label, status, value, hint }: { label: string; status?: string; value: string | number; hint?: string }) {
  return (
    <div className="figure" data-status={status}>
      <dt>{label}</dt>
      <dd>
        {value}
        {hint && <span className="hint"> {hint}</span>}
      </dd>
    </div>
  );
}

function Totals({ d }: { d: ImageDiff }) {
  const t = d.totals;
  return (
    <dl className="figures" aria-label="Comparison totals">
      <Figure label="Shared layers" value={d.sharedBase} hint={formatBytes(d.sharedBytes)} />
      <Figure label="Added" status="added" value={t.added} hint={`${formatBytes(t.bytesAdded)} new`} />
      <Figure label="Removed" status="removed" value={t.removed} hint={`${formatBytes(t.bytesRemoved)} gone`} />
      <Figure label="Changed" status="modified" value={t.changed} />
      <Figure label="Files" value={`${formatBytes(t.sizeA)} → ${formatBytes(t.sizeB)}`} />
    </dl>
  );
}

function Responsible({ side, layers }: { side: 'A' | 'B'; layers: readonly DiffLayer[] }) {
  const shown = layers.filter((l) => l.paths);
  if (!shown.length) return null;
  return (
    <ul className="diff-layers" aria-label={`Layers of image ${side} that wrote the differences`}>
      {shown.map((l) => (
        <li key={l.index}>
          <span className="mono">
            {side} L{l.index}
          </span>{' '}
          <code>{l.instruction || '(no instruction recorded)'}</code>{' '}
          <span className="hint">
            {l.paths} path{l.paths === 1 ? '' : 's'}, {formatBytes(l.bytes)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A changed file both of whose versions a preview reads whole enough for a line diff. */
const canShowText = (e: DiffEntry) =>
  e.status === 'changed' &&
  !!e.aspects?.includes('content') &&
  e.a?.kind === 'file' &&
  e.b?.kind === 'file' &&
  e.a.size <= PREVIEW_BYTES &&
  e.b.size <= PREVIEW_BYTES;

function DiffList({ d, filter }: { d: ImageDiff; filter: DiffFilter }) {
  const rows = useMemo(() => diffRows(d.entries, filter), [d, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  if (!rows.length)
    return <p>{filter === 'all' ? 'No differences: both images hold the same files.' : `No path is ${filter === 'changed' ? 'changed' : filter}.`}</p>;
  return (
    <div className="diff-scroll" ref={scroller}>
      <div className="diff-row diff-head" aria-hidden>
        <span />
        <span>Path</span>
        <span>What differs</span>
        <span className="num">In A</span>
        <span className="num">In B</span>
        <span>Layers</span>
      </div>
      <div role="list" aria-label="Differences" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => {
          const { entry: e, depth, label } = rows[v.index]!;
          const what =
            e.status === 'changed'
              ? describeChange(e)
              : e.status === 'unchanged'
                ? `${e.below?.added ?? 0} added, ${e.below?.removed ?? 0} removed, ${e.below?.changed ?? 0} changed below`
                : e.status;
          const layers = [e.a && `A L${e.a.layer}`, e.b && `B L${e.b.layer}`].filter(Boolean).join(' · ');
          return (
            <div
              key={v.key}
              role="listitem"
              className="diff-row"
              data-status={e.status}
              aria-label={`/${e.display}: ${what}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <span className="mark" aria-hidden>
                {MARK[e.status]}
              </span>
              <span className="name mono" style={{ paddingLeft: depth * 14 }} title={`/${e.display}`}>
                {label}
                {(e.b ?? e.a)?.kind === 'dir' ? '/' : ''}
              </span>
              <span className="what">
                {what}
                {canShowText(e) && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Show the text diff of /${e.display}`}
                      onClick={() => void useImageDiff.getState().showText(e)}
                    >
                      diff
                    </button>
                  </>
                )}
              </span>
              <span className="num">{sizeText(e.a, formatBytes)}</span>
              <span className="num">{sizeText(e.b, formatBytes)}</span>
              <span className="hint mono">{layers}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The comparison section of an image's layer page; `image` is picked as image A to start with,
 * or, when the page was opened to compare `against` with it, as image B, and the comparison starts.
 */
export function ImageDiffView({ image, against }: { image: string; against?: string }) {
  const { images, imagesError, busy, value, error } = useImageDiff(
    useShallow((s) => ({ images: s.images, imagesError: s.imagesError, busy: s.busy, value: s.value, error: s.error })),
  );
  const textPath = useImageDiff((s) => s.text?.path);
  const [a, setA] = useState(against ?? image);
  const [b, setB] = useState(against ? image : '');
  const [filter, setFilter] = useState<DiffFilter>('all');
  const section = useRef<HTMLElement>(null);
  useEffect(() => void useImageDiff.getState().loadImages(), []);
  useEffect(() => {
    if (!against) return;
    void useImageDiff.getState().diff(against, image);
    section.current?.scrollIntoView({ block: 'start' });
  }, [against, image]);
  const names = useMemo(() => {
    const own = [...new Set([image, ...(against ? [against] : [])])];
    return [...own, ...(images ?? []).filter((n) => !own.includes(n))];
  }, [images, image, against]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (a && b) void useImageDiff.getState().diff(a, b);
  };
  const shown = value && value.a.ref === a && value.b.ref === b ? value : undefined;
  return (
    <section className="card image-diff" aria-labelledby="image-diff-title" ref={section}>
      <h2 id="image-diff-title">Compare files</h2>
      <p className="subtitle">
        {against
          ? 'The image the tag named before the build (A) against the image the build made (B): what B adds, removes and changes, file by file.'
          : 'Pick two local images: what image B adds, removes and changes against image A, file by file (content by its bytes, not its dates).'}
      </p>
      <form className="toolbar" onSubmit={submit} aria-label="Images to compare">
        <label className="field-inline">
          Image A
          <select value={a} onChange={(e) => setA(e.target.value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Image B
          <select value={b} onChange={(e) => setB(e.target.value)}>
            <option value="">Choose an image…</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" busy={busy} disabled={!a || !b}>
          Show differences
        </Button>
      </form>
      {imagesError && (
        <p className="hint invalid" role="alert">
          {imagesError}
        </p>
      )}
      {error && (
        <p className="hint invalid" role="alert">
          {error}
        </p>
      )}
      {busy && <p role="status">Reading both images’ layers (each layer is read once and remembered)…</p>}
      {!shown && !busy && !error && <p className="hint">Choose image B, then Show differences.</p>}
      {shown && (
        <>
          <p role="status">
            {shown.sharedBase
              ? `They share their first ${shown.sharedBase} layer${shown.sharedBase === 1 ? '' : 's'} (${formatBytes(shown.sharedBytes)}).`
              : 'They share no base layers.'}{' '}
            {shown.totals.added} added, {shown.totals.removed} removed, {shown.totals.changed} changed.
          </p>
          <Totals d={shown} />
          <Responsible side="A" layers={shown.a.layers} />
          <Responsible side="B" layers={shown.b.layers} />
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Show">
              {FILTERS.map(([f, label]) => (
                <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                  {label}
                </button>
              ))}
            </div>
          </div>
          {/* A fresh list per filter: its virtual rows start from the top. */}
          <DiffList key={filter} d={shown} filter={filter} />
          {textPath !== undefined && <TextDiffView display={shown.entries.find((e) => e.path === textPath)?.display ?? textPath} />}
          {shown.more > 0 && <p className="hint">{shown.more} more differences are not listed; `berth image diff` prints them all.</p>}
          <PackageDiffView />
        </>
      )}
    </section>
  );
}
