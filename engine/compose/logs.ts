/**
 * The merged log of a project's containers (`docker compose logs`): every service container's lines, each
 * labelled with its service and container. Without follow, the lines of all containers are merged in time order
 * (the engine's timestamps are always asked for, and dropped unless the caller wanted them). With follow, each
 * container's lines go out as they come, and the project's `start` events attach the containers that start later
 * (a scale-up, an `up`, a restart), from where their log was left, so no line comes twice.
 */
import type Docker from 'dockerode';
import { engineError } from '../engine/index.js';
import { LogDemuxer, type LogLine } from '../util/log-demux.js';
import type { ComposeLogLine } from './contract.js';
import { projectContainers, observed } from './engine-state.js';
import { LABEL } from './naming.js';
import type { ObservedContainer } from './plan.js';

export interface ProjectLogOptions {
  /** Only these services (all when empty). */
  readonly services: readonly string[];
  readonly follow: boolean;
  /** Lines from the end of each container's log; 'all' for everything. */
  readonly tail: number | 'all';
  readonly timestamps: boolean;
  /** Only lines from this Unix time (seconds) on. */
  readonly since?: number;
  /** With follow: end once every container followed has exited (as an attached `docker compose up` does). */
  readonly untilExit?: boolean;
  /** With follow: end once any container followed exits by itself since `since` (`up --abort-on-container-exit`). */
  readonly untilFirstExit?: boolean;
  /** Services whose exit does not end an `untilFirstExit` log (one-shot services others wait to complete). */
  readonly exitIgnores?: readonly string[];
}

type Readable = NodeJS.ReadableStream & { destroy?: () => void };

function lineOf(c: ObservedContainer, l: LogLine, timestamps: boolean): ComposeLogLine {
  return { service: c.service, number: c.number, container: c.name, stream: l.stream, line: l.text, ...(timestamps && l.ts ? { ts: l.ts } : {}) };
}

/** Merge per-container lines by their engine timestamps, keeping each container's own order (pure). */
export function mergeByTime<T extends { readonly ts?: string }>(perContainer: ReadonlyArray<readonly T[]>): T[] {
  const all = perContainer.flatMap((lines, c) => lines.map((l, i) => ({ l, c, i })));
  all.sort((a, b) => (a.l.ts ?? '').localeCompare(b.l.ts ?? '') || a.c - b.c || a.i - b.i);
  return all.map((x) => x.l);
}

