/** Troubleshoot: every log Berth keeps, followed live, and a diagnostics bundle to attach to a bug report. */
import { useEffect, useState } from 'react';
import type { LogSource } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Alert, PageHeader } from '../../ui/feedback';
import { LogPre } from '../../ui/LogPre';
import { loadMode, saveDiagnostics, useTroubleshoot, watchBerthLog } from './troubleshoot-store';

const SOURCES: ReadonlyArray<{ source: Exclude<LogSource, 'mode'>; label: string; detail: string }> = [
  { source: 'dockerd', label: 'Engine (dockerd)', detail: "Native mode's dockerd: what it did, and why it stopped when it did." },
  {
    source: 'vm-console',
    label: 'VM console',
    detail: "VM mode's serial console: the guest kernel, systemd, the guest's dockerd, and Berth's notes on the VM.",
  },
  { source: 'backend', label: 'Berth backend', detail: "Berth's own process: engine supervision, the web host and every service." },
];

/** Follow one log from its last lines. */
function useLog(source: LogSource): readonly string[] {
  useEffect(() => watchBerthLog(source), [source]);
  return useTroubleshoot((s) => s.lines);
}

function LogsCard({ initial }: { initial: Exclude<LogSource, 'mode'> }) {
  const [source, setSource] = useState(initial);
  const lines = useLog(source);
  const info = SOURCES.find((s) => s.source === source)!;
  return (
    <section className="card" aria-labelledby="troubleshoot-logs">
      <h2 id="troubleshoot-logs">Logs</h2>
      <div className="segmented" role="group" aria-label="Log">
        {SOURCES.map((s) => (
          <button key={s.source} type="button" aria-pressed={s.source === source} onClick={() => setSource(s.source)}>
            {s.label}
          </button>
        ))}
      </div>
      <p className="subtitle">{info.detail} The last 500 lines, then new ones as they come.</p>
      <LogPre lines={lines} label={`${info.label} log`} empty="This log is empty: that part of Berth has not run in this home yet." />
      <div className="mode-switch">
        <CopyButton text={lines.join('\n')} label="Copy log" title="Copy the lines shown" />
      </div>
    </section>
  );
}

/** Save a diagnostics bundle under the Berth home and say where it is. */
function DiagnosticsCard() {
  const state = useTroubleshoot((s) => s.diagnostics);
  const save = saveDiagnostics;
  return (
    <section className="card" aria-labelledby="troubleshoot-diagnostics">
      <h2 id="troubleshoot-diagnostics">Diagnostics bundle</h2>
      <p className="subtitle">
        Versions, the engine's status, what each mode needs here, your settings with anything secret removed, and the last lines of Berth's, the engine's and
        the VM's logs, in one .tar.gz to attach to a bug report. Registry logins are never included.
      </p>
      <div className="mode-switch">
        <Button busy={state.busy} disabled={state.busy} onClick={() => void save()}>
          Save diagnostics bundle
        </Button>
      </div>
      {state.error && <Alert>{state.error}</Alert>}
      {state.result && (
        <div role="status" aria-label="Diagnostics bundle saved">
          <p>
            Saved ({(state.result.bytes / 1024).toFixed(0)} KiB: {state.result.files.join(', ')}):
          </p>
          <div className="copy-row">
            <code>{state.result.path}</code>
            <CopyButton text={state.result.path} label="Copy bundle path" />
          </div>
        </div>
      )}
    </section>
  );
}

export function TroubleshootPage() {
  const mode = useTroubleshoot((s) => s.mode);
  useEffect(() => loadMode(), []);
  return (
    <div className="page">
      <PageHeader title="Troubleshoot" />
      {mode && <LogsCard initial={mode === 'vm' ? 'vm-console' : mode === 'external' ? 'backend' : 'dockerd'} />}
      <DiagnosticsCard />
    </div>
  );
}
