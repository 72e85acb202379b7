/**
 * What the engine has of a Compose project, read by labels as Docker Compose reads it: the containers labelled
 * `com.docker.compose.project=<name>` (with what each was made with, for the plan's reasons), the networks and
 * volumes by name, and the local image id of each service's image.
 */
import type Docker from 'dockerode';
import { engineError } from '../engine/index.js';
import { serviceImage } from './create-body.js';
import { inspectSettings } from './drift.js';
import { LABEL } from './naming.js';
import type { ComposeProject } from './normalize.js';
import type { EngineState, ObservedContainer } from './plan.js';

/** The project's containers as the engine lists them (one-off containers included). */
export async function projectContainers(docker: Docker, project: string): Promise<Docker.ContainerInfo[]> {
  try {
    return await docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${project}`] } });
  } catch (err) {
    throw engineError(err);
  }
}

/** A listed container as the planner sees it (without its settings). */
export function observed(c: Docker.ContainerInfo): ObservedContainer {
  const l = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    service: l[LABEL.service] ?? '',
    number: Number(l[LABEL.containerNumber] ?? 0),
    oneoff: (l[LABEL.oneoff] ?? 'False').toLowerCase() === 'true',
    configHash: l[LABEL.configHash] ?? '',
    imageId: c.ImageID,
    state: c.State,
  };
}

async function imageId(docker: Docker, ref: string): Promise<string | null> {
  return docker
    .getImage(ref)
    .inspect()
    .then(
      (i) => i.Id,
      () => null,
    );
}

/** Read everything the plan of `up` needs. */
export async function readEngineState(docker: Docker, project: ComposeProject): Promise<EngineState> {
  try {
    const [listed, networks, volumes] = await Promise.all([projectContainers(docker, project.name), docker.listNetworks(), docker.listVolumes()]);
    const refs = [...new Set(Object.keys(project.services).map((s) => serviceImage(project, s)))];
    const ids = await Promise.all(refs.map((r) => imageId(docker, r)));
    const imageEnv = new Map<string, Promise<string[]>>();
    const envOf = (id: string) => {
      if (!imageEnv.has(id))
        imageEnv.set(
          id,
          docker
            .getImage(id)
            .inspect()
            .then(
              (i) => i.Config?.Env ?? [],
              () => [],
            ),
        );
      return imageEnv.get(id)!;
    };
    const containers = await Promise.all(
      listed.map(async (c) => {
        const base = observed(c);
        if (!(base.service in project.services)) return base;
        const info = await docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => undefined);
        return info ? { ...base, settings: inspectSettings(info, await envOf(c.ImageID)) } : base;
      }),
    );
    return {
      containers,
      networks: new Set(networks.map((n) => n.Name)),
      volumes: new Set((volumes.Volumes ?? []).map((v) => v.Name)),
      images: Object.fromEntries(refs.map((r, i) => [r, ids[i]!])),
    };
  } catch (err) {
    throw engineError(err);
  }
}
