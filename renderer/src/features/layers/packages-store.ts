/** The Packages view's slice: an image's packages per layer (read once per image shown) and saving its SBOM to a host file. */
import { create } from 'zustand';
import type { ImagePackages, SbomFormat, SbomResult } from '../../../../engine/contract/packages';
import { call } from '../../api/connection';

interface PackagesStore {
  readonly image?: string;
  readonly busy: boolean;
  readonly value?: ImagePackages;
  readonly error?: string;
  readonly sbom?: { readonly busy: boolean; readonly result?: SbomResult; readonly error?: string };
  /** Read the image's packages (once per image). */
  load(image: string): Promise<void>;
  saveSbom(image: string, format: SbomFormat, path: string): Promise<void>;
}

export const usePackages = create<PackagesStore>((set, get) => ({
  busy: false,
  load: async (image) => {
    if (get().image === image && (get().busy || get().value)) return;
    set({ image, busy: true, value: undefined, error: undefined, sbom: undefined });
    try {
      const value = await call('layers.packages', { ref: image });
      if (get().image === image) set({ busy: false, value });
    } catch (err) {
      if (get().image === image) set({ busy: false, error: (err as Error).message });
    }
  },
  saveSbom: async (image, format, path) => {
    set({ sbom: { busy: true } });
    try {
      set({ sbom: { busy: false, result: await call('layers.sbom', { ref: image, format, path }) } });
    } catch (err) {
      set({ sbom: { busy: false, error: (err as Error).message } });
    }
  },
}));
