/**
 * `compose pull` and `compose build`: the images of a project's services, one stream of events for all. Pulls
 * honour `pull_policy` (never and build are skipped, missing skips an image the engine has); builds go through
 * Berth's own build service, as those of `up` do. And the images `down --rmi` removes.
 */
import type Docker from 'dockerode';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { buildImage, type ImageSources } from './apply.js';
import type { ComposeImageEvent } from './contract.js';
import { serviceImage } from './create-body.js';
import { isPlainObject } from './interpolate.js';
import type { ComposeProject } from './normalize.js';

/** The services named (all when none), or a sentence naming those that are not services of the project. */
export function pickServices(project: ComposeProject, names: readonly string[]): string[] {
  const unknown = names.filter((n) => !(n in project.services));
  if (unknown.length)
    throw new RpcError(
      'bad_request',
      `${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a service' : 'are not services'} of the project ${project.name} (its services: ${Object.keys(project.services).join(', ')}).`,
    );
  return names.length ? [...names] : Object.keys(project.services);
}

/** What `pull` does for one service: pull its image, or skip it and why (pure). */
export function pullDecision(project: ComposeProject, service: string, local: boolean): { action: 'pull' } | { action: 'skip'; why: string } {
  const svc = project.services[service]!;
  const policy = typeof svc.pull_policy === 'string' ? svc.pull_policy : undefined;
  if (policy === 'never') return { action: 'skip', why: 'pull_policy: never' };
  if (isPlainObject(svc.build) && (typeof svc.image !== 'string' || policy === 'build')) return { action: 'skip', why: 'it is built (berth compose build)' };
  if ((policy === 'missing' || policy === 'if_not_present') && local) return { action: 'skip', why: 'pull_policy: missing, and the engine has it' };
  return { action: 'pull' };
}

type Sink = StreamSink<ComposeImageEvent>;

/** Pull the chosen services' images (each image once), with progress. */
export async function pullImages(docker: Docker, project: ComposeProject, names: readonly string[], sources: ImageSources, sink: Sink): Promise<void> {
  const started = Date.now();
  const done: string[] = [];
  const seen = new Set<string>();
  const jobs: Array<Promise<void>> = [];
  for (const service of pickServices(project, names)) {
    const image = serviceImage(project, service);
    const local = await docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    const d = pullDecision(project, service, local);
    if (d.action === 'skip' || seen.has(image)) {
      sink.emit({ t: 'image', service, image, action: 'skip', state: 'done', detail: d.action === 'skip' ? d.why : 'pulled for another service' });
      continue;
    }
    seen.add(image);
    jobs.push(
      (async () => {
        sink.emit({ t: 'image', service, image, action: 'pull', state: 'working' });
        await sources.pull(image, {
          signal: sink.signal,
          emit: (p) => sink.emit({ t: 'progress', service, image, fraction: p.fraction, status: p.status }),
        });
        done.push(image);
        sink.emit({ t: 'image', service, image, action: 'pull', state: 'done' });
      })(),
    );
  }
  await Promise.all(jobs);
  sink.emit({ t: 'done', images: done, ms: Date.now() - started });
}

/** Build the chosen services that have a build section (one at a time, output as it comes). */
export async function buildImages(
  project: ComposeProject,
  names: readonly string[],
  opts: { noCache: boolean; pull: boolean },
  sources: ImageSources,
  sink: Sink,
): Promise<void> {
  const started = Date.now();
  const done: string[] = [];
  for (const service of pickServices(project, names)) {
    const image = serviceImage(project, service);
    if (!isPlainObject(project.services[service]!.build)) {
      if (names.length) sink.emit({ t: 'image', service, image, action: 'skip', state: 'done', detail: 'it has no build section' });
      continue;
    }
    sink.emit({ t: 'image', service, image, action: 'build', state: 'working' });
    await buildImage(sources, project, service, image, sink.signal, {
      ...opts,
      onEvent: (e) => {
        if (e.t === 'log') sink.emit({ t: 'log', service, text: e.text });
      },
    });
    done.push(image);
    sink.emit({ t: 'image', service, image, action: 'build', state: 'done' });
  }
  sink.emit({ t: 'done', images: done, ms: Date.now() - started });
}

/**
 * The images `down --rmi` removes: `local` those Compose names after the project (services without an `image`
 * of their own), `all` every service's. Without the project's files, from its containers' services and images.
 */
export function imagesToRemove(
  rmi: 'local' | 'all',
  projectName: string,
  project: ComposeProject | undefined,
  containers: ReadonlyArray<{ readonly service: string; readonly image: string }>,
): string[] {
  const out = new Set<string>();
  if (project)
    for (const s of Object.keys(project.services)) {
      if (rmi === 'all' || typeof project.services[s]!.image !== 'string') out.add(serviceImage(project, s));
    }
  for (const c of containers) if (rmi === 'all' || c.image === `${projectName}-${c.service}`) out.add(c.image);
  return [...out].sort();
}
