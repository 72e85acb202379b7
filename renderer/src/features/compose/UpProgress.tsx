import { Button } from '../../ui/Button';
import { Alert, Badge } from '../../ui/feedback';
import { BusyIcon, CloseIcon, DoneIcon } from '../../ui/icons';
import { useCompose } from './compose-store';
import { upProgress, type UpRun } from './up-run';

/** The `up` the user started: each step live, then what it changed or why it stopped. */
export function UpProgress({ name, run }: { name: string; run: UpRun }) {
  return (
    <section className="card up-progress" aria-label="Up progress">
      <h2>
        {run.running ? 'Up is running' : run.cancelled ? 'Up was cancelled' : run.error ? 'Up failed' : 'Up finished'}{' '}
        <span className="muted">{upProgress(run)}</span>
        {run.running && (
          <Button icon={CloseIcon} onClick={() => useCompose.getState().cancelUp(name)}>
            Cancel up
          </Button>
        )}
      </h2>
      <ol className="plan-rows" aria-label="Steps">
        {run.steps.map((s) => (
          <li key={s.key} className="plan-row" data-state={s.state}>
            {s.state === 'working' && run.running ? <BusyIcon className="icon spin" aria-hidden /> : <DoneIcon className="icon" aria-hidden />}
            <Badge tone={s.state === 'done' ? 'ok' : undefined}>{s.state === 'done' ? 'done' : run.running ? 'working' : 'stopped'}</Badge>
            <span>
              {s.action} {s.kind} <span className="mono">{s.target}</span>
            </span>
            {s.detail && <span className="muted">{s.detail}</span>}
          </li>
        ))}
      </ol>
      {run.error && <Alert tone={run.cancelled ? 'warn' : 'danger'}>{run.error}</Alert>}
      {run.changed && (
        <p role="status">
          {run.changed.length ? `Done in ${((run.ms ?? 0) / 1000).toFixed(1)} s: ${run.changed.join(', ')}.` : 'Done: nothing needed to change.'}
        </p>
      )}
    </section>
  );
}
