/**
 * Building an image from a Dockerfile with BuildKit (`POST /build?version=2`):
 * the Dockerfile read first (stages, target, errors at their line), the
 * context walked and summed up before it is sent, then packed and streamed
 * with its progress, and BuildKit's trace decoded into steps and logs as they
 * come. Cancelling stops the build on the engine (by its build id), not only
 * here.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { BuildComparison, BuildEvent, BuildPlan, BuildSummary } from './contract.js';
import { compareBuilds } from './compare.js';
import { buildImages } from './previous-image.js';
import { LOG_CAP, type BuildRecord, type BuildRecords, type BuildResult, type BuildSettings } from './records.js';
import { explainCache, reasonText, type ExplainableBuild } from './explain.js';
import { parseImageRef } from '../images/index.js';
import { applyTrace, cancelRemaining, EMPTY_BUILD, traceLogs, type BuildModel, type BuildStep } from './build-model.js';
import { decodeTrace, TraceError } from './buildkit-trace.js';
import { LogBatch } from './log-batch.js';
import { applyClassicLine, buildkitUnavailable, classicStart, type ClassicLine, type ClassicState } from './classic.js';
import { ContextError, LARGE_CONTEXT_BYTES, packContext, scanContext, type ContextScan } from './context.js';
import { DockerfileError, parseDockerfile, stagesFor, stepInstruction, type Dockerfile, type Stage } from './dockerfile.js';
import { dockerfileFault, droppedBuildSentence, isConnectionDrop } from './build-errors.js';
import { hashFiles } from './filesync.js';
import { openBuildSession, type BuildSession } from './session.js';
import { type EngineClient, engineError } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { resolveHostPath } from '../util/archive-paths.js';
import { readNdjson, Utf8Streams } from '../util/text-stream.js';

/** What a build is asked for: its settings, the Dockerfile optional (`Dockerfile` in the context), the builder "auto" unless chosen. */
export type BuildInput = Omit<BuildSettings, 'dockerfile' | 'builder'> & { readonly dockerfile?: string; readonly builder?: 'auto' | 'buildkit' | 'classic' };

