/** The networks page's dialogs: create a bridge network, remove one, prune the unused (named before any goes). */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NetworkSummary } from '../../../../engine/contract/dto';
import { checkNetworkCreate, parseLabelLines, type NetworkFieldError } from '../../../../engine/contract/networks';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { DeleteIcon, NetworksIcon, PruneIcon } from '../../ui/icons';
import { Field } from '../../ui/Field';
import { RemovalList } from '../../ui/RemovalList';
import { useNetworks } from './networks-store';

export function CreateNetworkDialog({ onClose }: { onClose(): void }) {
  const { create, busy, error } = useNetworks(useShallow((s) => ({ create: s.create, busy: s.busy, error: s.error })));
  const [form, setForm] = useState({
    name: '',
    driver: 'bridge' as 'bridge' | 'overlay',
    attachable: true,
    subnet: '',
    gateway: '',
    internal: false,
    labels: '',
  });
  const [errors, setErrors] = useState<readonly NetworkFieldError[]>([]);
  const set = (key: keyof typeof form, value: string | boolean) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((es) => es.filter((e) => e.field !== key));
  };
  const messageOf = (field: NetworkFieldError['field']) => errors.find((e) => e.field === field)?.message;
  const submit = async () => {
    const found: NetworkFieldError[] = checkNetworkCreate(form);
    const labels = parseLabelLines(form.labels);
    if (!labels.ok) found.push({ field: 'labels', message: labels.message });
    setErrors(found);
    if (found.length || !labels.ok) return;
    const made = await create({
      name: form.name.trim(),
      driver: form.driver,
      attachable: form.driver === 'overlay' && form.attachable,
      subnet: form.subnet.trim(),
      gateway: form.gateway.trim(),
      internal: form.internal,
      labels: labels.value,
    });
    if (made) onClose();
  };
  const input = (key: 'name' | 'subnet' | 'gateway', label: string, hint: string, placeholder?: string) => (
    <Field label={label} hint={hint} error={messageOf(key)}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          placeholder={placeholder}
          value={form[key]}
          autoFocus={key === 'name'}
          onChange={(e) => set(key, e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
        />
      )}
    </Field>
  );
  return (
    <Dialog
      title="Create a network"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={NetworksIcon} busy={busy} onClick={() => void submit()}>
            Create
          </Button>
        </>
      }
    >
      {error && <Alert>{error}</Alert>}
      {input('name', 'Name', 'Letters, digits, _ . or -. Containers on it reach each other by name.', 'my-network')}
      <Field
        label="Driver"
        hint={
          form.driver === 'overlay'
            ? 'Spans every node of the swarm: the engine must be a swarm manager. Services are placed on it from their Network settings.'
            : 'A network on this engine alone.'
        }
      >
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={form.driver} onChange={(e) => set('driver', e.target.value)}>
            <option value="bridge">Bridge: this engine</option>
            <option value="overlay">Overlay: across the swarm's nodes</option>
          </select>
        )}
      </Field>
      {input('subnet', 'Subnet', 'Optional, in CIDR form; the engine picks a free one when empty.', '10.20.30.0/24')}
      {input('gateway', 'Gateway', 'Optional: an address inside the subnet.', '10.20.30.1')}
      <Field label="Labels" hint="Optional: one key=value per line." error={messageOf('labels')}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={2}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={form.labels}
            onChange={(e) => set('labels', e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={form.internal} onChange={(e) => set('internal', e.target.checked)} />
        Internal: no way out to other networks or the internet
      </label>
      {form.driver === 'overlay' && (
        <label className="check">
          <input type="checkbox" checked={form.attachable} onChange={(e) => set('attachable', e.target.checked)} />
          Attachable: containers started with docker run may join it too, not only services
        </label>
      )}
      <p className="hint">Berth creates bridge and overlay networks; other drivers (macvlan, ipvlan) are for the docker CLI.</p>
    </Dialog>
  );
}

export function RemoveNetworkDialog({ network, onClose }: { network: NetworkSummary; onClose(): void }) {
  const { remove, busy } = useNetworks(useShallow((s) => ({ remove: s.remove, busy: s.busy })));
  return (
    <Dialog
      title={`Remove ${network.name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={DeleteIcon} busy={busy} onClick={() => void remove(network.name).then(onClose)}>
            Remove
          </Button>
        </>
      }
    >
      <p>
        The network <code>{network.name}</code>
        {network.subnets.length ? ` (${network.subnets.join(', ')})` : ''} goes; no container is attached to it.
      </p>
    </Dialog>
  );
}

/** "Prune unused": names every user network no container is attached to, by Compose project, before any goes. */
export function PruneNetworksDialog({ networks, onClose }: { networks: readonly NetworkSummary[]; onClose(): void }) {
  const { pruneNamed, busy } = useNetworks(useShallow((s) => ({ pruneNamed: s.pruneNamed, busy: s.busy })));
  const n = networks.length;
  return (
    <Dialog
      title={`Remove ${n} unused network${n === 1 ? '' : 's'}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            className="danger-fill"
            icon={PruneIcon}
            busy={busy}
            onClick={() => void pruneNamed(networks.map((x) => x.name)).then(onClose)}
          >
            Remove
          </Button>
        </>
      }
    >
      <RemovalList noun="network" items={networks.map((x) => ({ name: x.name, labels: x.labels }))} />
      <p>No container is attached to them, running or stopped. The engine’s own networks (bridge, host, none) always stay.</p>
    </Dialog>
  );
}
