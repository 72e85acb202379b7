import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NetworkSummary } from '../../../../engine/contract/dto';
import { unusedNetworks } from '../../../../engine/contract/networks';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { PageHeader } from '../../ui/feedback';
import { NetworksIcon, PruneIcon } from '../../ui/icons';
import { CreateNetworkDialog, PruneNetworksDialog, RemoveNetworkDialog } from './NetworkDialogs';
import { NetworkDetail } from './NetworkDetail';
import { selectNames, useNetworks, watchNetworks } from './networks-store';
import { NetworksTable } from './NetworksTable';

export function NetworksPage() {
  const names = useNetworks(useShallow(selectNames));
  const { networks, busy, error, notice, dismiss } = useNetworks(
    useShallow((s) => ({ networks: s.networks, busy: s.busy, error: s.error, notice: s.notice, dismiss: s.dismiss })),
  );
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<string>();
  const [removing, setRemoving] = useState<NetworkSummary>();
  const [pruning, setPruning] = useState<readonly NetworkSummary[]>();
  useEffect(() => watchNetworks(), []);
  const unused = networks ? unusedNetworks(networks) : [];
  const own = networks?.filter((n) => !n.predefined && !n.ingress).length ?? 0;
  return (
    <div className="page">
      <PageHeader title="Networks" subtitle={networks ? `${own} of your own, ${unused.length} unused` : undefined}>
        <Button icon={PruneIcon} disabled={!unused.length || busy} onClick={() => setPruning(unused)}>
          Prune unused…
        </Button>
        <Button variant="primary" icon={NetworksIcon} onClick={() => setCreating(true)}>
          Create…
        </Button>
      </PageHeader>
      {!opened && <ActionFeedback error={error} notice={notice} dismiss={dismiss} />}
      {creating && <CreateNetworkDialog onClose={() => setCreating(false)} />}
      {opened && <NetworkDetail name={opened} onClose={() => setOpened(undefined)} />}
      {removing && <RemoveNetworkDialog network={removing} onClose={() => setRemoving(undefined)} />}
      {pruning && <PruneNetworksDialog networks={pruning} onClose={() => setPruning(undefined)} />}
      {networks && own === 0 && (
        <p className="notice-plain" role="note">
          No networks of your own yet. Containers on one network of your own reach each other by name: create one here, then connect containers to it (open it),
          or choose it in the Run dialog.
        </p>
      )}
      <NetworksTable names={names ?? []} onOpen={setOpened} onRemove={setRemoving} />
    </div>
  );
}
