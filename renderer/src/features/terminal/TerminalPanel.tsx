import { FindBar } from '../../ui/FindBar';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { AddIcon, CloseIcon, LargerTextIcon, RefreshIcon, ShellIcon, SmallerTextIcon } from '../../ui/icons';
import { EmptyState } from '../../ui/feedback';
import { sessionOf, useSessions } from './sessions-store';
import { FONT_SIZES, SCROLLBACK, useTerminalSettings } from './terminal-settings';

const NO_IDS: readonly string[] = [];
const MATCH_COLOURS = {
  decorations: { matchOverviewRuler: '#f59e0b', activeMatchColorOverviewRuler: '#2563eb', matchBackground: '#b45309', activeMatchBackground: '#2563eb' },
};

/** One session's tab, with its close button. */
function SessionTab({ id, selected }: { id: string; selected: boolean }) {
  const info = useSessions((s) => s.sessions[id]);
  if (!info) return null;
  const label = info.shell ? `${info.title} (${info.shell})` : info.title;
  return (
    <span className="session-tab" role="presentation" data-ended={info.status === 'ended'}>
      <button type="button" role="tab" aria-selected={selected} onClick={() => useSessions.getState().select(info.containerId, id)}>
        {label}
      </button>
      <button type="button" className="close" aria-label={`Close ${info.title}`} title="Close (ends the shell)" onClick={() => useSessions.getState().close(id)}>
        <CloseIcon className="icon" aria-hidden />
      </button>
    </span>
  );
}

/** Scrollback and the preferred shell, behind a disclosure. */
function TerminalSettingsForm() {
  const { scrollback, shell, update } = useTerminalSettings();
  const [draftShell, setDraftShell] = useState(shell);
  return (
    <details className="terminal-settings">
      <summary>Settings</summary>
      <div className="terminal-settings-body">
        <label className="field-inline">
          Scrollback lines
          <input
            type="number"
            min={SCROLLBACK.min}
            max={SCROLLBACK.max}
            step={1000}
            value={scrollback}
            onChange={(e) => update({ scrollback: Number(e.target.value) })}
          />
        </label>
        <label className="field-inline">
          Preferred shell
          <input
            type="text"
            placeholder="e.g. zsh (then bash, ash, sh)"
            value={draftShell}
            onChange={(e) => setDraftShell(e.target.value)}
            onBlur={() => update({ shell: draftShell.trim() })}
          />
        </label>
        <p className="subtitle">Used by new shells. Ctrl+C copies when text is selected, else interrupts; Ctrl+Shift+C copies, Ctrl+V pastes.</p>
      </div>
    </details>
  );
}

/** The terminal tab of a container: session tabs, search, font size, and the active session's screen. */
export function TerminalPanel({ containerId, name, running }: { containerId: string; name: string; running: boolean }) {
  const ids = useSessions(useShallow((s) => s.byContainer[containerId] ?? NO_IDS));
  const activeId = useSessions((s) => s.active[containerId]);
  const active = useSessions((s) => (activeId ? s.sessions[activeId] : undefined));
  const fontSize = useTerminalSettings((s) => s.fontSize);
  const host = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number }>();
  const { open, reconnect } = useSessions.getState();

  // Coming to the tab of a running container without a session opens one.
  useEffect(() => {
    if (running && !(useSessions.getState().byContainer[containerId]?.length ?? 0)) open(containerId);
    // Only on arrival: closing the last tab must not open another.
  }, [containerId]);

  // The active session borrows the host element while this view shows it.
  useEffect(() => {
    const s = sessionOf(activeId);
    if (!s || !host.current) return;
    s.attach(host.current);
    const sub = s.search.onDidChangeResults((r) => setMatches({ index: r.resultIndex + 1, count: r.resultCount }));
    return () => {
      sub.dispose();
      s.detach();
    };
  }, [activeId]);

  const find = (dir: 'next' | 'prev') => {
    const s = sessionOf(activeId);
    if (!s || !query) return;
    if (dir === 'next') s.search.findNext(query, MATCH_COLOURS);
    else s.search.findPrevious(query, MATCH_COLOURS);
  };
  const setFont = (size: number) => useTerminalSettings.getState().update({ fontSize: size });

  return (
    <section className="terminal-panel" aria-label={`Terminal of ${name}`}>
      <div className="toolbar">
        <div className="session-tabs" role="tablist" aria-label="Shell sessions">
          {ids.map((id) => (
            <SessionTab key={id} id={id} selected={id === activeId} />
          ))}
        </div>
        <Button icon={AddIcon} disabled={!running} title={running ? undefined : `${name} is not running`} onClick={() => open(containerId)}>
          New shell
        </Button>
        <span className="spacer" />
        <FindBar label="Search the terminal" query={query} setQuery={setQuery} find={find} matches={matches} disabled={!activeId} />
        <div className="font-size" role="group" aria-label="Font size">
          <Button icon={SmallerTextIcon} aria-label="Smaller text" disabled={fontSize <= FONT_SIZES.min} onClick={() => setFont(fontSize - 1)} />
          <span aria-live="polite">{fontSize} px</span>
          <Button icon={LargerTextIcon} aria-label="Larger text" disabled={fontSize >= FONT_SIZES.max} onClick={() => setFont(fontSize + 1)} />
        </div>
        <TerminalSettingsForm />
      </div>
      {activeId ? (
        <div className="terminal-host" ref={host} data-testid="shell-terminal" role="tabpanel" aria-label={active?.title} />
      ) : (
        <EmptyState
          icon={ShellIcon}
          title={running ? 'No shell open' : `${name} is not running`}
          action={
            <Button variant="primary" icon={AddIcon} disabled={!running} onClick={() => open(containerId)}>
              Open a shell
            </Button>
          }
        >
          <p>{running ? 'Open a shell to run commands inside the container.' : 'Start it to open a shell inside it.'}</p>
        </EmptyState>
      )}
      {active?.status === 'ended' && (
        <div className="terminal-end" role="status">
          <span>{active.message}</span>
          <Button icon={RefreshIcon} disabled={!running} onClick={() => reconnect(active.id)}>
            Reconnect
          </Button>
        </div>
      )}
    </section>
  );
}
