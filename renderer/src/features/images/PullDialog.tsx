import { useEffect, useState } from 'react';
import type { LayerProgress, PullProgress } from '../../../../engine/contract/pull-progress';
import { parseImageRef } from '../../../../engine/contract/image-ref';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { DownloadIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { useTransfers } from './transfers-store';

const PHASE: Record<LayerProgress['phase'], string> = {
  waiting: 'waiting',
  downloading: 'downloading',
  downloaded: 'downloaded',
  extracting: 'extracting',
  done: 'done',
  exists: 'already there',
  retrying: 'retrying',
};

function LayerRow({ layer }: { layer: LayerProgress }) {
  const bytes = layer.total ? `${formatBytes(layer.current ?? 0)} / ${formatBytes(layer.total)}` : '';
  const pct = layer.phase === 'done' || layer.phase === 'exists' ? 100 : layer.total ? Math.round(((layer.current ?? 0) / layer.total) * 100) : 0;
  return (
    <li className="layer">
      <span className="mono">{layer.id}</span>
      <progress max={100} value={pct} aria-label={`Layer ${layer.id}: ${PHASE[layer.phase]}`} />
      <span className="muted">
        {PHASE[layer.phase]} {bytes}
      </span>
    </li>
  );
}

/** Overall and per-layer progress of a pull or push, and its latest status line. */
export function TransferProgress({ progress, what }: { progress: PullProgress; what: string }) {
  return (
    <>
      <progress
        className="overall"
        max={100}
        value={Math.round(progress.fraction * 100)}
        aria-label={`${what} progress: ${Math.round(progress.fraction * 100)}%`}
      />
      <ul className="layers" aria-label="Layers">
        {progress.layers.map((l) => (
          <LayerRow key={l.id} layer={l} />
        ))}
      </ul>
      <p className="hint" role="status">
        {progress.status.replace(/^Status: /, '')}
      </p>
    </>
  );
}

/** Pull an image by reference: checked as typed, progress per layer, cancellable; `initialRef` fills the field (e.g. a tag chosen in a registry's catalogue). */
export function PullDialog({ onClose, initialRef = '' }: { onClose(): void; initialRef?: string }) {
  const [ref, setRef] = useState(initialRef);
  const pull = useTransfers((s) => s.pull);
  const { startPull, cancelPull } = useTransfers.getState();
  const progress = pull?.progress;
  const error = pull?.error;
  const pulling = !!pull?.running;
  const parsed = ref.trim() ? parseImageRef(ref) : undefined;
  // Closing the dialog cancels its pull.
  useEffect(() => () => cancelPull(true), [cancelPull]);
  const start = () => {
    if (parsed?.ok) startPull(parsed.value.familiar);
  };
  const stop = () => cancelPull();
  const done = progress?.done && !pulling && !error;
  return (
    <Dialog
      title="Pull an image"
      wide
      onClose={onClose}
      actions={
        <>
          {pulling ? <Button onClick={stop}>Cancel pull</Button> : <Button onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>}
          <Button variant="primary" icon={DownloadIcon} busy={pulling} disabled={!parsed?.ok || pulling} onClick={start}>
            Pull
          </Button>
        </>
      }
    >
      <label className="field">
        Image reference
        <input
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          placeholder="nginx, nginx:1.27, registry.example:5000/team/app@sha256:…"
          aria-invalid={parsed ? !parsed.ok : undefined}
          aria-describedby="pull-ref-hint"
          autoFocus
          onKeyDown={(e) => e.key === 'Enter' && start()}
        />
      </label>
      <p id="pull-ref-hint" className={parsed && !parsed.ok ? 'hint invalid' : 'hint'} role={parsed && !parsed.ok ? 'alert' : undefined}>
        {!parsed
          ? 'Docker Hub needs the internet; a registry host with a port works on a closed network.'
          : parsed.ok
            ? `Pulls ${parsed.value.full}`
            : parsed.message}
      </p>
      {error && <Alert>{error}</Alert>}
      {progress && <TransferProgress progress={progress} what="Pull" />}
    </Dialog>
  );
}
