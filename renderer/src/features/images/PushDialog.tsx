import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { UploadIcon } from '../../ui/icons';
import { implicitHubDestination } from './images-model';
import { TransferProgress } from './PullDialog';
import { transferKey, useTransfers } from './transfers-store';

/**
 * Push one image name to the registry it names. A name with no registry host
 * would go to Docker Hub: that is said, with the full destination, and asked first.
 */
export function PushDialog({ image, resume, onClose }: { image: string; resume?: boolean; onClose(): void }) {
  const hub = implicitHubDestination(image);
  const [confirmed, setConfirmed] = useState(!hub || !!resume);
  if (!confirmed && hub) return <HubConfirm image={image} destination={hub} onPush={() => setConfirmed(true)} onClose={onClose} />;
  return <PushProgress image={image} resume={!!resume} onClose={onClose} />;
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

/**
 * The push itself, with progress. It starts at once (or, `resume`d from the transfers indicator,
 * shows the one in the store); closing the dialog leaves it running: Cancel push is the only cancel.
 */
function PushProgress({ image, resume, onClose }: { image: string; resume: boolean; onClose(): void }) {
  const push = useTransfers((s) => s.registry[transferKey('push', image)]);
  const { startPush, cancelRegistry, dismissRegistry } = useTransfers.getState();
  useEffect(() => {
    if (!resume) startPush(image);
  }, [image, resume, startPush]);
  const progress = push?.progress;
  const error = push?.error;
  // Until the store has it (the first render), the push is about to start.
  const pushing = push ? push.running : !resume;
  const close = () => {
    if (push && !push.running) dismissRegistry('push', image);
    onClose();
  };
  return (
    <Dialog
      title={`Push ${image}`}
      wide
      onClose={close}
      actions={
        <>
          {pushing && <Button onClick={() => cancelRegistry('push', image)}>Cancel push</Button>}
          <Button onClick={close}>Close</Button>
        </>
      }
    >
      {error && <Alert>{error}</Alert>}
      {pushing && <p className="hint">Closing this leaves the push running; Transfers in the sidebar shows it.</p>}
      {!progress && !error && pushing && <p>Contacting the registry…</p>}
      {progress && <TransferProgress progress={progress} what="Push" />}
      {progress?.done && !pushing && !error && <p role="status">Pushed.</p>}
    </Dialog>
  );
}
