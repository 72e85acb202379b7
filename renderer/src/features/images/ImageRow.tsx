import { memo } from 'react';
import { useNow } from '../../lib/clock';
import { Button } from '../../ui/Button';
import { Badge } from '../../ui/feedback';
import { OverflowMenu } from '../../ui/OverflowMenu';
import { layersHref } from '../layers';
import { DeleteIcon, EnginesIcon, HistoryIcon, LayersBrowseIcon, InspectIcon, SaveIcon, StartIcon, TagIcon, UploadIcon } from '../../ui/icons';
import { formatBytes, relativeTime } from '../../lib/format';
import type { ImageSummary } from '../../../../engine/contract/dto';
import { rowName, shortId, usersText } from './images-model';
import { useImages } from './images-store';
import { useConnection } from '../../api/connection-state';
import { useEngines } from '../engines';
import { copyMenuReason } from './copy-targets';

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
  const current = useConnection((s) => s.engine.id);
  const copyOff = useEngines((s) => copyMenuReason(s.entries, current));
  return (
    <div className="table-row" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
      <div className="cell name" role="cell" title={ref ?? image.id}>
        {ref ?? (
          <span className="muted">
            &lt;none&gt; <Badge tone="warn">dangling</Badge>
          </span>
        )}
      </div>
      <div className="cell mono muted" role="cell" data-col="id" title={image.id}>
        {shortId(image.id)}
      </div>
      <div className="cell muted" role="cell" data-col="created" title={new Date(image.created * 1000).toLocaleString()}>
        <Created created={image.created} />
      </div>
      <div className="cell num" role="cell">
        {formatBytes(image.size)}
      </div>
      <div className="cell" role="cell" data-col="users" title={image.containers.map((c) => `${c.name} (${c.state})`).join('\n') || undefined}>
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
        >
          Run
        </Button>
        <OverflowMenu
          subject={name}
          items={[
            { label: 'Inspect', name: `Inspect ${name}`, icon: InspectIcon, onSelect: () => open({ kind: 'inspect', image: target }) },
            { label: 'History', name: `History of ${name}`, icon: HistoryIcon, onSelect: () => open({ kind: 'history', image: target }) },
            { label: 'Layers', name: `Layers of ${name}`, icon: LayersBrowseIcon, href: layersHref(target), hint: 'Browse its layers, file by file' },
            {
              label: 'Push…',
              name: `Push ${name}`,
              icon: UploadIcon,
              disabledReason: ref ? undefined : 'Tag it first to push it',
              onSelect: () => ref && open({ kind: 'push', image: ref }),
            },
            { label: 'Save…', name: `Save ${name}`, icon: SaveIcon, hint: 'Save to a tar file', onSelect: () => open({ kind: 'save', image: target }) },
            {
              label: 'Copy to engine…',
              name: `Copy ${name} to another engine`,
              icon: EnginesIcon,
              disabledReason: copyOff,
              hint: 'Send it to another engine of the Engines list',
              onSelect: () => open({ kind: 'copy', image: target }),
            },
            { label: 'Tag…', name: `Tag ${name}`, icon: TagIcon, onSelect: () => open({ kind: 'tag', image: target }) },
            {
              label: ref && image.tags.length > 1 ? 'Untag…' : 'Remove…',
              name: `Remove ${name}`,
              icon: DeleteIcon,
              danger: true,
              hint: ref && image.tags.length > 1 ? 'Untag (the image keeps its other names)' : undefined,
              onSelect: () => open({ kind: 'remove', image: target, otherNames: image.tags.filter((t) => t !== ref) }),
            },
          ]}
        />
      </div>
    </div>
  );
}
