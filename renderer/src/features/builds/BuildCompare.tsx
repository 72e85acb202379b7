/** Two builds of the same Dockerfile side by side: totals, then each step's time and cache hit in both, with what changed. */
import type { StepSide } from '../../../../engine/contract/builds';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { CloseIcon } from '../../ui/icons';
import { seconds, STATE_LABEL } from './build-run';
import { useBuilds } from './builds-store';
import { countOf } from '../../lib/removal-groups';

const when = (t: number) => new Date(t).toLocaleString();

/** A difference in time: "+1.2 s", "−0.4 s", or "±0.0 s" when it rounds to nothing. */
function signed(ms: number): string {
  return `${ms >= 50 ? '+' : ms <= -50 ? '−' : '±'}${seconds(Math.abs(ms))}`;
}

function Side({ side, longest }: { side?: StepSide; longest: number }) {
  if (!side) return <span className="compare-none">—</span>;
  return (
    <span className="compare-side" data-state={side.state}>
      <span className="compare-bar" style={{ width: `${side.ms && longest ? Math.max(2, (side.ms / longest) * 100) : 0}%` }} aria-hidden />
      <span>
        {STATE_LABEL[side.state]}
        {side.ms !== undefined && side.state !== 'cached' ? ` ${seconds(side.ms)}` : ''}
      </span>
    </span>
  );
}

/** The comparison of the two builds chosen in the history (the store asks for it when the second is chosen). */
export function BuildCompare({ onClose }: { onClose(): void }) {
  const c = useBuilds((s) => s.comparison?.value);
  const error = useBuilds((s) => s.comparison?.error);
  // Bars scale to the longest step, or to half a second when every step was quicker.
  const longest = Math.max(500, ...(c?.steps.flatMap((s) => [s.before?.ms ?? 0, s.after?.ms ?? 0]) ?? []));
  return (
    <section className="build-compare" aria-labelledby="build-compare">
      <div className="toolbar">
        <h3 id="build-compare">Comparison</h3>
        <span className="spacer" />
        <Button variant="ghost" icon={CloseIcon} aria-label="Close the comparison" onClick={onClose} />
      </div>
      {error && <Alert>{error}</Alert>}
      {c && (
        <>
          <p className="compare-summary" role="status">
            Before ({when(c.before.startedAt)}): {seconds(c.before.ms)}, {c.before.cached} of {countOf(c.before.steps, 'step')} cached. After (
            {when(c.after.startedAt)}): {seconds(c.after.ms)}, {c.after.cached} of {countOf(c.after.steps, 'step')} cached ({signed(c.after.ms - c.before.ms)}).
          </p>
          <table className="plain-table compact compare-table" aria-label="Steps compared">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Step</th>
                <th>Before</th>
                <th>After</th>
                <th className="num">Time</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {c.steps.map((s, i) => (
                <tr key={i} data-change={s.change ?? 'none'}>
                  <td className="mono">{s.stage ?? '—'}</td>
                  <td
                    className="mono instruction"
                    title={s.before && s.before.instruction !== s.instruction ? `Before: ${s.before.instruction}` : s.instruction}
                  >
                    {s.index ? `${s.index}. ` : ''}
                    {s.instruction}
                  </td>
                  <td>
                    <Side side={s.before} longest={longest} />
                  </td>
                  <td>
                    <Side side={s.after} longest={longest} />
                  </td>
                  <td className="num">
                    {s.before?.ms !== undefined && s.after?.ms !== undefined && (s.before.state !== 'cached' || s.after.state !== 'cached')
                      ? signed(s.after.ms - s.before.ms)
                      : ''}
                  </td>
                  <td>{s.change ?? 'same'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
