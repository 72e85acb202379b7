import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BootStage, EngineMode } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Alert, Badge, PageHeader } from '../../ui/feedback';
import { CopyButton } from '../../ui/CopyButton';
import { LogPre } from '../../ui/LogPre';
import { RestartIcon, StartIcon, StopIcon } from '../../ui/icons';
import { toneOf } from './EngineStatusIndicator';
import { useEngine, watchEngineLogs } from './engine-store';
import { formatBytes, formatUptime } from '../../lib/format';
import { TerminalPanel } from '../terminal';
import { HostProblems } from './HostProblems';

/** Seconds since the engine came up, ticking once a second while shown. */
export function useUptime(startedAt: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [startedAt]);
  return startedAt ? Math.max(0, Math.round((now - startedAt) / 1000)) : undefined;
}

function CopyDockerHost({ value }: { value: string }) {
  return (
    <div className="copy-row">
      <code>{value}</code>
      <CopyButton text={`export DOCKER_HOST=${value}`} label="Copy DOCKER_HOST" title="Copy export DOCKER_HOST=… for your shell" />
    </div>
  );
}

const MODES: ReadonlyArray<{ mode: EngineMode; label: string; detail: string }> = [
  { mode: 'native', label: 'Native', detail: "Berth's own dockerd on this computer (Linux; rootless, under RootlessKit, when you are not root)" },
  { mode: 'vm', label: 'VM', detail: 'dockerd in a small Linux VM that Berth boots with QEMU' },
  { mode: 'external', label: 'External', detail: 'an engine you already run (DOCKER_HOST, docker context, /var/run/docker.sock)' },
];

/** Choose the engine mode; switching stops the engine and starts it in the chosen mode. What stops a mode here, and its fix, shows before one switches. */
export function ModeSwitch({ current }: { current: EngineMode | undefined }) {
  const { busy, switchMode, checks, loadChecks } = useEngine(
    useShallow((s) => ({ busy: s.busy, switchMode: s.switchMode, checks: s.checks, loadChecks: s.loadChecks })),
  );
  const [chosen, setChosen] = useState<EngineMode | undefined>(current);
  useEffect(() => setChosen(current), [current]);
  useEffect(() => void loadChecks(), [loadChecks, current]);
  const info = MODES.find((m) => m.mode === chosen);
  const check = checks?.find((c) => c.mode === chosen);
  const cannot = check && !check.usable;
  return (
    <div className="mode-switch">
      <select aria-label="Engine mode" value={chosen ?? ''} onChange={(e) => setChosen(e.target.value as EngineMode)} disabled={!!busy}>
        {MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
            {checks?.find((c) => c.mode === m.mode)?.usable === false ? ' (cannot run here)' : ''}
          </option>
        ))}
      </select>
      {chosen && chosen !== current ? (
        <Button busy={busy === 'switch'} disabled={!!busy || cannot} onClick={() => void switchMode(chosen)}>
          Switch to {info?.label}
        </Button>
      ) : null}
      <span className="subtitle">{info?.detail}</span>
      {cannot && (
        <Alert tone="warn" title={`${info?.label} mode cannot run here:`}>
          <HostProblems problems={check.problems} />
        </Alert>
      )}
      {check?.notes.map((n) => (
        <span key={n} className="subtitle">
          {n}
        </span>
      ))}
    </div>
  );
}

/** The boot stage while the engine starts (VM mode has four), as a progress bar with words. */
function BootProgress({ stage }: { stage: BootStage }) {
  return (
    <div className="boot">
      <progress max={stage.of} value={stage.step} aria-label={`Engine start: ${stage.label}, step ${stage.step} of ${stage.of}`} />
      <span>
        Step {stage.step} of {stage.of}: {stage.label}. Stop cancels the start.
      </span>
    </div>
  );
}

function EngineLog({ label }: { label: string }) {
  const logs = useEngine((s) => s.logs);
  useEffect(() => watchEngineLogs(), []);
  return <LogPre lines={logs} label={label} />;
}

