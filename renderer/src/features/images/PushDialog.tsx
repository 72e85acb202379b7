import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { UploadIcon } from '../../ui/icons';
import { implicitHubDestination } from './images-model';
import { TransferProgress } from './PullDialog';
import { useTransfers } from './transfers-store';

/**
 * Push one image name to the registry it names. A name with no registry host
 * would go to Docker Hub: that is said, with the full destination, and asked first.
 */
export function PushDialog({ image, onClose }: { image: string; onClose(): void }) {
  const hub = implicitHubDestination(image);
  const [confirmed, setConfirmed] = useState(!hub);
  if (!confirmed && hub) return <HubConfirm image={image} destination={hub} onPush={() => setConfirmed(true)} onClose={onClose} />;
  return <PushProgress image={image} onClose={onClose} />;
}

function HubConfirm({ image, destination, onPush, onClose }: { image: string; destination: string; onPush(): void; onClose(): void }) {
  return (
    <Dialog
      title="Push to Docker Hub?"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={UploadIcon} onClick={onPush}>
            Push to Docker Hub
          </Button>
        </>
      }
    >
      <p>
        <code>{image}</code> names no registry, so it would be pushed to Docker Hub as <code>{destination}</code>.
      </p>
      <p>
        To push it to another registry, tag it with that registry's host first, e.g. <code>127.0.0.1:5000/{image}</code>.
      </p>
    </Dialog>
  );
}

/** The push itself, with progress; starts at once, cancellable. */
function PushProgress({ image, onClose }: { image: string; onClose(): void }) {
  const push = useTransfers((s) => (s.push?.ref === image ? s.push : undefined));
  const { startPush, cancelPush } = useTransfers.getState();
  // Starts at once; closing the dialog cancels it.
  useEffect(() => {
    startPush(image);
    return () => cancelPush(true);
  }, [image, startPush, cancelPush]);
  const progress = push?.progress;
  const error = push?.error;
  // Until the store has it (the first render), the push is about to start.
  const pushing = push ? push.running : true;
  const stop = () => cancelPush();
  return (
    <Dialog
      title={`Push ${image}`}
      wide
      onClose={onClose}
      actions={pushing ? <Button onClick={stop}>Cancel push</Button> : <Button onClick={onClose}>Close</Button>}
    >
      {error && <Alert>{error}</Alert>}
      {!progress && !error && <p>Contacting the registry…</p>}
      {progress && <TransferProgress progress={progress} what="Push" />}
      {progress?.done && !pushing && !error && <p role="status">Pushed.</p>}
    </Dialog>
  );
}
