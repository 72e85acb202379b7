/** The images slice: the live list from images.watch, its disk figures, the table's filter/search/sort, and which dialog is open. */
import { create } from 'zustand';
import type { ImageDiskSummary, ImageSummary } from '../../../../engine/contract/dto';
import { call, subscribe } from '../../api/connection';
import { useConnection } from '../../api/connection-state';
import { useEngines } from '../engines';
import type { ArchiveDialogState } from './ArchiveDialogs';
import { reuseUnchanged, type ImageFilter, type ImageSort, type ImageSortKey } from './images-model';

export type ImageDialog =
  | { readonly kind: 'history' | 'tag' | 'inspect' | 'run'; readonly image: string }
  /** `resume`: show the push already in the transfers store rather than start one. */
  | { readonly kind: 'push'; readonly image: string; readonly resume?: boolean }
  /** `ref`: the reference to fill in (a pull reopened from the transfers indicator). */
  | { readonly kind: 'pull'; readonly ref?: string }
  | { readonly kind: 'remove'; readonly image: string; readonly otherNames: readonly string[] }
  | { readonly kind: 'prune' }
  /** `resume`: show the copy already in the transfers store. */
  | { readonly kind: 'copy'; readonly image: string; readonly resume?: boolean }
  | ArchiveDialogState;

interface ImagesStore {
  readonly images?: readonly ImageSummary[];
  /** The same images by id (an unchanged image keeps its object): each row selects its own. */
  readonly byId: Readonly<Record<string, ImageSummary>>;
  readonly disk?: ImageDiskSummary;
  readonly diskError?: string;
  readonly filter: ImageFilter;
  readonly query: string;
  readonly sort: ImageSort;
  readonly dialog?: ImageDialog;
  setFilter(filter: ImageFilter): void;
  setQuery(query: string): void;
  /** Sort by a column; the same column again flips the direction. */
  sortBy(key: ImageSortKey): void;
  open(dialog: ImageDialog): void;
  close(): void;
  /** "Run this image there": this window switches to that engine, then the Run dialog opens for the image. */
  runOn(engine: string, image: string): Promise<void>;
}

export const useImages = create<ImagesStore>((set) => ({
  byId: {},
  filter: 'all',
  query: '',
  sort: { key: 'created', desc: true },
  setFilter: (filter) => set({ filter }),
  setQuery: (query) => set({ query }),
  sortBy: (key) => set((s) => ({ sort: s.sort.key === key ? { key, desc: !s.sort.desc } : { key, desc: key !== 'name' } })),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: undefined }),
  runOn: async (engine, image) => {
    await useEngines.getState().use(engine);
    // A switch that failed leaves the window where it was, with the engines store's sentence: no dialog then.
    if (useConnection.getState().engine.id === engine) set({ dialog: { kind: 'run', image } });
  },
}));

/** Disk figures follow the list: asked again (once at a time, bursts coalesced) after each change. */
function diskRefresher(): { refresh(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const disk = await call('images.disk', {});
      if (!stopped) useImages.setState({ disk, diskError: undefined });
    } catch (e) {
      if (!stopped) useImages.setState({ diskError: (e as Error).message });
    } finally {
      inFlight = false;
      if (again && !stopped) {
        again = false;
        void run();
      }
    }
  };
  return {
    refresh: () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), 250);
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Follow the engine's images while the Images page is open. */
export function watchImages(): () => void {
  const disk = diskRefresher();
  const unsubscribe = subscribe(
    'images.watch',
    {},
    {
      next: (list) => {
        useImages.setState((s) => reuseUnchanged(s.byId, list));
        disk.refresh();
      },
    },
  );
  return () => {
    disk.stop();
    unsubscribe();
  };
}
