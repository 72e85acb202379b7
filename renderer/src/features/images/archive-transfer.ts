/**
 * Running one save, load or import from a dialog: its progress, its error,
 * and what a cancel left behind, said as a sentence.
 */
import { useEffect, useRef, useState } from 'react';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { EventOf, InputOf } from '../../../../engine/contract/index';
import { transfer } from '../../api/connection';

export type ArchiveMethod = 'images.save' | 'images.load' | 'images.import';
/** Compile-time proof that every archive method streams ArchiveProgress (so the cast in `next` is sound). */
const streamsProgress: [EventOf<ArchiveMethod>] extends [ArchiveProgress] ? true : never = true;
void streamsProgress;

/** Pure: what a cancel left, from the last progress seen (nothing written, or what the engine already has). */
export function cancelOutcome(method: ArchiveMethod, last: ArchiveProgress | undefined): string {
  const sentAll = !!last && last.total > 0 && last.bytes >= last.total;
  switch (method) {
    case 'images.save':
      return 'Cancelled; nothing was written.';
    case 'images.load':
      if (last?.images.length) return `Cancelled. Already loaded: ${last.images.join(', ')}.`;
      return sentAll
        ? 'Cancelled after the whole file was sent: the engine may still finish loading it; the images list shows what arrived.'
        : 'Cancelled; no image was loaded.';
    case 'images.import':
      return sentAll
        ? 'Cancelled after the whole file was sent: the engine may still create the image; the images list shows it if so.'
        : 'Cancelled; no image was created.';
  }
}

/** One transfer at a time for a dialog; cancelled when the dialog goes away. */
export function useArchiveTransfer<M extends ArchiveMethod>(method: M) {
  const [progress, setProgress] = useState<ArchiveProgress>();
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<string>();
  const [running, setRunning] = useState(false);
  const stop = useRef<(() => void) | undefined>(undefined);
  const last = useRef<ArchiveProgress | undefined>(undefined);
  useEffect(() => () => stop.current?.(), []);

  const start = (input: InputOf<M>) => {
    setError(undefined);
    setOutcome(undefined);
    setProgress(undefined);
    last.current = undefined;
    setRunning(true);
    stop.current = transfer(method, input, {
      next: (event) => {
        const p = event as ArchiveProgress;
        last.current = p;
        setProgress(p);
      },
      end: (err) => {
        stop.current = undefined;
        setRunning(false);
        if (err) {
          setProgress(undefined);
          setError(err.message);
        }
      },
    });
  };
  const cancel = () => {
    stop.current?.();
    stop.current = undefined;
    setRunning(false);
    setProgress(undefined);
    setOutcome(cancelOutcome(method, last.current));
  };
  const done = !running && !!progress?.done;
  return { progress, error, outcome, running, done, start, cancel };
}
