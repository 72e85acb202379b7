import { useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ROUTES } from '../../app/router';
import {
  BuildsIcon,
  ContainersIcon,
  ExpandIcon,
  ImagesIcon,
  NetworksIcon,
  PruneIcon,
  RestartIcon,
  SearchIcon,
  ShellIcon,
  StartIcon,
  StopIcon,
  VolumesIcon,
} from '../../ui/icons';
import { useBuilds } from '../builds';
import { useContainers } from '../containers';
import { useImages } from '../images';
import { useNetworks } from '../networks';
import { useVolumes } from '../volumes';
import { buildEntries, type PaletteAction, type PaletteEntry } from './entries';
import { usePalette } from './palette-store';
import { paletteResults } from './results';

/** How far PageUp and PageDown move. */
const PAGE = 8;

function iconOf(a: PaletteAction): typeof ContainersIcon {
  switch (a.t) {
    case 'page':
      return ExpandIcon;
    case 'container':
      return ContainersIcon;
    case 'shell':
      return ShellIcon;
    case 'act':
      return a.action === 'start' ? StartIcon : a.action === 'stop' ? StopIcon : RestartIcon;
    case 'layers':
      return ImagesIcon;
    case 'run':
      return StartIcon;
    case 'volume':
      return VolumesIcon;
    case 'network':
      return NetworksIcon;
    case 'build':
      return BuildsIcon;
    case 'prune-build-cache':
      return PruneIcon;
  }
}

/** Every entry, from what the stores hold now. */
function usePaletteEntries(): PaletteEntry[] {
  const byId = useContainers((s) => s.byId);
  const ids = useContainers((s) => s.ids);
  const live = useContainers((s) => s.unavailable === undefined);
  const images = useImages((s) => s.images);
  const volumes = useVolumes((s) => s.volumes);
  const networks = useNetworks((s) => s.networks);
  const builds = useBuilds((s) => s.history);
  return useMemo(
    () => buildEntries({ pages: ROUTES, containers: ids.flatMap((id) => (byId[id] ? [byId[id]] : [])), live, images, volumes, networks, builds }),
    [byId, ids, live, images, volumes, networks, builds],
  );
}

/** The title with its matched characters marked. */
function Highlighted({ text, positions }: { text: string; positions: readonly number[] }) {
  if (!positions.length) return <>{text}</>;
  const marked = new Set(positions);
  const parts: Array<{ text: string; mark: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const mark = marked.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text[i];
    else parts.push({ text: text[i]!, mark });
  }
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

function PaletteDialog() {
  const entries = usePaletteEntries();
  const { query, active, recent, error } = usePalette(useShallow((s) => ({ query: s.query, active: s.active, recent: s.recent, error: s.error })));
  const { setQuery, setActive, run, hide } = usePalette.getState();
  const results = useMemo(() => paletteResults(entries, query, recent), [entries, query, recent]);
  const ref = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const count = results.flat.length;
  const current = count ? Math.min(active, count - 1) : -1;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // Focus in the field whatever the browser's dialog focusing picked.
    field.current?.focus();
    return () => d?.close();
  }, []);
  useEffect(() => {
    if (current >= 0) document.getElementById(`${id}-option-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, id]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const to = (i: number) => {
      e.preventDefault();
      if (count) setActive(Math.max(0, Math.min(count - 1, i)));
    };
    switch (e.key) {
      case 'ArrowDown':
        return to(current >= count - 1 ? 0 : current + 1);
      case 'ArrowUp':
        return to(current <= 0 ? count - 1 : current - 1);
      case 'Home':
        return to(0);
      case 'End':
        return to(count - 1);
      case 'PageDown':
        return to(current + PAGE);
      case 'PageUp':
        return to(current - PAGE);
      case 'Enter': {
        e.preventDefault();
        const chosen = results.flat[current];
        if (chosen) void run(chosen.entry);
        return;
      }
      case 'Escape':
        e.preventDefault();
        return hide();
    }
  };

  let index = 0;
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Command palette"
      onCancel={(e) => {
        e.preventDefault();
        hide();
      }}
      // A click outside closes it too (the browser's light dismiss); then the store follows.
      closedby="any"
      onClose={hide}
    >
      <div className="palette-search">
        <SearchIcon className="icon" aria-hidden />
        <input
          ref={field}
          role="combobox"
          aria-label="Search containers, images, pages and actions"
          aria-expanded={count > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          placeholder="Type a container, image, page or action…"
          spellCheck={false}
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <kbd aria-hidden>Esc</kbd>
      </div>
      {error && (
        <p className="palette-error" role="alert">
          {error}
        </p>
      )}
      <div id={listId} role="listbox" aria-label="Results" className="palette-list">
        {results.groups.map((g) => (
          <div key={g.key} role="group" aria-labelledby={`${id}-group-${g.key}`}>
            <div className="palette-group" id={`${id}-group-${g.key}`}>
              {g.label}
            </div>
            {g.results.map((r) => {
              const i = index++;
              const Icon = iconOf(r.entry.action);
              return (
                <div
                  key={r.entry.id}
                  id={optionId(i)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === current}
                  className="palette-option"
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => i !== current && setActive(i)}
                  onClick={() => void run(r.entry)}
                  onKeyDown={(e) => e.key === 'Enter' && void run(r.entry)}
                >
                  <Icon className="icon" aria-hidden />
                  <span className="palette-title">
                    <Highlighted text={r.entry.title} positions={r.positions} />
                  </span>
                  {r.entry.detail && <span className="palette-detail">{r.entry.detail}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {count === 0 && (
        <p className="palette-empty">
          {query.trim() ? `Nothing matches “${query.trim()}”. Try a container, image or page name.` : 'Nothing to list yet: the engine has not answered.'}
        </p>
      )}
      <div className="palette-foot" aria-hidden>
        <span>
          <kbd>↑</kbd> <kbd>↓</kbd> move
        </span>
        <span>
          <kbd>Enter</kbd> run
        </span>
        <span>
          <kbd>Esc</kbd> close
        </span>
        <span className="palette-count">{results.matched > count ? `${count} of ${results.matched} shown` : `${count} result${count === 1 ? '' : 's'}`}</span>
      </div>
      <div className="visually-hidden" role="status">
        {count ? `${results.matched} result${results.matched === 1 ? '' : 's'}` : 'No results'}
      </div>
    </dialog>
  );
}

/** The command palette (Ctrl+K / Cmd+K): mounted once in the app shell, shown while its store says it is open. */
export function CommandPalette() {
  const open = usePalette((s) => s.open);
  return open ? <PaletteDialog /> : null;
}