/** One line of the engine's build reply. */
interface ReplyLine {
  id?: string;
  aux?: unknown;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export class BuildService {
  /**
   * `engine`: the name of the Engines list's engine that `client` reaches, recorded with each build;
   * none for Berth's own engine.
   */
  constructor(
    private readonly client: EngineClient,
    private readonly records?: BuildRecords,
    private readonly home = homedir(),
    private readonly engine?: string,
  ) {}

  /** The history, each finished build marked when the engine no longer has its image or the one its tag named before. */
  async list(): Promise<BuildSummary[]> {
    const records = (await this.records?.list()) ?? [];
    const present = records.some((r) => r.result.kind === 'done')
      ? await this.client
          .docker()
          // All of them: an older image that a newer one builds on is listed only so.
          .listImages({ all: true })
          .then(
            (images) => new Set(images.map((i) => i.Id)),
            () => undefined,
          )
      : undefined;
    // Whether an image is still there is known only for builds on this engine.
    return records.map((r) => summaryOf(r, r.settings.engine === this.engine ? present : undefined));
  }

  /** The image each tag names now (before the build moves it); a tag that names none is left out. */
  private async imagesOf(tags: readonly string[]): Promise<Record<string, string>> {
    const docker = this.client.docker();
    const ids = await Promise.all(
      tags.map((t) =>
        docker
          .getImage(t)
          .inspect()
          .then(
            (i) => i.Id,
            () => undefined,
          ),
      ),
    );
    return Object.fromEntries(tags.flatMap((t, i) => (ids[i] ? [[t, ids[i]]] : [])));
  }

  async get(id: string): Promise<BuildRecord> {
    const r = await this.records?.get(id);
    if (!r) throw new RpcError('not_found', 'There is no such build in the history.');
    return r;
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    return { removed: (await this.records?.remove(id)) ?? false };
  }

  /**
   * The builder to use: the one asked for, or for "auto" BuildKit unless the
   * engine cannot have it (an API older than 1.39, the first with BuildKit,
   * or a Windows engine). An engine that refuses BuildKit anyway is caught
   * when the build is sent.
   */
  private async builderFor(asked: 'auto' | 'buildkit' | 'classic'): Promise<{ builder: 'buildkit' | 'classic'; reason?: string }> {
    if (asked !== 'auto') return { builder: asked };
    const v = await this.client
      .docker()
      .version()
      .catch(() => undefined);
    const [major, minor] = (v?.ApiVersion ?? '1.41').split('.').map(Number);
    if (major! < 1 || (major === 1 && minor! < 39))
      return { builder: 'classic', reason: `The engine's API ${v?.ApiVersion} is older than BuildKit (1.39): building with the classic builder.` };
    if (v?.Os === 'windows')
      return { builder: 'classic', reason: 'The engine runs Windows containers, which BuildKit does not build: building with the classic builder.' };
    return { builder: 'buildkit' };
  }

  /** Two builds of the same Dockerfile and context, step by step, the older one first whichever order they are asked in. */
  async compare(first: string, second: string): Promise<BuildComparison> {
    const [a, b] = [await this.get(first), await this.get(second)];
    if (a.settings.dockerfile !== b.settings.dockerfile || a.settings.context !== b.settings.context) {
      throw new RpcError(
        'bad_request',
        `These builds are of different Dockerfiles (${a.settings.dockerfile} and ${b.settings.dockerfile}): compare two builds of the same Dockerfile and context.`,
      );
    }
    return a.startedAt <= b.startedAt ? compareBuilds(a, b) : compareBuilds(b, a);
  }

  /**
   * A session serving the context and the Dockerfile's folder to BuildKit. The shared key names the
   * pair of folders, so that the engine's copy of them from the last build is reused.
   */
  private async openSession(docker: Docker, context: string, dockerfilePath: string, scan: ContextScan, sink: StreamSink<BuildEvent>): Promise<BuildSession> {
    let last = 0;
    return openBuildSession(docker, {
      dirs: { context, dockerfile: dirname(dockerfilePath) },
      sharedKey: createHash('sha256')
        .update(`berth\0${context}\0${dirname(dockerfilePath)}`)
        .digest('hex')
        .slice(0, 32),
      name: basename(context) || context,
      onBytes: (n) => {
        if (Date.now() - last < 100) return;
        last = Date.now();
        sink.emit({ t: 'upload', bytes: n, total: scan.bytes });
      },
      signal: sink.signal,
    });
  }

  /** The Dockerfile's stages and the context a build would send, without building. */
  async plan(input: { context: string; dockerfile?: string }): Promise<BuildPlan> {
    const { context, dockerfilePath } = this.paths(input);
    const text = await readDockerfile(dockerfilePath);
    const df = refusingDockerfileErrors(dockerfilePath, () => parseDockerfile(text));
    const scan = await scanOrRefuse(context, dockerfilePath);
    return {
      dockerfilePath,
      dockerfileText: text,
      stages: df.stages.map(planStage),
      context: { files: scan.files, bytes: scan.bytes, excluded: scan.excluded, large: scan.bytes > LARGE_CONTEXT_BYTES },
    };
  }

  /** The context folder, and the Dockerfile (relative to the context unless absolute; `Dockerfile` there by default). */
  private paths(input: { context: string; dockerfile?: string }): { context: string; dockerfilePath: string } {
    const context = resolveHostPath(input.context, this.home);
    const d = input.dockerfile;
    const dockerfilePath = d ? resolveHostPath(isAbsolute(d) || d.startsWith('~') ? d : join(context, d), this.home) : join(context, 'Dockerfile');
    return { context, dockerfilePath };
  }

  async start(input: BuildInput, sink: StreamSink<BuildEvent>): Promise<void> {
    const started = Date.now();
    const { context, dockerfilePath } = this.paths(input);
    for (const tag of input.tags) {
      const r = parseImageRef(tag);
      if (!r.ok) throw new RpcError('bad_request', `Tag ${tag}: ${r.message}`);
      if (r.value.digest) throw new RpcError('bad_request', `Tag ${tag}: a tag names a repository and a tag, not a digest.`);
    }
    const text = await readDockerfile(dockerfilePath);
    let df: Dockerfile;
    try {
      df = parseDockerfile(text);
    } catch (err) {
      if (!(err instanceof DockerfileError)) throw err;
      // Like a failing step: the build fails at the Dockerfile's lines (nothing was sent to the engine).
      sink.emit({ t: 'failed', message: faultText(dockerfilePath, err.message, err.line), line: err.line, endLine: err.endLine });
      return;
    }
    const runs = refusingDockerfileErrors(dockerfilePath, () => stagesFor(df, input.target));
    // The classic builder runs every stage up to the target, needed or not.
    const emitPlan = (useClassic: boolean) => {
      const upTo = Math.max(...runs);
      sink.emit({ t: 'plan', stages: df.stages.map((s) => ({ ...planStage(s), runs: useClassic ? s.index <= upTo : runs.has(s.index) })) });
    };
    let builder = await this.builderFor(input.builder ?? 'auto');
    emitPlan(builder.builder === 'classic');

    const scan = await scanOrRefuse(context, dockerfilePath);
    sink.emit({ t: 'context', files: scan.files, bytes: scan.bytes, excluded: scan.excluded, large: scan.bytes > LARGE_CONTEXT_BYTES });

    const docker = this.client.docker();
    const buildId = randomUUID();
    // Read before the build: its tags move to the new image when it ends.
    const previousImages = await this.imagesOf(input.tags);
    let lastUpload = 0;
    // How far the context upload got, for a connection that drops.
    const reach = { sent: 0, total: scan.bytes, uploaded: false };
    const pack = () =>
      packContext(
        scan,
        dockerfilePath,
        (n) => {
          reach.sent = n;
          if (Date.now() - lastUpload < 100) return;
          lastUpload = Date.now();
          sink.emit({ t: 'upload', bytes: n, total: scan.bytes });
        },
        sink.signal,
      );
    let packed = pack();
    packed.stream.once('end', () => (reach.uploaded = true));
    // BuildKit reads the context through a session: only the files the build uses are sent, and only those
    // the engine does not hold from the last build of this folder. An engine that refuses one gets the tar.
    const session = builder.builder === 'buildkit' ? await this.openSession(docker, context, dockerfilePath, scan, sink).catch(() => undefined) : undefined;
    if (session) reach.uploaded = true;
    let model: BuildModel = EMPTY_BUILD;
    let classic: ClassicState | undefined;
    let imageId: string | undefined;
    let failure: string | undefined;
    const logs: Record<string, string> = {};
    const settings: BuildSettings = {
      context,
      dockerfile: dockerfilePath,
      tags: [...input.tags],
      buildArgs: { ...input.buildArgs },
      labels: { ...input.labels },
      ...(input.target ? { target: input.target } : {}),
      noCache: input.noCache,
      pull: input.pull,
      ...(input.builder && input.builder !== 'auto' ? { builder: input.builder } : {}),
      ...(this.engine ? { engine: this.engine } : {}),
    };
    const record = async (result: BuildResult): Promise<void> => {
      if (!this.records) return;
      const rec: BuildRecord = {
        id: buildId,
        startedAt: started,
        endedAt: Date.now(),
        settings,
        dockerfileText: text,
        contextHashes: Object.fromEntries(session && !classic ? await sessionHashes(session, context) : packed.hashes),
        steps: model.steps,
        logs,
        result,
        previousImages,
      };
      const previous = await this.records.previous(settings, started).catch(() => undefined);
      await this.records.save(rec).catch(() => undefined);
      if (sink.signal.aborted) return;
      sink.emit({ t: 'record', id: buildId });
      if (previous && result.kind === 'done') {
        const explanation = explainCache(explainable(previous), explainable(rec));
        sink.emit({ t: 'explain', previousId: previous.id, explanation, ...(explanation.first ? { text: reasonText(explanation.first.reason) } : {}) });
      }
    };
    const batch = new LogBatch((c) => sink.emit({ t: 'log', ...c }));
    const utf8 = new Utf8Streams();
    /** The model after a reply line of either builder: its steps in order (started, then their output, then ended ones), its output gathered. */
    const advance = (next: BuildModel, output: ReadonlyArray<{ digest: string; stream: number; text: string }>) => {
      const changed = next.steps.filter((st, i) => st !== model.steps[i]);
      model = next;
      const [ended, begun] = partition(changed, (st) => st.state !== 'waiting' && st.state !== 'running');
      if (begun.length) {
        batch.flush();
        sink.emit({ t: 'steps', steps: begun });
      }
      for (const o of output) {
        logs[o.digest] = (logs[o.digest] ?? '') + o.text;
        if (logs[o.digest]!.length > 2 * LOG_CAP) logs[o.digest] = logs[o.digest]!.slice(-LOG_CAP);
        batch.add(o.digest, o.stream, o.text);
      }
      if (ended.length) {
        batch.flush();
        sink.emit({ t: 'steps', steps: ended });
      }
    };
    const onLine = (line: ReplyLine) => {
      if (classic) {
        const r = applyClassicLine(classic, line as ClassicLine, Date.now());
        classic = r.state;
        imageId = classic.imageId;
        advance(
          classic.model,
          r.logs.map((l) => ({ ...l, stream: 1 })),
        );
        if (line.error || line.errorDetail) failure = line.errorDetail?.message ?? line.error;
      } else if (line.id === 'moby.buildkit.trace' && typeof line.aux === 'string') {
        const trace = decodeTrace(line.aux);
        const output = traceLogs(trace, utf8);
        advance(applyTrace(model, trace, output), output);
      } else if (line.id === 'moby.image.id' && line.aux && typeof (line.aux as { ID?: string }).ID === 'string') {
        imageId = (line.aux as { ID: string }).ID;
      } else if (line.error || line.errorDetail) {
        failure = line.errorDetail?.message ?? line.error;
      }
    };
    const send = async (useClassic: boolean) => {
      classic = useClassic ? classicStart(df, input.target) : undefined;
      const viaSession = session && !useClassic ? session : undefined;
      const common = {
        t: [...input.tags],
        buildargs: { ...input.buildArgs },
        labels: { ...input.labels },
        ...(input.target ? { target: input.target } : {}),
        nocache: input.noCache,
        pull: input.pull ? '1' : '',
      };
      const reply = await postBuild(
        docker,
        viaSession
          ? { version: '2', remote: 'client-session', session: viaSession.id, buildid: buildId, dockerfile: basename(dockerfilePath), ...common }
          : {
              version: useClassic ? '1' : '2',
              ...(useClassic ? { rm: true, forcerm: true } : { buildid: buildId }),
              dockerfile: packed.dockerfileName,
              ...common,
            },
        viaSession ? Readable.from([]) : packed.stream,
        sink.signal,
      );
      if (!viaSession) sink.emit({ t: 'upload', bytes: scan.bytes, total: scan.bytes });
      await readNdjson<ReplyLine>(reply, onLine);
      if (viaSession) sink.emit({ t: 'upload', bytes: viaSession.bytes(), total: scan.bytes, sent: sentFiles(viaSession) });
    };
    sink.emit({ t: 'builder', ...builder });
    const onCancel = () => void (classic ? undefined : cancelOnEngine(docker, buildId));
    sink.signal.addEventListener('abort', onCancel, { once: true });
    try {
      try {
        await send(builder.builder === 'classic');
      } catch (err) {
        const { status, message } = refusal(err);
        // Asked for "auto" and refused for want of BuildKit, before any output: build again with the classic builder.
        if (
          (input.builder ?? 'auto') !== 'auto' ||
          builder.builder === 'classic' ||
          model.steps.length ||
          sink.signal.aborted ||
          !buildkitUnavailable(status, message)
        )
          throw err;
        builder = { builder: 'classic', reason: `The engine has no BuildKit (${message}): building with the classic builder.` };
        sink.emit({ t: 'builder', ...builder });
        emitPlan(true);
        reach.uploaded = false;
        packed = pack();
        packed.stream.once('end', () => (reach.uploaded = true));
        await send(true);
      }
    } catch (err) {
      if (sink.signal.aborted) {
        model = cancelRemaining(model, Date.now());
        await record({ kind: 'cancelled' });
        return;
      }
      if (err instanceof TraceError) throw new RpcError('engine', err.message);
      // A dropped connection: a failed build, recorded, with its sentence (below).
      if (isConnectionDrop(err)) failure = droppedBuildSentence(this.engine, session?.lost() ? sessionReach(session, scan) : reach);
      else {
        const { status, message } = refusal(err);
        // The classic builder refuses a Dockerfile it cannot read with a 400: a failed build at its lines, as BuildKit's.
        if (status === 400 && dockerfileFault(message, df)) failure = message;
        else if (status === 400) throw new RpcError('bad_request', `The engine refused the build: ${message}`);
        else throw engineError(err);
      }
    } finally {
      batch.flush();
      sink.signal.removeEventListener('abort', onCancel);
      session?.close();
    }
    if (sink.signal.aborted) {
      model = cancelRemaining(model, Date.now());
      await record({ kind: 'cancelled' });
      return;
    }
    // The session's link dropped while the engine read the context: its build fails with gRPC's words ("transport is
    // closing"); the sentence says what happened instead.
    if (failure && session?.lost() && /rpc error: code = (Unavailable|Canceled)/.test(failure))
      failure = droppedBuildSentence(this.engine, sessionReach(session, scan));
    if (failure || !imageId) {
      model = cancelRemaining(model, Date.now());
      const failed = model.steps.find((s) => s.state === 'error');
      const fault = failure ? dockerfileFault(failure, df) : undefined;
      const at = (failed ? lineOf(df, failed) : undefined) ?? (fault?.line ? { line: fault.line, endLine: fault.endLine ?? fault.line } : undefined);
      sink.emit({ t: 'steps', steps: model.steps.filter((s) => s.state === 'cancelled') });
      const message = fault ? faultText(dockerfilePath, fault.message, fault.line) : (failure ?? 'The engine ended the build without an image.');
      await record({ kind: 'failed', message, ...(at ? { line: at.line } : {}) });
      sink.emit({ t: 'failed', message, ...(failed ? { digest: failed.digest } : {}), ...(at ? { line: at.line, endLine: at.endLine } : {}) });
      return;
    }
    await record({ kind: 'done', imageId });
    sink.emit({ t: 'done', imageId, tags: input.tags, ms: Date.now() - started });
  }
}

/** A Dockerfile's own error (a bad instruction, an unknown target) as a refusal of the request, naming the file and line. */
function refusingDockerfileErrors<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof DockerfileError) throw new RpcError('bad_request', faultText(path, err.message, err.line));
    throw err;
  }
}

