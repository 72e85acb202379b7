import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EngineEntry } from '../../../../engine/contract/index';
import { useConnection } from '../../api/connection-state';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Badge, EmptyState, PageHeader } from '../../ui/feedback';
import { AddIcon, DeleteIcon, EngineIcon } from '../../ui/icons';
import { AddEngineDialog } from './AddEngineDialog';
import { countsWord, FOLLOWING_VIEWS, kindWord, OWN_ENGINE_VIEWS, platformWord } from './engine-words';
import { useEngines, watchEngines } from './engines-store';

function EngineRow({ e, current, onRemove }: { e: EngineEntry; current: boolean; onRemove(e: EngineEntry): void }) {
  const use = useEngines((s) => s.use);
  const busy = useEngines((s) => s.busy);
  return (
    <tr aria-current={current || undefined}>
      <th scope="row">
        {e.name}
        {current && <Badge>this window</Badge>}
      </th>
      <td>{kindWord(e)}</td>
      <td className="mono">{e.host || '—'}</td>
      <td>
        {e.health.state === 'up' ? (
          <Badge tone="ok">up</Badge>
        ) : (
          <span className="engine-down">
            <Badge tone="danger">down</Badge> {e.health.error}
          </span>
        )}
      </td>
      <td>{platformWord(e)}</td>
      <td>{countsWord(e)}</td>
      <td className="engine-actions">
        <Button disabled={current || busy} onClick={() => void use(e.id)} aria-label={`Use ${e.name} in this window`}>
          Use here
        </Button>
        {e.source === 'added' && <Button variant="ghost" icon={DeleteIcon} aria-label={`Remove ${e.name}`} onClick={() => onRemove(e)} />}
      </td>
    </tr>
  );
}

/** Every engine Berth knows, with live health; add, remove, and choose the one this window works against. */
export function EnginesPage() {
  const { entries, busy, error, notice, dismiss, remove } = useEngines(
    useShallow((s) => ({ entries: s.entries, busy: s.busy, error: s.error, notice: s.notice, dismiss: s.dismiss, remove: s.remove })),
  );
  const current = useConnection((s) => s.engine.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<EngineEntry>();
  useEffect(() => watchEngines(), []);
  const others = entries?.filter((e) => e.source !== 'berth').length ?? 0;
  return (
    <div className="page">
      <PageHeader title="Engines" subtitle={entries ? `${entries.length} known, ${entries.filter((e) => e.health.state === 'up').length} up` : undefined}>
        <Button variant="primary" icon={AddIcon} onClick={() => setAdding(true)}>
          Add engine…
        </Button>
      </PageHeader>
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      <p className="hint">
        The engine chosen for this window (here or in the sidebar) is the one {FOLLOWING_VIEWS} work against; another tab may use another. {OWN_ENGINE_VIEWS}{' '}
        still show Berth&apos;s own engine. Contexts of the docker CLI are listed as they are (remove them with <code>docker context rm</code>).
      </p>
      {adding && <AddEngineDialog onClose={() => setAdding(false)} />}
      {removing && (
        <Dialog
          title={`Remove ${removing.name}?`}
          onClose={() => setRemoving(undefined)}
          actions={
            <>
              <Button onClick={() => setRemoving(undefined)}>Cancel</Button>
              <Button
                variant="danger"
                icon={DeleteIcon}
                busy={busy}
                onClick={() => {
                  void remove(removing.id).then(() => setRemoving(undefined));
                }}
              >
                Remove
              </Button>
            </>
          }
        >
          <p>
            Berth forgets <strong>{removing.host}</strong>. The engine and its containers are not touched; windows working against it go back to choosing
            another.
          </p>
        </Dialog>
      )}
      {!entries ? (
        <p className="hint" role="status">
          Asking each engine…
        </p>
      ) : (
        <table className="plain-table engines-table" aria-label="Engines">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Address</th>
              <th scope="col">Health</th>
              <th scope="col">Version</th>
              <th scope="col">Contents</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <EngineRow key={e.id} e={e} current={e.id === current} onRemove={setRemoving} />
            ))}
          </tbody>
        </table>
      )}
      {entries && others === 0 && (
        <EmptyState icon={EngineIcon} title="Only Berth's own engine so far">
          <p>Add a build server, a colleague&apos;s machine or another local engine: a unix socket, tcp:// (with TLS certificates) or ssh://.</p>
        </EmptyState>
      )}
    </div>
  );
}
