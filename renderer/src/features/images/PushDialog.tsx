import { useEffect, useRef, useState } from 'react';
import type { PullProgress } from '../../../../engine/contract/pull-progress';
import { subscribe } from '../../api/connection';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { UploadIcon } from '../../ui/icons';
import { implicitHubDestination } from './images-model';
import { TransferProgress } from './PullDialog';

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
  const [progress, setProgress] = useState<PullProgress>();
  const [error, setError] = useState<string>();
  const [pushing, setPushing] = useState(true);
  const cancel = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    cancel.current = subscribe(
      'images.push',
      { ref: image },
      {
        next: setProgress,
        end: (err) => {
          setPushing(false);
          cancel.current = undefined;
          if (err) setError(err.message);
        },
      },
    );
    return () => cancel.current?.();
  }, [image]);
  const stop = () => {
    cancel.current?.();
    cancel.current = undefined;
    setPushing(false);
    setError('Push cancelled.');
  };
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
