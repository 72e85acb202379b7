import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { EmptyState, PageHeader } from '../../ui/feedback';
import { DownloadIcon, ImagesIcon, ImportIcon, LoadIcon, PruneIcon } from '../../ui/icons';
import { ArchiveDialog } from './ArchiveDialogs';
import { CopyImageDialog } from './CopyImageDialog';
import { RunDialog } from '../run';
import { DiskSummary } from './DiskSummary';
import { HistoryDialog, InspectImageDialog, RemoveImageDialog, TagDialog } from './ImageDialogs';
import { imageRows, rowCount } from './images-model';
import { useImages, watchImages } from './images-store';
import { ImagesTable } from './ImagesTable';
import { ImagesToolbar } from './ImagesToolbar';
import { PruneImagesDialog } from './PruneImagesDialog';
import { PullDialog } from './PullDialog';
import { PushDialog } from './PushDialog';

/** The dialog the store says is open. */
function ImageDialogs({ onNotice }: { onNotice(notice: string): void }) {
  const { dialog, close } = useImages(useShallow((s) => ({ dialog: s.dialog, close: s.close })));
  switch (dialog?.kind) {
    case undefined:
      return null;
    case 'run':
      return <RunDialog image={dialog.image} onClose={close} />;
    case 'inspect':
      return <InspectImageDialog image={dialog.image} onClose={close} />;
    case 'history':
      return <HistoryDialog image={dialog.image} onClose={close} />;
    case 'push':
      return <PushDialog key={`${dialog.image} ${String(dialog.resume)}`} image={dialog.image} resume={dialog.resume} onClose={close} />;
    case 'tag':
      return <TagDialog image={dialog.image} onClose={close} />;
    case 'remove':
      return <RemoveImageDialog image={dialog.image} otherNames={dialog.otherNames} onClose={close} />;
    case 'copy':
      return <CopyImageDialog key={dialog.image} image={dialog.image} resume={dialog.resume} onClose={close} />;
    case 'pull':
      return <PullDialog key={dialog.ref} initialRef={dialog.ref} onClose={close} />;
    case 'save':
    case 'load':
    case 'import':
      return <ArchiveDialog state={dialog} onClose={close} />;
    case 'prune':
      return (
        <PruneImagesDialog
          onClose={close}
          onDone={(notice) => {
            close();
            onNotice(notice);
          }}
        />
      );
  }
}

/** Local images, live: one row per name, in use by which containers, disk use and what pruning frees; pull, push, tag, run, remove. */
export function ImagesPage() {
  const { images, filter, query, sort, open } = useImages(
    useShallow((s) => ({ images: s.images, filter: s.filter, query: s.query, sort: s.sort, open: s.open })),
  );
  const [notice, setNotice] = useState<string>();
  useEffect(() => watchImages(), []);
  const rows = useMemo(() => (images ? imageRows(images, filter, query, sort) : []), [images, filter, query, sort]);
  const total = useMemo(() => (images ? rowCount(images) : 0), [images]);
  return (
    <div className="page">
      <PageHeader title="Images" subtitle={images ? `${images.length} image${images.length === 1 ? '' : 's'}` : undefined}>
        <Button icon={PruneIcon} disabled={!images?.some((i) => !i.containers.length)} onClick={() => open({ kind: 'prune' })}>
          Remove unused…
        </Button>
        <Button icon={LoadIcon} title="Load images from a tar file made by docker save" onClick={() => open({ kind: 'load' })}>
          Load…
        </Button>
        <Button icon={ImportIcon} title="Make an image from a root filesystem tarball" onClick={() => open({ kind: 'import' })}>
          Import…
        </Button>
        <Button variant="primary" icon={DownloadIcon} onClick={() => open({ kind: 'pull' })}>
          Pull…
        </Button>
      </PageHeader>
      <ImageDialogs onNotice={setNotice} />
      <ActionFeedback notice={notice} dismiss={() => setNotice(undefined)} />
      {!images ? (
        <p className="muted">Loading images…</p>
      ) : images.length === 0 ? (
        <EmptyState
          icon={ImagesIcon}
          title="No images yet"
          action={
            <Button variant="primary" icon={DownloadIcon} onClick={() => open({ kind: 'pull' })}>
              Pull an image…
            </Button>
          }
        >
          <p>
            Pull one from a registry, or create one with <code>docker build</code> or <code>docker import</code> on Berth's engine (its DOCKER_HOST is on the
            Engine page).
          </p>
        </EmptyState>
      ) : (
        <>
          <DiskSummary />
          <ImagesToolbar shown={rows.length} total={total} />
          <ImagesTable rows={rows} />
        </>
      )}
    </div>
  );
}
