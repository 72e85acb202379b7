/** Live resource use of running containers: one engine stats stream per container, sent on once a second. */
import type { ContainerStats } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { EngineClient, EngineEvents } from '../engine/index.js';
import { ndjsonSplitter } from '../util/text-stream.js';

/** The fields of a `/containers/{id}/stats` sample that Berth reads. */
export interface RawStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op: string; value: number }> | null };
  pids_stats?: { current?: number };
}

/** Pure: a stats sample as `docker stats` shows it (same CPU and memory formulas as the docker CLI). */
export function toStats(id: string, s: RawStats, at = Date.now()): ContainerStats {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const sysDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
  const mem = s.memory_stats ?? {};
  const st = mem.stats ?? {};
  // cgroup v1 reports page cache as total_inactive_file, v2 as inactive_file; the CLI subtracts it.
  const cache = st.total_inactive_file ?? st.inactive_file ?? 0;
  const memUsage = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    if (/^read$/i.test(e.op)) blockRead += e.value;
    else if (/^write$/i.test(e.op)) blockWrite += e.value;
  }
  return { id, cpuPercent, memUsage, memLimit: mem.limit ?? 0, netRx, netTx, blockRead, blockWrite, pids: s.pids_stats?.current ?? 0, at };
}

/** How often a subscriber gets a batch of stats, at most. */
const FLUSH_EVERY_MS = 1000;

/** Most containers followed at once by one subscriber, to spare the engine. */
export const MAX_FOLLOWED = 200;

export class StatsService {
  constructor(
    private readonly supervisor: EngineClient,
    private readonly events: EngineEvents,
  ) {}

  /** Stats of the given containers, or of every running one (following starts and stops). */
  async watch(ids: readonly string[] | undefined, sink: StreamSink<ContainerStats[]>): Promise<void> {
    const open = new Map<string, { destroy?: () => void }>();
    const latest = new Map<string, ContainerStats>();
    // At most one batch a second, sent a second after the previous one; no timer while no stats arrive
    // (nothing running, or nothing followed), so an idle subscriber wakes nothing.
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let lastFlush = 0;
    const flush = () => {
      flushTimer = undefined;
      lastFlush = Date.now();
      if (latest.size) {
        sink.emit([...latest.values()]);
        latest.clear();
      }
    };
    const noted = (stats: ContainerStats) => {
      latest.set(stats.id, stats);
      flushTimer ??= setTimeout(flush, Math.max(0, lastFlush + FLUSH_EVERY_MS - Date.now()));
    };
    const follow = (id: string) => {
      if (open.has(id) || open.size >= MAX_FOLLOWED || sink.signal.aborted) return;
      const handle: { destroy?: () => void } = {};
      open.set(id, handle);
      let docker;
      try {
        docker = this.supervisor.docker();
      } catch {
        open.delete(id);
        return;
      }
      docker.getContainer(id).stats({ stream: true }, (err, stream) => {
        if (err || !stream || open.get(id) !== handle) {
          (stream as { destroy?: () => void } | undefined)?.destroy?.();
          if (open.get(id) === handle) open.delete(id);
          return;
        }
        handle.destroy = () => (stream as unknown as { destroy(): void }).destroy();
        const split = ndjsonSplitter((o) => noted(toStats(id, o as RawStats)));
        stream.on('data', (c: Buffer) => split(c));
        stream.on('end', () => open.get(id) === handle && open.delete(id));
        stream.on('error', () => open.get(id) === handle && open.delete(id));
      });
    };
    const unfollow = (id: string) => {
      open.get(id)?.destroy?.();
      open.delete(id);
      latest.delete(id);
    };
    const followRunning = async () => {
      try {
        const running = ids ? ids : (await this.supervisor.docker().listContainers({})).map((c) => c.Id);
        running.forEach(follow);
      } catch {
        /* the engine is away; the events stream brings us back */
      }
    };
    const unsubscribe = this.events.subscribe((s) => {
      if (s.kind === 'connected') void followRunning();
      else if (s.kind === 'event' && s.event.Type === 'container') {
        const id = s.event.Actor.ID;
        if (ids && !ids.some((i) => id.startsWith(i))) return;
        if (s.event.Action === 'start' || s.event.Action === 'unpause') follow(id);
        else if (s.event.Action === 'die' || s.event.Action === 'destroy') unfollow(id);
      }
    });
    if (this.events.isConnected) await followRunning();
    await untilAborted(sink.signal);
    clearTimeout(flushTimer);
    unsubscribe();
    [...open.keys()].forEach(unfollow);
  }
}
