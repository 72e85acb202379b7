/**
 * Builds: a form (context, Dockerfile, tags, build args, target from the
 * Dockerfile's stages, labels, no-cache, pull) with the context summed up
 * before anything is sent; then the build live, steps grouped by stage, each
 * with its state, time and log; a failure shows its step's log and the
 * Dockerfile at its line.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BuildStep } from '../../../../engine/contract/builds';
import { BuildLog } from './BuildLog';
import { StageMap } from './StageMap';
import { stageGraph } from './stage-graph';
import { BuildHistory } from './BuildHistory';
import { Button } from '../../ui/Button';
import { Alert, PageHeader } from '../../ui/feedback';
import { AlertIcon, BuildsIcon, BusyIcon, CloseIcon, DoneIcon, ExpandIcon, StopIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { groupByStage, parsePairs, progressOf, seconds, STATE_LABEL, tailLines, wordDiff, type BuildRun } from './build-run';
import { useBuilds, type BuildForm, type ShownBuild } from './builds-store';
import { countOf } from '../../lib/removal-groups';

const filesText = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/** How much of the context went: while a tar is sent, its progress; after a BuildKit session, what the build read. */
function uploadText(upload: BuildRun['upload']): string {
  if (!upload) return '';
  if (upload.sent !== undefined)
    return upload.sent
      ? ` — ${formatBytes(upload.bytes)} sent (${filesText(upload.sent)}): only what the build read`
      : ' — nothing sent: the engine held every file the build read';
  return upload.bytes < upload.total ? ` — sending ${formatBytes(upload.bytes)}` : '';
}

function duration(s: BuildStep, now: number): string {
  if (!s.started) return '';
  return seconds((s.completed ?? now) - s.started);
}

function StepRow({ step, log, open, onToggle, now }: { step: BuildStep; log?: string; open: boolean; onToggle(): void; now: number }) {
  const Icon =
    step.state === 'running' ? BusyIcon : step.state === 'error' ? AlertIcon : step.state === 'done' || step.state === 'cached' ? DoneIcon : undefined;
  return (
    <li className="build-step" data-state={step.state}>
      <button
        type="button"
        className="step-head"
        aria-expanded={open}
        onClick={onToggle}
        aria-label={`${step.index ? `${step.index}/${step.of} ` : ''}${step.instruction}, ${STATE_LABEL[step.state]}`}
      >
        <ExpandIcon className="icon chevron" aria-hidden data-open={open} />
        <span className="state">{Icon ? <Icon className={step.state === 'running' ? 'icon spin' : 'icon'} aria-hidden /> : null}</span>
        <span className="place mono">{step.index ? `${step.index}/${step.of}` : ''}</span>
        <code className="instruction">{step.instruction}</code>
        <span className="badge-state">{STATE_LABEL[step.state]}</span>
        <span className="time">{duration(step, now)}</span>
      </button>
      {open && <StepLog step={step} log={log} />}
    </li>
  );
}

/** Lines of a step's log shown under it; the plain log has them all. */
const STEP_LINES = 400;
/** Lines of the failing step's output shown with the failure, first thing on the page. */
const FAILED_LINES = 30;

/** How often a running step's log is drawn again: several steps pouring out lines would otherwise re-lay out every frame. */
const STEP_LOG_MS = 250;

/** `value`, changing at most every `ms` (the latest value always shows in the end). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const t = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}

function StepLog({ step, log }: { step: BuildStep; log?: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const throttled = useThrottled(log, STEP_LOG_MS);
  const tail = useMemo(() => tailLines(throttled ?? '', STEP_LINES), [throttled]);
  // The running step's log follows its end.
  useEffect(() => {
    if (step.state === 'running' && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [tail, step.state]);
  return (
    <pre ref={ref} className="step-log" tabIndex={0} aria-label={`Log of ${step.instruction}`}>
      {tail.dropped ? <span className="log-dropped">{`… ${tail.dropped.toLocaleString('en-US')} earlier lines are in the plain log.\n`}</span> : null}
      {tail.text || (step.state === 'cached' ? 'Cached: this step did not run.' : 'No output.')}
    </pre>
  );
}

/** The Dockerfile around the failing instruction, its lines marked. */
function DockerfileAt({ text, line, endLine }: { text: string; line: number; endLine: number }) {
  const lines = text.split('\n');
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, endLine + 3);
  return (
    <pre className="dockerfile-excerpt" aria-label={`Dockerfile, lines ${from} to ${to}`}>
      {lines.slice(from - 1, to).map((l, i) => {
        const n = from + i;
        const hit = n >= line && n <= endLine;
        return (
          <div key={n} className={hit ? 'hit' : undefined} aria-current={hit && n === line ? 'true' : undefined}>
            <span className="ln">{n}</span>
            {l || ' '}
          </div>
        );
      })}
    </pre>
  );
}

