import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CopyIcon, DeleteIcon, PruneIcon } from '../../ui/icons';
import { RemovalList } from '../../ui/RemovalList';
import { useContainerActions, type ContainerDialog } from './actions-store';
import { useContainers } from './containers-store';

function RemoveDialog({ dialog }: { dialog: Extract<ContainerDialog, { kind: 'remove' }> }) {
  const { remove, closeDialog, busy } = useContainerActions();
  const [volumes, setVolumes] = useState(false);
  const running = dialog.impacts.filter((i) => i.running);
  const anonymous = dialog.impacts.flatMap((i) => i.anonymousVolumes);
  const named = dialog.impacts.flatMap((i) => i.namedVolumes);
  const n = dialog.impacts.length;
  const byId = useContainers((s) => s.byId);
  return (
    <Dialog
      title={n === 1 ? `Remove ${dialog.impacts[0]!.name}?` : `Remove ${n} containers?`}
      onClose={closeDialog}
      actions={
        <>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button
            variant="primary"
            className="danger-fill"
            icon={DeleteIcon}
            busy={busy}
            onClick={() =>
              void remove(
                dialog.impacts.map((i) => i.id),
                volumes,
              )
            }
          >
            Remove
          </Button>
        </>
      }
    >
      {n > 1 && <RemovalList noun="container" items={dialog.impacts.map((i) => ({ name: i.name, labels: byId[i.id]?.labels }))} />}
      <p>
        {n === 1
          ? 'This removes the container and its writable layer: files changed inside it are lost.'
          : 'This removes them and their writable layers: files changed inside them are lost.'}
      </p>
      {running.length > 0 && <p>Running now, and stopped first: {running.map((i) => i.name).join(', ')}.</p>}
      {anonymous.length > 0 ? (
        <label className="check">
          <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} />
          Also delete {anonymous.length} anonymous volume{anonymous.length === 1 ? '' : 's'} ({anonymous.map((v) => v.slice(0, 12)).join(', ')}) and their data
        </label>
      ) : (
        <p>It has no anonymous volumes.</p>
      )}
      {named.length > 0 && <p>Named volumes are kept: {[...new Set(named)].join(', ')}.</p>}
    </Dialog>
  );
}

function RenameDialog({ dialog }: { dialog: Extract<ContainerDialog, { kind: 'rename' }> }) {
  const { rename, closeDialog, busy, error } = useContainerActions();
  const [name, setName] = useState(dialog.name);
  const valid = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name);
  return (
    <Dialog
      title={`Rename ${dialog.name}`}
      onClose={closeDialog}
      actions={
        <>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!valid || name === dialog.name} onClick={() => void rename(dialog.id, name)}>
            Rename
          </Button>
        </>
      }
    >
      <label className="field">
        New name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!valid} aria-describedby="rename-hint" autoFocus />
      </label>
      <p id="rename-hint" className={valid ? 'hint' : 'hint invalid'}>
        {valid
          ? 'Letters, digits, _ . and -, starting with a letter or digit.'
          : 'A name has at least two characters: letters, digits, _ . or -, starting with a letter or digit.'}
      </p>
      {error && <p className="hint invalid">{error}</p>}
    </Dialog>
  );
}

function RunCommandDialog({ dialog }: { dialog: Extract<ContainerDialog, { kind: 'runCommand' }> }) {
  const { closeDialog } = useContainerActions();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      title={`docker run for ${dialog.name}`}
      onClose={closeDialog}
      actions={
        <>
          <Button onClick={closeDialog}>Close</Button>
          <Button variant="primary" icon={CopyIcon} onClick={() => void navigator.clipboard.writeText(dialog.command).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy command'}
          </Button>
        </>
      }
    >
      <p>This command recreates the container with the same options (what its image already sets is left out).</p>
      <pre className="command" aria-label="docker run command" tabIndex={0}>
        {dialog.command}
      </pre>
    </Dialog>
  );
}

function RemoveStoppedDialog({ dialog }: { dialog: Extract<ContainerDialog, { kind: 'removeStopped' }> }) {
  const { removeStopped, closeDialog, busy } = useContainerActions();
  const n = dialog.containers.length;
  return (
    <Dialog
      title={`Remove ${n} stopped container${n === 1 ? '' : 's'}?`}
      onClose={closeDialog}
      actions={
        <>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={PruneIcon} busy={busy} onClick={() => void removeStopped(dialog.containers.map((c) => c.id))}>
            Remove
          </Button>
        </>
      }
    >
      <RemovalList noun="container" items={dialog.containers} />
      <p>Their writable layers go with them: files changed inside them are lost. Their volumes are kept.</p>
    </Dialog>
  );
}

/** Whichever container dialog is open. */
export function ContainerDialogs() {
  const dialog = useContainerActions((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'remove':
      return <RemoveDialog dialog={dialog} />;
    case 'rename':
      return <RenameDialog dialog={dialog} />;
    case 'runCommand':
      return <RunCommandDialog dialog={dialog} />;
    case 'removeStopped':
      return <RemoveStoppedDialog dialog={dialog} />;
  }
}
