/** What the image dialogs read and do: an image's history, inspect data and users, tag, remove, and the prune with its fresh figures. */
import { create } from 'zustand';
import type { ImageDiskSummary, ImageHistoryStep, ImageUser } from '../../../../engine/contract/dto';
import { call } from '../../api/connection';
import { formatBytes } from '../../lib/format';

/** An answer kept under the image it is about. */
export interface Loaded<T> {
  readonly ref: string;
  readonly value?: T;
  readonly error?: string;
}

/** How a prune ended: the sentence for the page, or why it failed. */
export type PruneOutcome = { readonly notice: string } | { readonly error: string };

interface ImageDetailsStore {
  readonly history?: Loaded<readonly ImageHistoryStep[]>;
  readonly inspect?: Loaded<Record<string, unknown>>;
  readonly users?: Loaded<readonly ImageUser[]>;
  /** Disk figures read when the prune dialog opens (the page's may lag the last change by a moment). */
  readonly pruneDisk?: ImageDiskSummary;
  loadHistory(ref: string): void;
  loadInspect(ref: string): void;
  loadUsers(ref: string): void;
  loadPruneDisk(): void;
  /** Give an image another name; the error's sentence, or undefined when it worked. */
  tag(ref: string, target: string): Promise<string | undefined>;
  /** Remove one name of an image; the error's sentence, or undefined when it went. */
  remove(ref: string, force: boolean): Promise<string | undefined>;
  prune(all: boolean): Promise<PruneOutcome>;
}

const message = (err: unknown) => (err as Error).message;

export const useImageDetails = create<ImageDetailsStore>((set, get) => {
  /** Read one thing about an image into its slot; a late answer about another image is dropped. */
  const load = <K extends 'history' | 'inspect' | 'users'>(slot: K, ref: string, ask: () => Promise<NonNullable<ImageDetailsStore[K]>['value']>) => {
    set({ [slot]: { ref } });
    ask().then(
      (value) => get()[slot]?.ref === ref && set({ [slot]: { ref, value } }),
      (err) => get()[slot]?.ref === ref && set({ [slot]: { ref, error: message(err) } }),
    );
  };
  return {
    loadHistory: (ref) => load('history', ref, () => call('images.history', { ref })),
    loadInspect: (ref) => load('inspect', ref, async () => (await call('images.inspect', { ref })) as Record<string, unknown>),
    loadUsers: (ref) => load('users', ref, () => call('images.users', { ref })),
    loadPruneDisk: () => {
      set({ pruneDisk: undefined });
      call('images.disk', {}).then(
        (pruneDisk) => set({ pruneDisk }),
        () => undefined,
      );
    },
    tag: async (ref, target) => {
      try {
        await call('images.tag', { ref, target });
        return undefined;
      } catch (err) {
        return message(err);
      }
    },
    remove: async (ref, force) => {
      try {
        const [r] = await call('images.remove', { refs: [ref], force });
        return r?.ok ? undefined : (r?.error ?? `${ref} could not be removed.`);
      } catch (err) {
        return message(err);
      }
    },
    prune: async (all) => {
      try {
        const r = await call('images.prune', { all });
        const images = r.deleted.length;
        return {
          notice:
            images || r.spaceReclaimed
              ? `Removed ${images} image${images === 1 ? '' : 's'}; ${formatBytes(r.spaceReclaimed)} reclaimed.`
              : 'There was nothing to remove.',
        };
      } catch (err) {
        return { error: message(err) };
      }
    },
  };
});
