/** The Services page's dialogs: create a service, scale one, update its image, remove one (naming what goes). */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServiceSummary } from '../../../../engine/contract/index';
import { EMPTY_SERVICE_FORM, serviceInputOf, type ServiceField, type ServiceFieldError, type ServiceForm } from '../../../../engine/contract/services';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { Field } from '../../ui/Field';
import { DeleteIcon, ScaleIcon, ServicesIcon, UpIcon } from '../../ui/icons';
import { useServices } from './services-store';

type TextField = Exclude<ServiceField, 'mode' | 'publishMode' | 'endpointMode' | 'failureAction' | 'order'>;

export function CreateServiceDialog({ onClose }: { onClose(): void }) {
  const { create, busy, error } = useServices(useShallow((s) => ({ create: s.create, busy: s.busy, error: s.error })));
  const [form, setForm] = useState<ServiceForm>(EMPTY_SERVICE_FORM);
  const [errors, setErrors] = useState<readonly ServiceFieldError[]>([]);
  const set = <K extends ServiceField>(key: K, value: ServiceForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((es) => es.filter((e) => e.field !== key));
  };
  const submit = async () => {
    const r = serviceInputOf(form);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    if (await create(r.input)) onClose();
  };
  const messageOf = (field: ServiceField) => errors.find((e) => e.field === field)?.message;
  const input = (key: TextField, label: string, hint: string, placeholder?: string, rows?: number) => (
    <Field label={label} hint={hint} error={messageOf(key)}>
      {({ id, describedBy, invalid }) =>
        rows ? (
          <textarea
            id={id}
            rows={rows}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            value={form[key]}
            onChange={(e) => set(key, e.target.value)}
          />
        ) : (
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            value={form[key]}
            autoFocus={key === 'image'}
            onChange={(e) => set(key, e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void submit()}
          />
        )
      }
    </Field>
  );
  const choice = <K extends 'mode' | 'publishMode' | 'endpointMode' | 'failureAction' | 'order'>(
    key: K,
    label: string,
    options: readonly [ServiceForm[K], string][],
    hint?: string,
  ) => (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <select id={id} aria-describedby={describedBy} value={form[key]} onChange={(e) => set(key, e.target.value as ServiceForm[K])}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const group = (legend: string, children: ReactNode) => (
    <fieldset className="service-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
  return (
    <Dialog
      title="Create a service"
      wide
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={ServicesIcon} busy={busy} onClick={() => void submit()}>
            Create service
          </Button>
        </>
      }
    >
      {error && <Alert>{error}</Alert>}
      {errors.length > 0 && <Alert>Check the {errors.length === 1 ? 'field' : `${errors.length} fields`} marked below.</Alert>}
      <div className="service-form">
        {group(
          'Service',
          <>
            {input('image', 'Image', 'The image every task runs; it must be on each node (or in a registry they reach).', 'nginx:alpine')}
            {input('name', 'Name', 'Letters, digits, _ . or -; tasks are named NAME.1, NAME.2…', 'web')}
            {input('command', 'Command', "Optional: replaces the image's command; quotes group words.", 'sh -c "echo hi; sleep 3600"')}
            {choice('mode', 'Mode', [
              ['replicated', 'Replicated: a number of tasks'],
              ['global', 'Global: one task on every node'],
            ])}
            {form.mode === 'replicated' && input('replicas', 'Replicas', 'How many tasks run.')}
          </>,
        )}
        {group(
          'Network',
          <>
            {input('ports', 'Published ports', 'PUBLISHED:TARGET, e.g. 8080:80 or 53:53/udp; comma or one per line.', '8080:80')}
            {choice(
              'publishMode',
              'Publish mode',
              [
                ['host', 'Host: on the node running the task'],
                ['ingress', 'Ingress: routing mesh on every node'],
              ],
              'Host mode is the default here: the routing mesh needs the kernel’s IPVS, which this machine’s kernel lacks, so ingress ports may not answer.',
            )}
            {choice('endpointMode', 'Endpoint mode', [
              ['vip', 'VIP: one virtual address'],
              ['dnsrr', 'DNS round robin'],
            ])}
            {input('networks', 'Networks', 'Optional: overlay networks to attach, comma separated.', 'backend')}
          </>,
        )}
        {group(
          'Environment and mounts',
          <>
            {input('env', 'Environment', 'One KEY=value per line.', 'MODE=production', 3)}
            {input('mounts', 'Mounts', 'One per line: volume:/path, /host/path:/path[:ro], or tmpfs:/path.', 'data:/var/lib/data', 3)}
          </>,
        )}
        {group(
          'Placement and resources',
          <>
            {input('constraints', 'Constraints', 'One per line, e.g. node.role==manager or node.labels.zone!=b.', 'node.role==manager', 2)}
            <div className="service-pair">
              {input('cpuLimit', 'CPU limit', 'CPUs, e.g. 0.5.')}
              {input('memoryLimit', 'Memory limit', 'e.g. 256m or 1g.')}
            </div>
            <div className="service-pair">
              {input('cpuReservation', 'CPU reservation', 'Kept free for each task.')}
              {input('memoryReservation', 'Memory reservation', 'Kept free for each task.')}
            </div>
          </>,
        )}
        {group(
          'Rolling updates',
          <>
            <div className="service-pair">
              {input('parallelism', 'Parallelism', 'Tasks updated at once (0: all).')}
              {input('delay', 'Delay', 'Seconds between batches.')}
            </div>
            <div className="service-pair">
              {choice('failureAction', 'On failure', [
                ['pause', 'Pause the update'],
                ['continue', 'Continue'],
                ['rollback', 'Roll back'],
              ])}
              {choice('order', 'Order', [
                ['stop-first', 'Stop the old task first'],
                ['start-first', 'Start the new task first'],
              ])}
            </div>
          </>,
        )}
      </div>
    </Dialog>
  );
}

export function ScaleServiceDialog({ service, onClose }: { service: ServiceSummary; onClose(): void }) {
  const { scale, busy, error } = useServices(useShallow((s) => ({ scale: s.scale, busy: s.busy, error: s.error })));
  const [value, setValue] = useState(String(service.desired));
  const [bad, setBad] = useState<string>();
  const submit = async () => {
    if (!/^\d+$/.test(value.trim())) return setBad('Replicas is a whole number (0 stops every task).');
    if (await scale(service.name, Number(value.trim()))) onClose();
  };
  return (
    <Dialog
      title={`Scale ${service.name}`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={ScaleIcon} busy={busy} onClick={() => void submit()}>
            Scale
          </Button>
        </>
      }
    >
      {error && <Alert>{error}</Alert>}
      <Field label="Replicas" hint={`Now ${service.running} running of ${service.desired}.`} error={bad}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="number"
            min={0}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            autoFocus
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setBad(undefined);
            }}
            onKeyDown={(e) => e.key === 'Enter' && void submit()}
          />
        )}
      </Field>
    </Dialog>
  );
}

