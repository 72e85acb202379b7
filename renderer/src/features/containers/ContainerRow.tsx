import { memo } from 'react';
import type { CrashLoop } from '../../../../engine/contract/dto';
import { Badge } from '../../ui/feedback';
import { toneOf } from '../engine';
import { selectLive, useContainers } from './containers-store';
import { IN_FLIGHT_TEXT, inFlightOf, isSelected, useContainerActions } from './actions-store';
import { Button } from '../../ui/Button';
import { OverflowMenu } from '../../ui/OverflowMenu';
import { BusyIcon, DeleteIcon, ShellIcon, StartIcon, StopIcon } from '../../ui/icons';
import { openShell } from '../terminal';
import { useStats } from './stats-store';
import { useNow } from '../../lib/clock';
import { currentStatus, healthOf, type Health } from './status-text';
import { formatBytes, relativeTime } from '../../lib/format';
import { COMPOSE_SERVICE, formatPort, uniquePorts } from './containers-model';

const HEALTH_TONE = { healthy: 'ok', unhealthy: 'danger', starting: 'warn' } as const;

function HealthBadge({ health }: { health: Health }) {
  return (
    <span title={`Health check: ${health}`}>
      <Badge tone={HEALTH_TONE[health]}>{health}</Badge>
    </span>
  );
}

/** The container keeps dying and its restart policy keeps starting it (the engine's watch decides, see crash-loop.ts). */
function CrashLoopBadge({ loop }: { loop: CrashLoop }) {
  const text = `Crash-looping: exited ${loop.exits} times in the last ${loop.windowMinutes} minutes, and the engine keeps restarting it`;
  return (
    <span role="note" aria-label={text} title={text}>
      <Badge tone="danger">Crash-looping</Badge>
    </span>
  );
}

/** The engine's status line, kept true as time passes (one shared clock); while an action runs, what it is doing. */
function StatusCell({ status, observedAt, pending, crashLoop }: { status: string; observedAt: number; pending?: string; crashLoop?: CrashLoop }) {
  const now = useNow();
  const text = currentStatus(status, observedAt, Math.max(now, observedAt));
  const health = healthOf(status);
  if (pending) {
    return (
      <div className="cell muted" role="cell" data-col="status" title={`${pending} (${text})`}>
        <span className="pending" data-pending>
          <BusyIcon className="icon spin" aria-hidden /> {pending}
        </span>
      </div>
    );
  }
  return (
    <div className="cell muted" role="cell" data-col="status" title={text}>
      {crashLoop && <CrashLoopBadge loop={crashLoop} />} {health && <HealthBadge health={health} />}{' '}
      {health ? text.replace(/ \((healthy|unhealthy|health: starting)\)$/, '') : text}
    </div>
  );
}

/** A row while the engine is away: a container last seen up is not claimed to be running now. */
function UnknownCells({ state }: { state: string }) {
  return (
    <>
      <div className="cell" role="cell" title="Berth is not hearing from the engine, so this container's state is not known now.">
        <Badge>unknown</Badge>
      </div>
      <div className="cell muted" role="cell" data-col="status">
        Last seen {state}
      </div>
    </>
  );
}

function CreatedText({ created }: { created: number }) {
  const now = useNow();
  return <>{relativeTime(created, now)}</>;
}

/** CPU and memory cells; they subscribe to this container's stats only. */
function RowStats({ id, running }: { id: string; running: boolean }) {
  const st = useStats((s) => (running ? s.latest[id] : undefined));
  return (
    <>
      <div className="cell num" role="cell" data-col="cpu">
        {st ? `${st.cpuPercent.toFixed(1)}%` : '—'}
      </div>
      <div className="cell num" role="cell" data-col="memory" title={st ? `of ${formatBytes(st.memLimit)}` : undefined}>
        {st ? formatBytes(st.memUsage) : '—'}
      </div>
    </>
  );
}

