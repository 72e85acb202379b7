import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { VolumeSummary } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Dialog } from '../../ui/Dialog';
import { EmptyState, PageHeader } from '../../ui/feedback';
import { DeleteIcon, PruneIcon, VolumesIcon } from '../../ui/icons';
import { RemovalList } from '../../ui/RemovalList';
import { VolumeBrowser } from './VolumeBrowser';
import { selectNames, useVolumes, watchVolumes } from './volumes-store';
import { VolumesTable } from './VolumesTable';
import { countOf } from '../../lib/removal-groups';

function CreateDialog({ onClose }: { onClose(): void }) {
  const { create, busy, error } = useVolumes(useShallow((s) => ({ create: s.create, busy: s.busy, error: s.error })));
  const [name, setName] = useState('');
  const valid = name === '' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name);
  return (
    <Dialog
      title="Create a volume"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!valid} onClick={() => void create(name).then((ok) => ok && onClose())}>
            Create
          </Button>
        </>
      }
    >
      <label className="field">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!valid} placeholder="leave empty for a generated name" autoFocus />
      </label>
      {!valid && <p className="hint invalid">A volume name has at least two characters: letters, digits, _ . or -, starting with a letter or digit.</p>}
      {error && <p className="hint invalid">{error}</p>}
    </Dialog>
  );
}

function RemoveDialog({ volume, onClose }: { volume: VolumeSummary; onClose(): void }) {
  const { remove, busy } = useVolumes(useShallow((s) => ({ remove: s.remove, busy: s.busy })));
  return (
    <Dialog
      title={`Remove ${volume.anonymous ? 'this anonymous volume' : volume.name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" className="danger-fill" icon={DeleteIcon} busy={busy} onClick={() => void remove([volume.name]).then(onClose)}>
            Remove
          </Button>
        </>
      }
    >
      <p>Every file in it is deleted for good.</p>
    </Dialog>
  );
}

/** "Remove unused": names every volume no container uses, by Compose project, before any goes. */
function RemoveUnusedDialog({ volumes, onClose }: { volumes: readonly VolumeSummary[]; onClose(): void }) {
  const { removeUnused, busy } = useVolumes(useShallow((s) => ({ removeUnused: s.removeUnused, busy: s.busy })));
  const n = volumes.length;
  return (
    <Dialog
      title={`Remove ${n} unused volume${n === 1 ? '' : 's'}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            className="danger-fill"
            icon={PruneIcon}
            busy={busy}
            onClick={() => void removeUnused(volumes.map((v) => v.name)).then(onClose)}
          >
            Remove
          </Button>
        </>
      }
    >
      <RemovalList noun="volume" items={volumes.map((v) => ({ name: v.name, labels: v.labels }))} />
      <p>No container uses them, running or stopped. Every file in them is deleted for good.</p>
    </Dialog>
  );
}

export function VolumesPage() {
  const names = useVolumes(useShallow(selectNames));
  const { volumes, loadSizes, loadingSizes, busy, error, notice, dismiss } = useVolumes(
    useShallow((s) => ({
      volumes: s.volumes,
      loadSizes: s.loadSizes,
      loadingSizes: s.loadingSizes,
      busy: s.busy,
      error: s.error,
      notice: s.notice,
      dismiss: s.dismiss,
    })),
  );
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<VolumeSummary>();
  const [browsing, setBrowsing] = useState<string>();
  const [pruning, setPruning] = useState<readonly VolumeSummary[]>();
  useEffect(() => watchVolumes(), []);
  const unused = volumes?.filter((v) => !v.usedBy.length).length ?? 0;
  return (
    <div className="page">
      <PageHeader title="Volumes" subtitle={volumes ? `${countOf(volumes.length, 'volume')}, ${unused} unused` : undefined}>
        <Button busy={loadingSizes} disabled={!volumes?.length} onClick={() => void loadSizes()}>
          Show sizes
        </Button>
        <Button icon={PruneIcon} disabled={!unused || busy} onClick={() => setPruning(volumes?.filter((v) => !v.usedBy.length))}>
          Remove unused…
        </Button>
        <Button variant="primary" icon={VolumesIcon} onClick={() => setCreating(true)}>
          Create…
        </Button>
      </PageHeader>
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      {creating && <CreateDialog onClose={() => setCreating(false)} />}
      {removing && <RemoveDialog volume={removing} onClose={() => setRemoving(undefined)} />}
      {pruning && <RemoveUnusedDialog volumes={pruning} onClose={() => setPruning(undefined)} />}
      {browsing && <VolumeBrowser name={browsing} onClose={() => setBrowsing(undefined)} />}
      {volumes && volumes.length === 0 ? (
        <EmptyState icon={VolumesIcon} title="No volumes yet">
          <p>Volumes keep data beyond a container's life. Create one here, or give a container one in the Run dialog (e.g. data:/var/lib/data).</p>
        </EmptyState>
      ) : (
        <VolumesTable names={names ?? []} onBrowse={setBrowsing} onRemove={setRemoving} />
      )}
    </div>
  );
}
