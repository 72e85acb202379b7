import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Badge, PageHeader } from '../../ui/feedback';
import { useNow } from '../../lib/clock';
import { formatUptime } from '../../lib/format';
import { currentStatus, useContainers } from '../containers';
import { toneOf, useEngine, useUptime } from '../engine';
import { needingAttention, type Attention } from './dashboard-model';
import { CleanupDialog, DiskCard } from './DiskCard';
import { useDashboard } from './dashboard-store';

const MODE_TEXT = { native: 'Native', vm: 'VM', external: 'External' } as const;

function EngineCard() {
  const status = useEngine((s) => s.status);
  const uptime = useUptime(status?.state === 'running' ? status.startedAt : undefined);
  return (
    <section className="card" aria-labelledby="dashboard-engine">
      <h2 id="dashboard-engine">Engine</h2>
      <dl className="facts">
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
      </dl>
      <p className="hint">
        <a href="#/engine">Engine page</a>: start, stop, switch mode, logs.
      </p>
    </section>
  );
}

/** Re-derives the list only when the containers change (the selector returns the same array otherwise). */
let lastById: unknown;
let lastList: Attention[] = [];
const selectAttention = (s: ReturnType<typeof useContainers.getState>): Attention[] => {
  if (s.byId !== lastById) {
    lastById = s.byId;
    lastList = needingAttention(Object.values(s.byId));
  }
  return lastList;
};

function AttentionCard() {
  const list = useContainers(selectAttention);
  const now = useNow();
  return (
    <section className="card" aria-labelledby="dashboard-attention">
      <h2 id="dashboard-attention">Containers needing attention</h2>
      {list.length === 0 ? (
        <p className="muted">None: no container exited with an error or keeps restarting. Failed ones show here, with their exit code.</p>
      ) : (
        <ul className="attention-list" aria-label="Containers needing attention">
          {list.map((a) => (
            <li key={a.id}>
              <a href={`#/containers/${encodeURIComponent(a.id)}`}>{a.name}</a>
              <Badge tone="danger">{a.crashLoop ? 'crash loop' : `exit code ${a.exitCode}`}</Badge>
              <span className="muted">
                {a.image} · {currentStatus(a.status, a.observedAt, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The first page: the engine at a glance, its disk use with clean-ups, and the containers that failed. */
export function DashboardPage() {
  const running = useEngine((s) => s.status?.state === 'running');
  const { loadUsage, error, notice, dismiss } = useDashboard(
    useShallow((s) => ({ loadUsage: s.loadUsage, error: s.error, notice: s.notice, dismiss: s.dismiss })),
  );
  useEffect(() => {
    if (running) void loadUsage();
  }, [running, loadUsage]);
  return (
    <div className="page">
      <PageHeader title="Dashboard" subtitle="The engine, its disk, and what needs a look" />
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      <div className="cards dashboard">
        <EngineCard />
        <AttentionCard />
        <DiskCard running={running} />
      </div>
      <CleanupDialog />
    </div>
  );
}
