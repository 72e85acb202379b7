/** Running one save, load or import from a dialog: its progress, its error, and what a cancel left behind. */
import { useEffect } from 'react';
import type { InputOf } from '../../../../engine/contract/index';
import type { ArchiveMethod } from './archive-transfer';
import { useTransfers } from './transfers-store';

/** One transfer at a time for a dialog (its stream in the transfers store); cancelled when the dialog goes away. */
export function useArchiveTransfer<M extends ArchiveMethod>(method: M) {
  const shown = useTransfers((s) => (s.archive?.method === method ? s.archive : undefined));
  const { startArchive, cancelArchive, dropArchive } = useTransfers.getState();
  useEffect(() => dropArchive, [dropArchive]);
  const running = !!shown?.running;
  return {
    progress: shown?.progress,
    error: shown?.error,
    outcome: shown?.outcome,
    running,
    done: !running && !!shown?.progress?.done,
    start: (input: InputOf<M>) => startArchive(method, input),
    cancel: cancelArchive,
  };
}
