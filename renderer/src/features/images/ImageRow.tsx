import { memo } from 'react';
import { useNow } from '../../lib/clock';
import { Button } from '../../ui/Button';
import { Badge } from '../../ui/feedback';
import { layersHref } from '../layers';
import { DeleteIcon, HistoryIcon, LayersBrowseIcon, InspectIcon, SaveIcon, StartIcon, TagIcon, UploadIcon } from '../../ui/icons';
import { formatBytes, relativeTime } from '../../lib/format';
import type { ImageSummary } from '../../../../engine/contract/dto';
import { rowName, shortId, usersText } from './images-model';
import { useImages } from './images-store';

function Created({ created }: { created: number }) {
  const now = useNow();
  return <>{relativeTime(created, now)}</>;
}

/** One name of an image (or one dangling image), with its actions; it selects its own image, so it re-renders only when that image changes. */
export const ImageRow = memo(function ImageRow({ id, imageRef: ref, index, top }: { id: string; imageRef?: string; index: number; top: number }) {
  const image = useImages((s) => s.byId[id]);
  if (!image) return null;
  return <ImageRowCells image={image} imageRef={ref} index={index} top={top} />;
});

function ImageRowCells({ image, imageRef: ref, index, top }: { image: ImageSummary; imageRef?: string; index: number; top: number }) {
  const name = rowName({ key: '', image, ref });
  const open = useImages.getState().open;
  const target = ref ?? image.id;
  const running = image.containers.filter((c) => c.state === 'running').length;
  return (
    <div className="table-row" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
      <div className="cell name" role="cell" title={ref ?? image.id}>
        {ref ?? (
          <span className="muted">
            &lt;none&gt; <Badge tone="warn">dangling</Badge>
          </span>
        )}
      </div>
      <div className="cell mono muted" role="cell" title={image.id}>
        {shortId(image.id)}
      </div>
      <div className="cell muted" role="cell" title={new Date(image.created * 1000).toLocaleString()}>
        <Created created={image.created} />
      </div>
      <div className="cell num" role="cell">
        {formatBytes(image.size)}
      </div>
      <div className="cell" role="cell" title={image.containers.map((c) => `${c.name} (${c.state})`).join('\n') || undefined}>
        {image.containers.length ? (
          <span>
            {running > 0 && <Badge tone="ok">{running} running</Badge>} <span className="muted">{usersText(image)}</span>
          </span>
        ) : (
          <span className="faint">unused</span>
        )}
      </div>
      <div className="cell row-actions" role="cell">
        <Button
          variant="ghost"
          icon={StartIcon}
          aria-label={`Run ${name}`}
          title="Run a container from this image…"
          onClick={() => open({ kind: 'run', image: target })}
        />
        <Button variant="ghost" icon={InspectIcon} aria-label={`Inspect ${name}`} title="Inspect" onClick={() => open({ kind: 'inspect', image: target })} />
        <Button variant="ghost" icon={HistoryIcon} aria-label={`History of ${name}`} title="History" onClick={() => open({ kind: 'history', image: target })} />
        <a className="btn ghost icon-only" href={layersHref(target)} aria-label={`Layers of ${name}`} title="Browse its layers, file by file">
          <LayersBrowseIcon className="icon" aria-hidden />
        </a>
        <Button
          variant="ghost"
          icon={UploadIcon}
          aria-label={`Push ${name}`}
          title={ref ? 'Push to its registry…' : 'Tag it first to push it'}
          disabled={!ref}
          onClick={() => ref && open({ kind: 'push', image: ref })}
        />
        <Button variant="ghost" icon={SaveIcon} aria-label={`Save ${name}`} title="Save to a tar file…" onClick={() => open({ kind: 'save', image: target })} />
        <Button variant="ghost" icon={TagIcon} aria-label={`Tag ${name}`} title="Tag…" onClick={() => open({ kind: 'tag', image: target })} />
        <Button
          variant="ghost"
          icon={DeleteIcon}
          aria-label={`Remove ${name}`}
          title={ref && image.tags.length > 1 ? 'Untag (the image keeps its other names)…' : 'Remove…'}
          onClick={() => open({ kind: 'remove', image: target, otherNames: image.tags.filter((t) => t !== ref) })}
        />
      </div>
    </div>
  );
}