/** Stream the project's merged log into `emit` until it ends (no follow) or `signal` aborts (follow). */
export async function projectLogs(
  docker: Docker,
  project: string,
  opts: ProjectLogOptions,
  emit: (line: ComposeLogLine) => void,
  signal: AbortSignal,
): Promise<void> {
  const wanted = (c: ObservedContainer) => !c.oneoff && (!opts.services.length || opts.services.includes(c.service));
  const logOpts = (since: number | undefined, tail: number | 'all') => ({
    stdout: true,
    stderr: true,
    timestamps: true,
    // The API takes tail=all; dockerode's types only know numbers.
    tail: tail as number,
    ...(since !== undefined ? { since } : {}),
  });
  if (!opts.follow) {
    const listed = (await projectContainers(docker, project)).map(observed).filter(wanted);
    listed.sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
    try {
      const per = await Promise.all(
        listed.map(async (c) => {
          const container = docker.getContainer(c.id);
          const tty = (await container.inspect()).Config.Tty;
          const raw = (await container.logs({ ...logOpts(opts.since, opts.tail), follow: false })) as Buffer;
          const d = new LogDemuxer(!tty, true);
          return [...d.push(raw), ...d.end()].map((l) => ({ ...lineOf(c, l, true), ts: l.ts }));
        }),
      );
      for (const l of mergeByTime(per)) {
        if (signal.aborted) return;
        const { ts, ...rest } = l;
        emit(opts.timestamps && ts ? { ...rest, ts } : rest);
      }
    } catch (err) {
      throw engineError(err);
    }
    return;
  }

  // Follow: listen for starts before listing, so a container that starts in between is not missed.
  let events: Readable;
  try {
    events = (await docker.getEvents({
      filters: { type: ['container'], event: ['start'], label: [`${LABEL.project}=${project}`] },
    })) as Readable;
  } catch (err) {
    throw engineError(err);
  }
  /** Per container: attached now, and the timestamp of the last line sent. */
  const attached = new Set<string>();
  const lastTs = new Map<string, string>();
  const streams = new Set<Readable>();
  const attach = async (c: ObservedContainer, first: boolean): Promise<void> => {
    if (attached.has(c.id) || signal.aborted) return;
    attached.add(c.id);
    let startedAt: string | undefined;
    let ended = false;
    try {
      const container = docker.getContainer(c.id);
      const info = await container.inspect();
      startedAt = info.State.StartedAt;
      const last = lastTs.get(c.id);
      const since = last ? Math.floor(Date.parse(last) / 1000) : first ? opts.since : undefined;
      const stream = (await container.logs({ ...logOpts(since, first && !last ? opts.tail : 'all'), follow: true })) as Readable;
      streams.add(stream);
      const demux = new LogDemuxer(!info.Config.Tty, true);
      const send = (lines: LogLine[]) => {
        for (const l of lines) {
          const prev = lastTs.get(c.id);
          if (l.ts && prev && l.ts <= prev) continue;
          if (l.ts) lastTs.set(c.id, l.ts);
          if (!signal.aborted) emit(lineOf(c, l, opts.timestamps));
        }
      };
      await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => send(demux.push(chunk)));
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      });
      send(demux.end());
      streams.delete(stream);
      ended = true;
    } catch {
      // The container went away before its log could be read: nothing to show.
    } finally {
      attached.delete(c.id);
    }
    // It stopped and was started again before its start event found it still attached: follow the new run.
    if (ended && !signal.aborted) {
      const now = await docker
        .getContainer(c.id)
        .inspect()
        .catch(() => undefined);
      if (now?.State.Running && now.State.StartedAt !== startedAt) await attach(c, false);
      else if (now && opts.untilFirstExit && exitedByItself(c, now.State)) allExited();
    }
  };
  const exitIgnored = new Set(opts.exitIgnores ?? []);
  const exitedByItself = (c: ObservedContainer, state: Docker.ContainerInspectInfo['State']) =>
    !exitIgnored.has(c.service) && !state.Running && !state.Restarting && (opts.since === undefined || Date.parse(state.FinishedAt) >= opts.since * 1000);
  const running: Promise<void>[] = [];
  // untilExit: when the last log followed ends, the project is asked (once, not polled) whether any container still runs.
  // untilFirstExit: the first container whose log ends and which has exited by itself ends it.
  let allExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => (allExited = resolve));
  const maybeAllExited = async () => {
    if (!opts.untilExit || attached.size || signal.aborted) return;
    const now = (await projectContainers(docker, project).catch(() => undefined))?.map(observed).filter(wanted);
    if (now && !attached.size && !now.some((c) => c.state === 'running' || c.state === 'restarting')) allExited();
  };
  const follow = (c: ObservedContainer, first: boolean) => running.push(attach(c, first).then(maybeAllExited));
  let buffered = '';
  events.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!text) continue;
      try {
        const e = JSON.parse(text) as { id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
        const id = e.Actor?.ID ?? e.id;
        const a = e.Actor?.Attributes ?? {};
        if (!id) continue;
        const c: ObservedContainer = {
          id,
          name: a.name ?? id.slice(0, 12),
          service: a[LABEL.service] ?? '',
          number: Number(a[LABEL.containerNumber] ?? 0),
          oneoff: (a[LABEL.oneoff] ?? 'False').toLowerCase() === 'true',
          configHash: '',
          imageId: '',
          state: 'running',
        };
        if (wanted(c)) follow(c, false);
      } catch {
        // Not an event: ignore it.
      }
    }
  });
  try {
    const listed = (await projectContainers(docker, project)).map(observed).filter(wanted);
    listed.sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
    for (const c of listed) follow(c, true);
    if (!listed.length) void maybeAllExited();
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      void exited.then(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
      events.on('error', (err: Error) => reject(engineError(err)));
      events.on('end', () => reject(engineError(new Error('the engine stopped sending its events'))));
    });
  } finally {
    events.destroy?.();
    for (const s of streams) s.destroy?.();
    await Promise.allSettled(running);
  }
}
