/** The Dashboard's containers needing attention: exited non-zero or crash-looping, each with its last log lines. */
import { useEffect } from 'react';
import { Badge } from '../../ui/feedback';
import { useNow } from '../../lib/clock';
import { currentStatus, useContainers } from '../containers';
import { needingAttention, type Attention } from './dashboard-model';
import { loadLastLines, useDashboardLive } from './live-store';

/** Re-derives the list only when the containers change (the selector returns the same array otherwise). */
let lastById: unknown;
let lastList: Attention[] = [];
const selectAttention = (s: ReturnType<typeof useContainers.getState>): Attention[] => {
  if (s.byId !== lastById) {
    lastById = s.byId;
    lastList = needingAttention(Object.values(s.byId));
  }
  return lastList;
};

function LastLines({ id, name }: { id: string; name: string }) {
  const entry = useDashboardLive((s) => s.lastLines[id]);
  if (!entry) return <p className="muted last-lines-note">Reading its last lines…</p>;
  if (entry.error) return <p className="muted last-lines-note">Its log could not be read: {entry.error}</p>;
  if (!entry.lines?.length) return <p className="muted last-lines-note">No output: it wrote nothing to its log.</p>;
  return (
    <pre className="last-lines" aria-label={`Last log lines of ${name}`}>
      {entry.lines.map((l, i) => (
        <span key={i} data-stream={l.stream}>
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

export function AttentionCard() {
  const list = useContainers(selectAttention);
  const now = useNow();
  const ids = list.map((a) => a.id).join(' ');
  // Read once per container shown (and per visit), not polled.
  useEffect(() => loadLastLines(ids ? ids.split(' ') : []), [ids]);
  return (
    <section className="card" aria-labelledby="dashboard-attention">
      <h2 id="dashboard-attention">Containers needing attention</h2>
      {list.length === 0 ? (
        <p className="muted">None: no container exited with an error or keeps restarting. Failed ones show here, with their exit code and last lines.</p>
      ) : (
        <ul className="attention-list" aria-label="Containers needing attention">
          {list.map((a) => (
            <li key={a.id}>
              <div className="attention-head">
                <a href={`#/containers/${encodeURIComponent(a.id)}`}>{a.name}</a>
                <Badge tone="danger">{a.crashLoop ? 'crash loop' : `exit code ${a.exitCode}`}</Badge>
                <span className="muted">
                  {a.image} · {currentStatus(a.status, a.observedAt, now)}
                </span>
              </div>
              <LastLines id={a.id} name={a.name} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
