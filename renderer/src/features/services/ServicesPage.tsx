/** The Services page: the swarm services of the window's engine, what to do when it is not a swarm manager, and the dialogs; its Stacks tab. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServiceSummary } from '../../../../engine/contract/index';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { EmptyState, PageHeader } from '../../ui/feedback';
import { BusyIcon, ServicesIcon } from '../../ui/icons';
import { ServiceDetail } from './ServiceDetail';
import { CreateServiceDialog, RemoveServiceDialog, ScaleServiceDialog, UpdateImageDialog } from './ServiceDialogs';
import { followServiceList, selectNames, useServices } from './services-store';
import { ServicesTable, type ServiceAction } from './ServicesTable';
import { StacksSection } from '../stacks';

type Open = { action: Exclude<ServiceAction, 'open' | 'logs' | 'rollback'>; service: ServiceSummary };

export function ServicesPage() {
  const names = useServices(useShallow(selectNames));
  const { list, busy, error, notice, dismiss, rollback } = useServices(
    useShallow((s) => ({ list: s.list, busy: s.busy, error: s.error, notice: s.notice, dismiss: s.dismiss, rollback: s.rollback })),
  );
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Open>();
  const [opened, setOpened] = useState<{ name: string; logs: boolean }>();
  useEffect(() => followServiceList(), []);
  const onAction = (action: ServiceAction, s: ServiceSummary) => {
    if (action === 'open' || action === 'logs') setOpened({ name: s.name, logs: action === 'logs' });
    else if (action === 'rollback') void rollback(s.name).then((ok) => ok && setOpened({ name: s.name, logs: false }));
    else setDialog({ action, service: s });
  };
  const [tab, setTab] = useState<'services' | 'stacks'>('services');
  const manager = !!list?.manager;
  const count = list?.services.length ?? 0;
  const tabs = (
    <div className="tabs" role="tablist" aria-label="Services views">
      {(['services', 'stacks'] as const).map((t) => (
        <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
          {t === 'services' ? 'Services' : 'Stacks'}
        </button>
      ))}
    </div>
  );
  if (tab === 'stacks')
    return (
      <div className="page">
        <PageHeader title="Services" />
        {tabs}
        <StacksSection />
      </div>
    );
  return (
    <div className="page">
      <PageHeader title="Services" subtitle={manager ? `${count} service${count === 1 ? '' : 's'} on this swarm` : undefined}>
        <Button
          variant="primary"
          icon={ServicesIcon}
          disabled={!manager || busy}
          title={manager ? undefined : 'Services run on a swarm manager'}
          onClick={() => setCreating(true)}
        >
          Create service…
        </Button>
      </PageHeader>
      {tabs}
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      {creating && <CreateServiceDialog onClose={() => setCreating(false)} />}
      {dialog?.action === 'scale' && <ScaleServiceDialog service={dialog.service} onClose={() => setDialog(undefined)} />}
      {dialog?.action === 'update' && (
        <UpdateImageDialog
          service={dialog.service}
          onClose={() => {
            setOpened({ name: dialog.service.name, logs: false });
            setDialog(undefined);
          }}
        />
      )}
      {dialog?.action === 'remove' && (
        <RemoveServiceDialog
          service={dialog.service}
          onClose={() => {
            if (opened?.name === dialog.service.name) setOpened(undefined);
            setDialog(undefined);
          }}
        />
      )}
      {!list ? (
        <EmptyState icon={BusyIcon} iconClassName="spin" title="Reading services…" />
      ) : !manager ? (
        <EmptyState icon={ServicesIcon} title={list.swarm === 'active' ? 'This engine is a swarm worker' : 'This engine is not in a swarm'}>
          {list.swarm === 'active' ? (
            <p>Services are listed and changed on a manager: choose a manager engine in the switcher, or promote this node in the Swarm page.</p>
          ) : (
            <p>
              Services run on a swarm. Initialise one on this engine in the Swarm page (or join it to a swarm as a manager), then create services here. Or
              choose another engine in the switcher.
            </p>
          )}
        </EmptyState>
      ) : opened && names?.includes(opened.name) ? (
        <ServiceDetail
          key={opened.name}
          name={opened.name}
          showLogs={opened.logs}
          onToggleLogs={() => setOpened({ ...opened, logs: !opened.logs })}
          onClose={() => setOpened(undefined)}
        />
      ) : count === 0 ? (
        <EmptyState icon={ServicesIcon} title="No services yet" action={<Button onClick={() => setCreating(true)}>Create service…</Button>}>
          <p>A service runs an image as tasks spread over the swarm’s nodes, keeps them running, and rolls updates through them.</p>
        </EmptyState>
      ) : (
        <ServicesTable names={names ?? []} onAction={onAction} />
      )}
    </div>
  );
}
