/** The file comparison's slice: the local images to pick from, and two images compared file by file. */
import { create } from 'zustand';
import type { ImageDiff } from '../../../../engine/contract/image-diff';
import { call } from '../../api/connection';

interface ImageDiffStore {
  /** Local image names to pick from (tags; an untagged image by its short id). */
  readonly images?: readonly string[];
  readonly imagesError?: string;
  readonly busy: boolean;
  readonly value?: ImageDiff;
  readonly error?: string;
  /** Read the local images for the pickers. */
  loadImages(): Promise<void>;
  /** Compare image a with image b; an answer to an earlier question is dropped. */
  diff(a: string, b: string): Promise<void>;
}

let asked = 0;

export const useImageDiff = create<ImageDiffStore>((set) => ({
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
    set({ busy: true, error: undefined });
    try {
      const value = await call('layers.diff', { a, b });
      if (mine === asked) set({ busy: false, value });
    } catch (err) {
      if (mine === asked) set({ busy: false, value: undefined, error: (err as Error).message });
    }
  },
}));
