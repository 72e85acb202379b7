/** The plan of a stack deploy, before anything changes: warnings, refusals, what changes (and which settings), what stays. */
import type { StackAction, StackPlan } from '../../../../engine/contract/index';
import { Alert, Badge } from '../../ui/feedback';
import { planRows } from './deploy-run';

const VERB: Record<StackAction['action'], string> = { create: 'create', update: 'update', remove: 'remove', keep: 'keep', use: 'use external' };
const TONE: Partial<Record<StackAction['action'], 'ok' | 'warn' | 'danger'>> = { create: 'ok', update: 'warn', remove: 'danger' };

function Row({ a }: { a: StackAction }) {
  return (
    <li className="plan-row" data-verb={a.action}>
      <Badge tone={TONE[a.action]}>{VERB[a.action]}</Badge>
      <span className="muted">{a.kind}</span>
      <span className="mono">{a.name}</span>
      {a.changes.length > 0 && <span className="muted">{a.changes.join(', ')}</span>}
    </li>
  );
}

export function StackPlanView({ plan }: { plan: StackPlan }) {
  const { changing, unchanged } = planRows(plan);
  return (
    <div className="plan stack-plan" role="region" aria-label={`Plan of deploying ${plan.stack}`}>
      <p className="plan-summary" role="status">
        {plan.refusals.length
          ? 'The deploy cannot go ahead; nothing will be changed.'
          : changing.length
            ? `Deploying ${plan.stack} will change ${changing.length} object${changing.length === 1 ? '' : 's'}.`
            : `The stack ${plan.stack} is up to date: nothing to change.`}
      </p>
      {plan.refusals.map((r) => (
        <Alert key={r} title="Cannot deploy:">
          {r}
        </Alert>
      ))}
      {plan.warnings.map((w) => (
        <Alert key={w} tone="warn">
          {w}
        </Alert>
      ))}
      {changing.length > 0 && (
        <section aria-label="What changes">
          <h3>What changes</h3>
          <ul className="plan-rows">
            {changing.map((a) => (
              <Row key={`${a.kind}:${a.name}`} a={a} />
            ))}
          </ul>
        </section>
      )}
      {unchanged.length > 0 && (
        <section aria-label="What stays">
          <h3>What stays</h3>
          <ul className="plan-rows">
            {unchanged.map((a) => (
              <Row key={`${a.kind}:${a.name}`} a={a} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
