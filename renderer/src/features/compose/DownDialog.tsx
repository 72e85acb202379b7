import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useContainers } from '../containers';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { DeleteIcon } from '../../ui/icons';
import { selectView, useCompose } from './compose-store';
import { projectContainers } from './projects';

/** Down asks first, naming the containers, networks and (when chosen) volumes that go. */
export function DownDialog({ name, onClose }: { name: string; onClose(): void }) {
  const containers = useContainers(useShallow((s) => projectContainers(s, name).map((c) => c.name)));
  const view = useCompose(selectView(name));
  const [volumes, setVolumes] = useState(false);
  const plan = view.plan;
  const networks = plan?.networks.filter((n) => n.action === 'exists').map((n) => n.name) ?? [];
  const vols = plan?.volumes.filter((v) => v.action === 'exists').map((v) => v.name) ?? [];
  const n = containers.length;
  return (
    <Dialog
      title={`Down ${name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            className="danger-fill"
            icon={DeleteIcon}
            busy={view.busy === 'down'}
            onClick={() =>
              void useCompose
                .getState()
                .down(name, volumes)
                .then((ok) => ok && onClose())
            }
          >
            Down
          </Button>
        </>
      }
    >
      <p>
        Down stops and removes {n ? `${n} container${n === 1 ? '' : 's'}` : 'the project’s containers'} and{' '}
        {networks.length ? `the network${networks.length === 1 ? '' : 's'} ${networks.join(', ')}` : 'its networks'}.
      </p>
      {n > 0 && (
        <ul className="removal-list compose-down-list" aria-label="Containers that go">
          {containers.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <label className="check">
        <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} />
        Remove volumes too{vols.length ? ` (${vols.join(', ')})` : ' (the project’s named volumes)'}: every file in them is deleted for good
      </label>
      {view.result && !view.result.ok && (
        <p className="hint invalid" role="alert">
          {view.result.text}
        </p>
      )}
    </Dialog>
  );
}
