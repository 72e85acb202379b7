/** The container's writable layer against its image (`docker diff`): what it added, changed and deleted, read on show and on Refresh. */
import { useEffect } from 'react';
import type { ContainerChange } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { RestartIcon } from '../../ui/icons';
import { countOf } from '../../lib/removal-groups';
import { forgetChanges, loadChanges, useDetails } from './details-store';

const MARK: Readonly<Record<ContainerChange['kind'], string>> = { added: 'A', changed: 'C', deleted: 'D' };

export function ChangesView({ id }: { id: string }) {
  const changes = useDetails((s) => s.changes[id]?.value);
  const error = useDetails((s) => s.changes[id]?.error);
  useEffect(() => {
    void loadChanges(id);
    return () => forgetChanges(id);
  }, [id]);
  return (
    <section className="top" aria-label="Changes to the writable layer">
      <div className="toolbar">
        <span className="count">{changes ? countOf(changes.length, 'changed path') : 'Loading…'}</span>
        <span className="spacer" />
        <Button icon={RestartIcon} onClick={() => void loadChanges(id)}>
          Refresh
        </Button>
      </div>
      {error && <Alert>{error}</Alert>}
      {changes && !changes.length && (
        <p className="subtitle">
          No changes yet: the container has written nothing on top of its image. Files written in it (from its Terminal tab, say) show up here after a Refresh.
        </p>
      )}
      {changes && changes.length > 0 && (
        <table className="plain-table compact" aria-label="Changed paths">
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Path</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.path} data-change={c.kind}>
                <td>
                  <span aria-hidden className="mono">
                    {MARK[c.kind]}
                  </span>{' '}
                  {c.kind}
                </td>
                <td className="mono">{c.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
