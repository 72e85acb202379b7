import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContainerSummary } from '../../../../engine/contract/dto';
import { currentStatus, useContainers } from '../containers';
import { useNow } from '../../lib/clock';
import { Button } from '../../ui/Button';
import { Alert, Badge } from '../../ui/feedback';
import { BackIcon, DeleteIcon, LogsIcon, RefreshIcon, RestartIcon, StartIcon, StopIcon, UpIcon } from '../../ui/icons';
import { selectView, useCompose } from './compose-store';
import { DownDialog } from './DownDialog';
import { PlanView } from './PlanView';
import { filesText, LABELS, projectContainers, projectList } from './projects';
import { ProjectLogs } from './ProjectLogs';
import { UpProgress } from './UpProgress';

const toneOf = (state: string) =>
  state === 'running' ? 'ok' : state === 'restarting' || state === 'paused' ? 'warn' : state === 'dead' ? 'danger' : undefined;

/** The project's services with their containers, live (from the containers list); services with none yet say so. */
/** The engine's status line brought up to now ("Up 3 minutes"), as the Containers list shows it. */
function StatusText({ c }: { c: ContainerSummary }) {
  const now = useNow();
  return <>{currentStatus(c.status, c.observedAt, Math.max(now, c.observedAt))}</>;
}

function Services({ containers, services }: { containers: readonly ContainerSummary[]; services: readonly string[] }) {
  const byService = new Map<string, ContainerSummary[]>();
  for (const s of services) byService.set(s, []);
  for (const c of containers) {
    const s = c.labels[LABELS.service] ?? '?';
    byService.set(s, [...(byService.get(s) ?? []), c]);
  }
  if (!byService.size) return <p className="muted">No services known yet.</p>;
  return (
    <table className="plain-table compact compose-services" aria-label="Services">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Container</th>
          <th scope="col">State</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {[...byService].flatMap(([service, cs]) =>
          cs.length ? (
            cs.map((c) => (
              <tr key={c.id} aria-label={`${service}: ${c.name}`}>
                <td className="strong">{service}</td>
                <td>
                  <a className="row-link mono" href={`#/containers/${c.id}`}>
                    {c.name}
                  </a>
                </td>
                <td>
                  <Badge tone={toneOf(c.state)}>{c.state}</Badge>
                </td>
                <td className="muted">
                  <StatusText c={c} />
                </td>
                <td className="row-actions">
                  <a className="btn ghost icon-only" href={`#/containers/${c.id}?tab=logs`} aria-label={`Logs of ${c.name}`} title="Logs">
                    <LogsIcon className="icon" aria-hidden />
                  </a>
                </td>
              </tr>
            ))
          ) : (
            <tr key={service} aria-label={`${service}: no container`}>
              <td className="strong">{service}</td>
              <td className="muted" colSpan={4}>
                no container yet
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** One project: its services live, the plan of Up, Up's progress, and the project's actions. */
export function ProjectPage({ name }: { name: string }) {
  const view = useCompose(selectView(name));
  const recent = useCompose((s) => s.recent);
  const containers = useContainers(useShallow((s) => projectContainers(s, name)));
  const files = useContainers((s) => {
    const entry = projectList(recent, s).find((p) => p.name === name);
    return entry ? filesText(entry) : 'files not known';
  });
  const [downOpen, setDownOpen] = useState(false);
  // #/compose/<name>?logs opens with the logs shown (the Containers page's Logs of a group).
  const [logsShown, setLogsShown] = useState(() => /\?(.*&)?logs\b/.test(window.location.hash));
  const { replan, up, act, dismissResult } = useCompose.getState();
  useEffect(() => {
    void useCompose
      .getState()
      .loadRecent()
      .then(() => replan(name));
  }, [name, replan]);
  const running = containers.filter((c) => c.state === 'running').length;
  const upRunning = !!view.up?.running;
  const busy = !!view.busy || upRunning;
  const services = view.plan?.services.map((s) => s.name) ?? [];
  return (
    <div className="page compose-project">
      <header className="page-header">
        <a className="back" href="#/compose" aria-label="Back to Compose projects">
          <BackIcon className="icon" aria-hidden />
        </a>
        <h1>{name}</h1>
        <span className="subtitle mono">{files}</span>
        <div className="actions">
          <Badge tone={containers.length && running === containers.length ? 'ok' : running ? 'warn' : undefined}>
            {running}/{containers.length} running
          </Badge>
          <Button variant="primary" icon={UpIcon} busy={upRunning} disabled={busy || !view.plan || view.plan.problems.length > 0} onClick={() => up(name)}>
            Up
          </Button>
          {running ? (
            <Button icon={StopIcon} busy={view.busy === 'stop'} disabled={busy} onClick={() => void act(name, 'stop')}>
              Stop
            </Button>
          ) : (
            <Button icon={StartIcon} busy={view.busy === 'start'} disabled={busy || !containers.length} onClick={() => void act(name, 'start')}>
              Start
            </Button>
          )}
          <Button icon={RestartIcon} busy={view.busy === 'restart'} disabled={busy || !containers.length} onClick={() => void act(name, 'restart')}>
            Restart
          </Button>
          <Button icon={LogsIcon} aria-pressed={logsShown} onClick={() => setLogsShown((v) => !v)}>
            Logs
          </Button>
          <Button variant="danger" icon={DeleteIcon} disabled={busy || !containers.length} onClick={() => setDownOpen(true)}>
            Down…
          </Button>
        </div>
      </header>
      {view.result && (
        <Alert tone={view.result.ok ? 'info' : 'danger'}>
          {view.result.text}{' '}
          <button type="button" className="link-button" onClick={() => dismissResult(name)}>
            Dismiss
          </button>
        </Alert>
      )}
      <section className="card" aria-label="Services and containers">
        <h2>Services</h2>
        <Services containers={containers} services={services} />
      </section>
      {logsShown && <ProjectLogs name={name} containers={containers} />}
      {view.up && <UpProgress name={name} run={view.up} />}
      <section className="card" aria-label="Plan">
        <h2>
          Plan of Up{' '}
          <Button
            variant="ghost"
            icon={RefreshIcon}
            busy={view.planning}
            aria-label="Read the plan again"
            title="Read the files and the engine again"
            onClick={() => replan(name)}
          />
        </h2>
        {view.planError ? (
          <Alert title="The project does not load:">
            <span className="compose-error">{view.planError}</span>
          </Alert>
        ) : view.plan ? (
          <PlanView plan={view.plan} />
        ) : (
          <p className="muted">Reading the plan…</p>
        )}
      </section>
      {downOpen && <DownDialog name={name} onClose={() => setDownOpen(false)} />}
    </div>
  );
}
