import { useShallow } from 'zustand/react/shallow';
import type { DiskFigure } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { PruneIcon, RefreshIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { countOf } from '../../lib/removal-groups';
import { KIND_TEXT, nothingToClean, percentOf } from './dashboard-model';
import { useDashboard } from './dashboard-store';

/** A size in words, with its exact bytes for machines. */
function Bytes({ n }: { n: number }) {
  return <data value={n}>{formatBytes(n)}</data>;
}

function FigureRow({ figure }: { figure: DiskFigure }) {
  const { askCleanup, working, busy } = useDashboard(useShallow((s) => ({ askCleanup: s.askCleanup, working: s.working, busy: s.busy })));
  const text = KIND_TEXT[figure.kind];
  const idle = nothingToClean(figure);
  const reasonId = `cleanup-reason-${figure.kind}`;
  return (
    <tr>
      <th scope="row">{text.label}</th>
      <td className="num">
        {figure.count.toLocaleString('en-US')} <span className="muted">({figure.active.toLocaleString('en-US')} in use)</span>
      </td>
      <td className="num">
        <Bytes n={figure.size} />
      </td>
      <td className="num reclaimable">
        <Bytes n={figure.reclaimable} /> <span className="muted">({percentOf(figure.reclaimable, figure.size)}%)</span>
      </td>
      <td>
        {idle && (
          <span className="hint cleanup-idle" id={reasonId} title={idle}>
            Nothing to clean up
          </span>
        )}
        <Button
          icon={PruneIcon}
          busy={working === figure.kind}
          disabled={busy || !!idle}
          title={idle}
          aria-describedby={idle ? reasonId : undefined}
          aria-label={`Clean up ${text.cleanup}…`}
          onClick={() => void askCleanup(figure.kind)}
        >
          Clean up…
        </Button>
      </td>
    </tr>
  );
}

/** What each kind takes on the engine's disk and what could be freed, as `docker system df` counts it, with a clean-up per kind. */
export function DiskCard({ running }: { running: boolean }) {
  const { usage, loadingUsage, usageError, loadUsage } = useDashboard(
    useShallow((s) => ({ usage: s.usage, loadingUsage: s.loadingUsage, usageError: s.usageError, loadUsage: s.loadUsage })),
  );
  return (
    <section className="card disk-card" aria-labelledby="dashboard-disk">
      <h2 id="dashboard-disk">
        Disk
        <Button
          variant="ghost"
          icon={RefreshIcon}
          busy={loadingUsage}
          disabled={!running}
          aria-label="Measure disk use again"
          onClick={() => void loadUsage()}
        />
      </h2>
      {!running ? (
        <p className="muted">The engine is not running, so its disk use cannot be read. Start it from the Engine page.</p>
      ) : usageError ? (
        <p className="hint invalid">{usageError}</p>
      ) : !usage ? (
        <p className="muted">Measuring disk use…</p>
      ) : (
        <>
          <table className="plain-table disk-table" aria-label="Disk use by kind">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Count</th>
                <th scope="col">Size</th>
                <th scope="col">Reclaimable</th>
                <th scope="col">
                  <span className="visually-hidden">Clean-up</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {usage.figures.map((f) => (
                <FigureRow key={f.kind} figure={f} />
              ))}
            </tbody>
          </table>
          <p className="hint">
            Reclaimable is counted as <code>docker system df</code> does it. A clean-up lists exactly what it deletes before anything goes. For images it takes
            only the dangling ones; unused images with a name are removed from the <a href="#/images">Images</a> page.
          </p>
        </>
      )}
    </section>
  );
}

/** The confirmation of a clean-up: the count, each name with its size, and the total. */
export function CleanupDialog() {
  const { plan, runCleanup, closeDialog } = useDashboard(useShallow((s) => ({ plan: s.plan, runCleanup: s.runCleanup, closeDialog: s.closeDialog })));
  if (!plan) return null;
  const text = KIND_TEXT[plan.kind];
  const n = plan.items.length;
  return (
    <Dialog
      title={`Delete ${countOf(n, text.noun)}?`}
      onClose={closeDialog}
      actions={
        <>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={PruneIcon} onClick={() => void runCleanup()}>
            Delete
          </Button>
        </>
      }
    >
      <div className="removal-list">
        <p>
          <strong>{countOf(n, text.noun)}</strong> will be deleted, freeing about <strong>{formatBytes(plan.size)}</strong>:
        </p>
        <ul aria-label={`The ${text.noun}s deleted`} tabIndex={0}>
          {plan.items.map((i) => (
            <li key={i.id} className="cleanup-item">
              <code>{i.name}</code>
              <span className="muted">{formatBytes(i.size)}</span>
            </li>
          ))}
        </ul>
      </div>
      <p>Only these go: one that changed since this list was made (started, used, tagged) is kept.</p>
    </Dialog>
  );
}
