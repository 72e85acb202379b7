/** One network opened: its settings, the containers attached with their addresses (each can be disconnected), and connecting another. */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContainerSummary } from '../../../../engine/contract/dto';
import { parseAliases } from '../../../../engine/contract/networks';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert, Badge } from '../../ui/feedback';
import { ConnectIcon, DisconnectIcon } from '../../ui/icons';
import { useContainers } from '../containers';
import { useNetworks } from './networks-store';

/** Every container's name, newest first (module-level, so it is stable). */
const selectContainerNames = (s: { readonly ids: readonly string[]; readonly byId: Readonly<Record<string, ContainerSummary>> }) =>
  s.ids.map((id) => s.byId[id]?.name ?? id);

function ConnectForm({ network, attached }: { network: string; attached: ReadonlySet<string> }) {
  const names = useContainers(useShallow(selectContainerNames)).filter((n) => !attached.has(n));
  const { connect, busy } = useNetworks(useShallow((s) => ({ connect: s.connect, busy: s.busy })));
  const [container, setContainer] = useState('');
  const [aliases, setAliases] = useState('');
  const [aliasError, setAliasError] = useState<string>();
  const containerId = useId();
  const aliasesId = useId();
  const chosen = names.includes(container) ? container : '';
  const submit = async () => {
    const a = parseAliases(aliases);
    if (!a.ok) return setAliasError(a.message);
    if (await connect(network, chosen, a.value)) {
      setContainer('');
      setAliases('');
    }
  };
  if (!names.length) return <p className="hint">Every container is attached to {network} already, or there are none: run one first.</p>;
  return (
    <fieldset className="connect-form">
      <legend>Connect a container</legend>
      <div className="field">
        <label htmlFor={containerId}>Container</label>
        <select id={containerId} value={chosen} onChange={(e) => setContainer(e.target.value)}>
          <option value="">Choose a container…</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={aliasesId}>Aliases</label>
        <input
          id={aliasesId}
          value={aliases}
          placeholder="db, cache"
          aria-invalid={!!aliasError}
          aria-describedby={`${aliasesId}-note`}
          onChange={(e) => {
            setAliases(e.target.value);
            setAliasError(undefined);
          }}
        />
        <span id={`${aliasesId}-note`} className={aliasError ? 'hint invalid' : 'hint'} role={aliasError ? 'alert' : undefined}>
          {aliasError ?? 'Optional: more names it answers to on this network.'}
        </span>
      </div>
      <Button icon={ConnectIcon} busy={busy} disabled={!chosen} onClick={() => void submit()}>
        Connect
      </Button>
    </fieldset>
  );
}

export function NetworkDetail({ name, onClose }: { name: string; onClose(): void }) {
  const n = useNetworks((s) => s.byName[name]);
  const { disconnect, busy, error, dismiss } = useNetworks(useShallow((s) => ({ disconnect: s.disconnect, busy: s.busy, error: s.error, dismiss: s.dismiss })));
  const close = () => {
    dismiss();
    onClose();
  };
  return (
    <Dialog title={`Network ${name}`} wide onClose={close} actions={<Button onClick={close}>Close</Button>}>
      {error && <Alert>{error}</Alert>}
      {!n ? (
        <p>This network is gone.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Driver</dt>
            <dd>
              {n.driver} ({n.scope}) {n.predefined && <Badge>built-in</Badge>} {n.internal && <Badge tone="warn">internal</Badge>}{' '}
              {n.ingress && <Badge>routing mesh</Badge>} {n.attachable && <Badge>attachable</Badge>}
            </dd>
            {n.scope === 'swarm' && (
              <>
                <dt>Services</dt>
                <dd>
                  {n.services.length ? (
                    n.services.map((sv) => (
                      <a key={sv} className="chip" href="#/services">
                        {sv}
                      </a>
                    ))
                  ) : (
                    <span className="muted">none</span>
                  )}
                </dd>
              </>
            )}
            <dt>Subnet</dt>
            <dd className="mono">{n.subnets.join(', ') || '—'}</dd>
            <dt>Gateway</dt>
            <dd className="mono">{n.gateways.join(', ') || '—'}</dd>
            {n.project && (
              <>
                <dt>Compose project</dt>
                <dd>{n.project}</dd>
              </>
            )}
            {Object.keys(n.labels).length > 0 && (
              <>
                <dt>Labels</dt>
                <dd className="mono">
                  {Object.entries(n.labels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join('\n')}
                </dd>
              </>
            )}
            <dt>ID</dt>
            <dd className="mono">{n.id.slice(0, 12)}</dd>
          </dl>
          <h3>Attached containers</h3>
          {n.containers.length ? (
            <table className="plain-table compact" aria-label={`Containers on ${n.name}`}>
              <thead>
                <tr>
                  <th>Container</th>
                  <th>IPv4</th>
                  <th>IPv6</th>
                  <th>Aliases</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {n.containers.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <a href={`#/containers/${c.id}`}>{c.name}</a> {!c.running && <Badge>not running</Badge>}
                    </td>
                    <td className="mono">{c.ipv4 ?? '—'}</td>
                    <td className="mono">{c.ipv6 ?? '—'}</td>
                    <td>{c.aliases.join(', ') || '—'}</td>
                    <td>
                      <Button
                        icon={DisconnectIcon}
                        variant="ghost"
                        busy={busy}
                        aria-label={`Disconnect ${c.name} from ${n.name}`}
                        onClick={() => void disconnect(n.name, c.name)}
                      >
                        Disconnect
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No container is attached.</p>
          )}
          {n.scope === 'swarm' && !n.attachable ? (
            <p className="muted">Only services’ tasks join this network: it was not made attachable, so a container cannot be connected to it.</p>
          ) : (
            <ConnectForm network={n.name} attached={new Set(n.containers.map((c) => c.name))} />
          )}
        </>
      )}
    </Dialog>
  );
}
