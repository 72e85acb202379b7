import { useState, type KeyboardEvent } from 'react';
import { normalizeServer } from '../../../../engine/contract/registry-server';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { LogInIcon } from '../../ui/icons';
import { useRegistries } from './registries-store';

/**
 * Log in to a registry: the engine checks the login with the registry before
 * Berth stores it (sealed). A refusal is shown here and every field is kept.
 */
export function LoginDialog({ server: initialServer = '', onClose }: { server?: string; onClose(): void }) {
  const login = useRegistries((s) => s.login);
  const [server, setServer] = useState(initialServer);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const parsed = server.trim() ? normalizeServer(server) : undefined;
  const ready = parsed?.ok && username.trim() !== '' && secret !== '' && !busy;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    const failure = await login(server, username.trim(), secret);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') void submit();
  };

  return (
    <Dialog
      title={initialServer ? `Log in to ${initialServer}` : 'Log in to a registry'}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={LogInIcon} busy={busy} disabled={!ready} onClick={() => void submit()}>
            Log in
          </Button>
        </>
      }
    >
      <label className="field">
        Registry
        <input
          value={server}
          onChange={(e) => setServer(e.target.value)}
          onKeyDown={onEnter}
          placeholder="registry.example.com, 127.0.0.1:5000 or docker.io"
          aria-invalid={parsed ? !parsed.ok : undefined}
          aria-describedby="login-server-hint"
          autoFocus={!initialServer}
          spellCheck={false}
        />
      </label>
      <p id="login-server-hint" className={parsed && !parsed.ok ? 'hint invalid' : 'hint'}>
        {parsed && !parsed.ok
          ? parsed.message
          : parsed?.ok && parsed.server !== server.trim()
            ? `Logs in to ${parsed.server}`
            : 'The host name, with its port if it has one.'}
      </p>
      <label className="field">
        User name
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          onKeyDown={onEnter}
          autoComplete="off"
          spellCheck={false}
          autoFocus={!!initialServer}
        />
      </label>
      <label className="field">
        Password or token
        <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} onKeyDown={onEnter} autoComplete="off" maxLength={4096} />
      </label>
      <p className="hint">
        The registry checks the login first. Berth then keeps it encrypted in its home folder and sends it with pulls and pushes to this registry.
      </p>
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}
