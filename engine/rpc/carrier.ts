/**
 * A carrier moves text frames between one client and the engine side.
 * WebSocket (web host), MessagePort (Electron) and unix sockets (CLI, the
 * backend's control socket) all reduce to this.
 */
export interface Carrier {
  send(frame: string): void;
  onFrame(listener: (frame: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** Two carriers wired to each other in memory: what one sends, the other receives. */
export function memoryPair(): [Carrier, Carrier] {
  const make = () => {
    const frames: Array<(f: string) => void> = [];
    const closes: Array<() => void> = [];
    let closed = false;
    return {
      frames,
      closes,
      get closed() {
        return closed;
      },
      setClosed() {
        closed = true;
      },
    };
  };
  const a = make();
  const b = make();
  const side = (self: ReturnType<typeof make>, other: ReturnType<typeof make>): Carrier => ({
    send(frame) {
      if (self.closed) return;
      queueMicrotask(() => other.frames.forEach((l) => l(frame)));
    },
    onFrame(l) {
      self.frames.push(l);
    },
    onClose(l) {
      self.closes.push(l);
    },
    close() {
      if (self.closed) return;
      self.setClosed();
      other.setClosed();
      queueMicrotask(() => {
        self.closes.forEach((l) => l());
        other.closes.forEach((l) => l());
      });
    },
  });
  return [side(a, b), side(b, a)];
}
