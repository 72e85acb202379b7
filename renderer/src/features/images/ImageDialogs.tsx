import { useEffect, useState } from 'react';
import { useNow } from '../../lib/clock';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert, Badge } from '../../ui/feedback';
import { DeleteIcon } from '../../ui/icons';
import { formatBytes, relativeTime } from '../../lib/format';
import { JsonTree } from '../../ui/JsonTree';
import { useImageDetails } from './details-store';

/** Every step of an image, newest first, as the Dockerfile instruction that made it. */
export function HistoryDialog({ image, onClose }: { image: string; onClose(): void }) {
  const loaded = useImageDetails((s) => (s.history?.ref === image ? s.history : undefined));
  const loadHistory = useImageDetails((s) => s.loadHistory);
  const now = useNow();
  useEffect(() => loadHistory(image), [image, loadHistory]);
  const steps = loaded?.value;
  const error = loaded?.error;
  return (
    <Dialog title={`History of ${image}`} wide onClose={onClose} actions={<Button onClick={onClose}>Close</Button>}>
      {error && <Alert>{error}</Alert>}
      {steps && (
        <table className="plain-table compact history" aria-label="Image history">
          <thead>
            <tr>
              <th>Instruction</th>
              <th>Size</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, i) => (
              <tr key={i}>
                <td className="mono">
                  {s.instruction} {s.emptyLayer && <Badge>metadata only</Badge>}
                </td>
                <td className="num">{s.emptyLayer ? '—' : formatBytes(s.size)}</td>
                <td className="muted">{relativeTime(s.created, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

export function TagDialog({ image, onClose }: { image: string; onClose(): void }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const tag = useImageDetails((s) => s.tag);
  const valid = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?$/.test(target) || /^[a-zA-Z0-9.-]+(:\d+)?\/.+/.test(target);
  const submit = async () => {
    setBusy(true);
    const failed = await tag(image, target);
    setBusy(false);
    if (failed) setError(failed);
    else onClose();
  };
  return (
    <Dialog
      title={`Tag ${image}`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!valid} onClick={() => void submit()}>
            Tag
          </Button>
        </>
      }
    >
      <label className="field">
        New name
        <input
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder="registry.example:5000/team/app:1.2"
          aria-invalid={!!target && !valid}
          autoFocus
        />
      </label>
      {target && !valid && <p className="hint invalid">A name is lower-case path parts (a-z, 0-9, . _ -) separated by /, optionally :tag.</p>}
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}

/** Remove one name of an image; when it is the image's last name, the containers made from it are named first. */
export function RemoveImageDialog({ image, otherNames, onClose }: { image: string; otherNames: readonly string[]; onClose(): void }) {
  const loaded = useImageDetails((s) => (s.users?.ref === image ? s.users : undefined));
  const { loadUsers, remove: removeImage } = useImageDetails.getState();
  const [removeError, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Untagging one of several names touches no container.
  const untag = otherNames.length > 0;
  useEffect(() => {
    if (!untag) loadUsers(image);
  }, [image, untag, loadUsers]);
  const users = untag ? [] : loaded?.value;
  const error = removeError ?? (untag ? undefined : loaded?.error);
  const running = users?.filter((u) => u.state === 'running') ?? [];
  const stopped = users?.filter((u) => u.state !== 'running') ?? [];
  const remove = async () => {
    setBusy(true);
    const failed = await removeImage(image, stopped.length > 0);
    setBusy(false);
    if (failed) setError(failed);
    else onClose();
  };
  return (
    <Dialog
      title={`Remove ${image}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={DeleteIcon} busy={busy} disabled={!users || running.length > 0} onClick={() => void remove()}>
            Remove
          </Button>
        </>
      }
    >
      {!users && !error && <p>Looking for containers that use it…</p>}
      {running.length > 0 && <Alert>Running containers use it: {running.map((u) => u.name).join(', ')}. Stop and remove them first.</Alert>}
      {running.length === 0 && stopped.length > 0 && (
        <p>
          Stopped containers use it and keep working from their own layers only until removed: {stopped.map((u) => u.name).join(', ')}. The image is removed by
          force.
        </p>
      )}
      {otherNames.length > 0 && <p>Only this name goes: the image stays under {otherNames.join(', ')}.</p>}
      {users && users.length === 0 && !otherNames.length && <p>No container uses it: the image and its layers are deleted.</p>}
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}

/** The image's inspect data: the essentials first, then the whole JSON, collapsible. */
export function InspectImageDialog({ image, onClose }: { image: string; onClose(): void }) {
  const loaded = useImageDetails((s) => (s.inspect?.ref === image ? s.inspect : undefined));
  const loadInspect = useImageDetails((s) => s.loadInspect);
  useEffect(() => loadInspect(image), [image, loadInspect]);
  const data = loaded?.value;
  const error = loaded?.error;
  const config = (data?.Config ?? {}) as {
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
    WorkingDir?: string;
    User?: string;
  };
  return (
    <Dialog title={`Inspect ${image}`} wide onClose={onClose} actions={<Button onClick={onClose}>Close</Button>}>
      {error && <Alert>{error}</Alert>}
      {data && (
        <>
          <dl className="facts" aria-label="Essentials">
            <dt>Platform</dt>
            <dd>
              {String(data.Os)}/{String(data.Architecture)}
            </dd>
            <dt>Entrypoint</dt>
            <dd className="mono">{config.Entrypoint ? JSON.stringify(config.Entrypoint) : '—'}</dd>
            <dt>Command</dt>
            <dd className="mono">{config.Cmd ? JSON.stringify(config.Cmd) : '—'}</dd>
            <dt>Working dir</dt>
            <dd className="mono">{config.WorkingDir || '/'}</dd>
            <dt>User</dt>
            <dd className="mono">{config.User || 'root (default)'}</dd>
            <dt>Exposed ports</dt>
            <dd className="mono">{Object.keys(config.ExposedPorts ?? {}).join(', ') || '—'}</dd>
            <dt>Environment</dt>
            <dd className="mono">{(config.Env ?? []).join('  ') || '—'}</dd>
            <dt>Labels</dt>
            <dd className="mono">
              {Object.entries(config.Labels ?? {})
                .map(([k, v]) => `${k}=${v}`)
                .join('  ') || '—'}
            </dd>
          </dl>
          <JsonTree value={data} label="docker image inspect" />
        </>
      )}
    </Dialog>
  );
}
