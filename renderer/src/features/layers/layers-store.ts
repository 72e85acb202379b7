/**
 * The layer browser's slice: the index of the image shown (its stream), the
 * tree of one view of one layer (directories loaded as they open), path
 * search, a file's preview, saving a path to this computer, and comparing
 * with another image. Components read it and call its actions; every call and
 * stream of the layer browser is here.
 */
import { create } from 'zustand';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { FilePreview, LayerComparison, LayerIndexEvent, LayerSummary, LayerTreeEntry } from '../../../../engine/contract/layers';
import { call, transfer } from '../../api/connection';
import type { TreeView } from './layers-model';

export type IndexProgress = Extract<LayerIndexEvent, { t: 'progress' }>;

/** One view of one layer as a tree: the directories read so far and the ones shown open. */
export interface TreeState {
  readonly key: string;
  readonly children: ReadonlyMap<string, readonly LayerTreeEntry[]>;
  readonly expanded: ReadonlySet<string>;
  readonly error?: string;
}

export interface SearchResult {
  readonly matches: readonly LayerTreeEntry[];
  readonly more: boolean;
}

/** A request's answer kept under the key of what was asked (a file at a layer, a tree). */
export interface PreviewState {
  readonly key: string;
  readonly busy: boolean;
  readonly value?: FilePreview;
  readonly error?: string;
}

export interface ExtractState {
  readonly key: string;
  readonly running: boolean;
  readonly progress?: ArchiveProgress;
  readonly error?: string;
}

export interface ComparisonState {
  readonly busy: boolean;
  readonly value?: LayerComparison;
  readonly error?: string;
}

interface LayersStore {
  readonly image?: string;
  readonly summary?: LayerSummary;
  readonly progress?: IndexProgress;
  readonly error?: string;
  readonly cancelled: boolean;
  readonly tree?: TreeState;
  readonly search?: { readonly result?: SearchResult; readonly error?: string };
  readonly preview?: PreviewState;
  readonly extract?: ExtractState;
  readonly comparison?: ComparisonState;
  /** Stop reading the image's layers. */
  cancelIndex(): void;
  /** A fresh tree of this view of this layer, its root read. */
  openTree(image: string, layer: number, view: TreeView): void;
  /** Open or close a directory of the tree (read the first time it opens). */
  setExpanded(path: string, open: boolean): void;
  /** Find paths (after a short pause in typing); the returned function drops the search if it has not answered. */
  searchPaths(image: string, layer: number, view: TreeView, query: string): () => void;
  clearSearch(): void;
  showPreview(image: string, layer: number, view: TreeView, path: string): Promise<void>;
  /** Forget a preview once its view goes. */
  dropPreview(key: string): void;
  startExtract(image: string, layer: number, path: string, folder: string): void;
  /** Cancel the save the user started; nothing is written. */
  cancelExtract(): void;
  /** The save form went away: a save still running is cancelled, as closing the form always did. */
  dropExtract(key: string): void;
  compare(image: string, other: string): Promise<void>;
}

/** The key of one view of one layer (and of a path in it). */
export const treeKey = (image: string, layer: number, view: TreeView, path = '') => `${image}\n${layer}\n${view}\n${path}`;
/** The key of a save of one path of one layer. */
export const extractKey = (image: string, layer: number, path: string) => `${image}\n${layer}\n${path}`;

/** How long typing rests before a search is sent. */
const SEARCH_DELAY_MS = 150;

let stopIndex: (() => void) | undefined;
let stopExtract: (() => void) | undefined;
/** Answers for an earlier tree (another image, layer or view) that arrive late are dropped. */
let treeGeneration = 0;
let treeAsk: { image: string; layer: number; view: TreeView } | undefined;

