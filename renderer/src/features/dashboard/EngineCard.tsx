/** The Dashboard's engine card: mode, state, version, uptime, and live CPU and memory of the engine itself and of its containers. */
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../ui/feedback';
import { formatBytes, formatUptime } from '../../lib/format';
import { useContainers } from '../containers';
import { useConnection } from '../../api/connection-state';
import { toneOf, useEngine, useUptime } from '../engine';
import { useEngines } from '../engines';
import { containersTotal, engineFigures, formatPercent } from './activity-model';
import { otherEngineFacts } from './dashboard-model';
import { useDashboardLive } from './live-store';

const MODE_TEXT = { native: 'Native', vm: 'VM', external: 'External' } as const;

/** The ids of the running containers, the same array while they stay the same. */
const selectRunning = (s: ReturnType<typeof useContainers.getState>): string[] =>
  Object.values(s.byId)
    .filter((c) => c.state === 'running')
    .map((c) => c.id)
    .sort();

function ContainersFigures() {
  const running = useContainers(useShallow(selectRunning));
  const stats = useDashboardLive((s) => s.stats);
  const total = containersTotal(stats, running);
  const none = total.running === 0;
  const waiting = !none && total.sampled === 0;
  const count = `${total.running} running`;
  return (
    <>
      <dt>Containers CPU</dt>
      <dd className="usage-figure">{none ? `— (none running)` : waiting ? 'measuring…' : `${formatPercent(total.cpuPercent)} (${count})`}</dd>
      <dt>Containers memory</dt>
      <dd className="usage-figure">{none ? '—' : waiting ? 'measuring…' : formatBytes(total.memBytes)}</dd>
    </>
  );
}

/** The window's engine is one of the Engines list: its health check's facts; what Berth cannot know of it is said, not guessed. */
function OtherEngineFigures({ engine }: { engine: { readonly id: string; readonly name: string } }) {
  const entry = useEngines((s) => s.entries?.find((e) => e.id === engine.id));
  const facts = otherEngineFacts(engine, entry);
  return (
    <>
      <dt>Engine</dt>
      <dd>{facts.name}</dd>
      <dt>Mode</dt>
      <dd>{facts.mode}</dd>
      <dt>State</dt>
      <dd>
        <Badge tone={entry?.health.state === 'up' ? 'ok' : entry ? 'danger' : undefined}>{facts.state}</Badge>
      </dd>
      <dt>Version</dt>
      <dd>{facts.version}</dd>
      <dt>Uptime</dt>
      <dd className="muted">{facts.uptime}</dd>
    </>
  );
}

export function EngineCard() {
  const engine = useConnection((s) => s.engine);
  const status = useEngine((s) => s.status);
  const uptime = useUptime(status?.state === 'running' ? status.startedAt : undefined);
  const usage = engineFigures(useDashboardLive((s) => s.engine));
  return (
    <section className="card" aria-labelledby="dashboard-engine">
      <h2 id="dashboard-engine">Engine</h2>
      <dl className="facts" aria-label="Engine figures">
        {engine.id !== 'berth' ? (
          <OtherEngineFigures engine={engine} />
        ) : (
          <>
            <dt>Mode</dt>
            <dd>{status ? MODE_TEXT[status.mode] : '—'}</dd>
            <dt>State</dt>
            <dd>
              <Badge tone={toneOf(status?.state)}>{status?.state ?? 'connecting'}</Badge>
            </dd>
            <dt>Version</dt>
            <dd>{status?.version ?? '—'}</dd>
            <dt>Uptime</dt>
            <dd>{uptime !== undefined ? formatUptime(uptime) : '—'}</dd>
          </>
        )}
        <dt>Engine CPU</dt>
        <dd className="usage-figure">{usage.cpu}</dd>
        <dt>Engine memory</dt>
        <dd className="usage-figure">{usage.memory}</dd>
        <ContainersFigures />
      </dl>
      {usage.note && <p className="hint">{usage.note}</p>}
      <p className="hint">
        {engine.id !== 'berth' ? (
          <>
            <a href="#/engines">Engines page</a>: this window’s engine and the others; switch back to Berth’s in the sidebar.
          </>
        ) : (
          <>
            <a href="#/engine">Engine page</a>: start, stop, switch mode, logs.
          </>
        )}
      </p>
    </section>
  );
}
