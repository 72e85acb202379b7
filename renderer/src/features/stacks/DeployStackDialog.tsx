/**
 * "Deploy stack…": the stack's name and Compose file (paths on the machine running Berth), then its plan — what
 * will be created, updated (which settings), left alone, removed — then the deploy with each step as it happens.
 * The deploy belongs to the store: closing the dialog does not stop it, and opening it again shows it.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert, Badge } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { BusyIcon, DoneIcon, InspectIcon, UpIcon } from '../../ui/icons';
import { EMPTY_STACK_FORM, stackInputOf, suggestedName, type StackField, type StackForm } from './deploy-form';
import type { DeployRun } from './deploy-run';
import { StackPlanView } from './StackPlanView';
import { useStacks } from './stacks-store';

function DeploySteps({ run }: { run: DeployRun }) {
  return (
    <section aria-label={`Deploying ${run.stack}`} className="stack-steps">
      <ul className="plan-rows">
        {run.steps.map((s) => (
          <li key={s.key} className="plan-row" data-state={s.state}>
            <Badge tone={s.state === 'done' ? 'ok' : s.state === 'failed' ? 'danger' : undefined}>
              {s.state === 'working' ? `${s.action}…` : s.state === 'failed' ? 'failed' : `${s.action}d`}
            </Badge>
            <span className="muted">{s.kind}</span>
            <span className="mono">{s.target}</span>
          </li>
        ))}
      </ul>
      <p role="status" className="plan-summary">
        {run.running
          ? 'Deploying…'
          : run.error
            ? ''
            : run.changed?.length
              ? `Deployed in ${((run.ms ?? 0) / 1000).toFixed(1)} s.`
              : 'Nothing needed to change.'}
      </p>
      {run.error && <Alert title="The deploy stopped:">{run.error}</Alert>}
    </section>
  );
}

export function DeployStackDialog({ onClose, initial }: { onClose(): void; initial?: Partial<StackForm> }) {
  const { plan, planning, planError, run, makePlan, forgetPlan, deploy, clearRun } = useStacks(
    useShallow((s) => ({
      plan: s.plan,
      planning: s.planning,
      planError: s.planError,
      run: s.run,
      makePlan: s.makePlan,
      forgetPlan: s.forgetPlan,
      deploy: s.deploy,
      clearRun: s.clearRun,
    })),
  );
  const [form, setForm] = useState<StackForm>({ ...EMPTY_STACK_FORM, ...initial });
  const [errors, setErrors] = useState<readonly { field: StackField; message: string }[]>([]);
  // The name follows the file's directory until the user types one.
  const [nameTyped, setNameTyped] = useState(!!initial?.name);
  const set = <K extends keyof StackForm>(key: K, value: StackForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((es) => es.filter((e) => e.field !== key));
    forgetPlan();
  };
  const check = async () => {
    const r = stackInputOf(form);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    await makePlan(r.input);
  };
  const close = () => {
    clearRun();
    onClose();
  };
  const messageOf = (field: StackField) => errors.find((e) => e.field === field)?.message;
  const showing = run ? 'run' : plan ? 'plan' : 'form';
  return (
    <Dialog
      title={run ? `Deploy ${run.stack}` : 'Deploy a stack'}
      onClose={close}
      wide
      actions={
        showing === 'run' ? (
          <Button variant="primary" icon={run?.running ? BusyIcon : DoneIcon} onClick={close}>
            {run?.running ? 'Hide (keeps deploying)' : 'Close'}
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            {showing === 'plan' && <Button onClick={forgetPlan}>Back</Button>}
            {showing === 'form' ? (
              <Button variant="primary" icon={InspectIcon} busy={planning} onClick={() => void check()}>
                See the plan
              </Button>
            ) : (
              <Button variant="primary" icon={UpIcon} disabled={!!plan?.plan.refusals.length} onClick={() => plan && deploy(plan.input)}>
                Deploy
              </Button>
            )}
          </>
        )
      }
    >
      {showing === 'run' && run && (
        <>
          {run.plan && <StackPlanView plan={run.plan} />}
          <DeploySteps run={run} />
        </>
      )}
      {showing === 'plan' && plan && <StackPlanView plan={plan.plan} />}
      {showing === 'form' && (
        <div className="field-col">
          <Field
            label="Compose file"
            hint="A full path on the machine running Berth; one a line for several files (merged in order)."
            error={messageOf('files')}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                rows={2}
                autoFocus
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                placeholder="/home/me/shop/compose.yaml"
                value={form.files}
                onChange={(e) => {
                  const files = e.target.value;
                  set('files', files);
                  if (!nameTyped) setForm((f) => ({ ...f, files, name: suggestedName(files.split('\n')[0] ?? '') }));
                }}
              />
            )}
          </Field>
          <Field label="Stack name" hint="Its services, networks, configs and secrets are named <stack>_<name>." error={messageOf('name')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={form.name}
                onChange={(e) => {
                  setNameTyped(true);
                  set('name', e.target.value);
                }}
                onKeyDown={(e) => e.key === 'Enter' && void check()}
              />
            )}
          </Field>
          <Field label="Env file (optional)" hint="Default: .env beside the Compose file, when there is one." error={messageOf('envFile')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={form.envFile}
                onChange={(e) => set('envFile', e.target.value)}
              />
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={form.prune} onChange={(e) => set('prune', e.target.checked)} />
            Remove the stack’s services the file no longer has (prune)
          </label>
          {planError && (
            <p className="hint invalid compose-error" role="alert">
              {planError}
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
