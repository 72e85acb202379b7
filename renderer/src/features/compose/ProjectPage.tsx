import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useContainers } from '../containers';
import { Button } from '../../ui/Button';
import { Alert, Badge } from '../../ui/feedback';
import { BackIcon, DeleteIcon, LogsIcon, RefreshIcon, RestartIcon, StartIcon, StopIcon, UpIcon } from '../../ui/icons';
import { selectView, useCompose } from './compose-store';
import { DownDialog } from './DownDialog';
import { PlanView } from './PlanView';
import { filesText, projectContainers, projectList } from './projects';
import { ProjectLogs } from './ProjectLogs';
import { ServicesTable } from './ServicesTable';
import { ServiceUpDialog } from './ServiceUpDialog';
import { UpProgress } from './UpProgress';

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
  const { replan, up, act, dismissResult, showServiceLogs } = useCompose.getState();
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
          <Button
            icon={LogsIcon}
            aria-pressed={logsShown}
            onClick={() => {
              showServiceLogs(name, undefined);
              setLogsShown((v) => !v);
            }}
          >
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
        <ServicesTable
          name={name}
          containers={containers}
          services={services}
          onLogs={(service) => {
            // The row's Logs shows the project's log narrowed to it; pressed again, every service again.
            const again = logsShown && view.logService === service;
            showServiceLogs(name, again ? undefined : service);
            setLogsShown(true);
          }}
        />
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
      {view.servicePlan && <ServiceUpDialog name={name} />}
    </div>
  );
}