/** Pure: what is wrong with a Dockerfile, after its path and line (when one is known). */
function faultText(path: string, message: string, line?: number): string {
  return line ? `${path}, line ${line}: ${message}` : `${path} cannot be built: ${message}`;
}

/** The context walked, a folder that cannot be read refused with its reason. */
async function scanOrRefuse(context: string, dockerfilePath: string): Promise<ContextScan> {
  return scanContext(context, dockerfilePath).catch((err: unknown) => {
    throw err instanceof ContextError ? new RpcError('bad_request', err.message) : err;
  });
}

/** Pure: a stage as a plan lists it. */
function planStage(s: Stage): BuildPlan['stages'][number] {
  return { index: s.index, ...(s.name ? { name: s.name } : {}), base: s.base, needs: s.needs, line: s.instructions[0]!.line };
}

/** The engine's HTTP status and message for a refused request (dockerode puts the message in `json`). */
function refusal(err: unknown): { status?: number; message: string } {
  const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
  return { ...(e.statusCode !== undefined ? { status: e.statusCode } : {}), message: e.json?.message ?? e.message ?? String(err) };
}

/** Pure: the items that pass `test`, and the others. */
function partition<T>(items: readonly T[], test: (t: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const i of items) (test(i) ? yes : no).push(i);
  return [yes, no];
}

