/**
 * Moving one terminal's bytes between a TTY (an exec's or an attach's
 * hijacked stream, or a host PTY) and the UI: output batched and
 * flow-controlled (reading stops while the UI is behind, so backpressure does
 * the rest), input written as typed, resizes passed on.
 */
import type { TerminalEvent, TerminalUp } from './contract.js';
import type { DuplexSink } from '../rpc/router.js';
import { ByteBatch, FLOW_START, flowStep, flushDelay, type FlowState } from './terminal-flow.js';

/** The TTY side of a session, whatever carries it. */
export interface TtyPort {
  /** Called with each output chunk, in order. */
  onData(fn: (chunk: Buffer) => void): void;
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  /** Settles when the output has ended (the process exited or the stream closed). */
  readonly ended: Promise<void>;
}

/** Pump until the TTY's output ends ('ended') or the UI closes the session ('closed'). */
export async function pumpTty(port: TtyPort, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<'ended' | 'closed'> {
  let flow: FlowState = FLOW_START;
  const batch = new ByteBatch();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let lastFlush = 0;
  let lastSize = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    scheduled = false;
    if (!batch.size || sink.signal.aborted) return;
    lastFlush = Date.now();
    lastSize = batch.size;
    sink.emit({ t: 'data', data: batch.take().toString('base64') });
  };
  port.onData((chunk) => {
    if (!chunk.length) return;
    flow = flowStep(flow, { kind: 'read', bytes: chunk.length });
    if (batch.add(chunk)) flush();
    else if (!scheduled) {
      // Chunks read in the same turn go together; a held-back batch waits out the interval.
      scheduled = true;
      const delay = flushDelay(Date.now(), lastFlush, lastSize);
      if (delay) timer = setTimeout(flush, delay);
      else setImmediate(flush);
    }
    if (flow.paused) port.pause();
  });
  sink.onUp((up) => {
    switch (up.t) {
      case 'input':
        port.write(Buffer.from(up.data, 'utf8'));
        return;
      case 'resize':
        port.resize(up.cols, up.rows);
        return;
      case 'ack': {
        const was = flow.paused;
        flow = flowStep(flow, { kind: 'acked', bytes: up.bytes });
        if (was && !flow.paused) port.resume();
        return;
      }
    }
  });
  const closed = new Promise<'closed'>((resolve) => {
    if (sink.signal.aborted) resolve('closed');
    sink.signal.addEventListener('abort', () => resolve('closed'), { once: true });
  });
  const how = await Promise.race([port.ended.then(() => 'ended' as const), closed]);
  if (how === 'closed') clearTimeout(timer);
  else flush();
  return how;
}

/** A hijacked engine stream (exec or attach) as a TtyPort; `filter` sees raw chunks first (e.g. to take a marker off the front). */
export function streamPort(
  socket: import('node:stream').Duplex,
  resize: (cols: number, rows: number) => void,
  filter?: (chunk: Buffer, emit: (b: Buffer) => void) => void,
): TtyPort {
  const ended = new Promise<void>((resolve) => {
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
  return {
    onData: (fn) => socket.on('data', (chunk: Buffer) => (filter ? filter(chunk, fn) : fn(chunk))),
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    resize,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    ended,
  };
}
