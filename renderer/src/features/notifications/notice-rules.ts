/**
 * Pure: which notifications the app's activity calls for. Each rule looks at
 * one store's state before and after a change (a build's end, a pull's end, a
 * container's crash loop beginning) and says what to tell the user, and
 * where clicking it leads. The window title's activity is here too.
 */
import type { ContainerSummary, NotificationChoices } from '../../../../engine/contract';

export type NoticeKind = keyof NotificationChoices;

/** Something to tell the user, and the page (location hash) that shows it. */
export interface Notice {
  /** Unique per notice; a later notice about the same thing replaces the earlier one (the desktop's tag). */
  readonly id: string;
  readonly kind: NoticeKind;
  readonly title: string;
  readonly body: string;
  readonly hash: string;
  /** Other pages that show it already (the containers list shows a crash loop's badge). */
  readonly alsoOn?: readonly string[];
  readonly failed: boolean;
}

/** The part of a build the rules read (the builds store's live build). */
export interface BuildView {
  readonly running: boolean;
  readonly started?: number;
  /** How it ended: done (with its tags), failed (with the reason) or cancelled; undefined while it runs. */
  readonly end?: { readonly t: 'done'; readonly tags: readonly string[]; readonly ms: number } | { readonly t: 'failed'; readonly message: string };
  readonly cancelled?: boolean;
  /** Why the build's stream ended in error (the engine gone, the context unreadable…). */
  readonly error?: string;
}

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/** Pure: the notice for a build that just ended (running before, not now), unless the user cancelled it. `name` is what it builds (its tags). */
export function buildNotice(before: BuildView, after: BuildView, name: string): Notice | undefined {
  if (!before.running || after.running || after.cancelled) return undefined;
  const id = `build-${after.started ?? 0}`;
  const what = name || 'an untagged image';
  if (after.end?.t === 'done') {
    return {
      id,
      kind: 'builds',
      title: `Build finished: ${what}`,
      body: `Built in ${seconds(after.end.ms)}. Click to see its steps and layers.`,
      hash: '#/builds',
      failed: false,
    };
  }
  const reason = after.end?.t === 'failed' ? after.end.message : after.error;
  if (reason === undefined) return undefined;
  return { id, kind: 'builds', title: `Build failed: ${what}`, body: firstLine(reason), hash: '#/builds', failed: true };
}

/** The part of a pull the rules read (the transfers store's entries). */
export interface TransferView {
  readonly kind: 'pull' | 'push';
  readonly ref: string;
  readonly running: boolean;
  readonly error?: string;
  readonly cancelled?: boolean;
}

/** Pure: a notice for each pull that ended between two states of the transfers (cancelled ones and pushes aside). */
export function pullNotices(before: Readonly<Record<string, TransferView>>, after: Readonly<Record<string, TransferView>>, now: number): Notice[] {
  const out: Notice[] = [];
  for (const [key, t] of Object.entries(after)) {
    if (t.kind !== 'pull' || t.running || t.cancelled || !before[key]?.running) continue;
    const id = `pull-${t.ref}-${now}`;
    out.push(
      t.error
        ? { id, kind: 'pulls', title: `Pull failed: ${t.ref}`, body: firstLine(t.error), hash: '#/images', failed: true }
        : { id, kind: 'pulls', title: `Pulled ${t.ref}`, body: 'The image is ready to run. Click to see it in Images.', hash: '#/images', failed: false },
    );
  }
  return out;
}

/**
 * Pure: notices for containers that began crash-looping since they were last
 * seen, and the set of containers told about. A container stays told about
 * while its engine keeps restarting it (a run between two deaths does not
 * tell again); it is forgotten once it is stopped or removed, so a new loop
 * later is told again.
 */
export function crashLoopNotices(told: ReadonlySet<string>, rows: readonly ContainerSummary[]): { notices: Notice[]; told: ReadonlySet<string> } {
  const next = new Set<string>();
  const notices: Notice[] = [];
  for (const c of rows) {
    const restarting = c.state === 'running' || c.state === 'restarting';
    if (told.has(c.id) && (restarting || c.crashLoop)) next.add(c.id);
    else if (c.crashLoop) {
      next.add(c.id);
      notices.push({
        id: `crash-${c.id}`,
        kind: 'crashLoops',
        title: `${c.name} is crash-looping`,
        body: `It exited ${c.crashLoop.exits} times in the last ${c.crashLoop.windowMinutes} minutes and its restart policy keeps starting it. Click to see its logs.`,
        hash: `#/containers/${encodeURIComponent(c.id)}`,
        alsoOn: ['#/containers'],
        failed: true,
      });
    }
  }
  return { notices, told: next };
}

/** Pure: whether a page that shows the notice's news is the one shown (then the user sees it already, and no notice is needed). */
export function pageShown(notice: Pick<Notice, 'hash' | 'alsoOn'>, locationHash: string, visible: boolean): boolean {
  if (!visible) return false;
  const path = (h: string) => h.replace(/^#\/?/, '').split('?')[0]!.replace(/\/$/, '');
  return [notice.hash, ...(notice.alsoOn ?? [])].some((h) => path(h) === path(locationHash));
}

/** What runs now, for the window title: builds and pulls in flight. */
export interface Activity {
  readonly count: number;
  /** The first thing running, in words ("building myimg"). */
  readonly label?: string;
}

/** A save, load, import or copy to another engine, as the title tells it. */
export interface ArchiveView {
  readonly method: 'images.save' | 'images.load' | 'images.import' | 'images.copyTo';
  readonly subject: string;
  readonly running: boolean;
}

const ARCHIVE_VERB: Readonly<Record<ArchiveView['method'], string>> = {
  'images.save': 'saving',
  'images.load': 'loading',
  'images.import': 'importing',
  'images.copyTo': 'copying',
};

/** Pure: the activity from what the stores hold: a build, pulls and pushes, and a save, load, import or copy. */
export function activityOf(build: { readonly running: boolean; readonly name: string }, pulls: readonly TransferView[], archive?: ArchiveView): Activity {
  const labels: string[] = [];
  if (build.running) labels.push(`building ${build.name || 'an image'}`);
  for (const p of pulls) if (p.running) labels.push(`${p.kind === 'pull' ? 'pulling' : 'pushing'} ${p.ref}`);
  if (archive?.running) labels.push(`${ARCHIVE_VERB[archive.method]} ${archive.subject}`);
  return { count: labels.length, label: labels[0] };
}

/** Pure: the window title, with what runs first: "(2) Builds · Berth — building myimg". */
export function titleWithActivity(base: string, a: Activity): string {
  return a.count ? `(${a.count}) ${base} — ${a.label}` : base;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
