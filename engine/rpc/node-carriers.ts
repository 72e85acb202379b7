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
