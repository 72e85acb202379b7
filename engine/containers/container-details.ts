/** Container details (inspect, top) and logs: logs are demultiplexed here and sent in bounded, paced batches (log-pump.ts). */
import type { ContainerChange, ContainerDetails, ContainerState, LogBatch } from '../contract/index.js';
import { changesOf } from './container-changes.js';
import type { Container, ContainerInspectInfo } from 'dockerode';
import type { PacedSink } from '../rpc/router.js';
import { type EngineClient, engineError } from '../engine/index.js';
import { LogDemuxer, type LogLine } from '../util/log-demux.js';
import { pumpLog, type PumpEnd } from './log-pump.js';
import { AfterMark, markingSink, type SentMark } from './follow-completion.js';
import { stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { indexLogFile, JsonFileLines, readLogRange, type LogFileIndex } from './log-file.js';
import type { LogFileInfo } from './contract.js';
import { RpcError } from '../rpc/protocol.js';

/** Indexed log files kept (by container), the last used first out. */
const KEPT_INDEXES = 8;

/** How far back from the end of a finished log a follow cut short is looked for, read after read. */
const COMPLETION_TAILS = [1000, 100_000, 'all'] as const;

export class ContainerDetailsService {
  private readonly indexes = new Map<string, LogFileIndex>();
  /** The full id of each id or name a log was opened by. */
  private readonly opened = new Map<string, string>();

  /** `localFiles`: whether the engine's log files are on this machine (Berth's own engine, not in the VM). */
  constructor(
    private readonly supervisor: EngineClient,
    private readonly localFiles: () => boolean = () => false,
  ) {}

  /** A stopped container's whole log, indexed for reading by range; or why it cannot be. */
  async logOpen(id: string): Promise<LogFileInfo> {
    let info;
    try {
      info = await this.supervisor.docker().getContainer(id).inspect();
    } catch (err) {
      throw engineError(err);
    }
    if (info.State.Running) return { available: false, reason: 'It is running: its log is followed as it grows.' };
    if (!this.localFiles()) return { available: false, reason: 'This engine keeps its log files where Berth cannot read them (another machine, or the VM).' };
    const driver = (info.HostConfig as { LogConfig?: { Type?: string } }).LogConfig?.Type ?? '';
    if (driver !== 'json-file')
      return { available: false, reason: `The engine keeps this log with the ${driver || 'unknown'} driver, which Berth reads only as a stream.` };
    const path = (info as { LogPath?: string }).LogPath;
    if (!path) return { available: false, reason: 'The engine names no log file for this container.' };
    try {
      const index = await this.indexOf(info.Id, path);
      this.opened.set(id, info.Id);
      return { available: true, lines: index.lines, bytes: index.size };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { available: false, reason: 'The container has written no log yet.' };
      return { available: false, reason: `Berth cannot read the log file ${path}: ${(err as Error).message}.` };
    }
  }

  /** Lines of a log opened with logOpen. */
  async logRange(id: string, from: number, count: number, timestamps: boolean): Promise<LogLine[]> {
    const index = this.indexes.get(this.opened.get(id) ?? id);
    if (!index) throw new RpcError('bad_request', 'Open the log first (containers.logOpen).');
    try {
      return await readLogRange(index, from, count, timestamps);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RpcError('not_found', 'The log is gone: the container was removed.');
      throw err;
    }
  }

  /** The index of a container's log file, read again when the file changed since. */
  private async indexOf(id: string, path: string): Promise<LogFileIndex> {
    const kept = this.indexes.get(id);
    const st = await stat(path);
    if (kept && kept.path === path && kept.size === st.size && kept.mtimeMs === st.mtimeMs) {
      this.indexes.delete(id);
      this.indexes.set(id, kept);
      return kept;
    }
    const index = await indexLogFile(path);
    this.indexes.delete(id);
    this.indexes.set(id, index);
    while (this.indexes.size > KEPT_INDEXES) this.indexes.delete(this.indexes.keys().next().value!);
    return index;
  }

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

  /** The container's writable layer against its image, path by path. */
  async changes(id: string): Promise<ContainerChange[]> {
    try {
      return changesOf(await this.supervisor.docker().getContainer(id).changes());
    } catch (err) {
      throw engineError(err);
    }
  }

  /** The last `lines` lines the container wrote, stdout and stderr in the order written; empty when it wrote nothing. */
  async lastLines(id: string, lines: number): Promise<LogLine[]> {
    const container = this.supervisor.docker().getContainer(id);
    try {
      const tty = (await container.inspect()).Config.Tty;
      const source = await openLogStream(container, { stdout: true, stderr: true, follow: false, tail: lines });
      const demux = new LogDemuxer(!tty, false);
      const out: LogLine[] = [];
      for await (const chunk of source as AsyncIterable<Buffer>) out.push(...demux.push(chunk));
      out.push(...demux.end());
      return out.slice(-lines);
    } catch (err) {
      throw engineError(err);
    }
  }

  /**
   * A container's log, finished or followed, read as a stream either way: batches go out as fast as the client
   * takes them and reading waits while it is behind, so nothing is dropped and nothing is held whole. A running
   * container's whole log followed on Berth's own engine is read from the engine's log file up to its end (several
   * times faster than through the engine's API), then followed through the engine from the line after the last
   * one read.
   */
  async logs(input: { id: string; follow: boolean; tail: number | 'all'; since?: number; timestamps: boolean }, sink: PacedSink<LogBatch>): Promise<void> {
    const container = this.supervisor.docker().getContainer(input.id);
    let tty: boolean;
    let source: NodeJS.ReadableStream;
    // A followed log is read with the engine's timestamps (sent on only when asked for), so that it can be completed.
    const stamped = input.follow || input.timestamps;
    const out = markingSink(sink, input.timestamps);
    let end: PumpEnd;
    try {
      const info = await container.inspect();
      tty = info.Config.Tty;
      const file = input.follow && input.tail === 'all' && input.since === undefined ? await this.followableFile(info) : undefined;
      if (file) {
        end = await pumpLog(createReadStream(file.path, { start: 0, end: file.size - 1, highWaterMark: 1 << 20 }), new JsonFileLines(), out);
        if (end !== 'ended') return;
        end = await this.followAfter(container, tty, out);
      } else {
        source = await openLogStream(container, {
          stdout: true,
          stderr: true,
          follow: input.follow,
          tail: input.tail,
          since: input.since,
          timestamps: stamped,
        });
        // A followed log ends when the container stops.
        end = await pumpLog(source, new LogDemuxer(!tty, stamped), out);
      }
    } catch (err) {
      throw engineError(err);
    }
    // Only a follow the engine ended itself can have been cut short by it (a broken one is the view's to resume).
    if (input.follow && end === 'ended' && this.supervisor.status().state === 'running') await this.completeFollow(container, tty, input, out.mark, sink);
  }

  /**
   * The log file of a running container, and its size now, when Berth can read it whole on this machine: its own
   * engine (not in the VM), the json-file driver, and no rotation (a rotated log is in several files).
   */
  private async followableFile(info: ContainerInspectInfo): Promise<{ path: string; size: number } | undefined> {
    if (!this.localFiles() || !info.State.Running) return undefined;
    const config = (info.HostConfig as { LogConfig?: { Type?: string; Config?: Record<string, string> } }).LogConfig;
    if (config?.Type !== 'json-file' || config.Config?.['max-size']) return undefined;
    const path = (info as { LogPath?: string }).LogPath;
    if (!path) return undefined;
    try {
      const st = await stat(path);
      return st.isFile() && st.size > 0 ? { path, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The engine's follow of a log whose lines up to `out.mark` were sent: it starts with the end of the log,
   * longer each time until it reaches back to the mark, and lines up to the mark are left out.
   */
  private async followAfter(container: Container, tty: boolean, out: PacedSink<LogBatch> & { mark?: SentMark }): Promise<PumpEnd> {
    for (const tail of COMPLETION_TAILS) {
      const mark = out.mark;
      const source = await openLogStream(container, { stdout: true, stderr: true, follow: true, tail: mark ? tail : 'all', timestamps: true });
      if (!mark) return pumpLog(source, new LogDemuxer(!tty, true), out);
      const after = new AfterMark(mark);
      let read = 0;
      let missed = false;
      const filtered: PacedSink<LogBatch> = {
        signal: out.signal,
        ready: () => out.ready(),
        emit: (batch) => {
          if (after.found) return out.emit(batch);
          read += batch.lines.length;
          const lines = after.take(batch.lines);
          if (lines.length) out.emit({ ...batch, lines });
          else if (!after.found && tail !== 'all' && read >= tail) {
            // The end the engine gave does not reach back to the mark: more lines came meanwhile; read further back.
            missed = true;
            (source as { destroy?: () => void }).destroy?.();
          }
        },
      };
      const end = await pumpLog(source, new LogDemuxer(!tty, true), filtered);
      if (!missed) return end;
    }
    return 'ended';
  }

  /**
   * After a follow ended: when the container has stopped, the lines it wrote after the last one sent (which the
   * engine's follow may have left out), read from the finished log.
   */
  async completeFollow(
    container: Container,
    tty: boolean,
    input: { tail: number | 'all'; since?: number; timestamps: boolean },
    mark: SentMark | undefined,
    sink: PacedSink<LogBatch>,
  ): Promise<void> {
    try {
      // Exited for good: not running, nor about to run again (a restart policy's next start follows on in the view).
      const state = (await container.inspect()).State.Status;
      if (state !== 'exited' && state !== 'dead') return;
      const read = (options: Record<string, unknown>) => openLogStream(container, { stdout: true, stderr: true, follow: false, ...options });
      if (!mark) {
        // Nothing sent: the read the follow began with, finished.
        const all = await read({ tail: input.tail, since: input.since, timestamps: input.timestamps });
        await pumpLog(all, new LogDemuxer(!tty, input.timestamps), sink);
        return;
      }
      // The end of the log, longer each time until it reaches back to the last line sent (a follow cut short
      // misses a few lines, so the first read nearly always does).
      for (const tail of COMPLETION_TAILS) {
        const after = new AfterMark(mark);
        await pumpLog(await read({ tail, timestamps: true }), new LogDemuxer(!tty, true), markingSink(sink, input.timestamps, after));
        if (after.found || sink.signal.aborted) return;
      }
    } catch {
      // The container went with its log: what was sent is all there is.
    }
  }
}

/**
 * The log as a stream, finished or not (dockerode hands a finished log over as one buffer, which a big log
 * cannot be); the API takes tail=all.
 */
function openLogStream(container: Container, options: Record<string, unknown>): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    (container.modem as { dial(opts: unknown, cb: (err: unknown, data: unknown) => void): void }).dial(
      {
        path: `/containers/${container.id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options,
      },
      (err, data) => (err ? reject(err as Error) : resolve(data as NodeJS.ReadableStream)),
    ),
  );
}
