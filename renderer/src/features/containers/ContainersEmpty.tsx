import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/feedback';
import { ContainersIcon, EngineIcon, ImagesIcon, StartIcon } from '../../ui/icons';
import { useEngine } from '../engine';

/** The engine is stopped (or failed): say so, offer to start it, and point at the reason. */
export function EngineDownState() {
  const state = useEngine((s) => s.status?.state);
  const busy = useEngine((s) => s.busy);
  const run = useEngine((s) => s.run);
  const failed = state === 'error';
  return (
    <EmptyState
      icon={EngineIcon}
      title={failed ? 'The engine stopped with an error' : 'The engine is not running'}
      action={
        <Button variant="primary" icon={StartIcon} busy={busy === 'start'} onClick={() => void run('start')}>
          Start engine
        </Button>
      }
    >
      <p>
        {failed ? (
          <>
            Its last log lines are on the <a href="#/engine">Engine page</a>. Start it again to see and run containers.
          </>
        ) : (
          "Start Berth's engine to see and run containers."
        )}
      </p>
    </EmptyState>
  );
}

/** The engine runs and has no containers: the two ways to make one. */
export function NoContainersState({ onRun }: { onRun(): void }) {
  return (
    <EmptyState
      icon={ContainersIcon}
      title="No containers yet"
      action={
        <div className="empty-actions">
          <Button variant="primary" icon={StartIcon} onClick={onRun}>
            Run a container…
          </Button>
          <a className="btn" href="#/images">
            <ImagesIcon className="icon" aria-hidden />
            Go to Images
          </a>
        </div>
      }
    >
      <p>Run one here or from the Images page. Containers started by your own docker CLI show up here too, live:</p>
      <pre className="snippet">
        <code>{'export DOCKER_HOST=…   # copy it from the Engine page\ndocker run -d -p 127.0.0.1:8080:80 <image>'}</code>
      </pre>
    </EmptyState>
  );
}
