/**
 * Settings → daemon.json: the engine's options as JSON, checked (as JSON,
 * then by dockerd itself) before they are saved, applied by restarting the
 * engine; if it will not start with them, the previous file comes back.
 */
import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { useSettings } from './settings-store';

type Outcome = { kind: 'ok' | 'error'; message: string };

export function DaemonSection() {
  const view = useSettings((s) => s.daemon);
  const { loadDaemon, checkDaemon, saveDaemon } = useSettings.getState();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'check' | 'save'>();
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    loadDaemon().catch((err: Error) => setOutcome({ kind: 'error', message: err.message }));
  }, [loadDaemon]);
  // The form starts from what is saved, read or saved again.
  useEffect(() => {
    if (view) setText(view.text);
  }, [view]);
  const applies = view?.appliesNow && view.running;
  const run = async (what: 'check' | 'save') => {
    setBusy(what);
    setOutcome(undefined);
    try {
      if (what === 'check') {
        const problem = await checkDaemon(text);
        setOutcome(problem ? { kind: 'error', message: problem } : { kind: 'ok', message: 'dockerd accepts these options.' });
      } else {
        await saveDaemon(text);
        setOutcome({ kind: 'ok', message: applies ? 'Saved, and the engine restarted with it.' : 'Saved. The engine uses it from its next start.' });
      }
    } catch (err) {
      setOutcome({ kind: 'error', message: (err as Error).message });
    } finally {
      setBusy(undefined);
    }
  };
  const changed = view !== undefined && text !== view.text;
  return (
    <section className="card" aria-labelledby="settings-daemon">
      <h2 id="settings-daemon">Engine options (daemon.json)</h2>
      <p className="subtitle">
        Options of the dockerd Berth runs, in native and VM mode
        {view ? (
          <>
            {' '}
            (<code>{view.path}</code>)
          </>
        ) : null}
        . Berth sets the data folder, socket, bridge and cgroups itself, so those cannot be set here.
        {view && !view.appliesNow ? ' In external mode the engine is configured where it runs; this file is used when Berth runs its own.' : ''}
      </p>
      <form
        className="settings-form wide"
        onSubmit={(e) => {
          e.preventDefault();
          void run('save');
        }}
      >
        <label className="field">
          daemon.json
          <textarea
            value={text}
            rows={Math.min(20, Math.max(6, text.split('\n').length + 1))}
            spellCheck={false}
            aria-invalid={outcome?.kind === 'error' ? true : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setOutcome(undefined);
            }}
            disabled={!view}
          />
        </label>
        <div className="mode-switch">
          <Button type="submit" variant="primary" busy={busy === 'save'} disabled={!!busy || !changed}>
            {applies ? 'Save and restart engine' : 'Save'}
          </Button>
          <Button type="button" busy={busy === 'check'} disabled={!!busy || !view} onClick={() => void run('check')}>
            Check
          </Button>
          <Button type="button" variant="ghost" disabled={!!busy || !changed} onClick={() => (setText(view!.text), setOutcome(undefined))}>
            Undo changes
          </Button>
          {outcome?.kind === 'ok' && (
            <span role="status" className="subtitle">
              {outcome.message}
            </span>
          )}
        </div>
        {outcome?.kind === 'error' && <Alert title="Not saved:">{outcome.message}</Alert>}
      </form>
    </section>
  );
}