/** A record as the cache explainer reads it. */
function explainable(r: BuildRecord): ExplainableBuild {
  return {
    dockerfileText: r.dockerfileText,
    buildArgs: r.settings.buildArgs,
    noCache: r.settings.noCache,
    contextHashes: r.contextHashes,
    steps: r.steps.filter((s) => !s.internal),
  };
}

function summaryOf(r: BuildRecord, present?: ReadonlySet<string>): BuildSummary {
  const steps = r.steps.filter((s) => !s.internal);
  return {
    ...buildImages(r, present),
    id: r.id,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    context: r.settings.context,
    dockerfile: r.settings.dockerfile,
    tags: r.settings.tags,
    ...(r.settings.target ? { target: r.settings.target } : {}),
    ...(r.settings.engine ? { engine: r.settings.engine } : {}),
    result: r.result.kind,
    steps: steps.length,
    cached: steps.filter((s) => s.state === 'cached').length,
  };
}

async function readDockerfile(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => {
    throw new RpcError('bad_request', `There is no Dockerfile at ${path}.`);
  });
}

/** Pure: where a step's instruction is in the Dockerfile. */
export function lineOf(df: Dockerfile, step: BuildStep): { line: number; endLine: number } | undefined {
  if (step.internal) return undefined;
  const ins = stepInstruction(df, step);
  return ins ? { line: ins.line, endLine: ins.endLine } : undefined;
}

