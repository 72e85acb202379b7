/** The file comparison's slice: the local images to pick from, two images compared file by file, then their packages. */
import { create } from 'zustand';
import type { DiffEntry, ImageDiff } from '../../../../engine/contract/image-diff';
import type { FilePreview } from '../../../../engine/contract/layers';
import type { PackageComparison } from '../../../../engine/contract/packages';
import { call } from '../../api/connection';

interface ImageDiffStore {
  /** Local image names to pick from (tags; an untagged image by its short id). */
  readonly images?: readonly string[];
  readonly imagesError?: string;
  readonly busy: boolean;
  readonly value?: ImageDiff;
  readonly error?: string;
  /** The two images' package differences, read once their files are compared (each image's layers are read once for both). */
  readonly packages?: { readonly busy: boolean; readonly value?: PackageComparison; readonly error?: string };
  /** Read the local images for the pickers. */
  loadImages(): Promise<void>;
  /** The two versions of one changed text file, for a unified diff. */
  readonly text?: { readonly path: string; readonly busy: boolean; readonly a?: FilePreview; readonly b?: FilePreview; readonly error?: string };
  /** Compare image a with image b; an answer to an earlier question is dropped. */
  diff(a: string, b: string): Promise<void>;
  /** Read both versions of a changed file of the comparison shown (each from the layer that wrote it). */
  showText(entry: DiffEntry): Promise<void>;
  closeText(): void;
}

let asked = 0;

export const useImageDiff = create<ImageDiffStore>((set, get) => ({
  busy: false,
  loadImages: async () => {
    try {
      const list = await call('images.list', {});
      const names = list.flatMap((i) => (i.tags.length ? i.tags : [i.id.slice(7, 19)])).sort((x, y) => x.localeCompare(y));
      set({ images: names, imagesError: undefined });
    } catch (err) {
      set({ imagesError: (err as Error).message });
    }
  },
  diff: async (a, b) => {
    const mine = ++asked;
    set({ busy: true, error: undefined, text: undefined, packages: undefined });
    try {
      const value = await call('layers.diff', { a, b });
      if (mine !== asked) return;
      set({ busy: false, value, packages: { busy: true } });
    } catch (err) {
      if (mine === asked) set({ busy: false, value: undefined, error: (err as Error).message });
      return;
    }
    try {
      const packages = await call('layers.comparePackages', { a, b });
      if (mine === asked) set({ packages: { busy: false, value: packages } });
    } catch (err) {
      if (mine === asked) set({ packages: { busy: false, error: (err as Error).message } });
    }
  },
  showText: async (entry) => {
    const d = get().value;
    if (!d) return;
    const path = entry.path;
    set({ text: { path, busy: true } });
    const read = (ref: string, layers: number) => call('layers.preview', { ref, layer: layers - 1, view: 'image', path });
    try {
      const [a, b] = await Promise.all([read(d.a.ref, d.a.layers.length), read(d.b.ref, d.b.layers.length)]);
      if (get().text?.path === path) set({ text: { path, busy: false, a, b } });
    } catch (err) {
      if (get().text?.path === path) set({ text: { path, busy: false, error: (err as Error).message } });
    }
  },
  closeText: () => set({ text: undefined }),
}));
