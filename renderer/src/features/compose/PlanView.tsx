import type { ComposePlan } from '../../../../engine/contract/compose';
import { Alert, Badge } from '../../ui/feedback';
import { planView, VERB_TEXT, type PlanRow, type PlanVerb } from './plan-rows';

const TONE: Partial<Record<PlanVerb, 'ok' | 'warn' | 'danger'>> = { create: 'ok', start: 'ok', recreate: 'warn', remove: 'danger', orphan: 'warn' };

function Row({ row }: { row: PlanRow }) {
  return (
    <li className="plan-row" data-verb={row.verb}>
      <Badge tone={TONE[row.verb]}>{VERB_TEXT[row.verb]}</Badge>
      <span className="mono">{row.subject}</span>
      {row.why && <span className="muted">{row.why}</span>}
    </li>
  );
}

/** The plan of `up`, before anything changes: counts, then what is made, each service in order, the orphans. */
export function PlanView({ plan }: { plan: ComposePlan }) {
  const v = planView(plan);
  return (
    <div className="plan" aria-label="Plan of Up" role="region">
      <p className="plan-summary" role="status">
        {v.changes
          ? `Up will change: ${v.counts.join(', ')}.`
          : `Everything is up to date: Up changes nothing${v.counts.length ? ` (${v.counts.join(', ')})` : ''}.`}
      </p>
      {v.problems.map((p) => (
        <Alert key={p} title="Up cannot go ahead:">
          {p}
        </Alert>
      ))}
      {(v.resources.length > 0 || v.images.length > 0) && (
        <section aria-label="Networks, volumes and images">
          <h3>Networks, volumes and images</h3>
          <ul className="plan-rows">
            {[...v.resources, ...v.images].map((r) => (
              <Row key={r.key} row={r} />
            ))}
          </ul>
        </section>
      )}
      {v.services.map((s) => (
        <section key={s.name} aria-label={`Service ${s.name}`}>
          <h3>
            {s.name} <span className="muted mono">{s.image}</span> {s.after && <span className="muted">{s.after}</span>}
          </h3>
          <ul className="plan-rows">
            {s.rows.map((r) => (
              <Row key={r.key} row={r} />
            ))}
          </ul>
        </section>
      ))}
      {v.orphans.length > 0 && (
        <section aria-label="Orphans">
          <h3>Orphans</h3>
          <ul className="plan-rows">
            {v.orphans.map((r) => (
              <Row key={r.key} row={r} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
