import { useEffect } from 'react';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { RestartIcon } from '../../ui/icons';
import { forgetTop, loadTop, useDetails, watchTop } from './details-store';

/** The container's processes (`docker top`), refreshed on demand and every 5 s while shown. */
export function TopView({ id, running }: { id: string; running: boolean }) {
  const top = useDetails((s) => s.top[id]?.value);
  const error = useDetails((s) => s.top[id]?.error);
  useEffect(() => (running ? watchTop(id) : undefined), [id, running]);
  useEffect(() => () => forgetTop(id), [id]);
  if (!running) return <p className="subtitle">Processes are listed while the container runs.</p>;
  return (
    <section className="top" aria-label="Processes">
      <div className="toolbar">
        <span className="count">{top ? `${top.processes.length} processes` : 'Loading…'}</span>
        <span className="spacer" />
        <Button icon={RestartIcon} onClick={() => void loadTop(id)}>
          Refresh
        </Button>
      </div>
      {error && <Alert>{error}</Alert>}
      {top && (
        <table className="plain-table">
          <thead>
            <tr>
              {top.titles.map((t) => (
                <th key={t}>{t}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {top.processes.map((p, i) => (
              <tr key={i}>
                {p.map((c, j) => (
                  <td key={j} className={j === p.length - 1 ? 'mono' : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
