/**
 * The layer browser of one image: its steps and layers, each layer's changes
 * or the image as of it as a tree, a file's details, and where the space goes
 * (efficiency, wasted bytes by path, common waste with its fix).
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerSummary, LayerTreeEntry } from '../../../../engine/contract/layers';
import { Button } from '../../ui/Button';
import { Alert, EmptyState } from '../../ui/feedback';
import { AlertIcon, BackIcon, BusyIcon, ImagesIcon, SearchIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { compareOf, copiesText, modeString, type SortBy, type TreeView } from './layers-model';
import { LayerTree } from './LayerTree';
import { indexImage, useLayers } from './layers-store';
import { LayerSearch } from './LayerSearch';
import { CompareView } from './CompareView';
import { ImageDiffView } from './ImageDiffView';
import { PackagesView } from './PackagesView';
import { ExtractForm, FilePreviewView } from './FileActions';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        {value}
        {hint && <span className="hint"> {hint}</span>}
      </dd>
    </div>
  );
}

/** The history, oldest first: layers to pick, metadata-only steps between them. */
function StepList({ summary, layer, onPick }: { summary: LayerSummary; layer: number; onPick(i: number): void }) {
  return (
    <ol className="step-list" aria-label="Layers and steps">
      {summary.steps.map((s, i) => {
        if (s.layer === undefined) {
          return (
            <li key={i} className="step meta" title="Metadata only: this step made no layer">
              <span className="step-index">·</span>
              <code className="instruction">{s.instruction}</code>
            </li>
          );
        }
        const l = summary.layers[s.layer]!;
        return (
          <li key={i} className="step">
            <button
              type="button"
              className="step-button"
              aria-pressed={l.index === layer}
              aria-label={`Layer ${l.index}: ${l.instruction}`}
              onClick={() => onPick(l.index)}
            >
              <span className="step-index">L{l.index}</span>
              <code className="instruction">{l.instruction || '(no instruction recorded)'}</code>
              <span className="step-facts">
                <span>{formatBytes(l.bytes)}</span>
                <span className="counts" aria-label={`${l.added} added, ${l.modified} modified, ${l.removed} removed`}>
                  <span data-status="added">+{l.added}</span> <span data-status="modified">~{l.modified}</span> <span data-status="removed">−{l.removed}</span>
                </span>
              </span>
              <span className="digest mono">{l.diffId.slice(7, 19)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/** A file's details, as `ls -l` would give them and where it came from; its contents; saving it to this computer. */
function EntryDetails({
  image,
  layer,
  view,
  entry,
  onJump,
}: {
  image: string;
  layer: number;
  view: TreeView;
  entry: LayerTreeEntry;
  onJump(layer: number): void;
}) {
  return (
    <section className="entry-details" aria-label={`Details of ${entry.name}`}>
      <h3 className="mono">/{entry.display}</h3>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{entry.kind === 'hardlink' ? 'hard link' : entry.kind === 'dir' ? 'directory' : entry.kind}</dd>
        <dt>Mode</dt>
        <dd className="mono">
          {modeString(entry.mode, entry.kind)} ({(entry.mode & 0o7777).toString(8).padStart(4, '0')})
        </dd>
        <dt>Owner</dt>
        <dd className="mono">
          {entry.uid}:{entry.gid}
        </dd>
        <dt>Size</dt>
        <dd>{entry.kind === 'dir' ? `${formatBytes(entry.size)} in ${entry.files ?? 0} file${entry.files === 1 ? '' : 's'}` : formatBytes(entry.size)}</dd>
        {entry.link !== undefined && (
          <>
            <dt>Points to</dt>
            <dd className="mono">{entry.link}</dd>
          </>
        )}
        <dt>Last changed</dt>
        <dd>
          {entry.layer < 0 ? (
            'implied by a layer below (no entry of its own)'
          ) : (
            <Button variant="ghost" onClick={() => onJump(entry.layer)}>
              in layer {entry.layer}
            </Button>
          )}
        </dd>
      </dl>
      {entry.status !== 'removed' && (entry.kind === 'file' || entry.kind === 'hardlink') && (
        <FilePreviewView key={`${entry.path}@${layer}`} image={image} layer={layer} view={view} entry={entry} />
      )}
      {entry.status !== 'removed' && <ExtractForm key={`x:${entry.path}@${layer}`} image={image} layer={layer} entry={entry} />}
    </section>
  );
}

/** Where the space goes: common waste with its fix, then every path with wasted bytes. */
function WasteView({ summary, onJump }: { summary: LayerSummary; onJump(layer: number): void }) {
  return (
    <section className="card waste" aria-labelledby="waste-title">
      <h2 id="waste-title">Wasted space</h2>
      <p className="subtitle">
        Layers only add: a file deleted or replaced in a later layer still takes its space in the earlier one. Wasted bytes are, for every path, all its copies
        minus the one the image keeps.
      </p>
      {summary.flags.map((f) => (
        <Alert key={f.kind} tone="warn" title={`${f.title}:`}>
          {f.inImage > 0 && `${formatBytes(f.inImage)} in the image. `}
          {f.wasted > 0 && `${formatBytes(f.wasted)} deleted later but still stored. `}
          {f.fix} <span className="mono">{f.examples.join(', ')}</span>
        </Alert>
      ))}
      {summary.waste.length ? (
        <table className="plain-table compact" aria-label="Wasted space by path">
          <thead>
            <tr>
              <th>Path</th>
              <th className="num">Wasted</th>
              <th>Copies</th>
              <th>Kept</th>
            </tr>
          </thead>
          <tbody>
            {summary.waste.map((w) => (
              <tr key={w.path}>
                <td className="mono">/{w.name}</td>
                <td className="num">{formatBytes(w.wasted)}</td>
                <td>{copiesText(w.copies, formatBytes)}</td>
                <td>
                  {w.kept ? (
                    formatBytes(w.kept)
                  ) : w.removedIn !== undefined ? (
                    <Button variant="ghost" onClick={() => onJump(w.removedIn!)}>
                      removed in L{w.removedIn}
                    </Button>
                  ) : (
                    'replaced by another kind'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No path is stored twice or deleted after being added: nothing is wasted.</p>
      )}
      {summary.wastePaths > summary.waste.length && (
        <p className="subtitle">
          The {summary.waste.length} most wasteful of {summary.wastePaths} paths.
        </p>
      )}
    </section>
  );
}

export function LayersPage({ image }: { image: string }) {
  const { summary, progress, error, cancelled } = useLayers(
    useShallow((s) => ({ summary: s.summary, progress: s.progress, error: s.error, cancelled: s.cancelled })),
  );
  const cancel = useLayers((s) => s.cancelIndex);
  // Read while the page shows; leaving it cancels.
  useEffect(() => indexImage(image), [image]);
  const [picked, setPicked] = useState<number>();
  const [view, setView] = useState<TreeView>('changes');
  const [sortBy, setSortBy] = useState<SortBy>('name');
  const [selected, setSelected] = useState<LayerTreeEntry>();
  const [searching, setSearching] = useState(false);
  // Opened to compare another image with this one (the build history's "compare with the previous image").
  const [against] = useState(() => compareOf(window.location.hash));
  // The last layer until one is picked.
  const layer = picked ?? Math.max(0, (summary?.layers.length ?? 1) - 1);
  const pick = (i: number) => {
    setPicked(i);
    setSelected(undefined);
  };

  const header = (
    <header className="page-header">
      <a className="back" href="#/images" aria-label="Back to images">
        <BackIcon className="icon" aria-hidden />
      </a>
      <h1>Layers of {image}</h1>
      {summary && <span className="subtitle mono">{summary.id.slice(7, 19)}</span>}
    </header>
  );
  if (error) {
    return (
      <div className="page">
        {header}
        <EmptyState icon={AlertIcon} title="The layers could not be read" action={<a href="#/images">Back to images</a>}>
          <p>{error}</p>
        </EmptyState>
      </div>
    );
  }
  if (!summary) {
    const pct = progress && progress.total ? Math.min(99, Math.floor((progress.bytes / progress.total) * 100)) : 0;
    return (
      <div className="page">
        {header}
        <EmptyState
          icon={cancelled ? ImagesIcon : BusyIcon}
          iconClassName={cancelled ? undefined : 'spin'}
          title={cancelled ? 'Reading stopped' : 'Reading the layers…'}
          action={cancelled ? <a href="#/images">Back to images</a> : <Button onClick={cancel}>Cancel</Button>}
        >
          {!cancelled && (
            <>
              <progress max={100} value={pct} aria-label={`Reading layers: ${pct}%`} />
              <p>
                {progress ? `${formatBytes(progress.bytes)} of about ${formatBytes(progress.total)}` : 'Asking the engine for the image…'} — each layer is read
                once and remembered.
              </p>
            </>
          )}
        </EmptyState>
      </div>
    );
  }
  const current = summary.layers[layer];
  return (
    <div className="page layers-page">
      {header}
      <dl className="figures" aria-label="Image efficiency">
        <Figure label="Layers" value={`${summary.layers.length}`} hint={`${summary.steps.length - summary.layers.length} metadata-only steps`} />
        <Figure label="Size of all layers" value={formatBytes(summary.total)} />
        <Figure label="Wasted" value={formatBytes(summary.wasted)} hint={`${summary.wastePaths} paths`} />
        <Figure label="Efficiency" value={`${(summary.efficiency * 100).toFixed(1)}%`} />
        <Figure label="Files" value={summary.files.toLocaleString()} />
      </dl>
      <div className="layers-body">
        <StepList summary={summary} layer={layer} onPick={pick} />
        <section className="layer-files" aria-label={`Files of layer ${layer}`}>
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Tree">
              <button type="button" aria-pressed={view === 'changes'} onClick={() => setView('changes')}>
                This layer’s changes
              </button>
              <button type="button" aria-pressed={view === 'image'} onClick={() => setView('image')}>
                Image as of this layer
              </button>
            </div>
            <label className="field-inline">
              Sort
              <select value={sortBy} onChange={(e) => setSortBy(e.target.value as SortBy)}>
                <option value="name">by name</option>
                <option value="size">by size</option>
              </select>
            </label>
            <span className="spacer" />
            <Button icon={SearchIcon} aria-pressed={searching} onClick={() => setSearching(!searching)}>
              Find paths
            </Button>
          </div>
          {current && (
            <p className="subtitle">
              <span className="mono">L{layer}</span> <code>{current.instruction}</code>
            </p>
          )}
          {searching && <LayerSearch image={image} layer={layer} view={view} onSelect={setSelected} />}
          <div className="layer-split">
            <LayerTree image={image} layer={layer} view={view} sortBy={sortBy} selected={selected?.path} onSelect={setSelected} onJump={pick} />
            {selected && <EntryDetails image={image} layer={layer} view={view} entry={selected} onJump={pick} />}
          </div>
        </section>
      </div>
      <PackagesView image={image} onJump={pick} />
      <WasteView summary={summary} onJump={pick} />
      <CompareView image={image} against={against} />
      <ImageDiffView image={image} against={against} />
    </div>
  );
}