/** One row; it subscribes to its own container, so a change re-renders only this row. */
export const ContainerRow = memo(function ContainerRow({ id, index, top, inGroup }: { id: string; index: number; top: number; inGroup?: boolean }) {
  const c = useContainers((s) => s.byId[id]);
  const live = useContainers(selectLive);
  const selected = useContainerActions(isSelected(id));
  const pending = useContainerActions(inFlightOf(id));
  if (!c) return null;
  const ports = uniquePorts(c.ports);
  const { toggle, act, askRemove } = useContainerActions.getState();
  const up = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  const offline = live ? undefined : 'The engine is not reachable now.';
  return (
    <div className="table-row" role="row" aria-rowindex={index + 2} aria-selected={selected} style={{ transform: `translateY(${top}px)` }}>
      <div className="cell" role="cell">
        <input type="checkbox" checked={selected} onChange={() => toggle(id)} aria-label={`Select ${c.name}`} />
      </div>
      <div className={inGroup ? 'cell name in-group' : 'cell name'} role="cell" title={c.name}>
        <a href={`#/containers/${c.id}`} className="row-link">
          {inGroup && c.labels[COMPOSE_SERVICE] ? c.labels[COMPOSE_SERVICE] : c.name}
        </a>
        <span className="id">{inGroup ? `${c.name} · ${c.id.slice(0, 12)}` : c.id.slice(0, 12)}</span>
      </div>
      <div className="cell muted" role="cell" data-col="image" title={c.image}>
        {c.image}
      </div>
      {!live && up ? (
        <UnknownCells state={c.state} />
      ) : (
        <>
          <div className="cell" role="cell">
            <Badge tone={toneOf(c.state)}>{c.state}</Badge>
          </div>
          <StatusCell status={c.status} observedAt={c.observedAt} pending={pending && IN_FLIGHT_TEXT[pending]} crashLoop={c.crashLoop} />
        </>
      )}
      <div className="cell" role="cell" data-col="ports">
        {ports.map((p) =>
          p.publicPort ? (
            <a
              key={formatPort(p)}
              className="port"
              href={`http://localhost:${p.publicPort}`}
              target="_blank"
              rel="noreferrer noopener"
              aria-label={`Open port ${p.publicPort} of ${c.name} (${formatPort(p)})`}
            >
              {formatPort(p)}
            </a>
          ) : (
            <span key={formatPort(p)} className="port muted">
              {formatPort(p)}
            </span>
          ),
        )}
      </div>
      <RowStats id={id} running={live && c.state === 'running'} />
      <div className="cell muted" role="cell" data-col="created" title={new Date(c.created * 1000).toLocaleString()}>
        <CreatedText created={c.created} />
      </div>
      <div className="cell row-actions" role="cell">
        {up ? (
          <Button
            variant="ghost"
            icon={StopIcon}
            aria-label={`Stop ${c.name}`}
            title={offline ?? 'Stop'}
            disabled={!live}
            busy={pending === 'stop'}
            onClick={() => void act([id], 'stop')}
          >
            Stop
          </Button>
        ) : (
          <Button
            variant="ghost"
            icon={StartIcon}
            aria-label={`Start ${c.name}`}
            title={offline ?? 'Start'}
            disabled={!live}
            busy={pending === 'start'}
            onClick={() => void act([id], 'start')}
          >
            Start
          </Button>
        )}
        <OverflowMenu
          subject={c.name}
          items={[
            {
              label: 'Open a shell',
              name: `Open a shell in ${c.name}`,
              icon: ShellIcon,
              disabledReason: offline ?? (c.state === 'running' ? undefined : 'Start it first: a shell runs inside a running container'),
              onSelect: () => void openShell(c.id),
            },
            { label: 'Remove…', name: `Remove ${c.name}`, icon: DeleteIcon, danger: true, onSelect: () => void askRemove([id]) },
          ]}
        />
      </div>
    </div>
  );
});
