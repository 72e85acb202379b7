import { useState } from 'react';
import type { SwarmState } from '../../../../engine/contract/index';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { AddIcon, LogInIcon, LogOutIcon } from '../../ui/icons';
import { useSwarm } from './swarm-store';
import { leaveConsequence } from './swarm-words';

function TextField(p: {
  label: string;
  value: string;
  set(v: string): void;
  hint?: string;
  error?: string;
  placeholder?: string;
  list?: string;
  onEnter(): void;
  inputMode?: 'numeric';
}) {
  return (
    <Field label={p.label} hint={p.hint} error={p.error}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          value={p.value}
          onChange={(e) => p.set(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && p.onEnter()}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          placeholder={p.placeholder}
          list={p.list}
          inputMode={p.inputMode}
          spellCheck={false}
          autoComplete="off"
        />
      )}
    </Field>
  );
}

/** Pure: the listen port typed, or a sentence. */
function portOf(text: string): number | string {
  const n = Number(text.trim() || '2377');
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : 'A port is a number from 1 to 65535.';
}

/** Initialise a swarm on the window's engine: the address the others reach it at, and the port it listens on. */
export function InitDialog({ engine, swarm, onClose }: { engine: string; swarm: SwarmState; onClose(): void }) {
  const init = useSwarm((s) => s.init);
  const [advertise, setAdvertise] = useState(swarm.addressHint ?? '');
  const [port, setPort] = useState('2377');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ advertise?: string; port?: string }>({});
  const submit = async () => {
    const p = portOf(port);
    if (typeof p === 'string') return setError({ port: p });
    setBusy(true);
    const failed = await init({ advertiseAddr: advertise.trim(), listenPort: p });
    setBusy(false);
    if (!failed) return onClose();
    setError(/port/i.test(failed) && /taken/i.test(failed) ? { port: failed } : { advertise: failed });
  };
  return (
    <Dialog
      title="Initialise a swarm"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={AddIcon} busy={busy} onClick={() => void submit()}>
            Initialise
          </Button>
        </>
      }
    >
      <p>
        <strong>{engine}</strong> becomes the first manager of a new swarm. Other engines join it with a join token you can copy afterwards.
      </p>
      <TextField
        label="Advertise address"
        value={advertise}
        set={setAdvertise}
        error={error.advertise}
        list="swarm-address-hints"
        placeholder="e.g. 192.168.1.20"
        hint="The address the other engines reach this one at. Leave it empty to let the engine choose (it can when it has a single address)."
        onEnter={() => void submit()}
      />
      {swarm.addressHint && (
        <datalist id="swarm-address-hints">
          <option value={swarm.addressHint} />
        </datalist>
      )}
      <TextField
        label="Listen port"
        value={port}
        set={setPort}
        error={error.port}
        inputMode="numeric"
        hint="Managers and nodes talk on this port (2377 unless it is taken)."
        onEnter={() => void submit()}
      />
    </Dialog>
  );
}

/** Join the window's engine to a swarm through one of its managers; the token decides worker or manager. */
export function JoinDialog({ engine, onClose }: { engine: string; onClose(): void }) {
  const join = useSwarm((s) => s.join);
  const [manager, setManager] = useState('');
  const [token, setToken] = useState('');
  const [advertise, setAdvertise] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ manager?: string; token?: string; advertise?: string }>({});
  const submit = async () => {
    if (!manager.trim() || !token.trim()) {
      return setError({ manager: manager.trim() ? undefined : "Give a manager's address.", token: token.trim() ? undefined : 'Paste the join token.' });
    }
    setBusy(true);
    const failed = await join({ remoteAddr: manager.trim(), token: token.trim(), advertiseAddr: advertise.trim() });
    setBusy(false);
    if (!failed) return onClose();
    setError(/token/i.test(failed) ? { token: failed } : /advertise|several addresses/i.test(failed) ? { advertise: failed } : { manager: failed });
  };
  return (
    <Dialog
      title="Join a swarm"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={LogInIcon} busy={busy} onClick={() => void submit()}>
            {busy ? 'Joining…' : 'Join'}
          </Button>
        </>
      }
    >
      <p>
        <strong>{engine}</strong> joins through a manager. A worker token makes it a worker, a manager token a manager. A manager that does not answer is given
        up on after about 20 seconds.
      </p>
      <TextField
        label="Manager address"
        value={manager}
        set={setManager}
        error={error.manager}
        placeholder="e.g. 192.168.1.20:2377"
        hint="Host or IP of a manager, with its port when it is not 2377."
        onEnter={() => void submit()}
      />
      <TextField
        label="Join token"
        value={token}
        set={setToken}
        error={error.token}
        placeholder="SWMTKN-1-…"
        hint="From the manager's Swarm page (Join tokens) or `docker swarm join-token worker`."
        onEnter={() => void submit()}
      />
      <TextField
        label="Advertise address"
        value={advertise}
        set={setAdvertise}
        error={error.advertise}
        hint="Optional: the address the others reach this engine at."
        onEnter={() => void submit()}
      />
    </Dialog>
  );
}

/** Leave the swarm, saying first what goes with it. */
export function LeaveDialog({ engine, swarm, onClose }: { engine: string; swarm: SwarmState; onClose(): void }) {
  const { leave, busy } = { leave: useSwarm((s) => s.leave), busy: useSwarm((s) => s.busy) };
  const c = leaveConsequence(swarm);
  return (
    <Dialog
      title={`Leave the swarm with ${engine}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" icon={LogOutIcon} busy={busy} onClick={() => void leave(c.force).then(onClose)}>
            {c.force ? 'Leave with force' : 'Leave'}
          </Button>
        </>
      }
    >
      <p>{c.text}</p>
    </Dialog>
  );
}
