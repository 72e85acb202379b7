/** The walkthroughs' projects on disk: written afresh under the Berth home on Berth's own helper image, and the cache walkthrough's one edit. */
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { engineError, engineMessage, type Supervisor } from '../engine/index.js';
import { ensureHelperImage, HELPER_IMAGE } from '../images/index.js';
import { RpcError } from '../rpc/protocol.js';
import { writeFileAtomic } from '../util/fs.js';
import type { LearnChange, LearnContainer, LearnProject, LearnProjectInfo } from './contract.js';
import { CACHE_FILE, nextMessage, projectSource, SHELL_CONTAINER } from './projects.js';

export class LearnService {
  /** `dir`: the folder under the Berth home that holds one folder per walkthrough. */
  constructor(
    private readonly supervisor: Supervisor,
    private readonly dir: string,
  ) {}

  private contextOf(project: LearnProject): string {
    return join(this.dir, project);
  }

  /** Write the project afresh (anything left from an earlier run goes), after making sure its base image is on the engine. */
  async prepare(project: LearnProject): Promise<LearnProjectInfo> {
    let base: string;
    try {
      base = await ensureHelperImage(this.supervisor.docker());
    } catch (err) {
      throw new RpcError('engine', `Berth could not make its helper image for the walkthrough: ${engineMessage(err)}`);
    }
    const source = projectSource(project, base);
    const context = this.contextOf(project);
    try {
      await rm(context, { recursive: true, force: true });
      for (const [file, text] of Object.entries(source.files)) {
        const path = join(context, file);
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, text, 0o644);
      }
    } catch (err) {
      throw new RpcError('internal', `Berth could not write the walkthrough's files in ${context}: ${(err as Error).message}`);
    }
    return this.infoOf(project, base);
  }

  private infoOf(project: LearnProject, base: string): LearnProjectInfo {
    const source = projectSource(project, base);
    const context = this.contextOf(project);
    return {
      project,
      context,
      files: Object.keys(source.files),
      images: source.images.map((i) => ({ dockerfile: join(context, i.dockerfile), dockerfileText: source.files[i.dockerfile] ?? '', tag: i.tag })),
    };
  }

  /** The project as an earlier `prepare` wrote it (a window reloaded since finds it again); nothing is written. */
  async project(project: LearnProject): Promise<LearnProjectInfo> {
    const info = this.infoOf(project, HELPER_IMAGE);
    const missing = await Promise.all(
      info.images.map((i) =>
        access(i.dockerfile).then(
          () => false,
          () => true,
        ),
      ),
    );
    if (missing.some(Boolean)) throw new RpcError('not_found', 'The walkthrough has no project yet: write its files first (its first step).');
    return info;
  }

  /** Run the shell walkthrough's container afresh from the image its build step made (one left from an earlier run is removed first). */
  async run(project: 'shell'): Promise<LearnContainer> {
    const image = this.infoOf(project, HELPER_IMAGE).images[0]!.tag;
    const docker = this.supervisor.docker();
    try {
      await docker.getImage(image).inspect();
    } catch {
      throw new RpcError('not_found', `The image ${image} is not on the engine: build it first (the step before).`);
    }
    try {
      await docker
        .getContainer(SHELL_CONTAINER)
        .remove({ force: true })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        });
      const c = await docker.createContainer({ name: SHELL_CONTAINER, Image: image, Labels: { 'dev.berth.learn': project } });
      await c.start();
      return { id: c.id, name: SHELL_CONTAINER, image };
    } catch (err) {
      throw engineError(err);
    }
  }

  /** Edit the cache walkthrough's message file once more; the project must have been prepared. */
  async change(project: 'cache'): Promise<LearnChange> {
    const context = this.contextOf(project);
    const path = join(context, CACHE_FILE);
    const before = await readFile(path, 'utf8').catch(() => {
      throw new RpcError('not_found', 'The walkthrough has no project yet: write its files first (its first step).');
    });
    const after = nextMessage(before);
    await writeFileAtomic(path, after, 0o644);
    return { context, file: CACHE_FILE, before, after };
  }
}
