/**
 * Recent activity: the last builds (Berth's build records), image pulls and container exits (the engine's `pull` and `die`
 * events, those it still holds when followed, then the live ones), newest first.
 */
import type { BuildSummary } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { DockerEvent, EngineClient, EngineEvents } from '../engine/index.js';
import { readNdjson } from '../util/text-stream.js';
import type { ActivityItem } from './contract.js';

/** How many items the list keeps. */
export const ACTIVITY_LIMIT = 10;
/** How far back the engine's held events are asked for. */
const LOOK_BACK_S = 7 * 24 * 3600;

/** Pure: the activity a Docker event stands for: a container's `die` (with its exit code) or an image `pull`; undefined for the rest. */
export function activityOfEvent(e: DockerEvent): ActivityItem | undefined {
  const at = e.timeNano ? Math.floor(e.timeNano / 1e6) : e.time * 1000;
  const attrs = e.Actor.Attributes ?? {};
  if (e.Type === 'container' && e.Action === 'die') {
    const code = Number(attrs.exitCode ?? NaN);
    const known = Number.isFinite(code);
    return {
      kind: 'exit',
      id: e.Actor.ID,
      what: attrs.name ?? e.Actor.ID.slice(0, 12),
      at,
      ok: code === 0,
      outcome: known ? `exit code ${code}` : 'exited',
      ...(attrs.image ? { image: attrs.image } : {}),
    };
  }
  if (e.Type === 'image' && e.Action === 'pull') return { kind: 'pull', id: e.Actor.ID, what: e.Actor.ID, at, ok: true, outcome: 'pulled' };
  return undefined;
}

/** Pure: a pull started through Berth that failed (the engine has no event for it), with the sentence it failed with. */
export function activityOfFailedPull(ref: string, error: string, at: number): ActivityItem {
  return { kind: 'pull', id: ref, what: ref, at, ok: false, outcome: 'failed', error };
}

/** Pure: epoch milliseconds as the engine's events API takes a time ("seconds.nanoseconds", nine digits after the point). */
export function eventsTimestamp(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1e6).padStart(9, '0')}`;
}

const BUILD_OUTCOME: Readonly<Record<BuildSummary['result'], string>> = { done: 'built', failed: 'failed', cancelled: 'cancelled' };

/** Pure: a finished build as activity, named by its first tag (or its context folder when untagged). */
export function activityOfBuild(b: BuildSummary): ActivityItem {
  const what = b.tags[0] ?? (b.context.split(/[\\/]/).filter(Boolean).pop() || b.context);
  return { kind: 'build', id: b.id, what, at: b.endedAt, ok: b.result === 'done', outcome: BUILD_OUTCOME[b.result] };
}

/**
 * Pure: `items` added to `list`, newest first, at most `limit`. One entry per thing: a container that exits again, or an image
 * pulled again, replaces its older entry (so a crash loop takes one line, not all of them).
 */
export function mergeActivity(list: readonly ActivityItem[], items: readonly ActivityItem[], limit = ACTIVITY_LIMIT): ActivityItem[] {
  const byKey = new Map<string, ActivityItem>();
  for (const i of [...list, ...items]) {
    const key = `${i.kind} ${i.id}`;
    const old = byKey.get(key);
    if (!old || old.at <= i.at) byKey.set(key, i);
  }
  return [...byKey.values()].sort((a, b) => b.at - a.at).slice(0, limit);
}

/** What the activity needs of the builds: their list, and word of each one recorded. */
export interface BuildHistory {
  list(): Promise<readonly BuildSummary[]>;
  /** Listen to builds being recorded; returns the unsubscribe function. */
  onRecorded(listener: () => void): () => void;
}

export class ActivityService {
  /** Pulls through Berth that failed since it started (the engine keeps no trace of them), newest first. */
  private failedPulls: ActivityItem[] = [];
  private readonly failListeners = new Set<(item: ActivityItem) => void>();

  constructor(
    private readonly client: EngineClient,
    private readonly events: EngineEvents,
    private readonly builds: BuildHistory,
  ) {}

  /** A pull through Berth failed: it joins the activity of every follower, with its sentence. */
  pullFailed(ref: string, error: string, at = Date.now()): void {
    const item = activityOfFailedPull(ref, error, at);
    this.failedPulls = mergeActivity(this.failedPulls, [item]);
    for (const l of this.failListeners) l(item);
  }

  /** The exits and pulls the engine still holds from the last week (it keeps its latest events only). */
  private async pastEvents(): Promise<ActivityItem[]> {
    const now = Date.now();
    const out: ActivityItem[] = [];
    try {
      // Until now to the millisecond (the API takes a string; dockerode's types say a number): whole seconds would leave out
      // what happened earlier in this second.
      const options = {
        since: Math.floor(now / 1000) - LOOK_BACK_S,
        until: eventsTimestamp(now),
        filters: { type: ['container', 'image'], event: ['die', 'pull'] },
      };
      const stream = (await this.client.docker().getEvents(options as unknown as { until: number })) as unknown as NodeJS.ReadableStream;
      await readNdjson<DockerEvent>(stream, (e) => {
        const item = activityOfEvent(e);
        if (item) out.push(item);
      });
    } catch {
      /* the engine is away: only builds are listed until it is back */
    }
    return out;
  }

  private async buildItems(): Promise<ActivityItem[]> {
    try {
      return (await this.builds.list()).map(activityOfBuild);
    } catch {
      return [];
    }
  }

  /** The list at once, and again whenever a build is recorded or an exit or pull happens. */
  async watch(sink: StreamSink<readonly ActivityItem[]>): Promise<void> {
    let list: ActivityItem[] = [];
    let sent = '';
    const send = () => {
      const text = JSON.stringify(list);
      if (text !== sent && !sink.signal.aborted) {
        sent = text;
        sink.emit(list);
      }
    };
    const add = (items: readonly ActivityItem[]) => {
      list = mergeActivity(list, items);
      send();
    };
    const reload = async () => {
      const [builds, past] = await Promise.all([this.buildItems(), this.pastEvents()]);
      add([...builds, ...past, ...this.failedPulls]);
    };
    const onFailed = (item: ActivityItem) => add([item]);
    this.failListeners.add(onFailed);
    const unsubscribe = this.events.subscribe((s) => {
      if (s.kind === 'connected') void reload();
      else if (s.kind === 'event') {
        const item = activityOfEvent(s.event);
        if (item) add([item]);
      }
    });
    const unBuilds = this.builds.onRecorded(() => void this.buildItems().then(add));
    await reload();
    send();
    await untilAborted(sink.signal);
    unsubscribe();
    unBuilds();
    this.failListeners.delete(onFailed);
  }
}
