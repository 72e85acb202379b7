/**
 * Reset to factory defaults: first a plan (every folder and file it deletes,
 * with its size), then, once confirmed, the engine is stopped and they are
 * deleted, and the engine is started again as a new install would start it.
 * Logs and registry logins stay (see `kept`); nothing outside the home is
 * touched except Berth's own docker context.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ResetPlan } from '../contract/index.js';
import {
  currentDockerContext,
  contextMetaFile,
  dockerConfigDir,
  removeDockerContext,
  mountsUnder,
  type HomeLayout,
  type Supervisor,
  vmLayout,
} from '../engine/index.js';
import { settingsSchema } from './settings-file.js';
import { RpcError } from '../rpc/protocol.js';

/** How long sizing may take before it reports "at least". */
const SIZE_BUDGET_MS = 3_000;

/** Bytes on disk under a path (sparse files count what they hold); `more` when the budget ran out first. */
export async function diskUsage(path: string, deadline = Date.now() + SIZE_BUDGET_MS): Promise<{ bytes: number; more: boolean } | undefined> {
  const st = await fs.lstat(path).catch(() => undefined);
  if (!st) return undefined;
  const onDisk = (s: { blocks?: number; size: number }) => (typeof s.blocks === 'number' && s.blocks >= 0 ? s.blocks * 512 : s.size);
  let bytes = onDisk(st);
  if (!st.isDirectory()) return { bytes, more: false };
  const queue = [path];
  while (queue.length) {
    if (Date.now() > deadline) return { bytes, more: true };
    const dir = queue.pop()!;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const child = join(dir, name);
      const cst = await fs.lstat(child).catch(() => undefined);
      if (!cst) continue;
      bytes += onDisk(cst);
      if (cst.isDirectory()) queue.push(child);
    }
  }
  return { bytes, more: false };
}

export class FactoryReset {
  constructor(
    private readonly l: HomeLayout,
    private readonly supervisor: Supervisor,
    /** The docker context Berth keeps for this home, if any. */
    private readonly contextName: string | undefined,
    /** Told once the settings are gone (windows show the default preferences). */
    private readonly onReset: () => Promise<unknown>,
  ) {}

  private targets() {
    const l = this.l;
    return [
      { label: 'Settings', detail: 'engine mode, VM resources, theme and terminal preferences', path: l.settingsFile },
      { label: 'Native engine', detail: 'its images, containers, volumes, build cache and daemon.json', path: join(l.home, 'engine') },
      { label: 'Virtual machine', detail: "its data disk with VM mode's images, containers and volumes, its root disk and keys", path: vmLayout(l).dir },
      { label: 'Build history', detail: 'records and logs of past builds', path: l.buildsDir },
      { label: 'Layer cache', detail: 'indexes of image layers, made again when needed', path: join(l.home, 'cache') },
    ];
  }

  async plan(): Promise<ResetPlan> {
    const deadline = Date.now() + SIZE_BUDGET_MS;
    const items: Array<ResetPlan['items'][number]> = [];
    for (const t of this.targets()) {
      const usage = await diskUsage(t.path, deadline);
      items.push({ ...t, ...(usage ? { bytes: usage.bytes, ...(usage.more ? { more: true } : {}) } : {}) });
    }
    const name = this.contextName;
    if (name) {
      const current = (await currentDockerContext()) === name;
      items.push({
        label: `docker context "${name}"`,
        detail: current
          ? `it is your current context: the docker CLI goes back to "default"`
          : 'the docker CLI’s way to reach this engine (made again when the engine starts)',
        path: join(contextMetaFile(dockerConfigDir(), name), '..'),
      });
    }
    return {
      items,
      kept: [
        `Logs (${this.l.logDir}), for troubleshooting`,
        'Registry logins (remove them on the Registries page)',
        'Engines Berth does not run (external mode)',
      ],
    };
  }

  async reset(): Promise<ResetPlan> {
    const plan = await this.plan();
    await this.supervisor.stop();
    // Linux: what an engine that did not stop cleanly left mounted (elsewhere there is no mountinfo, and nothing to find).
    const mounted = mountsUnder(await fs.readFile('/proc/self/mountinfo', 'utf8').catch(() => ''), [this.l.home]);
    if (mounted.length) {
      throw new RpcError(
        'conflict',
        `Nothing was deleted: ${mounted.length === 1 ? 'a filesystem is' : `${mounted.length} filesystems are`} still mounted under ${this.l.home} (${mounted.slice(0, 3).join(', ')}). Unmount ${mounted.length === 1 ? 'it' : 'them'} (or restart the computer), then reset again.`,
      );
    }
    for (const t of this.targets()) await fs.rm(t.path, { recursive: true, force: true });
    if (this.contextName) await removeDockerContext(this.contextName);
    await this.onReset();
    // Start as a new install would; how that goes shows as the engine's status.
    this.supervisor.start(settingsSchema.parse({}).engine.mode).catch(() => undefined);
    return plan;
  }
}
