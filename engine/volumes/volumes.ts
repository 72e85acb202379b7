/** Volumes: list with their users, sizes on demand, create, remove, prune. */
import type Docker from 'dockerode';
import type { ActionResult, PruneResult, VolumeSummary } from '../contract/index.js';
import { type EngineClient, engineError, engineMessage, type EngineEvents, watchList } from '../engine/index.js';
import type { StreamSink } from '../rpc/router.js';

const ANONYMOUS = /^[0-9a-f]{64}$/;

/** Pure: volumes joined with the containers that mount them. */
export function summarise(
  volumes: ReadonlyArray<{ Name: string; Driver: string; Mountpoint: string; CreatedAt?: string; Labels?: Record<string, string> | null }>,
  containers: ReadonlyArray<Pick<Docker.ContainerInfo, 'Id' | 'Names' | 'Mounts'>>,
): VolumeSummary[] {
  const users = new Map<string, Array<{ id: string; name: string }>>();
  for (const c of containers) {
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const list = users.get(m.Name) ?? [];
      list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '') });
      users.set(m.Name, list);
    }
  }
  return volumes
    .map((v) => ({
      name: v.Name,
      driver: v.Driver,
      mountpoint: v.Mountpoint,
      createdAt: v.CreatedAt,
      labels: v.Labels ?? {},
      anonymous: ANONYMOUS.test(v.Name),
      usedBy: users.get(v.Name) ?? [],
    }))
    .sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || a.name.localeCompare(b.name));
}

export class VolumesService {
  constructor(
    private readonly supervisor: EngineClient,
    private readonly events: EngineEvents,
  ) {}

  /** The list, again after each volume event or container create/destroy (which changes "used by"). */
  watch(sink: StreamSink<VolumeSummary[]>): Promise<void> {
    return watchList(
      this.events,
      (e) => e.Type === 'volume' || (e.Type === 'container' && /^(create|destroy)$/.test(e.Action)),
      () => this.list(),
      sink,
    );
  }

  async list(): Promise<VolumeSummary[]> {
    const docker = this.supervisor.docker();
    try {
      const [vols, containers] = await Promise.all([docker.listVolumes(), docker.listContainers({ all: true })]);
      return summarise(vols.Volumes ?? [], containers);
    } catch (err) {
      throw engineError(err);
    }
  }

  async sizes(): Promise<Record<string, number>> {
    try {
      const df = (await this.supervisor.docker().df()) as { Volumes?: Array<{ Name: string; UsageData?: { Size: number } }> };
      return Object.fromEntries((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size ?? -1]));
    } catch (err) {
      throw engineError(err);
    }
  }

  async create(name: string | undefined, labels: Record<string, string>): Promise<VolumeSummary> {
    const docker = this.supervisor.docker();
    try {
      if (
        name &&
        (await docker
          .getVolume(name)
          .inspect()
          .catch(() => undefined))
      ) {
        throw new Error(`A volume named "${name}" already exists: choose another name.`);
      }
      const v = (await docker.createVolume({ Name: name, Labels: labels })) as unknown as {
        Name: string;
        Driver: string;
        Mountpoint: string;
        CreatedAt?: string;
        Labels?: Record<string, string>;
      };
      return summarise([v], [])[0]!;
    } catch (err) {
      throw engineError(err);
    }
  }

  async remove(names: readonly string[], force: boolean): Promise<ActionResult[]> {
    const docker = this.supervisor.docker();
    const out: ActionResult[] = [];
    for (const name of names) {
      try {
        await docker.getVolume(name).remove({ force });
        out.push({ id: name, ok: true });
      } catch (err) {
        out.push({ id: name, ok: false, error: engineMessage(err) });
      }
    }
    return out;
  }

  async prune(): Promise<PruneResult> {
    try {
      const r = await this.supervisor.docker().pruneVolumes();
      return { deleted: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
    } catch (err) {
      throw engineError(err);
    }
  }
}
