/**
 * Copy an image from one engine to another: the source's `docker save` streamed
 * straight into the target's `docker load`, with no temporary file. Progress is
 * bytes sent of the image's size. A cancel, or a connection that drops, while
 * bytes are still going leaves the target with a cut tar it loads nothing from;
 * a cancel after the last byte waits for the target and then undoes what it loaded.
 */
import type Docker from 'dockerode';
import type { ArchiveProgress } from '../contract/dto.js';
import { engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { readNdjson } from '../util/text-stream.js';
import { archiveProgress } from './archive.js';
import { applyLoadReply, ArchiveReplyError, emptyLoadReply, type ArchiveReplyLine, type LoadReplyState } from './archive-replies.js';
import {
  copiedSentence,
  droppedSentence,
  isImageId,
  loadRefusedSentence,
  targetDownSentence,
  undoPlan,
  type TargetBefore,
  type UndoStep,
} from './copy-plan.js';
import { parseImageRef } from './image-ref.js';
import { byteCounter, throttle } from './progress-meter.js';

/** One side of a copy: an engine of the Engines list, as a client. */
export interface CopyEnd {
  readonly id: string;
  readonly name: string;
  readonly docker: Docker;
  /** A failed connection to this engine, as a sentence that says what to do. */
  unreachable(err: unknown): string;
}

type Sink = StreamSink<ArchiveProgress>;

/** `GET /images/get` with names and an abort signal; dockerode has it, its typings do not. */
interface ExportsImages {
  getImages(opts: { names: string[]; abortSignal: AbortSignal }): Promise<NodeJS.ReadableStream>;
}

const status = (err: unknown) => (err as { statusCode?: number })?.statusCode;

/** The id an image reference names on an engine, or undefined when it names none there. */
async function idOf(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (err) {
    if (status(err) === 404) return undefined;
    throw err;
  }
}

/** Copy `ref` from one engine to another; the last event says what arrived. */
export async function copyImage(ref: string, from: CopyEnd, to: CopyEnd, sink: Sink): Promise<void> {
  if (from.id === to.id) throw new RpcError('bad_request', `${ref} is already on "${to.name}": choose another engine to copy it to.`);
  let source: { Id: string; Size: number };
  try {
    source = await from.docker.getImage(ref).inspect();
  } catch (err) {
    if (status(err) === 404) throw new RpcError('not_found', `There is no image ${ref} on "${from.name}".`);
    throw new RpcError('unavailable', status(err) ? engineMessage(err) : from.unreachable(err));
  }
  let before: TargetBefore;
  try {
    await to.docker.ping();
    before = { refId: isImageId(ref) ? undefined : await idOf(to.docker, ref), hadImage: !!(await idOf(to.docker, source.Id)) };
  } catch (err) {
    throw new RpcError('unavailable', targetDownSentence(ref, to.name, status(err) ? engineMessage(err) : to.unreachable(err)));
  }
  const total = source.Size;
  if (before.refId === source.Id || (isImageId(ref) && before.hadImage)) {
    sink.emit(
      archiveProgress(
        { bytes: 0, total: 0, estimated: false, message: `${ref} is already on "${to.name}" (same image ID); nothing to copy.`, images: [ref] },
        true,
      ),
    );
    return;
  }
  if (sink.signal.aborted) return;
  const meter = throttle(sink);
  const state = { bytes: 0, total, estimated: true, message: `"${from.name}" is preparing ${ref}…`, images: [] as readonly string[] };
  meter.set(archiveProgress(state), true);
  const stop = new AbortController();
  /** The whole tar has been read from the source: a cancel now waits for the target and undoes its load. */
  let sentAll = false;
  let undo = false;
  let sourceError: unknown;
  const onCancel = () => {
    if (sentAll) undo = true;
    else stop.abort();
  };
  sink.signal.addEventListener('abort', onCancel, { once: true });
  let reply: LoadReplyState = emptyLoadReply;
  try {
    let tar: NodeJS.ReadableStream;
    try {
      tar = await (from.docker as unknown as ExportsImages).getImages({ names: [ref], abortSignal: stop.signal });
    } catch (err) {
      sourceError = err;
      throw err;
    }
    state.message = `Sending ${ref} from "${from.name}" to "${to.name}"…`;
    const body = byteCounter((n) => {
      state.bytes = n;
      meter.set(archiveProgress(state));
    });
    tar.on('error', (err) => {
      if (!stop.signal.aborted) sourceError = err;
      body.destroy(err as Error);
    });
    tar.on('end', () => {
      sentAll = true;
      state.message = `"${to.name}" is loading ${ref}…`;
      meter.set(archiveProgress(state), true);
    });
    tar.pipe(body);
    const out = await to.docker.loadImage(body, { quiet: false, abortSignal: stop.signal });
    await readNdjson<ArchiveReplyLine>(out, (line) => {
      reply = applyLoadReply(reply, line);
      state.images = reply.images;
      if (reply.status) state.message = reply.status;
      meter.set(archiveProgress(state));
    });
  } catch (err) {
    stop.abort();
    // A cancel while bytes were still going: the target got a cut tar and loaded nothing.
    if (sink.signal.aborted) return;
    if (err instanceof ArchiveReplyError) throw new RpcError('bad_request', loadRefusedSentence(ref, to.name, err.engineText));
    const code = status(err);
    if (sourceError === undefined && (code === 400 || code === 500)) throw new RpcError('bad_request', loadRefusedSentence(ref, to.name, engineMessage(err)));
    const [side, engine] = sourceError !== undefined ? (['source', from.name] as const) : (['target', to.name] as const);
    throw new RpcError('unavailable', droppedSentence(ref, side, engine, { bytes: state.bytes, total, sentAll }, engineMessage(sourceError ?? err)));
  } finally {
    meter.stop();
    sink.signal.removeEventListener('abort', onCancel);
  }
  if (undo || sink.signal.aborted) {
    // Cancelled once the target had every byte: it loaded the image anyway, so put it back as it was.
    await undoSteps(to.docker, undoPlan(ref, source.Id, before));
    return;
  }
  sink.emit(archiveProgress({ ...state, message: copiedSentence(ref, to.name, source.Id, state.bytes) }, true));
}

/** Put the target back as it was; a step the engine refuses is left (the images list shows what stayed). */
async function undoSteps(docker: Docker, steps: readonly UndoStep[]): Promise<void> {
  for (const step of steps) {
    try {
      if (step.kind === 'remove') await docker.getImage(step.name).remove();
      else {
        const r = parseImageRef(step.ref);
        if (!r.ok || r.value.digest) continue;
        const tag = r.value.tag ?? 'latest';
        await docker.getImage(step.id).tag({ repo: r.value.familiar.slice(0, -(tag.length + 1)), tag });
      }
    } catch {
      // Best effort: the copy was cancelled, and nothing is waiting for an answer.
    }
  }
}
