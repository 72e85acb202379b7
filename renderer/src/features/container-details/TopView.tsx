import { useEffect, useState } from 'react';
import { call } from '../../api/connection';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { RestartIcon } from '../../ui/icons';

/** The container's processes (`docker top`), refreshed on demand and every 5 s while shown. */
export function TopView({ id, running }: { id: string; running: boolean }) {
  const [top, setTop] = useState<{ titles: string[]; processes: string[][] }>();
  const [error, setError] = useState<string>();
  const load = () =>
    call('containers.top', { id }).then(
      (t) => (setTop(t), setError(undefined)),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    if (!running) return;
    void load();
    const t = setInterval(() => void load(), 5000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new poll per container and run state, not per render's `load`
  }, [id, running]);
  if (!running) return <p className="subtitle">Processes are listed while the container runs.</p>;
  return (
    <section className="top" aria-label="Processes">
      <div className="toolbar">
        <span className="count">{top ? `${top.processes.length} processes` : 'Loading…'}</span>
        <span className="spacer" />
        <Button icon={RestartIcon} onClick={() => void load()}>
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
