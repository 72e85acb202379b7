/**
 * The command palette's slice: open or closed, the query, the active option, and the recently used entries
 * (kept in this browser). Running an entry goes through the store that owns what it does: the router for
 * pages, the containers' actions, the terminal's sessions, the images' dialogs, the builds' history. While the
 * palette is open it follows the lists no page may be following now (images, volumes, networks, builds).
 */
import { create } from 'zustand';
import { navigate } from '../../app/router';
import { useBuilds } from '../builds';
import { useContainerActions } from '../containers';
import { askCleanup } from '../dashboard';
import { useImages, watchImages } from '../images';
import { layersHref } from '../layers';
import { watchNetworks } from '../networks';
import { openShell } from '../terminal';
import { watchVolumes } from '../volumes';
import type { PaletteAction, PaletteEntry } from './entries';
import { parseRecent, pushRecent } from './recent';

const RECENT_KEY = 'berth.palette.recent';

function readRecent(): string[] {
  try {
    return parseRecent(localStorage.getItem(RECENT_KEY));
  } catch {
    return [];
  }
}

function keepRecent(list: readonly string[]): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Storage refused (private mode, full): the list lasts for this page only.
  }
}

interface PaletteState {
  readonly open: boolean;
  readonly query: string;
  /** The index of the active option among those shown. */
  readonly active: number;
  /** Ids of the entries used last, most recent first. */
  readonly recent: readonly string[];
  /** Why the last entry run failed (shown in the palette when it is opened next). */
  readonly error?: string;
  show(): void;
  /** Close; focus goes back where it was when the palette opened. */
  hide(): void;
  toggle(): void;
  setQuery(query: string): void;
  setActive(index: number): void;
  /** Close the palette and do what the entry says. */
  run(entry: PaletteEntry): Promise<void>;
}

/** Where focus was before the palette opened, and the list watches it started. */
let returnFocus: HTMLElement | undefined;
let stopWatching: Array<() => void> = [];

/** Carry out an entry's action through the store that owns it. */
async function perform(a: PaletteAction): Promise<void> {
  switch (a.t) {
    case 'page':
      return navigate(a.route);
    case 'container':
      window.location.hash = `#/containers/${encodeURIComponent(a.id)}`;
      return;
    case 'shell':
      return openShell(a.id);
    case 'act':
      return useContainerActions.getState().act(a.ids, a.action);
    case 'layers':
      window.location.hash = layersHref(a.image);
      return;
    case 'run':
      // The Run dialog is the Images page's: it opens there, filled with the image.
      navigate('images');
      return useImages.getState().open({ kind: 'run', image: a.image });
    case 'volume':
      return navigate('volumes');
    case 'network':
      return navigate('networks');
    case 'build':
      navigate('builds');
      return useBuilds.getState().reopen(a.id);
    case 'prune-build-cache':
      // The clean-up's confirmation (what it deletes, and the total) is the Dashboard's.
      navigate('dashboard');
      return askCleanup('buildCache');
    default:
      return assertNever(a);
  }
}

function assertNever(x: never): never {
  throw new Error(`Unknown palette action: ${JSON.stringify(x)}`);
}

export const usePalette = create<PaletteState>((set, get) => ({
  open: false,
  query: '',
  active: 0,
  recent: readRecent(),
  show: () => {
    if (get().open) return;
    const focused = document.activeElement;
    returnFocus = focused instanceof HTMLElement && focused !== document.body ? focused : undefined;
    stopWatching = [watchImages(), watchVolumes(), watchNetworks()];
    void useBuilds.getState().loadHistory();
    set({ open: true, query: '', active: 0 });
  },
  hide: () => {
    if (!get().open) return;
    for (const stop of stopWatching) stop();
    stopWatching = [];
    set({ open: false, query: '', active: 0 });
    const back = returnFocus;
    returnFocus = undefined;
    // After React has removed the dialog (its closing would otherwise move focus again).
    if (back) setTimeout(() => back.isConnected && back.focus(), 0);
  },
  toggle: () => (get().open ? get().hide() : get().show()),
  setQuery: (query) => set({ query, active: 0, error: undefined }),
  setActive: (active) => set({ active }),
  run: async (entry) => {
    const recent = pushRecent(get().recent, entry.id);
    keepRecent(recent);
    set({ recent });
    get().hide();
    try {
      await perform(entry.action);
    } catch (e) {
      set({ error: `“${entry.title}” failed: ${(e as Error).message}` });
    }
  },
}));
