/**
 * A container's log as a view shows it: the stream, opened with the view's options, and what happens when
 * it ends. A followed log that ends asks why: the engine down (then it waits for the engine and goes on
 * after the last line shown), the container running again (it goes on), or the container stopped. On
 * another engine of the Engines list, whose state Berth does not supervise, a lost connection is probed
 * again with the reconnect backoff until the engine answers. A reconnect to Berth starts the stream
 * over; lines already passed on are left out by their timestamps.
 */
import type { LogLineDto } from '../../../../engine/contract/dto';
import { nextDelay } from '../../api/backoff';
import { call, subscribe } from '../../api/connection';
import { useConnection } from '../../api/connection-state';
import { useEngine } from '../engine';
import { afterMark, markAfter, sinceOf, type LogMark } from './log-resume';

/**
 * Batches the engine may send ahead of the view: each fits in one RPC frame, at most 96K characters with what goes
 * around each line (see engine/containers/log-pump.ts), so at most ~768K characters wait for the view to take them;
 * the engine reads no further. The log view takes a
 * batch as it comes and leaves the pace of xterm to its painter (log-painter.ts).
 */
export const LOG_WINDOW = 8;

/** What a view asks of a log. */
export interface LogRequest {
  readonly id: string;
  readonly follow: boolean;
  /** Lines from the end to start with. */
  readonly tail: number | 'all';
  /** Seconds back to start from; 0 for the whole log. */
  readonly since: number;
}

/** Where the log goes. */
export interface LogSink {
  /** Lines not passed on before (always with their timestamps); `done` once they are shown lets more come. */
  lines(lines: readonly LogLineDto[], done: () => void): void;
  /** Why the log ended (a sentence), or undefined when it goes on again. */
  ended(why: string | undefined): void;
}

/** Calls `fn` once the engine is running again after being down; returns how to stop waiting. */
function whenEngineBack(fn: () => void): () => void {
  let seenDown = useEngine.getState().status?.state !== 'running';
  const unsubscribe = useEngine.subscribe((s) => {
    if (s.status?.state !== 'running') seenDown = true;
    else if (seenDown) {
      unsubscribe();
      fn();
    }
  });
  return unsubscribe;
}

/** True for the errors of an engine that does not answer (as against a container that is gone). */
const engineUnreachable = (err: unknown) => {
  const code = (err as { code?: string }).code;
  return code === 'unavailable' || code === 'engine';
};

/**
 * For an engine of the Engines list: asks it about the container with the reconnect backoff (0.5 s doubling to
 * 10 s) until it answers, then calls `back`; an answer that the container is gone goes to `failed`. Returns how
 * to stop probing.
 */
function whenRemoteBack(id: string, back: () => void, failed: (why: string) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = (attempt: number) => {
    timer = setTimeout(() => {
      call('containers.inspect', { id }).then(
        () => !stopped && back(),
        (err: unknown) => {
          if (stopped) return;
          if (engineUnreachable(err)) probe(attempt + 1);
          else failed((err as Error).message);
        },
      );
    }, nextDelay(attempt));
  };
  probe(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The sentence for a log cut because another engine stopped answering. */
export const lostConnectionSentence = (engine: string, reason: string) =>
  `Lost the connection to "${engine}": ${reason.replace(/\.?$/, '.')} Berth keeps trying; the log goes on from its last line when the engine answers.`;

/** Open a container's log into `sink`; returns how to stop it (the view going away). */
export function watchLog(req: LogRequest, sink: LogSink): () => void {
  const { id, follow } = req;
  // The last line passed on: a stream opened again continues after it.
  let mark: LogMark | undefined;
  let stop: (() => void) | undefined;
  let stopWaiting: (() => void) | undefined;
  let gone = false;

  /** Another engine of the list stopped answering: say so, ask it again with the backoff, go on when it answers. */
  const waitForRemote = (engine: string, err: Error) => {
    if (gone) return;
    sink.ended(lostConnectionSentence(engine, err.message));
    stopWaiting = whenRemoteBack(
      id,
      () => {
        stopWaiting = undefined;
        if (gone) return;
        sink.ended(undefined);
        open(true);
      },
      (why) => !gone && sink.ended(why),
    );
  };

  /** Why a followed log ended: the engine stopping (then wait for it and go on), or the container. */
  const explainEnd = async () => {
    const current = useConnection.getState().engine;
    const own = current.id === 'berth';
    let engineDown = own && useEngine.getState().status?.state !== 'running';
    if (!engineDown) {
      try {
        const details = await call('containers.inspect', { id });
        if (gone) return;
        // Started again meanwhile (a restart policy): go on with its new output.
        if (details.state === 'running') return open(true);
      } catch (err) {
        engineDown = engineUnreachable(err);
        if (!engineDown) return !gone && sink.ended((err as Error).message);
        if (!own) return waitForRemote(current.name, err as Error);
      }
    }
    if (gone) return;
    if (!engineDown) return sink.ended('The container stopped; its log ends here.');
    sink.ended('The engine stopped; the log resumes when it is back.');
    stopWaiting = whenEngineBack(() => {
      stopWaiting = undefined;
      if (gone) return;
      sink.ended(undefined);
      open(true);
    });
  };

  const open = (resume: boolean) => {
    stop?.();
    const from = resume && mark ? sinceOf(mark) : undefined;
    // Read again from the mark's second: lines up to the mark come twice and are left out, until the first new one.
    let catchingUp = from !== undefined;
    stop = subscribe(
      'containers.logs',
      from !== undefined
        ? { id, follow, timestamps: true, tail: 'all', since: from }
        : { id, follow, timestamps: true, tail: req.tail, since: req.since ? Math.floor(Date.now() / 1000) - req.since : undefined },
      {
        next: (batch, done) => {
          let lines = batch.lines;
          if (catchingUp) {
            const fresh = afterMark(mark, lines);
            lines = fresh.lines;
            mark = fresh.mark;
            catchingUp = !lines.length;
          } else mark = markAfter(mark, lines);
          if (lines.length) sink.lines(lines, done);
          else done();
        },
        end: (err) => {
          if (gone) return;
          const current = useConnection.getState().engine;
          if (err && follow && current.id !== 'berth' && engineUnreachable(err)) waitForRemote(current.name, err);
          else if (err) sink.ended(err.message);
          else if (follow) void explainEnd();
        },
      },
      { window: LOG_WINDOW },
    );
  };

  open(false);
  return () => {
    gone = true;
    stop?.();
    stopWaiting?.();
  };
}
