/** A build's plain log kept outside React, for the log terminal to follow and for copy and download. */

/** Characters of plain log kept for copy and download; beyond it the start is dropped. */
const BUFFER_CAP = 32 * 1024 * 1024;

/** A build's plain log as it grows, for the terminal to follow and for copy and download. */
export class PlainLogBuffer {
  private chunks: string[] = [];
  private size = 0;
  private readonly listeners = new Set<(text: string) => void>();

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > BUFFER_CAP && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
    for (const l of this.listeners) l(text);
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  /** Calls `fn` with each new piece of text; returns how to stop. */
  listen(fn: (text: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
