/**
 * Settings: how Berth looks, its terminals, the engine (mode, daemon.json),
 * VM mode's machine, what quitting the desktop app does, and a reset to
 * factory defaults. Preferences are kept by the backend (settings.json), so
 * every window and the next start see the same.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ThemeChoice } from '../../lib/theme';
import { Button } from '../../ui/Button';
import { Alert, PageHeader } from '../../ui/feedback';
import { ModeSwitch, useEngine } from '../engine';
import { DaemonSection } from './DaemonSection';
import { ResetSection } from './ResetSection';
import { VmSection } from './VmSection';
import { terminalFromForm, type TerminalForm } from './settings-form';
import { useSettings, type QuitChoice } from './settings-store';
import type { NotificationChoices } from '../../../../engine/contract';

const THEMES: ReadonlyArray<{ choice: ThemeChoice; label: string }> = [
  { choice: 'system', label: 'System' },
  { choice: 'light', label: 'Light' },
  { choice: 'dark', label: 'Dark' },
];

function AppearanceSection() {
  const choice = useSettings((s) => s.themeChoice);
  const { chooseTheme: choose } = useSettings.getState();
  return (
    <section className="card" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <div className="mode-switch">
        <div className="segmented" role="group" aria-label="Theme">
          {THEMES.map((t) => (
            <button key={t.choice} type="button" aria-pressed={choice === t.choice} onClick={() => choose(t.choice)}>
              {t.label}
            </button>
          ))}
        </div>
        <span className="subtitle">System follows your computer's light or dark setting as it changes.</span>
      </div>
    </section>
  );
}

function TerminalSection() {
  const saved = useSettings((s) => s.terminal);
  const toForm = (): TerminalForm => ({
    fontSize: String(saved.fontSize),
    scrollback: String(saved.scrollback),
    shell: saved.shell,
    detachKeys: saved.detachKeys,
  });
  const [form, setForm] = useState<TerminalForm>(toForm);
  const [state, setState] = useState<{ busy?: boolean; error?: string; saved?: boolean }>({});
  // Follow changes made elsewhere (the terminal's own font buttons, another window), except while a save is under way.
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm());
  useEffect(() => {
    if (!state.busy) setForm(toForm());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the saved settings only; a save under way (state.busy) must not re-run it
  }, [saved.fontSize, saved.scrollback, saved.shell, saved.detachKeys]);
  const set = (k: keyof TerminalForm, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setState({});
  };
  const save = async () => {
    setState({ busy: true });
    try {
      await useSettings.getState().saveTerminal(terminalFromForm(form));
      setState({ saved: true });
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  return (
    <section className="card" aria-labelledby="settings-terminal">
      <h2 id="settings-terminal">Terminal</h2>
      <p className="subtitle">For container shells, attached processes, the engine shell and logs.</p>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field-row">
          <label className="field">
            Font size (px)
            <input inputMode="numeric" value={form.fontSize} onChange={(e) => set('fontSize', e.target.value)} />
          </label>
          <label className="field">
            Scrollback (lines)
            <input inputMode="numeric" value={form.scrollback} onChange={(e) => set('scrollback', e.target.value)} />
          </label>
        </div>
        <label className="field">
          Preferred shell
          <input value={form.shell} onChange={(e) => set('shell', e.target.value)} placeholder="bash, ash, then sh" spellCheck={false} />
          <span className="subtitle">Tried first in every container (a name like zsh, or a path like /bin/zsh); Berth falls back to bash, ash and sh.</span>
        </label>
        <label className="field">
          Detach keys
          <input value={form.detachKeys} onChange={(e) => set('detachKeys', e.target.value)} spellCheck={false} />
          <span className="subtitle">Leave an attached process running, as Docker reads them (e.g. ctrl-p,ctrl-q).</span>
        </label>
        <div className="mode-switch">
          <Button type="submit" variant="primary" busy={state.busy} disabled={state.busy || !dirty}>
            Save terminal settings
          </Button>
          {state.saved && !dirty && (
            <span role="status" className="subtitle">
              Saved. Open terminals use them now.
            </span>
          )}
        </div>
        {state.error && <Alert>{state.error}</Alert>}
      </form>
    </section>
  );
}

function EngineSection() {
  const mode = useEngine((s) => s.status?.mode);
  return (
    <section className="card" aria-labelledby="settings-engine">
      <h2 id="settings-engine">Engine</h2>
      <p className="subtitle">Switching stops the engine and starts it in the new mode, which Berth then starts with every time.</p>
      <ModeSwitch current={mode} />
    </section>
  );
}

const QUIT_CHOICES: ReadonlyArray<{ value: QuitChoice; label: string }> = [
  { value: 'ask', label: 'Ask each time' },
  { value: 'stop', label: 'Stop the engine' },
  { value: 'keep', label: 'Keep the engine running' },
];

function DesktopSection() {
  const { quit, saveError } = useSettings(useShallow((s) => ({ quit: s.quit, saveError: s.saveError })));
  return (
    <section className="card" aria-labelledby="settings-desktop">
      <h2 id="settings-desktop">Desktop app</h2>
      <label className="field narrow">
        When I quit Berth
        <select value={quit} onChange={(e) => useSettings.getState().chooseQuit(e.target.value as QuitChoice)}>
          {QUIT_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <span className="subtitle">A running engine keeps your containers up after the window closes; the tray icon shows it and stops it.</span>
      </label>
      {saveError && <Alert>{saveError}</Alert>}
    </section>
  );
}

const NOTIFICATION_KINDS: ReadonlyArray<{ kind: keyof NotificationChoices; label: string; hint: string }> = [
  { kind: 'builds', label: 'Builds', hint: 'A build finished or failed while you were on another page.' },
  { kind: 'pulls', label: 'Pulls', hint: 'An image pull finished or failed while you were away from Images.' },
  { kind: 'crashLoops', label: 'Crash loops', hint: 'A container keeps exiting and being restarted by its restart policy.' },
];

function NotificationsSection() {
  const choices = useSettings((s) => s.notifications);
  return (
    <section className="card" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      <p className="subtitle">
        Desktop notifications; clicking one opens its page. Where the system or browser does not allow them, Berth shows them inside the window.
      </p>
      <div className="switch-list">
        {NOTIFICATION_KINDS.map((k) => (
          <label key={k.kind} className="switch-row">
            <input
              type="checkbox"
              role="switch"
              checked={choices[k.kind]}
              onChange={(e) => useSettings.getState().chooseNotification(k.kind, e.target.checked)}
            />
            <span>
              {k.label}
              <span className="subtitle">{k.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </section>
  );
}

/** The sections, by the id of their heading, for the page's own table of contents. */
const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['settings-appearance', 'Appearance'],
  ['settings-terminal', 'Terminal'],
  ['settings-engine', 'Engine'],
  ['settings-daemon', 'daemon.json'],
  ['settings-vm', 'Virtual machine'],
  ['settings-notifications', 'Notifications'],
  ['settings-desktop', 'Desktop app'],
  ['settings-reset', 'Reset'],
];

/** Jump to a section: its heading takes the focus, so the keyboard carries on from there. */
function jumpTo(id: string): void {
  const heading = document.getElementById(id);
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
  heading.scrollIntoView({ block: 'start' });
}

export function SettingsPage() {
  return (
    <div className="page">
      <PageHeader title="Settings" />
      <nav className="section-nav" aria-label="Settings sections">
        {SECTIONS.map(([id, label]) => (
          <button key={id} type="button" className="link-button" onClick={() => jumpTo(id)}>
            {label}
          </button>
        ))}
      </nav>
      <AppearanceSection />
      <TerminalSection />
      <EngineSection />
      <DaemonSection />
      <VmSection />
      <NotificationsSection />
      <DesktopSection />
      <ResetSection />
    </div>
  );
}
