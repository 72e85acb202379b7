import { useEffect } from 'react';
import { Sparkline } from '../../ui/Sparkline';
import { EmptyState } from '../../ui/feedback';
import { EngineIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { useStats, watchStatsOf } from '../containers';
import { rates } from './rates';

const EMPTY: readonly never[] = [];
const perSec = (v: number) => `${formatBytes(Math.round(v))}/s`;

export function StatsView({ id, running }: { id: string; running: boolean }) {
  const history = useStats((s) => s.history[id] ?? EMPTY);
  useEffect(() => watchStatsOf(id), [id]);
  if (!running && !history.length) {
    return (
      <EmptyState icon={EngineIcon} title="Not running">
        <p>Resource use is shown while the container runs.</p>
      </EmptyState>
    );
  }
  const last = history.at(-1);
  return (
    <section className="stats" aria-label="Resource use">
      <Sparkline label="CPU" values={history.map((s) => s.cpuPercent)} max={100} format={(v) => `${v.toFixed(1)}%`} />
      <Sparkline label={`Memory${last ? ` (limit ${formatBytes(last.memLimit)})` : ''}`} values={history.map((s) => s.memUsage)} format={formatBytes} />
      <Sparkline label="Network in" values={rates(history, 'netRx')} format={perSec} />
      <Sparkline label="Network out" values={rates(history, 'netTx')} format={perSec} />
      <Sparkline label="Disk read" values={rates(history, 'blockRead')} format={perSec} />
      <Sparkline label="Disk write" values={rates(history, 'blockWrite')} format={perSec} />
      <p className="subtitle">
        {last ? `${last.pids} process${last.pids === 1 ? '' : 'es'} · one sample a second, last two minutes` : 'Waiting for the first sample…'}
      </p>
    </section>
  );
}