export function UpdateImageDialog({ service, onClose }: { service: ServiceSummary; onClose(): void }) {
  const { update, busy, error } = useServices(useShallow((s) => ({ update: s.update, busy: s.busy, error: s.error })));
  const [image, setImage] = useState(service.image);
  const [env, setEnv] = useState(service.env.join('\n'));
  const submit = async () => {
    const lines = env
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const changedEnv = lines.join('\n') !== service.env.join('\n');
    if (await update(service.name, image.trim(), changedEnv ? lines : undefined)) onClose();
  };
  const u = service.updateConfig;
  return (
    <Dialog
      title={`Update ${service.name}`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={UpIcon} busy={busy} onClick={() => void submit()}>
            Start update
          </Button>
        </>
      }
    >
      {error && <Alert>{error}</Alert>}
      <Field label="Image" hint={`Now ${service.image}.`}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            autoFocus
            value={image}
            onChange={(e) => setImage(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void submit()}
          />
        )}
      </Field>
      <Field label="Environment" hint="One KEY=value per line.">
        {({ id, describedBy }) => <textarea id={id} rows={3} aria-describedby={describedBy} value={env} onChange={(e) => setEnv(e.target.value)} />}
      </Field>
      <p className="hint">
        The tasks are replaced {u.parallelism ? `${u.parallelism} at a time` : 'all at once'}
        {u.delaySeconds ? `, ${u.delaySeconds} s apart` : ''}, {u.order === 'start-first' ? 'starting each new task first' : 'stopping each old task first'}; on
        failure the update {u.failureAction === 'pause' ? 'pauses' : u.failureAction === 'rollback' ? 'rolls back' : 'continues'}. Open the service to watch it.
      </p>
    </Dialog>
  );
}

export function RemoveServiceDialog({ service, onClose }: { service: ServiceSummary; onClose(): void }) {
  const { remove, busy } = useServices(useShallow((s) => ({ remove: s.remove, busy: s.busy })));
  return (
    <Dialog
      title={`Remove ${service.name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={DeleteIcon} busy={busy} onClick={() => void remove(service.name).then(onClose)}>
            Remove
          </Button>
        </>
      }
    >
      <p>
        The service <code>{service.name}</code> goes, with its{' '}
        {service.mode === 'global' ? 'tasks on every node' : `${service.desired} task${service.desired === 1 ? '' : 's'}`} and their containers ({service.image}
        ). Volumes and the image stay.
      </p>
    </Dialog>
  );
}
