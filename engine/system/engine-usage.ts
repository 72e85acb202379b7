/** The engine's own CPU and memory: the process the supervisor started (dockerd, or the VM's QEMU), read from /proc while someone follows it. */
import type { EngineStatus } from '../contract/index.js';
import { untilAborted, type StreamSink } from '../rpc/router.js';
import type { EngineClient } from '../engine/index.js';
import type { EngineUsage } from './contract.js';
import { cpuPercentBetween, readProc, ticksPerSecond, type ProcSample } from './proc-usage.js';

/** How often a follower gets a sample. */
export const SAMPLE_EVERY_MS = 2000;

/** Pure: why the engine's process cannot be measured from here, or undefined when it can (it runs, Berth knows its pid, on Linux). */
export function unmeasurable(status: EngineStatus, platform: NodeJS.Platform = process.platform): string | undefined {
  if (status.mode === 'external') return 'Berth did not start this engine (an external one), so its process cannot be measured from here.';
  if (status.state !== 'running') return `The engine is ${status.state}: its use shows once it runs.`;
  if (!status.pid) return 'Berth does not know the engine’s process, so it cannot be measured.';
  if (platform !== 'linux') return 'The engine’s process can be measured on Linux only (Berth reads /proc).';
  return undefined;
}

export class EngineUsageService {
  constructor(
    private readonly client: EngineClient,
    private readonly procRoot = '/proc',
  ) {}

  /** One sample now; `before` (the previous one, of the same process) gives the CPU share since. */
  async sample(before?: ProcSample & { pid: number }): Promise<{ usage: EngineUsage; proc?: ProcSample & { pid: number } }> {
    const status = this.client.status();
    const why = unmeasurable(status);
    if (why) return { usage: { measurable: false, reason: why } };
    const pid = status.pid!;
    let proc: ProcSample;
    try {
      proc = await readProc(pid, this.procRoot);
    } catch (err) {
      return { usage: { measurable: false, reason: `The engine’s process (pid ${pid}) could not be read: ${(err as Error).message}` } };
    }
    const hz = await ticksPerSecond();
    const cpuPercent = before?.pid === pid ? cpuPercentBetween(before, proc, hz) : undefined;
    return {
      usage: {
        measurable: true,
        process: proc.name,
        pid,
        cpuSeconds: proc.cpuTicks / hz,
        memBytes: proc.rssBytes,
        at: proc.at,
        ...(cpuPercent !== undefined ? { cpuPercent } : {}),
      },
      proc: { ...proc, pid },
    };
  }

  /** A sample at once, then one every two seconds until the follower leaves (no timer runs without one). */
  async watch(sink: StreamSink<EngineUsage>): Promise<void> {
    let prev: (ProcSample & { pid: number }) | undefined;
    while (!sink.signal.aborted) {
      const { usage, proc } = await this.sample(prev);
      prev = proc;
      if (sink.signal.aborted) break;
      sink.emit(usage);
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, SAMPLE_EVERY_MS);
        function done() {
          clearTimeout(t);
          sink.signal.removeEventListener('abort', done);
          resolve();
        }
        sink.signal.addEventListener('abort', done);
      });
    }
  }
}

/** What the Dashboard says of the engine's own process when the window's engine is not Berth's. */
export const ELSEWHERE =
  'This window’s engine is not one Berth runs: its process’s CPU and memory cannot be measured from here (the containers’ figures below are that engine’s).';

/** The engine's use for a window on another engine: said once, then nothing until the follower leaves (no timer, nothing sampled). */
export async function watchElsewhere(sink: StreamSink<EngineUsage>): Promise<void> {
  sink.emit({ measurable: false, reason: ELSEWHERE });
  await untilAborted(sink.signal);
}
