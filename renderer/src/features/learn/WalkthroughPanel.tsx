/** The docked walkthrough panel: the open walkthrough's steps, the current one's sentence and its action; it stays on every page. */
import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../../lib/format';
import { Alert } from '../../ui/feedback';
import { Button } from '../../ui/Button';
import { CloseIcon, DoneIcon, LearnIcon, ResetIcon } from '../../ui/icons';
import { changesText, currentStep } from './learn-model';
import { useLearn } from './learn-store';
import { walkthroughOf, type Walkthrough } from './walkthroughs';

function Facts({ w }: { w: Walkthrough }) {
  const { change, story, project, images, container, changes } = useLearn(
    useShallow((s) => ({ change: s.change, story: s.story, project: s.projects[w.id], images: s.images, container: s.container, changes: s.changes })),
  );
  if (w.id === 'cache')
    return (
      <>
        {change && (
          <p className="learn-fact">
            <code>{change.file}</code> now says <q>{change.after.trim()}</q>.
          </p>
        )}
        {story && (
          <p className="learn-fact" role="status">
            {story.text}
          </p>
        )}
      </>
    );
  if (w.id === 'shell')
    return (
      <>
        {container && (
          <p className="learn-fact">
            Container <code>{container.name}</code> runs <code>{container.image}</code>.
          </p>
        )}
        {changes && (
          <p className="learn-fact" role="status">
            Its writable layer: {changesText(changes)} (
            {changes
              .filter((c) => c.kind !== 'changed')
              .map((c) => c.path)
              .join(', ')}
            ).
          </p>
        )}
      </>
    );
  const built = (project?.images ?? []).flatMap((i) => (images[i.tag] ? [images[i.tag]!] : []));
  if (!built.length) return null;
  return (
    <table className="plain-table compact learn-fact learn-sizes" aria-label="Images built">
      <thead>
        <tr>
          <th scope="col">Image</th>
          <th scope="col">Size</th>
          <th scope="col">Layers</th>
        </tr>
      </thead>
      <tbody>
        {built.map((i) => (
          <tr key={i.tag}>
            <td>
              <code>{i.tag}</code>
            </td>
            <td>{formatBytes(i.size)}</td>
            <td>{i.layers}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WalkthroughPanel() {
  const { active, done, busy, waiting, error } = useLearn(
    useShallow((s) => ({ active: s.active, done: s.active ? s.progress[s.active] : undefined, busy: s.busy, waiting: s.waiting, error: s.error })),
  );
  if (!active) return null;
  const { act, close, startOver, dismissError } = useLearn.getState();
  const w = walkthroughOf(active);
  const step = currentStep(w, done);
  return (
    <aside className="learn-panel" aria-label={`Walkthrough: ${w.title}`}>
      <header className="learn-panel-head">
        <LearnIcon className="icon" aria-hidden />
        <h2>{w.title}</h2>
        <Button variant="ghost" icon={CloseIcon} aria-label="Hide the walkthrough" title="Hide (progress is kept)" onClick={close} />
      </header>
      <ol className="learn-steps" aria-label="Steps">
        {w.steps.map((s, i) => {
          const isDone = done?.includes(s.id) ?? false;
          return (
            <li key={s.id} aria-current={s === step ? 'step' : undefined} data-done={isDone || undefined}>
              <span className="learn-step-mark" aria-hidden>
                {isDone ? <DoneIcon className="icon" /> : i + 1}
              </span>
              {s.title}
              {isDone && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
      {step ? (
        <div className="learn-current">
          <p>{step.explain}</p>
          <Button variant="primary" busy={busy === step.id} onClick={() => void act()}>
            {step.label}
          </Button>
          {waiting && (
            <p className="muted" role="status">
              Building <code>{waiting.tag}</code>: the Builds page shows each step live. This step is checked when the engine has the image.
            </p>
          )}
        </div>
      ) : (
        <div className="learn-current">
          <p role="status">Finished: every step was confirmed by the engine.</p>
          <Button icon={ResetIcon} onClick={() => startOver(w.id)}>
            Start over
          </Button>
        </div>
      )}
      <Facts w={w} />
      {error && (
        <div className="learn-error">
          <Alert>{error}</Alert>
          <Button variant="ghost" onClick={dismissError}>
            Dismiss
          </Button>
        </div>
      )}
    </aside>
  );
}
