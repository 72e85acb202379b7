import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from '../../api/connection-state';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { PageHeader } from '../../ui/feedback';
import { useEngine } from '../engine';
import { ActivityCard } from './ActivityCard';
import { AttentionCard } from './AttentionCard';
import { EngineCard } from './EngineCard';
import { CleanupDialog, DiskCard } from './DiskCard';
import { useDashboard } from './dashboard-store';
import { followDashboard } from './live-store';

/** The first page: the engine at a glance, its disk use with clean-ups, and the containers that failed. */
export function DashboardPage() {
  // The figures follow the window's engine: Berth's own, or the one chosen in the switcher (taken as reachable; a call says otherwise).
  const engineId = useConnection((s) => s.engine.id);
  const ownRunning = useEngine((s) => s.status?.state === 'running');
  const running = engineId === 'berth' ? ownRunning : true;
  const { loadUsage, error, notice, dismiss } = useDashboard(
    useShallow((s) => ({ loadUsage: s.loadUsage, error: s.error, notice: s.notice, dismiss: s.dismiss })),
  );
  useEffect(() => {
    if (running) void loadUsage();
  }, [running, loadUsage, engineId]);
  // The live figures, the activity and the last lines follow only while this page is shown, and follow the engine chosen.
  useEffect(() => followDashboard(), [engineId]);
  return (
    <div className="page">
      <PageHeader title="Dashboard" subtitle="The engine, its disk, and what needs a look" />
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      <div className="cards dashboard">
        <EngineCard />
        <ActivityCard />
        <AttentionCard />
        <DiskCard running={running} />
      </div>
      <CleanupDialog />
    </div>
  );
}