export function EnginePage() {
  const { status, info, busy, actionError, run } = useEngine(
    useShallow((s) => ({ status: s.status, info: s.info, busy: s.busy, actionError: s.actionError, run: s.run })),
  );
  const uptime = useUptime(status?.state === 'running' ? status.startedAt : undefined);
  const state = status?.state;
  const canStart = state === 'stopped' || state === 'error';
  const canStop = state === 'running' || state === 'starting' || state === 'error';
  const logTitle = status?.mode === 'vm' ? 'VM console log' : 'Engine log';
  return (
    <div className="page">
      <PageHeader title="Engine" subtitle={<Badge tone={toneOf(state)}>{state ?? 'connecting'}</Badge>}>
        <Button variant="primary" icon={StartIcon} busy={busy === 'start'} disabled={!canStart || !!busy} onClick={() => void run('start')}>
          Start
        </Button>
        <Button icon={StopIcon} busy={busy === 'stop'} disabled={!canStop || !!busy} onClick={() => void run('stop')}>
          Stop
        </Button>
        <Button icon={RestartIcon} busy={busy === 'restart'} disabled={state !== 'running' || !!busy} onClick={() => void run('restart')}>
          Restart
        </Button>
      </PageHeader>
      {actionError && <Alert>{actionError}</Alert>}
      {state === 'starting' && status?.stage && <BootProgress stage={status.stage} />}
      {status?.notice && state === 'running' && <Alert tone="info">{status.notice}</Alert>}
      {status?.lastError && state !== 'running' && (
        <Alert tone={state === 'error' ? 'danger' : 'warn'} title="Last error:">
          {status.lastError}
        </Alert>
      )}
      <div className="cards">
        <section className="card" aria-labelledby="engine-connection">
          <h2 id="engine-connection">Connection</h2>
          <dl className="facts">
            <dt>Mode</dt>
            <dd>
              <ModeSwitch current={status?.mode} />
            </dd>
            <dt>DOCKER_HOST</dt>
            <dd>{status?.dockerHost ? <CopyDockerHost value={status.dockerHost} /> : '—'}</dd>
            <dt>Process</dt>
            <dd>{status?.pid ? `pid ${status.pid}${status.rootless ? ', rootless (under RootlessKit, as you)' : ''}` : '—'}</dd>
            <dt>Uptime</dt>
            <dd>{uptime !== undefined ? formatUptime(uptime) : '—'}</dd>
            <dt>Restarts</dt>
            <dd>{status?.restarts ?? 0} after crashes</dd>
            <dt>Berth home</dt>
            <dd className="mono">{status?.home ?? '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="engine-info">
          <h2 id="engine-info">Docker info</h2>
          {info && state === 'running' ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd>
                {info.serverVersion} (API {info.apiVersion})
              </dd>
              <dt>System</dt>
              <dd>
                {info.operatingSystem}, kernel {info.kernelVersion}, {info.architecture}
              </dd>
              <dt>Resources</dt>
              <dd>
                {info.cpus} CPUs, {formatBytes(info.memTotal)}
              </dd>
              <dt>Storage driver</dt>
              <dd>{info.storageDriver}</dd>
              <dt>Cgroups</dt>
              <dd>
                {info.cgroupDriver}, v{info.cgroupVersion}
              </dd>
              <dt>Data root</dt>
              <dd className="mono">{info.dataRoot}</dd>
              <dt>Containers</dt>
              <dd>
                {info.containers.total} ({info.containers.running} running, {info.containers.paused} paused, {info.containers.stopped} stopped)
              </dd>
              <dt>Images</dt>
              <dd>{info.images}</dd>
              <dt>Runtimes</dt>
              <dd>
                {info.runtimes.join(', ')} (default {info.defaultRuntime})
              </dd>
            </dl>
          ) : (
            <p className="subtitle">Shown while the engine runs.</p>
          )}
        </section>
      </div>
      <section className="card engine-shell" aria-labelledby="engine-shell">
        <h2 id="engine-shell">Engine shell</h2>
        <TerminalPanel of={{ kind: 'engine' }} running={state === 'running'} />
      </section>
      <section className="card" aria-labelledby="engine-log">
        <h2 id="engine-log">{logTitle}</h2>
        <p className="subtitle">
          Berth's own log and a diagnostics bundle to send with a bug report are on the <a href="#/troubleshoot">Troubleshoot</a> page.
        </p>
        {/* The log follows the mode's own file: dockerd's, or the VM's console. */}
        <EngineLog key={status?.mode} label={logTitle} />
      </section>
    </div>
  );
}
