import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { UpIcon } from '../../ui/icons';
import { selectView, useCompose } from './compose-store';
import { PlanView } from './PlanView';

/** A service's Up: the plan restricted to it and what it depends on, before anything changes; then Up. */
export function ServiceUpDialog({ name }: { name: string }) {
  const view = useCompose(selectView(name));
  const { closeServicePlan, up } = useCompose.getState();
  const asked = view.servicePlan;
  if (!asked) return null;
  const { service, plan, error } = asked;
  const others = plan?.services.map((s) => s.name).filter((s) => s !== service) ?? [];
  return (
    <Dialog
      title={`Up ${service}?`}
      wide
      onClose={() => closeServicePlan(name)}
      actions={
        <>
          <Button onClick={() => closeServicePlan(name)}>Cancel</Button>
          <Button variant="primary" icon={UpIcon} disabled={!plan || plan.problems.length > 0 || !!view.up?.running} onClick={() => up(name, [service])}>
            Up
          </Button>
        </>
      }
    >
      <p>
        Up brings up {service}
        {others.length ? ` and what it depends on: ${others.join(', ')}` : ''}; the project’s other services are left as they are.
      </p>
      {error ? <Alert title="The plan cannot be read:">{error}</Alert> : plan ? <PlanView plan={plan} /> : <p className="muted">Reading the plan…</p>}
    </Dialog>
  );
}
