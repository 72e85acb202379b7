/** Container details (inspect, top) and logs: logs are demultiplexed here and sent in bounded batches. */
import type { ContainerDetails, ContainerState, LogBatch } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { type EngineClient, engineError } from '../engine/index.js';
import { LogDemuxer, type LogLine } from '../util/log-demux.js';

/** How often batches go out, and the most lines one batch carries (older ones are dropped and counted). */
const FLUSH_MS = 50;
export const MAX_BATCH_LINES = 5000;

/** Pure: add lines to a pending batch, keeping the newest `max` and counting what was dropped. */
export function addBounded(batch: LogLine[], lines: readonly LogLine[], max = MAX_BATCH_LINES): { batch: LogLine[]; dropped: number } {
  const all = batch.concat(lines);
  const dropped = Math.max(0, all.length - max);
  return { batch: dropped ? all.slice(dropped) : all, dropped };
}

export class ContainerDetailsService {
  constructor(private readonly supervisor: EngineClient) {}

  async inspect(id: string): Promise<ContainerDetails> {
    try {
      const info = await this.supervisor.docker().getContainer(id).inspect();
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        image: info.Config.Image,
        state: info.State.Status as ContainerState,
        tty: info.Config.Tty,
        openStdin: !!info.Config.OpenStdin,
        startedAt: info.State.StartedAt,
        finishedAt: info.State.FinishedAt,
        exitCode: info.State.ExitCode,
        raw: info,
      };
    } catch (err) {
      throw engineError(err);
    }
  }

  async top(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    try {
      const r = (await this.supervisor.docker().getContainer(id).top({ ps_args: '-ef' })) as { Titles?: string[]; Processes?: string[][] };
      return { titles: r.Titles ?? [], processes: r.Processes ?? [] };
    } catch (err) {
      throw engineError(err);
    }
  }

  async logs(input: { id: string; follow: boolean; tail: number | 'all'; since?: number; timestamps: boolean }, sink: StreamSink<LogBatch>): Promise<void> {
    const container = this.supervisor.docker().getContainer(input.id);
    let tty: boolean;
    let source: Buffer | (NodeJS.ReadableStream & { destroy?: () => void });
    try {
      tty = (await container.inspect()).Config.Tty;
      // The API takes tail=all; dockerode's types only know numbers.
      const opts = { stdout: true, stderr: true, tail: input.tail as number, since: input.since, timestamps: input.timestamps };
      source = input.follow
        ? ((await container.logs({ ...opts, follow: true })) as NodeJS.ReadableStream)
        : ((await container.logs({ ...opts, follow: false })) as Buffer);
    } catch (err) {
      throw engineError(err);
    }
    if (Buffer.isBuffer(source)) {
      // A finished log: everything, in batches, nothing dropped.
      const d = new LogDemuxer(!tty, input.timestamps);
      const lines = [...d.push(source), ...d.end()];
      for (let i = 0; i < lines.length && !sink.signal.aborted; i += MAX_BATCH_LINES) {
        sink.emit({ lines: lines.slice(i, i + MAX_BATCH_LINES), dropped: 0 });
      }
      return;
    }
    const stream = source;
    const demux = new LogDemuxer(!tty, input.timestamps);
    let batch: LogLine[] = [];
    let dropped = 0;
    const flush = () => {
      if (!batch.length && !dropped) return;
      sink.emit({ lines: batch, dropped });
      batch = [];
      dropped = 0;
    };
    const add = (lines: LogLine[]) => {
      const r = addBounded(batch, lines);
      batch = r.batch;
      dropped += r.dropped;
    };
    const timer = setInterval(flush, FLUSH_MS);
    await new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => add(demux.push(chunk)));
      stream.on('end', () => resolve());
      stream.on('error', () => resolve());
      sink.signal.addEventListener('abort', () => {
        stream.destroy?.();
        resolve();
      });
    });
    clearInterval(timer);
    add(demux.end());
    // A followed log ends when the container stops.
    if (!sink.signal.aborted) flush();
  }
}
