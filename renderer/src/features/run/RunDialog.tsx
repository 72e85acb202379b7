import { useEffect, useId, useState } from 'react';
import type { FieldError, RestartName } from '../../../../engine/contract/run-spec';
import { parseEnvFile } from '../../../../engine/contract/run-spec';
import { navigate } from '../../app/router';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { StartIcon } from '../../ui/icons';
import { ADVANCED_FIELDS, emptyForm, formToSpec, messageFor, networkChoices, specToForm, type RunForm } from './run-form';
import { PasteCommand } from './PasteCommand';
import type { RunSpec } from '../../../../engine/contract/run-spec';
import { AdvancedSection } from './AdvancedSection';
import { Field } from '../../ui/Field';
import { TextField } from './Field';
import { useEngine } from '../engine';
import { selectUserNetworkNames, useNetworks, watchNetworks } from '../networks';
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from '../../api/connection-state';
import { loadRunSuggestions, runContainer, useRunSuggestions } from './run-store';

type Key = keyof RunForm;

/** Do any of these errors belong to a field of the Advanced section (which must then be open to show them)? */
const advancedError = (errors: readonly FieldError[]) => errors.some((e) => (ADVANCED_FIELDS as readonly string[]).includes(e.field));

export function RunDialog({ image = '', onClose }: { image?: string; onClose(): void }) {
  const [form, setForm] = useState<RunForm>(() => emptyForm(image));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [filled, setFilled] = useState<string>();
  /** Show errors, opening the Advanced section when one of them is there. */
  const refuse = (found: readonly FieldError[]) => {
    setErrors(found);
    if (advancedError(found)) setAdvanced(true);
  };
  const images = useRunSuggestions((s) => s.images);
  const engine = useConnection((s) => s.engine);
  const listId = useId();
  // The rootless engine on cgroup v1 cannot limit containers: the fields say why instead of being dropped silently.
  const limits = useEngine((s) => s.status?.limits);
  const noLimits = limits && !limits.available ? (limits.reason ?? 'This engine cannot limit memory or CPU.') : undefined;
  // Local images as suggestions for the Image field.
  useEffect(() => loadRunSuggestions(), []);
  // The networks to choose from, kept live while the dialog is open.
  const networks = useNetworks(useShallow(selectUserNetworkNames));
  useEffect(() => watchNetworks(), []);
  const set = <K extends Key>(key: K, value: RunForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((es) => es.filter((e) => e.field !== key));
  };
  const text = (key: Key, label: string, hint?: string, placeholder?: string, rows?: number) => (
    <TextField
      label={label}
      hint={hint}
      placeholder={placeholder}
      rows={rows}
      list={key === 'image' ? listId : undefined}
      error={messageFor(errors, key as FieldError['field'])}
      value={form[key] as string}
      onChange={(v) => set(key, v as never)}
    />
  );
  const check = (key: Key, label: string) => (
    <label className="check">
      <input type="checkbox" checked={form[key] as boolean} onChange={(e) => set(key, e.target.checked as never)} />
      {label}
    </label>
  );

  const loadEnvFile = async (file: File | undefined) => {
    if (!file) return;
    const r = parseEnvFile(await file.text());
    if (!r.ok) setErrors((es) => [...es, { field: 'env', message: `${file.name}: ${r.message}` }]);
    else set('env', [form.env.trim(), ...r.value].filter(Boolean).join('\n'));
  };

  /** A pasted command replaces the whole form; the Advanced section opens when the command used any of its flags. */
  const fillFrom = (spec: RunSpec) => {
    const next = specToForm(spec);
    setForm(next);
    setErrors([]);
    setAdvanced(ADVANCED_FIELDS.some((k) => !!next[k]));
    setFilled(`The form now holds that command for ${spec.image}: check it, then choose Run.`);
  };

  const submit = async () => {
    setFailure(undefined);
    const { spec, errors: local } = formToSpec(form);
    if (!spec) return refuse(local);
    setBusy(true);
    try {
      const ran = await runContainer(spec);
      if ('refused' in ran) return refuse(ran.refused);
      const { id } = ran;
      onClose();
      navigate('containers');
      window.location.hash = `#/containers/${id}`;
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Run a container"
      wide
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={StartIcon} busy={busy} onClick={() => void submit()}>
            Run
          </Button>
        </>
      }
    >
      {failure && <Alert>{failure}</Alert>}
      {engine.id !== 'berth' && (
        <p className="hint" role="note">
          Runs on {engine.name}, this window’s engine.
        </p>
      )}
      <PasteCommand onSpec={fillFrom} />
      {filled && (
        <p className="hint" role="status">
          {filled}
        </p>
      )}
      <datalist id={listId}>
        {images.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <div className="form-grid">
        {text('image', 'Image', 'An image on this engine, e.g. berth-test/busybox:latest.', 'image:tag')}
        {text('name', 'Name', 'Optional; Docker picks one when empty.')}
        {text('command', 'Command', 'Overrides the image command, e.g. sh -c "echo hi".')}
        {text('entrypoint', 'Entrypoint', 'Overrides the image entrypoint.')}
        {text('ports', 'Ports', 'One per line: [host-ip:][host-port:]container-port[/udp]. No host port: a random one.', '127.0.0.1:8080:80', 3)}
        {text(
          'mounts',
          'Volumes and bind mounts',
          'One per line: /host/path:/in/container[:ro], volume:/path, or /path for an anonymous volume.',
          'data:/var/lib/data',
          3,
        )}
        <div className="field-col">
          {text('env', 'Environment', 'One KEY=value per line.', 'KEY=value', 3)}
          <label className="file-pick">
            Load an env file…
            <input type="file" onChange={(e) => void loadEnvFile(e.target.files?.[0])} />
          </label>
        </div>
        {text('labels', 'Labels', 'One key=value per line.', 'com.example.team=web', 3)}
        <Field label="Restart policy" error={messageFor(errors, 'restart') ?? messageFor(errors, 'autoRemove')}>
          {({ id, describedBy, invalid }) => (
            <div className="inline">
              <select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={form.restart}
                onChange={(e) => set('restart', e.target.value as RestartName)}
              >
                <option value="no">no</option>
                <option value="always">always</option>
                <option value="unless-stopped">unless-stopped</option>
                <option value="on-failure">on-failure</option>
              </select>
              {form.restart === 'on-failure' && (
                <input aria-label="Maximum retries" placeholder="max retries" value={form.maxRetries} onChange={(e) => set('maxRetries', e.target.value)} />
              )}
            </div>
          )}
        </Field>
        <Field
          label="Network"
          hint="bridge is the engine's default; host shares this machine's network; none has no network."
          error={messageFor(errors, 'network')}
        >
          {({ id, describedBy, invalid }) => (
            <select id={id} aria-describedby={describedBy} aria-invalid={invalid} value={form.network} onChange={(e) => set('network', e.target.value)}>
              {networkChoices(networks, form.network).map((n) => (
                <option key={n} value={n}>
                  {n || 'bridge (default)'}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('user', 'User', 'name, uid or uid:gid.')}
        {text('workdir', 'Working directory', 'An absolute path inside the container.')}
      </div>
      <div className="checks">
        {check('publishAll', 'Publish all exposed ports (-P)')}
        {check('autoRemove', 'Remove when it exits (--rm)')}
        {check('interactive', 'Keep STDIN open (-i)')}
        {check('tty', 'Allocate a TTY (-t)')}
      </div>
      <AdvancedSection form={form} errors={errors} set={set} open={advanced} onToggle={() => setAdvanced((o) => !o)} noLimits={noLimits} />
    </Dialog>
  );
}
