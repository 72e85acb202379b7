/** The build history: every build kept under the Berth home, newest first, to rebuild with the same settings or delete. */
import { useEffect, useState } from 'react';
import type { BuildRecord, BuildSummary } from '../../../../engine/contract/builds';
import { call } from '../../api/connection';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/feedback';
import { DeleteIcon, HistoryIcon, RestartIcon } from '../../ui/icons';
import { seconds } from './build-run';

const RESULT: Record<BuildSummary['result'], string> = { done: 'built', failed: 'failed', cancelled: 'cancelled' };

export function BuildHistory({ version, onRebuild }: { version: number; onRebuild(record: BuildRecord): void }) {
  const [builds, setBuilds] = useState<BuildSummary[]>();
  const [error, setError] = useState<string>();
  const load = () => call('builds.list', {}).then(setBuilds, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [version]);
  const rebuild = async (id: string) => {
    try {
      onRebuild(await call('builds.get', { id }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (id: string) => {
    try {
      await call('builds.remove', { id });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card build-history" aria-labelledby="build-history">
      <h2 id="build-history">History</h2>
      {error && <p className="hint invalid" role="alert">{error}</p>}
      {builds && !builds.length ? (
        <EmptyState icon={HistoryIcon} title="No builds yet">
          <p>Every build is kept here, with its settings, steps and logs, to rebuild it in one click.</p>
        </EmptyState>
      ) : (
        <table className="plain-table compact" aria-label="Build history">
          <thead>
            <tr>
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
              <tr key={b.id} data-result={b.result}>
                <td>{new Date(b.startedAt).toLocaleString()}</td>
                <td className="mono" title={b.dockerfile}>
                  {b.context}
                  {b.target ? ` → ${b.target}` : ''}
                </td>
                <td className="mono">{b.tags.join(', ') || '—'}</td>
                <td>{RESULT[b.result]}</td>
                <td className="num">
                  {b.cached} of {b.steps}
                </td>
                <td className="num">{seconds(b.endedAt - b.startedAt)}</td>
                <td className="actions">
                  <Button variant="ghost" icon={RestartIcon} aria-label={`Rebuild the build of ${new Date(b.startedAt).toLocaleString()}`} title="Rebuild with the same settings" onClick={() => void rebuild(b.id)} />
                  <Button variant="ghost" icon={DeleteIcon} aria-label={`Delete the record of ${new Date(b.startedAt).toLocaleString()}`} title="Delete this record (the image stays)" onClick={() => void remove(b.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
