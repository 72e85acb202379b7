/** Carriers for Node: a stream socket with newline-delimited frames, and a ws WebSocket. */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Carrier } from './carrier.js';
import { MAX_FRAME_BYTES } from './protocol.js';

/**
 * Frames on a byte stream, one JSON text per line (JSON.stringify never emits
 * a raw newline). A line longer than the limit closes the connection, since
 * the rest of the stream can no longer be trusted to be in sync.
 */
export function socketCarrier(socket: Socket, maxFrame = MAX_FRAME_BYTES * 2): Carrier {
  const frameListeners: Array<(f: string) => void> = [];
  const closeListeners: Array<() => void> = [];
  let buffer = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.length) frameListeners.forEach((l) => l(line));
    }
    if (buffer.length > maxFrame) socket.destroy(new Error('frame too large'));
  });
  const onClose = () => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((l) => l());
  };
  socket.on('close', onClose);
  socket.on('error', () => socket.destroy());
  return {
    send(frame) {
      if (!closed && socket.writable) socket.write(frame + '\n');
    },
    onFrame: (l) => void frameListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close: () => socket.end(),
  };
}

/**
 * The backend's side of a bridge that passes frames on without reading them (the web host's, towards a page): the
 * frames the socket brings go to `deliver` as the bytes they came in, never decoded to text and encoded again; frames
 * sent go out as text, as from socketCarrier. The same limit on a frame's length applies (in bytes).
 */
export function socketRelay(socket: Socket, deliver: (frame: Buffer) => void, maxFrame = MAX_FRAME_BYTES * 2): Pick<Carrier, 'send' | 'onClose' | 'close'> {
  const closeListeners: Array<() => void> = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(0x0a, start)) !== -1) {
      let frame = chunk.subarray(start, nl);
      if (pendingBytes) {
        frame = Buffer.concat([...pending, frame]);
        pending = [];
        pendingBytes = 0;
      }
      if (frame.length) deliver(frame);
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
    if (pendingBytes > maxFrame) socket.destroy(new Error('frame too large'));
  });
  const onClose = () => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((l) => l());
  };
  socket.on('close', onClose);
  socket.on('error', () => socket.destroy());
  return {
    send(frame) {
      if (!closed && socket.writable) socket.write(frame + '\n');
    },
    onClose: (l) => void closeListeners.push(l),
    close: () => socket.end(),
  };
}

/** A ws WebSocket (server or client side) as a carrier. */
export function wsCarrier(ws: WebSocket): Carrier {
  const closeListeners: Array<() => void> = [];
  let closed = false;
  ws.on('close', () => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((l) => l());
  });
  ws.on('error', () => ws.terminate());
  return {
    send(frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    onFrame: (l) =>
      void ws.on('message', (data, isBinary) => {
        if (!isBinary) l(data.toString());
      }),
    onClose: (l) => void closeListeners.push(l),
    close: () => ws.close(),
  };
}
