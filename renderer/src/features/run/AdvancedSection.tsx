/** The run dialog's Advanced section: limits, host name and hosts, capabilities, the healthcheck and --init, behind a disclosure. */
import { useId } from 'react';
import type { FieldError } from '../../../../engine/contract/run-spec';
import { ExpandIcon } from '../../ui/icons';
import { TextField } from './Field';
import { CapabilityPicker } from './CapabilityPicker';
import { messageFor, type RunForm } from './run-form';

type TextKey = {
  [K in keyof RunForm]: RunForm[K] extends string ? K : never;
}[keyof RunForm];

export function AdvancedSection({
  form,
  errors,
  set,
  open,
  onToggle,
  noLimits,
}: {
  form: RunForm;
  errors: readonly FieldError[];
  set<K extends keyof RunForm>(key: K, value: RunForm[K]): void;
  open: boolean;
  onToggle(): void;
  /** Why this engine cannot limit containers, when it cannot: the limit fields say so and are disabled. */
  noLimits?: string;
}) {
  const panelId = useId();
  const text = (key: TextKey, label: string, hint?: string, placeholder?: string, opts: { rows?: number; disabled?: boolean } = {}) => (
    <TextField
      label={label}
      hint={hint}
      placeholder={placeholder}
      error={messageFor(errors, key as FieldError['field'])}
      value={form[key]}
      onChange={(v) => set(key, v)}
      {...opts}
    />
  );
  const limit = (key: 'memory' | 'cpus', label: string, hint: string, placeholder: string) =>
    text(key, label, noLimits ?? hint, placeholder, { disabled: !!noLimits });
  return (
    <section className="run-advanced" aria-labelledby={`${panelId}-head`}>
      <button type="button" id={`${panelId}-head`} className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
        <ExpandIcon className="icon chevron" aria-hidden data-open={open} />
        Advanced
        <span className="subtitle">limits, host name, hosts, capabilities, health check, init</span>
      </button>
      <div id={panelId} hidden={!open}>
        <div className="form-grid">
          {limit('memory', 'Memory limit', 'e.g. 512m or 2g; empty for none.', '512m')}
          {limit('cpus', 'CPU limit', 'CPUs, e.g. 0.5 or 2; empty for none.', '1.5')}
          {text('pidsLimit', 'Process limit', 'Processes at once (--pids-limit); empty for none.', '100')}
          {text('hostname', 'Hostname', 'The name the container sees as its own; empty: the short id.', 'web-1')}
          {text('addHosts', 'Extra hosts', 'One name:ip per line, added to /etc/hosts (ip may be host-gateway).', 'db.local:10.0.0.5', { rows: 2 })}
          <div className="field-col">
            {text('capAdd', 'Add capabilities', 'Linux capabilities, e.g. NET_ADMIN SYS_TIME.', 'NET_ADMIN')}
            {text('capDrop', 'Drop capabilities', 'e.g. ALL, or CHOWN NET_RAW.', 'ALL')}
          </div>
        </div>
        <CapabilityPicker
          capAdd={form.capAdd}
          capDrop={form.capDrop}
          onChange={(add, drop) => {
            if (add !== form.capAdd) set('capAdd', add);
            if (drop !== form.capDrop) set('capDrop', drop);
          }}
        />
        <fieldset className="health">
          <legend>Health check</legend>
          {text('healthCmd', 'Health command', 'Run by the container’s shell; exit 0 means healthy. Empty: the image’s.', 'wget -q -O- http://localhost/')}
          <div className="field-row">
            {text('healthInterval', 'Interval', 'Between checks; default 30s.', '30s')}
            {text('healthTimeout', 'Timeout', 'For one check; default 30s.', '30s')}
            {text('healthStartPeriod', 'Start period', 'Failures not counted; default 0s.', '0s')}
            {text('healthRetries', 'Retries', 'Failures before unhealthy; default 3.', '3')}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={form.init} onChange={(e) => set('init', e.target.checked)} />
          Run an init process as PID 1 (--init)
        </label>
      </div>
    </section>
  );
}
