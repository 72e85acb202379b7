import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { BrowseIcon } from '../../ui/icons';
import { useCompose, type OpenForm } from './compose-store';

/**
 * "Open project…": a path on the machine running the engine (a compose file, or the directory holding
 * one), with an optional name, profiles and env file. A file that does not load keeps the dialog open
 * with the engine's sentence (file:line:column), and everything typed stays.
 */
export function OpenProjectDialog({ onClose, onOpened }: { onClose(): void; onOpened(name: string): void }) {
  const [form, setForm] = useState<OpenForm>({ path: '', projectName: '', profiles: '', envFile: '' });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!form.path.trim() || busy) return;
    setBusy(true);
    const r = await useCompose.getState().open(form);
    setBusy(false);
    if ('error' in r) setError(r.error);
    else onOpened(r.name);
  };
  const field = (key: keyof OpenForm) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
    // Enter in any field opens (the dialog's form leaves submitting to its buttons).
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      void submit();
    },
  });
  return (
    <Dialog
      title="Open a Compose project"
      onClose={onClose}
      wide
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={BrowseIcon} busy={busy} disabled={!form.path.trim()} onClick={() => void submit()}>
            Open
          </Button>
        </>
      }
    >
      <div className="field-col">
        <label className="field">
          Compose file or directory
          <input
            {...field('path')}
            autoFocus
            spellCheck={false}
            placeholder="/home/me/shop/compose.yaml"
            aria-invalid={!!error}
            aria-describedby="compose-path-hint"
          />
        </label>
        <p className="hint" id="compose-path-hint">
          A path on the machine running the engine. A directory is searched for compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml.
        </p>
        <div className="form-grid">
          <label className="field">
            Project name (optional)
            <input {...field('projectName')} spellCheck={false} placeholder="from the file or its directory" />
          </label>
          <label className="field">
            Profiles (optional)
            <input {...field('profiles')} spellCheck={false} placeholder="debug, tools" />
          </label>
        </div>
        <label className="field">
          Env file (optional)
          <input {...field('envFile')} spellCheck={false} placeholder=".env beside the compose file" />
        </label>
        {error && (
          <p className="hint invalid compose-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
