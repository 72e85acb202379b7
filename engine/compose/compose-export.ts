/**
 * "Save as compose.yaml" on the engine: reads the containers' inspect data, their images' and the labels of the
 * networks and volumes they use, turns them into a Compose file (from-containers.ts, pure) and, when a path is
 * given, writes it there (the backend runs on the user's machine, as for image saves).
 */
import { homedir } from 'node:os';
import type Docker from 'dockerode';
import { engineError, type Supervisor } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import { fileError, resolveHostPath, writableTarget } from '../util/archive-paths.js';
import { writeFileAtomic } from '../util/fs.js';
import type { ComposeExported } from './contract.js';
import { composeFromContainers, composeYaml, type ImageDefaults, type InspectedContainer } from './from-containers.js';

export class ComposeExport {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly home = homedir(),
  ) {}

  /** The Compose file that recreates `refs` (ids or names); written to `path` when one is given. */
  async export(refs: readonly string[], path?: string, overwrite = false): Promise<ComposeExported> {
    const target = path === undefined ? undefined : resolveHostPath(path, this.home);
    if (target) await writableTarget(target, overwrite);
    const docker = this.supervisor.docker();
    const containers = await Promise.all(
      [...new Set(refs)].map((ref) =>
        docker
          .getContainer(ref)
          .inspect()
          .catch((err: { statusCode?: number }) => {
            if (err.statusCode === 404) throw new RpcError('not_found', `There is no container ${ref}: check the name with berth ps (or docker ps -a).`);
            throw engineError(err);
          }),
      ),
    );
    try {
      const imageIds = [...new Set(containers.map((c) => c.Image))];
      const imageConfigs = new Map(
        await Promise.all(
          imageIds.map(
            async (id) =>
              [
                id,
                await docker
                  .getImage(id)
                  .inspect()
                  .then((i) => i.Config as ImageDefaults)
                  .catch(() => undefined),
              ] as const,
          ),
        ),
      );
      const [networks, volumes] = await Promise.all([docker.listNetworks(), docker.listVolumes()]);
      const result = composeFromContainers({
        containers: containers as unknown as InspectedContainer[],
        images: Object.fromEntries(containers.map((c) => [c.Id, imageConfigs.get(c.Image)])),
        networkLabels: Object.fromEntries(networks.map((n) => [n.Name, n.Labels ?? {}])),
        volumeLabels: Object.fromEntries(
          (volumes.Volumes ?? []).map((v: Docker.VolumeInspectInfo) => [v.Name, (v.Labels as Record<string, string> | null) ?? {}]),
        ),
      });
      const yaml = composeYaml(
        result,
        containers.map((c) => c.Name.replace(/^\//, '')),
      );
      if (target) await writeFileAtomic(target, yaml, 0o644).catch((err: unknown) => Promise.reject(fileError(err, target, 'write')));
      return { yaml, ...(result.project ? { project: result.project } : {}), notes: [...result.notes], ...(target ? { path: target } : {}) };
    } catch (err) {
      throw err instanceof RpcError ? err : engineError(err);
    }
  }
}
