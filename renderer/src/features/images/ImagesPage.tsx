import { useEffect, useState } from 'react';
import type { ImageSummary } from '../../../../engine/contract/dto';
import { call, subscribe } from '../../api/connection';
import { Button } from '../../ui/Button';
import { SimpleTableHead } from '../../ui/SimpleTableHead';
import { EmptyState, PageHeader } from '../../ui/feedback';
import { DeleteIcon, DownloadIcon, InspectIcon, HistoryIcon, ImagesIcon, PruneIcon, StartIcon, TagIcon, UploadIcon, ImportIcon, LoadIcon, SaveIcon } from '../../ui/icons';
import { ArchiveDialog, type ArchiveDialogState } from './ArchiveDialogs';
import { PullDialog } from './PullDialog';
import { PushDialog } from './PushDialog';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { HistoryDialog, InspectImageDialog, RemoveImageDialog, TagDialog } from './ImageDialogs';
import { useClock } from '../../app/clock';
import { relativeTime } from '../containers/containers-model';
import { formatBytes } from '../engine/format';
import { RunDialog } from '../run/RunDialog';

/**
 * Local images, live, one row per name as `docker images` shows them, each with Run, History, Tag and Remove. The full Images view (pull, push, tag,
 * prune, history, layers) is its own piece of work; this is its first part.
 */
export function ImagesPage() {
  const [images, setImages] = useState<readonly ImageSummary[]>();
  const [running, setRunning] = useState<string>();
  const [dialog, setDialog] = useState<{ kind: 'history' | 'tag' | 'remove' | 'push' | 'inspect'; image: string; otherNames?: readonly string[] }>();
  const [notice, setNotice] = useState<string>();
  const [pullOpen, setPullOpen] = useState(false);
  const [archive, setArchive] = useState<ArchiveDialogState>();
  const [error, setError] = useState<string>();
  const prune = async () => {
    setError(undefined);
    try {
      const r = await call('images.prune', {});
      setNotice(r.deleted.length ? `Removed ${r.deleted.length} dangling image layer${r.deleted.length === 1 ? '' : 's'}, ${formatBytes(r.spaceReclaimed)} reclaimed.` : 'There were no dangling images.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const now = useClock((s) => s.now);
  useEffect(() => subscribe('images.watch', {}, { next: setImages }), []);
  return (
    <div className="page">
      <PageHeader title="Images" subtitle={images ? `${images.length} image${images.length === 1 ? '' : 's'}` : undefined}>
        <Button icon={PruneIcon} disabled={!images?.some((i) => !i.tags.length)} onClick={() => void prune()}>
          Remove dangling
        </Button>
        <Button icon={LoadIcon} onClick={() => setArchive({ kind: 'load' })}>
          Load…
        </Button>
        <Button icon={ImportIcon} onClick={() => setArchive({ kind: 'import' })}>
          Import…
        </Button>
        <Button variant="primary" icon={DownloadIcon} onClick={() => setPullOpen(true)}>
          Pull…
        </Button>
      </PageHeader>
      {pullOpen && <PullDialog onClose={() => setPullOpen(false)} />}
      <ArchiveDialog state={archive} onClose={() => setArchive(undefined)} />
      <ActionFeedback error={error} notice={notice} dismiss={() => (setError(undefined), setNotice(undefined))} />
      {running !== undefined && <RunDialog image={running} onClose={() => setRunning(undefined)} />}
      {dialog?.kind === 'inspect' && <InspectImageDialog image={dialog.image} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'push' && <PushDialog image={dialog.image} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'history' && <HistoryDialog image={dialog.image} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'tag' && <TagDialog image={dialog.image} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'remove' && <RemoveImageDialog image={dialog.image} otherNames={dialog.otherNames ?? []} onClose={() => setDialog(undefined)} />}
      {images && images.length === 0 ? (
        <EmptyState icon={ImagesIcon} title="No images yet">
          <p>
            Images arrive with <code>docker pull</code>, <code>docker build</code> or <code>docker import</code> on Berth's engine (its DOCKER_HOST is on the Engine page). Pulling from Berth itself comes next.
          </p>
        </EmptyState>
      ) : (
        <div className="simple-table" role="table" aria-label="Images">
          <SimpleTableHead columns={['Repository:tag', 'Image id', 'Size', 'Created', '']} className="image-row" />
          {images
            ?.flatMap((img): Array<{ img: ImageSummary; ref?: string }> => (img.tags.length ? img.tags.map((ref) => ({ img, ref })) : [{ img }]))
            .map(({ img, ref }) => {
            return (
              <div role="row" className="simple-row image-row" key={`${img.id}/${ref ?? ''}`}>
                <div role="cell" className="cell name">
                  {ref ?? <span className="muted">&lt;none&gt; (dangling)</span>}
                </div>
                <div role="cell" className="cell mono muted">
                  {img.id.replace(/^sha256:/, '').slice(0, 12)}
                </div>
                <div role="cell" className="cell num">
                  {formatBytes(img.size)}
                </div>
                <div role="cell" className="cell muted">
                  {relativeTime(img.created, now)}
                </div>
                <div role="cell" className="cell row-actions">
                  <Button variant="ghost" icon={StartIcon} aria-label={`Run ${ref ?? img.id.slice(7, 19)}`} title="Run a container from this image…" onClick={() => setRunning(ref ?? img.id)} />
                  <Button variant="ghost" icon={InspectIcon} aria-label={`Inspect ${ref ?? img.id.slice(7, 19)}`} title="Inspect" onClick={() => setDialog({ kind: 'inspect', image: ref ?? img.id })} />
                  <Button variant="ghost" icon={HistoryIcon} aria-label={`History of ${ref ?? img.id.slice(7, 19)}`} title="History" onClick={() => setDialog({ kind: 'history', image: ref ?? img.id })} />
                  {ref && <Button variant="ghost" icon={UploadIcon} aria-label={`Push ${ref}`} title="Push to its registry" onClick={() => setDialog({ kind: 'push', image: ref })} />}
                  <Button variant="ghost" icon={SaveIcon} aria-label={`Save ${ref ?? img.id.slice(7, 19)}`} title="Save to a tar file…" onClick={() => setArchive({ kind: 'save', image: ref ?? img.id })} />
                  <Button variant="ghost" icon={TagIcon} aria-label={`Tag ${ref ?? img.id.slice(7, 19)}`} title="Tag…" onClick={() => setDialog({ kind: 'tag', image: ref ?? img.id })} />
                  <Button variant="ghost" icon={DeleteIcon} aria-label={`Remove ${ref ?? img.id.slice(7, 19)}`} title="Remove…" onClick={() => setDialog({ kind: 'remove', image: ref ?? img.id, otherNames: img.tags.filter((t) => t !== ref) })} />
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