/** An instruction before and after, the words that changed marked. */
function InstructionDiff({ before, after }: { before: string; after: string }) {
  const parts = wordDiff(before, after);
  return (
    <pre className="instruction-diff" aria-label="What changed in the instruction">
      <div className="diff-line removed">
        <span className="diff-sign" aria-hidden>
          −
        </span>
        {parts.filter((p) => p.kind !== 'added').map((p, i) => (p.kind === 'removed' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
      </div>
      <div className="diff-line added">
        <span className="diff-sign" aria-hidden>
          +
        </span>
        {parts.filter((p) => p.kind !== 'removed').map((p, i) => (p.kind === 'added' ? <ins key={i}>{p.text}</ins> : <span key={i}>{p.text}</span>))}
      </div>
    </pre>
  );
}

/** When the last step finished (for a build that is over). */
function lastTime(run: BuildRun, fallback: number): number {
  const times = Object.values(run.steps).map((s) => s.completed ?? 0);
  return times.length ? Math.max(...times) : fallback;
}

/** A build, live or reopened from the history (`label` and `onClose` then). */
function LiveBuild({
  shown,
  dockerfileText,
  running,
  onCancel,
  label = 'Build',
  onClose,
}: {
  shown: ShownBuild;
  dockerfileText?: string;
  running: boolean;
  onCancel?(): void;
  label?: string;
  onClose?(): void;
}) {
  const { run, log, started } = shown;
  const [now, setNow] = useState(Date.now());
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [plain, setPlain] = useState(false);
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(t);
  }, [running]);
  const p = progressOf(run);
  const groups = useMemo(() => groupByStage(run), [run]);
  const graph = useMemo(() => stageGraph(run), [run]);
  const showStage = (stage: string) => {
    setPlain(false);
    // After the steps view is back on screen.
    requestAnimationFrame(() => {
      const el = document.getElementById(`build-stage-${stage}`);
      el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      el?.focus({ preventScroll: true });
    });
  };
  const end = run.end;
  const isOpen = (s: BuildStep) => open[s.digest] ?? (s.state === 'running' || s.state === 'error');
  const skipped = run.plan?.stages.filter((s) => !s.runs) ?? [];
  return (
    <section className="card build-live" aria-label={label}>
      <div className="toolbar">
        {onClose && <span className="hint">{label}:</span>}
        <h2>{end?.t === 'done' ? 'Built' : end?.t === 'failed' ? 'Build failed' : running ? 'Building…' : run.cancelled ? 'Cancelled' : 'Stopped'}</h2>
        <span role="status" className="build-progress">
          {p.done} of {p.total} steps{p.cached ? ` (${p.cached} cached)` : ''} ·{' '}
          {seconds((end?.t === 'done' ? started + end.ms : running ? now : lastTime(run, now)) - started)}
        </span>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" aria-pressed={!plain} onClick={() => setPlain(false)}>
            Steps
          </button>
          <button type="button" aria-pressed={plain} onClick={() => setPlain(true)}>
            Plain log
          </button>
        </div>
        {running && (
          <Button icon={StopIcon} onClick={onCancel}>
            Cancel build
          </Button>
        )}
        {onClose && (
          <Button icon={CloseIcon} onClick={onClose}>
            Close
          </Button>
        )}
      </div>
      {run.context && (
        <p className="hint">
          Context: {filesText(run.context.files)}, {formatBytes(run.context.bytes)}
          {run.context.excluded ? `, ${run.context.excluded} left out by .dockerignore` : ''}
          {uploadText(run.upload)}
        </p>
      )}
      {run.builder?.reason && (
        <p className="hint" role="note" aria-label="Builder">
          {run.builder.reason}
        </p>
      )}
      {end?.t === 'done' && (
        <p className="build-result">
          Image <code>{end.imageId.slice(7, 19)}</code>
          {end.tags.length ? ` tagged ${end.tags.join(', ')}` : ''} in {seconds(end.ms)}.
        </p>
      )}
      {run.explain && (
        <div className="build-explain" role="note" aria-label="Cache">
          <p>
            {run.explain.explanation.first
              ? `Cache: ${run.explain.explanation.cached} of ${countOf(run.explain.explanation.total, 'step')} came from the cache. The first that ran, ${run.explain.explanation.first.instruction}${run.explain.explanation.first.line ? ` (line ${run.explain.explanation.first.line})` : ''}: ${run.explain.text ?? ''}`
              : `Cache: ${run.explain.explanation.total === 1 ? 'its one step' : `all ${run.explain.explanation.total} steps`} came from the cache, as nothing they depend on changed since the last build.`}
          </p>
          {run.explain.explanation.first?.reason.kind === 'instruction-changed' && (
            <InstructionDiff before={run.explain.explanation.first.reason.before} after={run.explain.explanation.first.reason.after} />
          )}
        </div>
      )}
      {end?.t === 'failed' && (
        <Alert title="The build failed:">
          {end.message}
          {end.digest && run.logs[end.digest] ? (
            <pre className="failed-log" aria-label="Output of the failing step">
              {tailLines(run.logs[end.digest]!, FAILED_LINES).text}
            </pre>
          ) : null}
          {dockerfileText && end.line ? <DockerfileAt text={dockerfileText} line={end.line} endLine={end.endLine ?? end.line} /> : null}
        </Alert>
      )}
      {graph && graph.nodes.length > 1 && <StageMap run={run} graph={graph} now={now} onPick={showStage} />}
      {plain && <BuildLog buffer={log} name={`build-${new Date(started).toISOString().replace(/[:.]/g, '-')}`} />}
      {!plain &&
        groups.map((g) => (
          <section key={g.title} className="stage-group" aria-label={g.title}>
            <h3 id={g.stage ? `build-stage-${g.stage}` : undefined} tabIndex={-1}>
              {g.title}
            </h3>
            <ol className="build-steps">
              {g.steps.map((s) => (
                <StepRow
                  key={s.digest}
                  step={s}
                  log={run.logs[s.digest]}
                  open={isOpen(s)}
                  now={now}
                  onToggle={() => setOpen((o) => ({ ...o, [s.digest]: !isOpen(s) }))}
                />
              ))}
            </ol>
          </section>
        ))}
      {!plain && skipped.length > 0 && <p className="hint">Skipped for this target: {skipped.map((s) => s.name ?? `stage ${s.index}`).join(', ')}.</p>}
    </section>
  );
}

export function BuildsPage() {
  const { form, plan, planError, live, running, reopened, error } = useBuilds(
    useShallow((s) => ({ form: s.form, plan: s.plan, planError: s.planError, live: s.live, running: s.running, reopened: s.reopened, error: s.error })),
  );
  const { setForm, start, cancel, closeReopened, replan } = useBuilds.getState();
  // The context's files may have changed while the page was away.
  useEffect(() => replan(), [replan]);
  const args = parsePairs(form.buildArgs, 'Build args');
  const labels = parsePairs(form.labels, 'Labels');
  const set = <K extends keyof BuildForm>(k: K, v: BuildForm[K]) => setForm({ [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start(form);
  };

  return (
    <div className="page builds-page">
      <PageHeader title="Builds" />
      <form className="card build-form" onSubmit={submit} aria-label="Build an image">
        <div className="form-grid">
          <label className="field">
            Context folder
            <input value={form.context} onChange={(e) => set('context', e.target.value)} placeholder="~/src/app" spellCheck={false} required />
          </label>
          <label className="field">
            Dockerfile (optional)
            <input value={form.dockerfile} onChange={(e) => set('dockerfile', e.target.value)} placeholder="Dockerfile in the context" spellCheck={false} />
          </label>
          <label className="field">
            Tags
            <input value={form.tags} onChange={(e) => set('tags', e.target.value)} placeholder="app:dev, app:latest" spellCheck={false} />
          </label>
          <label className="field">
            Target stage
            <select value={form.target} onChange={(e) => set('target', e.target.value)} disabled={!plan}>
              <option value="">The last stage{plan ? ` (${plan.stages.at(-1)?.name ?? `stage ${plan.stages.length - 1}`})` : ''}</option>
              {plan?.stages
                .filter((s) => s.name)
                .map((s) => (
                  <option key={s.index} value={s.name}>
                    {s.name} (line {s.line})
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            Builder
            <select value={form.builder} onChange={(e) => set('builder', e.target.value as BuildForm['builder'])}>
              <option value="auto">BuildKit (the classic builder if the engine has no BuildKit)</option>
              <option value="buildkit">BuildKit only</option>
              <option value="classic">The classic builder</option>
            </select>
          </label>
          <span className="hint builder-hint">
            {form.builder === 'classic' ? 'Runs every stage up to the target one after another; no RUN --mount or heredocs.' : ''}
          </span>
          <label className="field">
            Build args (NAME=value per line)
            <textarea
              value={form.buildArgs}
              onChange={(e) => set('buildArgs', e.target.value)}
              rows={3}
              spellCheck={false}
              aria-invalid={args.ok ? undefined : true}
            />
          </label>
          <label className="field">
            Labels (NAME=value per line)
            <textarea
              value={form.labels}
              onChange={(e) => set('labels', e.target.value)}
              rows={3}
              spellCheck={false}
              aria-invalid={labels.ok ? undefined : true}
            />
          </label>
        </div>
        {!args.ok && (
          <p className="hint invalid" role="alert">
            {args.message}
          </p>
        )}
        {!labels.ok && (
          <p className="hint invalid" role="alert">
            {labels.message}
          </p>
        )}
        <div className="toolbar">
          <label className="check">
            <input type="checkbox" checked={form.noCache} onChange={(e) => set('noCache', e.target.checked)} /> No cache
          </label>
          <label className="check">
            <input type="checkbox" checked={form.pull} onChange={(e) => set('pull', e.target.checked)} /> Pull newer base images
          </label>
          <span className="spacer" />
          {planError && (
            <span className="hint invalid" role="alert">
              {planError}
            </span>
          )}
          {plan && (
            <span className="hint" role="status">
              {plan.stages.length} stage{plan.stages.length === 1 ? '' : 's'} · context {filesText(plan.context.files)}, {formatBytes(plan.context.bytes)}
              {plan.context.excluded ? ` (${plan.context.excluded} left out by .dockerignore)` : ''}
            </span>
          )}
          <Button type="submit" variant="primary" icon={BuildsIcon} disabled={!form.context.trim() || !args.ok || !labels.ok || running}>
            Build
          </Button>
        </div>
        {plan?.context.large && (
          <Alert tone="warn" title="A large context:">
            {formatBytes(plan.context.bytes)} in this context. BuildKit is sent only the files the build reads, but the classic builder, and a{' '}
            <code>COPY . .</code>, take all of it: leave out what the build does not need with a .dockerignore.
          </Alert>
        )}
      </form>
      {error && <Alert>{error}</Alert>}
      {reopened ? (
        <LiveBuild
          key={`kept-${reopened.started}`}
          shown={reopened}
          dockerfileText={reopened.dockerfileText}
          running={false}
          label={`Build of ${new Date(reopened.started).toLocaleString()}`}
          onClose={closeReopened}
        />
      ) : (
        live && <LiveBuild key={`live-${live.started}`} shown={live} dockerfileText={plan?.dockerfileText} running={running} onCancel={cancel} />
      )}
      <BuildHistory />
    </div>
  );
}
