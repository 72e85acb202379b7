import type { ContainerSummary } from '../../../../engine/contract/dto';
import { currentStatus } from '../containers';
import { useNow } from '../../lib/clock';
import { Button } from '../../ui/Button';
import { Badge } from '../../ui/feedback';
import { LogsIcon, RestartIcon, ShellIcon, StopIcon, UpIcon } from '../../ui/icons';
import { selectView, useCompose } from './compose-store';
import { LABELS } from './projects';

const toneOf = (state: string) =>
  state === 'running' ? 'ok' : state === 'restarting' || state === 'paused' ? 'warn' : state === 'dead' ? 'danger' : undefined;

/** The engine's status line brought up to now ("Up 3 minutes"), as the Containers list shows it. */
function StatusText({ c }: { c: ContainerSummary }) {
  const now = useNow();
  return <>{currentStatus(c.status, c.observedAt, Math.max(now, c.observedAt))}</>;
}

/** One service's actions: Up (after its plan), Stop, Restart, its Logs, a Shell in its first running container. */
function ServiceActions({ name, service, containers, onLogs }: { name: string; service: string; containers: readonly ContainerSummary[]; onLogs(): void }) {
  const view = useCompose(selectView(name));
  const { planService, act, openServiceShell } = useCompose.getState();
  const running = containers.some((c) => c.state === 'running');
  const busy = !!view.busy || !!view.up?.running;
  const mine = view.busyService === service ? view.busy : undefined;
  return (
    <div className="service-actions">
      <Button
        variant="ghost"
        icon={UpIcon}
        aria-label={`Up service ${service}`}
        title="Up (with what it depends on)"
        disabled={busy}
        onClick={() => planService(name, service)}
      />
      <Button
        variant="ghost"
        icon={StopIcon}
        aria-label={`Stop service ${service}`}
        title="Stop"
        busy={mine === 'stop'}
        disabled={busy || !running}
        onClick={() => void act(name, 'stop', service)}
      />
      <Button
        variant="ghost"
        icon={RestartIcon}
        aria-label={`Restart service ${service}`}
        title="Restart"
        busy={mine === 'restart'}
        disabled={busy || !containers.length}
        onClick={() => void act(name, 'restart', service)}
      />
      <Button
        variant="ghost"
        icon={LogsIcon}
        aria-label={`Logs of service ${service}`}
        title="Logs of this service"
        aria-pressed={view.logService === service}
        onClick={onLogs}
      />
      <Button
        variant="ghost"
        icon={ShellIcon}
        aria-label={`Open a shell in service ${service}`}
        title="Open a shell"
        disabled={!running}
        onClick={() => void openServiceShell(name, service)}
      />
    </div>
  );
}

/**
 * The project's services with their containers, live (from the containers list), each service with its
 * actions; services with no container yet say so (and can be brought up).
 */
export function ServicesTable({
  name,
  containers,
  services,
  onLogs,
}: {
  name: string;
  containers: readonly ContainerSummary[];
  services: readonly string[];
  onLogs(service: string): void;
}) {
  const byService = new Map<string, ContainerSummary[]>();
  for (const s of services) byService.set(s, []);
  for (const c of containers) {
    const s = c.labels[LABELS.service] ?? '?';
    byService.set(s, [...(byService.get(s) ?? []), c]);
  }
  if (!byService.size) return <p className="muted">No services known yet: open the project’s compose file to see them.</p>;
  return (
    <table className="plain-table compact compose-services" aria-label="Services">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Container</th>
          <th scope="col">State</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Service actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {[...byService].flatMap(([service, cs]) => {
          const actions = (rows: number) => (
            <td className="service-actions-cell" rowSpan={rows}>
              <ServiceActions name={name} service={service} containers={cs} onLogs={() => onLogs(service)} />
            </td>
          );
          if (!cs.length)
            return [
              <tr key={service} aria-label={`${service}: no container`}>
                <td className="strong">{service}</td>
                <td className="muted" colSpan={3}>
                  no container yet
                </td>
                {actions(1)}
              </tr>,
            ];
          return cs.map((c, i) => (
            <tr key={c.id} aria-label={`${service}: ${c.name}`}>
              {i === 0 && (
                <td className="strong" rowSpan={cs.length}>
                  {service}
                </td>
              )}
              <td>
                {/* The container's page opens on its log. */}
                <a className="row-link mono" href={`#/containers/${c.id}`} title="Open the container (its log first)">
                  {c.name}
                </a>
              </td>
              <td>
                <Badge tone={toneOf(c.state)}>{c.state}</Badge>
              </td>
              <td className="muted">
                <StatusText c={c} />
              </td>
              {i === 0 && actions(cs.length)}
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}
