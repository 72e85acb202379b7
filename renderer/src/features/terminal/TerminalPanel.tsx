import { FindBar } from '../../ui/FindBar';
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { AddIcon, AttachIcon, CloseIcon, LargerTextIcon, RefreshIcon, ShellIcon, SmallerTextIcon } from '../../ui/icons';
import { parseDetachKeys } from '../../../../engine/contract/terminal-model';
import { EmptyState } from '../../ui/feedback';
import { ENGINE_OWNER, sessionOf, useSessions, type SessionInfo } from './sessions-store';
import { FONT_SIZES, SCROLLBACK, useSettings } from '../settings';

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
      <button type="button" role="tab" aria-selected={selected} onClick={() => useSessions.getState().select(info.owner, id)}>
        {label}
      </button>
      <button type="button" className="close" aria-label={`Close ${info.title}`} title={closeHint(info)} onClick={() => useSessions.getState().close(id)}>
        <CloseIcon className="icon" aria-hidden />
      </button>
    </span>
  );
}

const closeHint = (info: SessionInfo) => (info.kind === 'attach' ? 'Close (detaches; the main process keeps running)' : 'Close (ends the shell)');

/** Scrollback, the preferred shell and the detach keys, behind a disclosure. */
function TerminalSettingsForm() {
  const { scrollback, shell, detachKeys } = useSettings((s) => s.terminal);
  const update = useSettings.getState().updateTerminal;
  const [draftShell, setDraftShell] = useState(shell);
  const [draftKeys, setDraftKeys] = useState(detachKeys);
  const keys = parseDetachKeys(draftKeys.trim());
  const keysHint = useId();
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
        <label className="field-inline">
          Detach keys
          <input
            type="text"
            value={draftKeys}
            aria-invalid={keys.ok ? undefined : true}
            aria-describedby={keysHint}
            onChange={(e) => setDraftKeys(e.target.value)}
            onBlur={() => keys.ok && update({ detachKeys: draftKeys.trim() })}
          />
        </label>
        <p id={keysHint} className={keys.ok ? 'hint' : 'hint invalid'} role={keys.ok ? undefined : 'alert'}>
          {keys.ok ? `Attach sessions detach on ${keys.label}, as docker attach --detach-keys reads them.` : keys.message}
        </p>
        <p className="subtitle">Used by new sessions. Ctrl+C copies when text is selected, else interrupts; Ctrl+Shift+C copies, Ctrl+V pastes.</p>
      </div>
    </details>
  );
}

/** Who the panel shows terminals of: a container (shells, and attach when it was run with -it), or the engine (engine shells). */
export type TerminalOwner =
  { readonly kind: 'container'; readonly id: string; readonly name: string; readonly canAttach: boolean } | { readonly kind: 'engine' };

/** The terminal tab of a container, or the engine shell of the Engine page: session tabs, search, font size, and the active session's screen. */
export function TerminalPanel({ of, running }: { of: TerminalOwner; running: boolean }) {
  const owner = of.kind === 'engine' ? ENGINE_OWNER : of.id;
  const name = of.kind === 'engine' ? 'the engine' : of.name;
  const ids = useSessions(useShallow((s) => s.byOwner[owner] ?? NO_IDS));
  const activeId = useSessions((s) => s.active[owner]);
  const active = useSessions((s) => (activeId ? s.sessions[activeId] : undefined));
  const fontSize = useSettings((s) => s.terminal.fontSize);
  const host = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number }>();
  const { open, reconnect } = useSessions.getState();
  const newShell = () => open(owner);
  const notRunning = running ? undefined : of.kind === 'engine' ? 'The engine is not running' : `${name} is not running`;

  // Coming to a container's tab while it runs, without a session, opens a shell (the engine shell waits to be asked for).
  useEffect(() => {
    if (of.kind === 'container' && running && !(useSessions.getState().byOwner[owner]?.length ?? 0)) open(owner);
    // Only on arrival: closing the last tab must not open another.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [owner]);

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
  const setFont = (size: number) => useSettings.getState().updateTerminal({ fontSize: size });
  const shellLabel = of.kind === 'engine' ? 'New engine shell' : 'New shell';

  return (
    <section className="terminal-panel" aria-label={of.kind === 'engine' ? 'Engine shell' : `Terminal of ${name}`}>
      <div className="toolbar">
        <div className="session-tabs" role="tablist" aria-label="Terminal sessions">
          {ids.map((id) => (
            <SessionTab key={id} id={id} selected={id === activeId} />
          ))}
        </div>
        <Button icon={AddIcon} disabled={!running} title={notRunning} onClick={newShell}>
          {shellLabel}
        </Button>
        {of.kind === 'container' && of.canAttach && (
          <Button
            icon={AttachIcon}
            disabled={!running}
            title={notRunning ?? 'Attach to the main process (docker attach)'}
            onClick={() => open(owner, 'attach')}
          >
            Attach
          </Button>
        )}
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
          title={notRunning ?? 'No terminal open'}
          action={
            <Button variant="primary" icon={AddIcon} disabled={!running} onClick={newShell}>
              {of.kind === 'engine' ? 'Open an engine shell' : 'Open a shell'}
            </Button>
          }
        >
          <p>{emptyText(of, running)}</p>
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

function emptyText(of: TerminalOwner, running: boolean): string {
  if (of.kind === 'engine') {
    return running
      ? 'A shell on this computer with DOCKER_HOST set to Berth’s engine: your own docker CLI, Compose and scripts drive it from here.'
      : 'Start the engine to open a shell whose docker CLI drives it.';
  }
  if (!running) return 'Start it to open a shell inside it.';
  return of.canAttach
    ? 'Open a shell to run commands inside the container, or attach to its main process.'
    : 'Open a shell to run commands inside the container.';
}
