/** Disk use (`docker system df`) and the clean-ups that delete exactly what they listed. */
import type { ActionResult } from '../contract/types.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import type { CleanupPlan, DiskKind, DiskUsage } from './contract.js';
import { cleanupPlan, summariseDf, type DfReply } from './disk-usage.js';

/** How the other nouns delete their things, without force (the engine refuses a running container, a used volume or image). */
export interface Removers {
  readonly images: (ids: readonly string[]) => Promise<ActionResult[]>;
  readonly containers: (ids: readonly string[]) => Promise<ActionResult[]>;
  readonly volumes: (names: readonly string[]) => Promise<ActionResult[]>;
}

const WHAT: Readonly<Record<DiskKind, string>> = {
  images: 'it is no longer a dangling image no container uses',
  containers: 'it is no longer a stopped container',
  volumes: 'a container uses it now',
  buildCache: 'it is in use or shared now',
};

export class SystemService {
  /** `supervisor`: the engine whose disk this is (Berth's own, or the one a window chose). */
  constructor(
    private readonly supervisor: EngineClient,
    private readonly removers: Removers,
  ) {}

  private async df(): Promise<DfReply> {
    try {
      return (await this.supervisor.docker().df()) as DfReply;
    } catch (err) {
      throw engineError(err);
    }
  }

  async usage(): Promise<DiskUsage> {
    return summariseDf(await this.df());
  }

  async plan(kind: DiskKind): Promise<CleanupPlan> {
    return cleanupPlan(await this.df(), kind);
  }

  /**
   * Delete the listed items that a clean-up of `kind` would still delete now; the others are refused and kept (a container started since
   * the list was shown, a volume now mounted, an image tagged or used, a record gone or in use).
   */
  async cleanup(kind: DiskKind, ids: readonly string[]): Promise<ActionResult[]> {
    const now = new Set((await this.plan(kind)).items.map((i) => i.id));
    const eligible = ids.filter((id) => now.has(id));
    const refused: ActionResult[] = ids.filter((id) => !now.has(id)).map((id) => ({ id, ok: false, error: `not removed, as ${WHAT[kind]} (or it is gone).` }));
    if (!eligible.length) return refused;
    const done = kind === 'buildCache' ? await this.pruneCache(eligible) : await this.removers[kind](eligible);
    return [...done, ...refused];
  }

  /**
   * Prune build cache records one id at a time (the engine's prune takes one id filter). A record whose child is also listed frees only
   * once the child is gone, so the ids still there are tried again while each pass removes something.
   */
  private async pruneCache(ids: readonly string[]): Promise<ActionResult[]> {
    const docker = this.supervisor.docker();
    const prune = (id: string) =>
      new Promise<string[]>((resolve, reject) =>
        docker.modem.dial(
          { path: '/build/prune?', method: 'POST', options: { all: true, filters: { id: [id] } }, statusCodes: { 200: true, 500: 'server error' } },
          (err: Error | null, data: unknown) => (err ? reject(err) : resolve((data as { CachesDeleted?: string[] | null })?.CachesDeleted ?? [])),
        ),
      );
    const gone = new Set<string>();
    const errors = new Map<string, string>();
    let left = [...ids];
    for (let pass = 0; left.length && pass < 10; pass++) {
      let progress = false;
      for (const id of left) {
        try {
          const deleted = await prune(id);
          for (const d of deleted) gone.add(d);
          if (deleted.length) progress = true;
          errors.delete(id);
        } catch (err) {
          errors.set(id, engineMessage(err));
        }
      }
      left = left.filter((id) => !gone.has(id));
      if (!progress) break;
    }
    return ids.map((id) =>
      gone.has(id)
        ? { id, ok: true }
        : { id, ok: false, error: errors.get(id) ?? `The build cache record ${id.slice(0, 12)} was not deleted: the engine still holds it.` },
    );
  }
}
