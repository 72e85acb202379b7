/**
 * The image transfers the user starts: pulls, pushes, and a save, load or
 * import. Each stream lives here, not in its dialog: closing the dialog or
 * leaving the page leaves it running (the transfers indicator shows it), and
 * only an explicit Cancel stops it. A finished one stays, with its result,
 * until dismissed.
 */
import { create } from 'zustand';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { InputOf } from '../../../../engine/contract/index';
import type { PullProgress } from '../../../../engine/contract/pull-progress';
import { subscribe, transfer } from '../../api/connection';
import { cancelOutcome, type ArchiveMethod } from './archive-transfer';

export type RegistryKind = 'pull' | 'push';

/** A pull or a push, one per kind and reference. */
export interface RegistryTransfer {
  readonly kind: RegistryKind;
  readonly ref: string;
  readonly running: boolean;
  readonly progress?: PullProgress;
  readonly error?: string;
  /** Cancelled by the user (the sentence is in `error`). */
  readonly cancelled?: boolean;
}

/** A save, load, import or copy to another engine (one at a time). */
export interface ArchiveTransfer {
  readonly method: ArchiveMethod;
  /** What it is about, as the user named it: the image saved or copied, or the file loaded or imported. */
  readonly subject: string;
  readonly running: boolean;
  readonly progress?: ArchiveProgress;
  readonly error?: string;
  /** What a cancel left, in a sentence. */
  readonly outcome?: string;
}

interface TransfersStore {
  /** Pulls and pushes by `transferKey`, in the order they started. */
  readonly registry: Readonly<Record<string, RegistryTransfer>>;
  readonly archive?: ArchiveTransfer;
  /** Start a pull; one already running for the same reference is kept (and shown) instead. */
  startPull(ref: string): void;
  /** Start a push; one already running for the same name is kept instead. */
  startPush(ref: string): void;
  cancelRegistry(kind: RegistryKind, ref: string): void;
  /** Forget a finished pull or push (a running one is left alone). */
  dismissRegistry(kind: RegistryKind, ref: string): void;
  startArchive<M extends ArchiveMethod>(method: M, input: InputOf<M>): void;
  cancelArchive(): void;
  /** Forget a finished save, load or import (a running one is left alone). */
  dismissArchive(): void;
}

/** The store's key of a pull or push. */
export const transferKey = (kind: RegistryKind, ref: string): string => `${kind} ${ref}`;

const stops = new Map<string, () => void>();
const ARCHIVE = 'archive';
/** The last archive progress seen, to say what a cancel left. */
let lastArchive: ArchiveProgress | undefined;

function subjectOf(method: ArchiveMethod, input: InputOf<ArchiveMethod>): string {
  if (method === 'images.save') return (input as InputOf<'images.save'>).refs.join(', ');
  if (method === 'images.copyTo') return (input as InputOf<'images.copyTo'>).ref;
  return (input as { path: string }).path;
}

const CANCELLED: Record<RegistryKind, string> = { pull: 'Pull cancelled; nothing was changed.', push: 'Push cancelled.' };

export const useTransfers = create<TransfersStore>((set, get) => {
  const patchRegistry = (key: string, patch: Partial<RegistryTransfer>) => {
    const t = get().registry[key];
    if (t) set({ registry: { ...get().registry, [key]: { ...t, ...patch } } });
  };
  const start = (kind: RegistryKind, ref: string) => {
    const key = transferKey(kind, ref);
    if (get().registry[key]?.running) return;
    const { [key]: _old, ...rest } = get().registry;
    set({ registry: { ...rest, [key]: { kind, ref, running: true } } });
    const stop = subscribe(
      kind === 'pull' ? 'images.pull' : 'images.push',
      { ref },
      {
        next: (progress) => {
          if (stops.get(key) === stop) patchRegistry(key, { progress });
        },
        end: (err) => {
          if (stops.get(key) !== stop) return;
          stops.delete(key);
          patchRegistry(key, { running: false, ...(err ? { error: err.message } : {}) });
        },
      },
    );
    stops.set(key, stop);
  };
  return {
    registry: {},
    startPull: (ref) => start('pull', ref),
    startPush: (ref) => start('push', ref),
    cancelRegistry: (kind, ref) => {
      const key = transferKey(kind, ref);
      const stop = stops.get(key);
      stops.delete(key);
      stop?.();
      if (stop) patchRegistry(key, { running: false, cancelled: true, error: CANCELLED[kind] });
    },
    dismissRegistry: (kind, ref) => {
      const key = transferKey(kind, ref);
      if (get().registry[key]?.running !== false) return;
      const { [key]: _gone, ...rest } = get().registry;
      set({ registry: rest });
    },
    startArchive: (method, input) => {
      if (get().archive?.running) return;
      lastArchive = undefined;
      set({ archive: { method, subject: subjectOf(method, input), running: true } });
      const update = (patch: Partial<ArchiveTransfer>) => {
        const a = get().archive;
        if (a && stops.get(ARCHIVE) === stop) set({ archive: { ...a, ...patch } });
      };
      const stop = transfer(method, input, {
        next: (event) => {
          const progress = event as ArchiveProgress;
          lastArchive = progress;
          update({ progress });
        },
        end: (err) => {
          update({ running: false, ...(err ? { progress: undefined, error: err.message } : {}) });
          if (stops.get(ARCHIVE) === stop) stops.delete(ARCHIVE);
        },
      });
      stops.set(ARCHIVE, stop);
    },
    cancelArchive: () => {
      const stop = stops.get(ARCHIVE);
      stops.delete(ARCHIVE);
      stop?.();
      const a = get().archive;
      if (a?.running) set({ archive: { method: a.method, subject: a.subject, running: false, outcome: cancelOutcome(a.method, lastArchive) } });
    },
    dismissArchive: () => {
      if (get().archive?.running === false) set({ archive: undefined });
    },
  };
});
