/**
 * The image transfers a dialog starts: a pull, a push, a save, load or
 * import. Each stream lives here, its progress and outcome read by the
 * dialog; the dialog going away cancels it (as closing it always did).
 */
import { create } from 'zustand';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { InputOf } from '../../../../engine/contract/index';
import type { PullProgress } from '../../../../engine/contract/pull-progress';
import { subscribe, transfer } from '../../api/connection';
import { cancelOutcome, type ArchiveMethod } from './archive-transfer';

/** A pull or a push as its dialog shows it. */
export interface RegistryTransfer {
  readonly ref: string;
  readonly running: boolean;
  readonly progress?: PullProgress;
  readonly error?: string;
}

/** A save, load or import as its dialog shows it. */
export interface ArchiveTransfer {
  readonly method: ArchiveMethod;
  readonly running: boolean;
  readonly progress?: ArchiveProgress;
  readonly error?: string;
  /** What a cancel left, in a sentence. */
  readonly outcome?: string;
}

interface TransfersStore {
  readonly pull?: RegistryTransfer;
  readonly push?: RegistryTransfer;
  readonly archive?: ArchiveTransfer;
  startPull(ref: string): void;
  /** Cancel the pull; `dropped` when its dialog went away (nothing is said then). */
  cancelPull(dropped?: boolean): void;
  startPush(ref: string): void;
  cancelPush(dropped?: boolean): void;
  startArchive<M extends ArchiveMethod>(method: M, input: InputOf<M>): void;
  cancelArchive(): void;
  /** The archive dialog went away: cancel what runs and forget it. */
  dropArchive(): void;
}

type Kind = 'pull' | 'push';
const stops: Partial<Record<Kind | 'archive', () => void>> = {};
/** The last archive progress seen, to say what a cancel left. */
let lastArchive: ArchiveProgress | undefined;

export const useTransfers = create<TransfersStore>((set, get) => {
  const start = (kind: Kind, ref: string) => {
    stops[kind]?.();
    set({ [kind]: { ref, running: true } });
    const update = (patch: Partial<RegistryTransfer>) => {
      const t = get()[kind];
      if (t && stops[kind] === stop) set({ [kind]: { ...t, ...patch } });
    };
    const stop = subscribe(
      kind === 'pull' ? 'images.pull' : 'images.push',
      { ref },
      {
        next: (progress) => update({ progress }),
        end: (err) => {
          update({ running: false, ...(err ? { error: err.message } : {}) });
          if (stops[kind] === stop) delete stops[kind];
        },
      },
    );
    stops[kind] = stop;
  };
  const cancel = (kind: Kind, dropped: boolean | undefined, sentence: string) => {
    stops[kind]?.();
    delete stops[kind];
    const t = get()[kind];
    if (dropped) set({ [kind]: undefined });
    else if (t) set({ [kind]: { ...t, running: false, error: sentence } });
  };
  return {
    startPull: (ref) => start('pull', ref),
    cancelPull: (dropped) => cancel('pull', dropped, 'Pull cancelled; nothing was changed.'),
    startPush: (ref) => start('push', ref),
    cancelPush: (dropped) => cancel('push', dropped, 'Push cancelled.'),
    startArchive: (method, input) => {
      stops.archive?.();
      lastArchive = undefined;
      set({ archive: { method, running: true } });
      const update = (patch: Partial<ArchiveTransfer>) => {
        const a = get().archive;
        if (a && stops.archive === stop) set({ archive: { ...a, ...patch } });
      };
      const stop = transfer(method, input, {
        next: (event) => {
          const progress = event as ArchiveProgress;
          lastArchive = progress;
          update({ progress });
        },
        end: (err) => {
          update({ running: false, ...(err ? { progress: undefined, error: err.message } : {}) });
          if (stops.archive === stop) delete stops.archive;
        },
      });
      stops.archive = stop;
    },
    cancelArchive: () => {
      stops.archive?.();
      delete stops.archive;
      const a = get().archive;
      if (a) set({ archive: { method: a.method, running: false, outcome: cancelOutcome(a.method, lastArchive) } });
    },
    dropArchive: () => {
      stops.archive?.();
      delete stops.archive;
      set({ archive: undefined });
    },
  };
});
