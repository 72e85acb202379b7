import { useEffect, useRef, useState } from 'react';
import type { PullProgress } from '../../../../engine/contract/pull-progress';
import { subscribe } from '../../api/connection';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { TransferProgress } from './PullDialog';

/** Push one image name to the registry it names, with progress; starts at once, cancellable. */
export function PushDialog({ image, onClose }: { image: string; onClose(): void }) {
  const [progress, setProgress] = useState<PullProgress>();
  const [error, setError] = useState<string>();
  const [pushing, setPushing] = useState(true);
  const cancel = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    cancel.current = subscribe('images.push', { ref: image }, {
      next: setProgress,
      end: (err) => {
        setPushing(false);
        cancel.current = undefined;
        if (err) setError(err.message);
      },
    });
    return () => cancel.current?.();
  }, [image]);
  const stop = () => {
    cancel.current?.();
    cancel.current = undefined;
    setPushing(false);
    setError('Push cancelled.');
  };
  return (
    <Dialog title={`Push ${image}`} wide onClose={onClose} actions={pushing ? <Button onClick={stop}>Cancel push</Button> : <Button onClick={onClose}>Close</Button>}>
      {error && <Alert>{error}</Alert>}
      {!progress && !error && <p>Contacting the registry…</p>}
      {progress && <TransferProgress progress={progress} what="Push" />}
      {progress?.done && !pushing && !error && <p role="status">Pushed.</p>}
    </Dialog>
  );
}
