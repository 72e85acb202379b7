/** The Learn page: the guided walkthroughs with their progress; each opens in the docked panel, which stays while you use the real views. */
import { useShallow } from 'zustand/react/shallow';
import { Alert, Badge, PageHeader } from '../../ui/feedback';
import { Button } from '../../ui/Button';
import { LearnIcon, ResetIcon, StartIcon } from '../../ui/icons';
import { useEngine } from '../engine';
import { currentStep, progressText } from './learn-model';
import { useLearn } from './learn-store';
import { WALKTHROUGHS, type Walkthrough } from './walkthroughs';

function WalkthroughCard({ w }: { w: Walkthrough }) {
  const { done, active } = useLearn(useShallow((s) => ({ done: s.progress[w.id], active: s.active === w.id })));
  const { open, startOver } = useLearn.getState();
  const progress = progressText(w, done);
  const finished = !currentStep(w, done);
  const started = (done?.length ?? 0) > 0;
  const headingId = `learn-${w.id}`;
  return (
    <li className="card learn-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{w.title}</h2>
      <p className="muted">{w.summary}</p>
      <p className="learn-progress">
        <Badge tone={finished ? 'ok' : undefined}>{progress}</Badge>
        <span className="muted">{w.steps.length} steps</span>
      </p>
      <div className="learn-card-actions">
        {!finished && (
          <Button variant="primary" icon={StartIcon} aria-label={`${started ? 'Continue' : 'Start'}: ${w.title}`} onClick={() => open(w.id)} disabled={active}>
            {active ? 'Open below' : started ? 'Continue' : 'Start'}
          </Button>
        )}
        {(started || finished) && (
          <Button icon={ResetIcon} aria-label={`Start over: ${w.title}`} onClick={() => startOver(w.id)}>
            Start over
          </Button>
        )}
      </div>
    </li>
  );
}

export function LearnPage() {
  const running = useEngine((s) => s.status?.state === 'running');
  return (
    <div className="page">
      <PageHeader title="Learn" subtitle="Guided walkthroughs on your own engine" />
      <div className="learn-page">
        <section className="learn-intro" aria-label="How walkthroughs work">
          <LearnIcon className="learn-intro-icon" aria-hidden />
          <p>
            Each walkthrough writes a small project under Berth&rsquo;s home, on Berth&rsquo;s own busybox image, so no registry is needed. Its steps are real
            actions in the real views; a panel stays docked at the bottom while you move between pages, and a step is checked only when the engine confirms it.
            Pick one to start.
          </p>
        </section>
        {!running && (
          <Alert tone="warn" title="The engine is not running.">
            Walkthroughs build on your engine: start it on the <a href="#/engine">Engine page</a> first.
          </Alert>
        )}
        <ul className="learn-list" aria-label="Walkthroughs">
          {WALKTHROUGHS.map((w) => (
            <WalkthroughCard key={w.id} w={w} />
          ))}
        </ul>
      </div>
    </div>
  );
}
