import { useState } from 'react';
import type { LayerProgress, PullProgress } from '../../../../engine/contract/pull-progress';
import { parseImageRef } from '../../../../engine/contract/image-ref';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { DownloadIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { transferKey, useTransfers } from './transfers-store';

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

/**
 * Pull an image by reference: checked as typed, progress per layer. The pull belongs to the
 * transfers store: closing the dialog leaves it running (Cancel pull is the only cancel), and a
 * reference already being pulled shows that pull's live progress. `initialRef` fills the field
 * (a tag chosen in a registry's catalogue, or a pull reopened from the transfers indicator).
 */
export function PullDialog({ onClose, initialRef = '' }: { onClose(): void; initialRef?: string }) {
  const [ref, setRef] = useState(initialRef);
  const parsed = ref.trim() ? parseImageRef(ref) : undefined;
  const familiar = parsed?.ok ? parsed.value.familiar : undefined;
  const pull = useTransfers((s) => (familiar ? s.registry[transferKey('pull', familiar)] : undefined));
  const { startPull, cancelRegistry, dismissRegistry } = useTransfers.getState();
  const progress = pull?.progress;
  const error = pull?.error;
  const pulling = !!pull?.running;
  const start = () => {
    if (familiar) startPull(familiar);
  };
  // A finished pull the dialog showed is forgotten with it; a running one goes on.
  const close = () => {
    if (familiar && pull && !pull.running) dismissRegistry('pull', familiar);
    onClose();
  };
  const done = progress?.done && !pulling && !error;
  return (
    <Dialog
      title="Pull an image"
      wide
      onClose={close}
      actions={
        <>
          {pulling && familiar && <Button onClick={() => cancelRegistry('pull', familiar)}>Cancel pull</Button>}
          <Button onClick={close}>{done || pulling ? 'Close' : 'Cancel'}</Button>
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
          readOnly={pulling}
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
            ? pulling
              ? `Pulling ${parsed.value.full}. Closing this leaves the pull running; Transfers in the sidebar shows it.`
              : `Pulls ${parsed.value.full}`
            : parsed.message}
      </p>
      {error && <Alert>{error}</Alert>}
      {progress && <TransferProgress progress={progress} what="Pull" />}
    </Dialog>
  );
}
