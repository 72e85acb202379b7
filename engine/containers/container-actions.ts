/** Container lifecycle actions, on one or many containers; each reports its own outcome. */
import type Docker from 'dockerode';
import { mapLimited } from '../util/limit.js';
import type { ActionResult, ContainerAction, PruneResult, RemovalImpact } from '../contract/index.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import { runCommand } from './run-command.js';

/** Anonymous volumes are named by the engine with 64 hex digits. */
const ANONYMOUS = /^[0-9a-f]{64}$/;

async function outcome(id: string, op: () => Promise<unknown>): Promise<ActionResult> {
  try {
    await op();
    return { id, ok: true };
  } catch (err) {
    // 304: the container is already as asked (stopping a stopped one, starting a running one): done, not a failure.
    if ((err as { statusCode?: number })?.statusCode === 304) return { id, ok: true };
    return { id, ok: false, error: engineMessage(err) };
  }
}

export class ContainerActions {
  constructor(private readonly supervisor: EngineClient) {}

  private container(id: string): Docker.Container {
    return this.supervisor.docker().getContainer(id);
  }

  act(ids: readonly string[], action: ContainerAction, timeout?: number, signal?: string): Promise<ActionResult[]> {
    return mapLimited(ids, 4, (id) =>
      outcome(id, () => {
        const c = this.container(id);
        switch (action) {
          case 'start':
            return c.start();
          case 'stop':
            return c.stop(timeout === undefined ? {} : { t: timeout });
          case 'restart':
            return c.restart(timeout === undefined ? {} : { t: timeout });
          case 'pause':
            return c.pause();
          case 'unpause':
            return c.unpause();
          case 'kill':
            return c.kill(signal ? { signal } : {});
        }
      }),
    );
  }

  async removalImpact(ids: readonly string[]): Promise<RemovalImpact[]> {
    return mapLimited(ids, 4, async (id) => {
      try {
        const info = await this.container(id).inspect();
        const volumes = info.Mounts.filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!);
        return {
          id: info.Id,
          name: info.Name.replace(/^\//, ''),
          running: info.State.Running || info.State.Paused || info.State.Restarting,
          anonymousVolumes: volumes.filter((v) => ANONYMOUS.test(v)),
          namedVolumes: volumes.filter((v) => !ANONYMOUS.test(v)),
        };
      } catch (err) {
        throw engineError(err);
      }
    });
  }

  remove(ids: readonly string[], force: boolean, volumes: boolean): Promise<ActionResult[]> {
    return mapLimited(ids, 4, (id) => outcome(id, () => this.container(id).remove({ force, v: volumes })));
  }

  async rename(id: string, name: string): Promise<void> {
    try {
      await this.container(id).rename({ name: name.replace(/^\//, '') });
    } catch (err) {
      throw engineError(err);
    }
  }

  async prune(): Promise<PruneResult> {
    try {
      const r = await this.supervisor.docker().pruneContainers();
      return { deleted: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
    } catch (err) {
      throw engineError(err);
    }
  }

  async runCommand(id: string): Promise<string> {
    try {
      const info = await this.container(id).inspect();
      const image = await this.supervisor
        .docker()
        .getImage(info.Image)
        .inspect()
        .catch(() => undefined);
      // On the host network the default host name is the engine machine's, which only the engine knows.
      const hostname =
        info.HostConfig.NetworkMode === 'host'
          ? await this.supervisor
              .docker()
              .info()
              .then((i: { Name?: string }) => i.Name)
              .catch(() => undefined)
          : undefined;
      return runCommand(info, image?.Config, { hostname });
    } catch (err) {
      throw engineError(err);
    }
  }
}
