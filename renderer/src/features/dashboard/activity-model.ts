/** Pure helpers of the Dashboard's live parts: the containers' summed use, figures in words, and where each activity leads. */
import type { ActivityItem, ContainerStats, EngineUsage } from '../../../../engine/contract/dto';
import { formatBytes } from '../../lib/format';

/** What all running containers use together. */
export interface ContainersTotal {
  readonly running: number;
  /** Running containers with a sample yet. */
  readonly sampled: number;
  readonly cpuPercent: number;
  readonly memBytes: number;
}

/** Pure: the sum of the latest samples of the running containers (a stopped one's last sample no longer counts). */
export function containersTotal(latest: Readonly<Record<string, ContainerStats>>, runningIds: readonly string[]): ContainersTotal {
  let cpuPercent = 0;
  let memBytes = 0;
  let sampled = 0;
  for (const id of runningIds) {
    const s = latest[id];
    if (!s) continue;
    sampled++;
    cpuPercent += s.cpuPercent;
    memBytes += s.memUsage;
  }
  return { running: runningIds.length, sampled, cpuPercent, memBytes };
}

/** Pure: a CPU share as the figure shows it: one decimal below 10 %, whole above ("0.4 %", "37 %", "210 %"). */
export function formatPercent(p: number): string {
  return `${p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

/** Pure: the engine's own figures in words: CPU, memory and what was measured (or why nothing was). */
export function engineFigures(u: EngineUsage | undefined): { readonly cpu: string; readonly memory: string; readonly note?: string } {
  if (!u) return { cpu: '—', memory: '—' };
  if (!u.measurable) return { cpu: '—', memory: '—', note: u.reason };
  return {
    cpu: u.cpuPercent === undefined ? 'measuring…' : formatPercent(u.cpuPercent),
    memory: formatBytes(u.memBytes),
    note: `Measured on its process ${u.process} (pid ${u.pid}).`,
  };
}

const KIND_WORD: Readonly<Record<ActivityItem['kind'], string>> = { build: 'Build', pull: 'Pull', exit: 'Exit' };

/** Pure: the word for an activity's kind. */
export const activityKindWord = (i: ActivityItem): string => KIND_WORD[i.kind];

/** Pure: the page an activity opens: a build its Builds page, a pull its image, an exit its container. */
export function activityHref(i: ActivityItem): string {
  switch (i.kind) {
    case 'build':
      return '#/builds';
    case 'pull':
      // A failed pull made no image: it opens the Images page, where the pull can be tried again.
      return i.ok ? `#/images/${encodeURIComponent(i.id)}` : '#/images';
    case 'exit':
      return `#/containers/${encodeURIComponent(i.id)}`;
  }
}
