/** Running one save, load or import from a dialog: its progress, its error, and what a cancel left behind. */
import type { InputOf } from '../../../../engine/contract/index';
import type { ArchiveMethod } from './archive-transfer';
import { useTransfers } from './transfers-store';

/**
 * The dialog's view of the one archive transfer in the store (a save shows only one of its own image).
 * Closing the dialog leaves a running transfer going; `close` forgets a finished one.
 */
export function useArchiveTransfer<M extends ArchiveMethod>(method: M, subject?: string) {
  const shown = useTransfers((s) => (s.archive?.method === method && (subject === undefined || s.archive.subject === subject) ? s.archive : undefined));
  const elsewhere = useTransfers((s) => !!s.archive?.running && s.archive !== shown);
  const { startArchive, cancelArchive, dismissArchive } = useTransfers.getState();
  const running = !!shown?.running;
  return {
    progress: shown?.progress,
    error: shown?.error,
    outcome: shown?.outcome,
    running,
    /** Another save, load or import runs: one at a time. */
    elsewhere,
    done: !running && !!shown?.progress?.done,
    start: (input: InputOf<M>) => startArchive(method, input),
    cancel: cancelArchive,
    /** The dialog closes: a finished transfer it showed is forgotten (a running one goes on). */
    close: () => {
      if (shown && !shown.running) dismissArchive();
    },
  };
}
