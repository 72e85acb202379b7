import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContainerSummary } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { LogPre } from '../../ui/LogPre';
import { useCompose } from './compose-store';
import { linesOfService } from './project-log';
import { LABELS } from './projects';

/** The project's log: every container's lines with its service, in time order, followed while shown. */
export function ProjectLogs({ name, containers }: { name: string; containers: readonly ContainerSummary[] }) {
  // Followed again when the containers change (an Up recreates them).
  const key = containers.map((c) => c.id).join(',');
  useEffect(() => {
    const list = key
      ? key.split(',').map((id) => {
          const c = containers.find((x) => x.id === id)!;
          return { id, service: c.labels[LABELS.service] ?? c.name, number: Number(c.labels[LABELS.number] ?? 1) };
        })
      : [];
    return useCompose.getState().followLogs(name, list);
    // `containers` is read through `key`: the same ids are the same containers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, key]);
  const log = useCompose(useShallow((s) => ({ lines: s.logs[name]?.lines, error: s.logs[name]?.error, service: s.views[name]?.logService })));
  const lines = linesOfService(log.lines ?? [], log.service);
  return (
    <section className="card project-logs" aria-label="Project logs">
      <h2>
        {log.service ? `Logs of service ${log.service}` : 'Logs'}
        {log.service && (
          <Button variant="ghost" onClick={() => useCompose.getState().showServiceLogs(name, undefined)}>
            Show every service
          </Button>
        )}
      </h2>
      {log.error && <Alert>{log.error}</Alert>}
      <LogPre
        lines={lines.map((l) => l.text)}
        label={log.service ? `Logs of ${name}, service ${log.service}` : `Logs of ${name}`}
        empty={
          !containers.length
            ? 'No containers: Up brings the project up.'
            : log.service
              ? `No log lines of ${log.service} yet: Show every service to see the others’.`
              : 'No output yet.'
        }
      />
    </section>
  );
}