export const useLayers = create<LayersStore>((set, get) => {
  const loadDir = async (path: string) => {
    const asked = treeGeneration;
    const at = treeAsk;
    if (!at) return;
    try {
      const entries = await call('layers.tree', { ref: at.image, layer: at.layer, view: at.view, path });
      const tree = get().tree;
      if (asked === treeGeneration && tree) set({ tree: { ...tree, children: new Map(tree.children).set(path, entries) } });
    } catch (err) {
      const tree = get().tree;
      if (asked === treeGeneration && tree) set({ tree: { ...tree, error: (err as Error).message } });
    }
  };
  return {
    cancelled: false,
    cancelIndex: () => {
      stopIndex?.();
      stopIndex = undefined;
      set({ cancelled: true });
    },
    openTree: (image, layer, view) => {
      treeGeneration++;
      treeAsk = { image, layer, view };
      set({ tree: { key: treeKey(image, layer, view), children: new Map(), expanded: new Set() } });
      void loadDir('');
    },
    setExpanded: (path, open) => {
      const tree = get().tree;
      if (!tree) return;
      const expanded = new Set(tree.expanded);
      if (open) expanded.add(path);
      else expanded.delete(path);
      set({ tree: { ...tree, expanded } });
      if (open && !tree.children.has(path)) void loadDir(path);
    },
    searchPaths: (image, layer, view, query) => {
      if (!query.trim()) {
        set((s) => ({ search: s.search?.error ? { error: s.search.error } : undefined }));
        return () => undefined;
      }
      let gone = false;
      const t = setTimeout(() => {
        call('layers.search', { ref: image, layer, view, query: query.trim(), limit: 200 }).then(
          (result) => !gone && set({ search: { result } }),
          (err: Error) => !gone && set((s) => ({ search: { result: s.search?.result, error: err.message } })),
        );
      }, SEARCH_DELAY_MS);
      return () => {
        gone = true;
        clearTimeout(t);
      };
    },
    clearSearch: () => set({ search: undefined }),
    showPreview: async (image, layer, view, path) => {
      const key = treeKey(image, layer, view, path);
      set({ preview: { key, busy: true } });
      try {
        const value = await call('layers.preview', { ref: image, layer, view, path });
        if (get().preview?.key === key) set({ preview: { key, busy: false, value } });
      } catch (err) {
        if (get().preview?.key === key) set({ preview: { key, busy: false, error: (err as Error).message } });
      }
    },
    dropPreview: (key) => {
      if (get().preview?.key === key) set({ preview: undefined });
    },
    startExtract: (image, layer, path, folder) => {
      if (stopExtract) return;
      const key = extractKey(image, layer, path);
      set({ extract: { key, running: true } });
      const update = (patch: Partial<ExtractState>) => {
        const x = get().extract;
        if (x?.key === key) set({ extract: { ...x, ...patch } });
      };
      const stop = transfer(
        'layers.extract',
        { ref: image, layer, path, folder },
        {
          next: (progress) => update({ progress }),
          end: (err) => {
            if (stopExtract === stop) stopExtract = undefined;
            update({ running: false, ...(err ? { error: err.message } : {}) });
          },
        },
      );
      stopExtract = stop;
    },
    cancelExtract: () => {
      stopExtract?.();
      stopExtract = undefined;
      const x = get().extract;
      if (x) set({ extract: { key: x.key, running: false, error: 'Cancelled; nothing was written.' } });
    },
    dropExtract: (key) => {
      if (get().extract?.key !== key) return;
      stopExtract?.();
      stopExtract = undefined;
      set({ extract: undefined });
    },
    compare: async (image, other) => {
      set((s) => ({ comparison: { busy: true, value: s.comparison?.value } }));
      try {
        set({ comparison: { busy: false, value: await call('layers.compare', { a: image, b: other }) } });
      } catch (err) {
        set({ comparison: { busy: false, error: (err as Error).message } });
      }
    },
  };
});

/** Index the image (or find it indexed) while its page shows: the returned function cancels and forgets it, as leaving the page always did. */
export function indexImage(image: string): () => void {
  stopIndex?.();
  useLayers.setState({ image, summary: undefined, progress: undefined, error: undefined, cancelled: false });
  const stop = transfer(
    'layers.index',
    { ref: image },
    {
      next: (e) => useLayers.setState(e.t === 'progress' ? { progress: e } : { summary: e.summary }),
      end: (err) => {
        if (err && useLayers.getState().image === image) useLayers.setState({ error: err.message });
      },
    },
  );
  stopIndex = stop;
  return () => {
    stop();
    if (stopIndex === stop) stopIndex = undefined;
    stopExtract?.();
    stopExtract = undefined;
    treeGeneration++;
    treeAsk = undefined;
    useLayers.setState({
      image: undefined,
      summary: undefined,
      progress: undefined,
      error: undefined,
      cancelled: false,
      tree: undefined,
      search: undefined,
      preview: undefined,
      extract: undefined,
      comparison: undefined,
    });
  };
}
