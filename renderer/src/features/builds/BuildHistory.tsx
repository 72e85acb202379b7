/**
 * The build history: every build kept under the Berth home, newest first, to rebuild with the same settings or delete,
 * and a finished build's image to compare file by file with the one its tag named before it.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BuildSummary } from '../../../../engine/contract/builds';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/feedback';
import { CompareIcon, DeleteIcon, HistoryIcon, LogsIcon, RestartIcon } from '../../ui/icons';
import { compareHref } from '../layers';
import { seconds } from './build-run';
import { BuildCompare } from './BuildCompare';
import { useBuilds } from './builds-store';

const RESULT: Record<BuildSummary['result'], string> = { done: 'built', failed: 'failed', cancelled: 'cancelled' };

/** A finished build against the image its tag named before it: a link to compare them, or why there is nothing to compare. */
function PreviousImage({ b }: { b: BuildSummary }) {
  const p = b.previous;
  if (!p || !b.imageId) return null;
  const short = p.imageId.slice(7, 19);
  if (p.gone)
    return (
      <span className="hint previous-image">
        The image {p.tag} named before ({short}) was deleted: there is nothing to compare with.
      </span>
    );
  if (b.imageGone) return <span className="hint previous-image">This build’s image was deleted: there is nothing to compare with.</span>;
  return (
    <a
      className="btn ghost previous-image"
      href={compareHref(p.imageId, b.imageId)}
      aria-label={`Compare the files of ${p.tag} before and after the build of ${new Date(b.startedAt).toLocaleString()}`}
      title={`The image ${p.tag} named before this build (${short}) against the one it made, file by file`}
    >
      <CompareIcon className="icon" aria-hidden />
      Compare with previous
    </a>
  );
}

export function BuildHistory() {
  const { builds, error, chosen } = useBuilds(useShallow((s) => ({ builds: s.history, error: s.historyError, chosen: s.chosen })));
  const { loadHistory, rebuildKept, removeKept, reopen, choose, clearChosen } = useBuilds.getState();
  const first = builds?.find((b) => b.id === chosen[0]);
  useEffect(() => void loadHistory(), [loadHistory]);
  return (
    <section className="card build-history" aria-labelledby="build-history">
      <div className="toolbar">
        <h2 id="build-history">History</h2>
        <span className="hint">
          {builds && builds.length > 1
            ? chosen.length === 1
              ? 'Choose another build of the same Dockerfile to compare.'
              : 'Choose two builds of the same Dockerfile to compare them.'
            : ''}
        </span>
      </div>
      {error && (
        <p className="hint invalid" role="alert">
          {error}
        </p>
      )}
      {builds && !builds.length ? (
        <EmptyState icon={HistoryIcon} title="No builds yet">
          <p>Every build is kept here, with its settings, steps and logs, to rebuild it in one click.</p>
        </EmptyState>
      ) : (
        <table className="plain-table compact" aria-label="Build history">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">Compare</span>
              </th>
              <th>Started</th>
              <th>Context</th>
              <th>Tags</th>
              <th>Result</th>
              <th className="num">Steps cached</th>
              <th className="num">Time</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {builds?.map((b) => (
              <tr key={b.id} data-result={b.result} data-chosen={chosen.includes(b.id)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare the build of ${new Date(b.startedAt).toLocaleString()}`}
                    checked={chosen.includes(b.id)}
                    disabled={!!first && first.id !== b.id && chosen.length === 1 && (first.dockerfile !== b.dockerfile || first.context !== b.context)}
                    title={
                      first && (first.dockerfile !== b.dockerfile || first.context !== b.context)
                        ? 'A build of another Dockerfile'
                        : 'Compare with another build'
                    }
                    onChange={(e) => choose(b.id, e.target.checked)}
                  />
                </td>
                <td>{new Date(b.startedAt).toLocaleString()}</td>
                <td className="mono" title={b.dockerfile}>
                  {b.context}
                  {b.target ? ` → ${b.target}` : ''}
                  {b.engine && <span className="hint"> · on {b.engine}</span>}
                </td>
                <td className="mono">{b.tags.join(', ') || '—'}</td>
                <td>
                  <div className="build-result">
                    {RESULT[b.result]}
                    <PreviousImage b={b} />
                  </div>
                </td>
                <td className="num">
                  {b.cached} of {b.steps}
                </td>
                <td className="num">{seconds(b.endedAt - b.startedAt)}</td>
                <td className="actions">
                  <Button
                    variant="ghost"
                    icon={LogsIcon}
                    aria-label={`Show the steps and log of the build of ${new Date(b.startedAt).toLocaleString()}`}
                    title="Show its steps and log"
                    onClick={() => void reopen(b.id)}
                  />
                  <Button
                    variant="ghost"
                    icon={RestartIcon}
                    aria-label={`Rebuild the build of ${new Date(b.startedAt).toLocaleString()}`}
                    title="Rebuild with the same settings"
                    onClick={() => void rebuildKept(b.id)}
                  />
                  <Button
                    variant="ghost"
                    icon={DeleteIcon}
                    aria-label={`Delete the record of ${new Date(b.startedAt).toLocaleString()}`}
                    title="Delete this record (the image stays)"
                    onClick={() => void removeKept(b.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen.length === 2 && <BuildCompare onClose={clearChosen} />}
    </section>
  );
}
