import { useEffect, useState } from 'react';
import type { ImageSummary } from '../../../../engine/contract/dto';
import { subscribe } from '../../api/connection';
import { Button } from '../../ui/Button';
import { EmptyState, PageHeader } from '../../ui/feedback';
import { ImagesIcon, StartIcon } from '../../ui/icons';
import { useClock } from '../../app/clock';
import { relativeTime } from '../containers/containers-model';
import { formatBytes } from '../engine/format';
import { RunDialog } from '../run/RunDialog';

/**
 * Local images, live, each with Run. The full Images view (pull, push, tag,
 * prune, history, layers) is its own piece of work; this is its first part.
 */
export function ImagesPage() {
  const [images, setImages] = useState<readonly ImageSummary[]>();
  const [running, setRunning] = useState<string>();
  const now = useClock((s) => s.now);
  useEffect(() => subscribe('images.watch', {}, { next: setImages }), []);
  return (
    <div className="page">
      <PageHeader title="Images" subtitle={images ? `${images.length} image${images.length === 1 ? '' : 's'}` : undefined} />
      {running !== undefined && <RunDialog image={running} onClose={() => setRunning(undefined)} />}
      {images && images.length === 0 ? (
        <EmptyState icon={ImagesIcon} title="No images yet">
          <p>
            Images arrive with <code>docker pull</code>, <code>docker build</code> or <code>docker import</code> on Berth's engine (its DOCKER_HOST is on the Engine page). Pulling from Berth itself comes next.
          </p>
        </EmptyState>
      ) : (
        <div className="simple-table" role="table" aria-label="Images">
          <div role="row" className="simple-row image-row head">
            {['Repository:tag', 'Image id', 'Size', 'Created', ''].map((h, i) => (
              <div role="columnheader" key={i}>
                {h || <span className="visually-hidden">Actions</span>}
              </div>
            ))}
          </div>
          {images?.map((img) => {
            const ref = img.tags[0];
            return (
              <div role="row" className="simple-row image-row" key={img.id}>
                <div role="cell" className="cell name">
                  {ref ?? <span className="muted">&lt;none&gt; (dangling)</span>}
                  {img.tags.length > 1 && <span className="muted"> +{img.tags.length - 1}</span>}
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
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
