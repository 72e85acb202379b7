/**
 * One service: its rolling update as it goes (each slot old image → new image with its state, in the order the
 * engine takes them, counted), its tasks, and its logs merged across tasks.
 */
import { useEffect } from 'react';
import type { UpdateProgress } from '../../../../engine/contract/index';
import { Button } from '../../ui/Button';
import { Alert, Badge } from '../../ui/feedback';
import { BackIcon, LogsIcon, ToIcon } from '../../ui/icons';
import { LogPre } from '../../ui/LogPre';
import { SimpleTableHead } from '../../ui/SimpleTableHead';
import { phaseWords, portsText, updateTone } from './service-words';
import { followLogs, followService, useServices } from './services-store';

function RollingUpdate({ progress }: { progress: UpdateProgress }) {
  const p = progress;
  const label = p.state === 'none' ? 'No update yet' : p.state.replace('_', ' ');
  return (
    <section className="service-rollout" aria-label="Rolling update">
      <h2>
        Rolling update <Badge tone={updateTone(p.state)}>{label}</Badge>
      </h2>
      <p className="hint">
        {p.done} of {p.total} slots on <code>{p.image}</code> · {p.parallelism ? `${p.parallelism} at a time` : 'all at once'} · {p.order}
        {p.message ? ` · ${p.message}` : ''}
      </p>
      <progress max={p.total || 1} value={p.done} aria-label={`${p.done} of ${p.total} slots updated`} />
      <ol className="rollout-slots" aria-label="Slots in update order">
        {p.slots.map((s) => {
          const w = phaseWords(s.phase);
          return (
            <li key={s.slot} className="rollout-slot" data-phase={s.phase}>
              <span className="slot-name">
                Slot {s.slot}
                {s.node ? <span className="muted"> on {s.node}</span> : null}
              </span>
              <span className="mono">{s.from ? s.from.image : <span className="muted">new slot</span>}</span>
              <ToIcon className="icon" aria-label="to" />
              <span className="mono">{s.to ? s.to.image : <span className="muted">not started</span>}</span>
              <span>
                <Badge tone={w.tone}>{w.text}</Badge> {s.to && s.phase !== 'done' ? <span className="muted">{s.to.state}</span> : null}
              </span>
              {s.to?.error && <span className="invalid slot-error">{s.to.error}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ServiceLogs({ name }: { name: string }) {
  const lines = useServices((s) => s.logs[name]);
  useEffect(() => followLogs(name), [name]);
  return <LogPre label={`Logs of ${name}`} lines={(lines ?? []).map((l) => `${l.taskName}@${l.node ?? '?'} | ${l.text}`)} empty="No log lines yet." />;
}

export function ServiceDetail({ name, showLogs, onToggleLogs, onClose }: { name: string; showLogs: boolean; onToggleLogs(): void; onClose(): void }) {
  const live = useServices((s) => s.watched[name]);
  useEffect(() => followService(name), [name]);
  const s = live?.service;
  return (
    <section className="service-detail" aria-label={`Service ${name}`}>
      <div className="service-detail-head">
        <Button variant="ghost" icon={BackIcon} onClick={onClose}>
          Back to services
        </Button>
        <h2>{name}</h2>
        {s && (
          <span className="muted">
            {s.mode} · {s.running}/{s.desired} running · <code>{s.image}</code>
            {s.ports.length ? ` · ${portsText(s)}` : ''}
          </span>
        )}
        <Button icon={LogsIcon} aria-pressed={showLogs} onClick={onToggleLogs}>
          Logs
        </Button>
      </div>
      {!live ? (
        <p className="muted">Reading the service…</p>
      ) : (
        <>
          {live.progress.state !== 'none' && <RollingUpdate progress={live.progress} />}
          <div className="simple-table" role="table" aria-label={`Tasks of ${name}`}>
            <SimpleTableHead columns={['Task', 'Node', 'Desired', 'Current', 'Image', 'Error']} className="task-row" />
            {live.tasks.map((t) => (
              <div role="row" key={t.id} className="simple-row task-row" data-desired={t.desired}>
                <div role="cell" className="mono" title={t.id}>
                  {name}.{t.slot ?? t.node ?? t.nodeId?.slice(0, 12)}
                </div>
                <div role="cell">{t.node ?? t.nodeId?.slice(0, 12) ?? '—'}</div>
                <div role="cell">{t.desired}</div>
                <div role="cell">
                  <Badge tone={t.state === 'running' ? 'ok' : t.error ? 'danger' : undefined}>{t.state}</Badge>
                </div>
                <div role="cell" className="mono">
                  {t.image}
                </div>
                <div role="cell" className={t.error ? 'invalid' : 'muted'}>
                  {t.error ?? (t.state === 'running' || t.message === t.state ? '' : t.message)}
                </div>
              </div>
            ))}
          </div>
          {!live.tasks.length && <Alert tone="info">No tasks: the service is scaled to 0, or no node fits it.</Alert>}
        </>
      )}
      {showLogs && <ServiceLogs name={name} />}
    </section>
  );
}
