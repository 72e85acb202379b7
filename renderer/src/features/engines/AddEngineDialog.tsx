import { useState } from 'react';
import type { EngineField } from '../../../../engine/contract/index';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { AddIcon } from '../../ui/icons';
import { useEngines } from './engines-store';

type Errors = Partial<Record<EngineField, string>>;

/** Add an engine: Berth checks each field and reaches the engine before it keeps it; every problem is shown by its field. */
export function AddEngineDialog({ onClose }: { onClose(): void }) {
  const add = useEngines((s) => s.add);
  const [name, setName] = useState('');
  const [host, setHost] = useState('');
  const [ca, setCa] = useState('');
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const [identity, setIdentity] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const tcp = /^tcp:\/\//i.test(host.trim());
  const ssh = /^ssh:\/\//i.test(host.trim());

  const submit = async () => {
    setBusy(true);
    const tls = tcp && (ca || cert || key) ? { ca: ca.trim(), cert: cert.trim(), key: key.trim() } : undefined;
    const found = await add({ name: name.trim(), host: host.trim(), tls, identity: ssh && identity.trim() ? identity.trim() : undefined });
    setBusy(false);
    setErrors(found);
    if (!Object.keys(found).length) onClose();
  };

  const text = (label: string, value: string, set: (v: string) => void, field: EngineField, hint?: string, placeholder?: string) => (
    <Field label={label} hint={hint} error={errors[field]}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          value={value}
          onChange={(e) => set(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
        />
      )}
    </Field>
  );

  return (
    <Dialog
      title="Add an engine"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={AddIcon} busy={busy} disabled={!host.trim()} onClick={() => void submit()}>
            Add engine
          </Button>
        </>
      }
    >
      {text(
        'Address',
        host,
        setHost,
        'host',
        'A unix socket, tcp://host:port, or ssh://user@host[:port] (your ssh agent or key; the host key must be in ~/.ssh/known_hosts).',
        'unix:///var/run/docker.sock',
      )}
      {text('Name', name, setName, 'name', 'How the switcher shows it; the host name when left empty.')}
      {tcp && (
        <fieldset className="engine-tls">
          <legend>TLS client certificates (leave empty for plain TCP)</legend>
          {text('CA certificate', ca, setCa, 'ca', undefined, '/path/to/ca.pem')}
          {text('Client certificate', cert, setCert, 'cert', undefined, '/path/to/cert.pem')}
          {text('Client key', key, setKey, 'key', undefined, '/path/to/key.pem')}
        </fieldset>
      )}
      {ssh && text('SSH key (optional)', identity, setIdentity, 'identity', "When not your agent's or ~/.ssh's default key.", '/home/me/.ssh/id_ed25519')}
    </Dialog>
  );
}