/** Ask the engine to stop a BuildKit build (closing the request alone may leave its solve running). */
async function cancelOnEngine(docker: Docker, buildId: string): Promise<void> {
  try {
    await new Promise<void>((resolve) => {
      docker.modem.dial({ path: `/build/cancel?id=${encodeURIComponent(buildId)}`, method: 'POST', statusCodes: { 200: true, 404: true, 500: true } }, () =>
        resolve(),
      );
    });
  } catch {
    // The engine is gone: so is the build.
  }
}

/**
 * `POST /build` with the context's tar as its body, or an empty body when the context comes through
 * a session, as a stream of reply lines. Not dockerode's buildImage: for BuildKit it opens a session
 * of its own on every build (serving nothing Berth uses), and fails the build on an engine that
 * refuses sessions.
 */
export function postBuild(docker: Docker, query: Record<string, unknown>, body: Readable, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: body,
        options: query,
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      } as never,
      (err: unknown, reply: unknown) => (err ? reject(err as Error) : resolve(reply as NodeJS.ReadableStream)),
    ),
  );
}

/** How far the context went through a session whose link dropped (the files the build reads are not known before). */
function sessionReach(session: BuildSession, scan: ContextScan): { sent: number; total: number; uploaded: boolean } {
  return { sent: session.bytes(), total: scan.bytes, uploaded: false };
}

/** Files the session sent, the Dockerfile's included. */
function sentFiles(session: BuildSession): number {
  return session.transfers.reduce((n, t) => n + t.report.requested, 0);
}

/**
 * The sha256 of every context file the build read, for its record: those sent on the way, and
 * those the engine held already read here.
 */
async function sessionHashes(session: BuildSession, context: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const listed = new Set<string>();
  for (const t of session.transfers) {
    if (t.dir !== 'context') continue;
    for (const [p, h] of t.report.hashes) hashes.set(p, h);
    for (const f of t.report.filesListed) listed.add(f);
  }
  await hashFiles(context, [...listed], hashes).catch(() => undefined);
  return hashes;
}
