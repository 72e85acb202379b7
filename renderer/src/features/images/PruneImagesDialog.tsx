import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { PruneIcon } from '../../ui/icons';
import { RemovalList } from '../../ui/RemovalList';
import { formatBytes } from '../../lib/format';
import { useImages } from './images-store';
import { useImageDetails } from './details-store';

/** Confirm a prune: dangling images only, or every image no container uses; says what each frees, then what was freed. */
export function PruneImagesDialog({ onDone, onClose }: { onDone(notice: string): void; onClose(): void }) {
  // Fresh figures: the page's may lag the last change by a moment.
  const disk = useImageDetails((s) => s.pruneDisk);
  const { loadPruneDisk, prune: pruneImages } = useImageDetails.getState();
  useEffect(() => loadPruneDisk(), [loadPruneDisk]);
  const [all, setAll] = useState(false);
  const images = useImages((s) => s.images);
  // What the engine's prune takes: images no container uses, and of those only the untagged unless "every".
  const going = (images ?? [])
    .filter((i) => !i.containers.length && (all || !i.tags.length))
    .map((i) => ({ name: i.tags.length ? i.tags.join(', ') : `untagged ${i.id.slice(7, 19)}` }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const prune = async () => {
    setBusy(true);
    setError(undefined);
    const outcome = await pruneImages(all);
    if ('notice' in outcome) onDone(outcome.notice);
    else {
      setError(outcome.error);
      setBusy(false);
    }
  };
  const figure = (n?: number, bytes?: number) =>
    disk && n !== undefined && bytes !== undefined ? ` — ${n} image${n === 1 ? '' : 's'}, ${formatBytes(bytes)}` : ' — counting…';
  return (
    <Dialog
      title="Remove unused images?"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={PruneIcon} busy={busy} onClick={() => void prune()}>
            Remove
          </Button>
        </>
      }
    >
      <fieldset className="choices">
        <legend>Which images</legend>
        <label>
          <input type="radio" name="prune" checked={!all} onChange={() => setAll(false)} /> Dangling only (no name)
          {figure(disk?.danglingImages, disk?.reclaimableDangling)}
        </label>
        <label>
          <input type="radio" name="prune" checked={all} onChange={() => setAll(true)} /> Every image no container uses
          {figure(disk?.unusedImages, disk?.reclaimableUnused)}
        </label>
      </fieldset>
      {going.length ? <RemovalList noun="image" items={going} /> : <p>No image {all ? 'is unused' : 'is dangling'}: there is nothing to remove.</p>}
      <p className="muted">Images used by a container, running or stopped, are kept. Removed images can be pulled or built again.</p>
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}
