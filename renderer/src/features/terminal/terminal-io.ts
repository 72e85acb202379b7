/**
 * The renderer's half of terminal flow control and input, as plain logic:
 * output bytes are acknowledged to the engine once xterm has drawn them (in
 * groups, so acks stay few), and long pastes are cut into pushes the RPC
 * accepts.
 */
import { MAX_INPUT_CHARS } from '../../../../engine/contract/terminal-model';

/** Drawn bytes gathered before an ack goes up (an ack also goes up whenever xterm has caught up). */
export const ACK_EVERY = 32 * 1024;

/** Counts bytes handed to xterm and drawn, and says when to acknowledge. */
export class AckCounter {
  private pending = 0;
  private drawn = 0;

  constructor(private readonly every = ACK_EVERY) {}

  /** Bytes handed to `term.write`, not yet drawn. */
  get inFlight(): number {
    return this.pending;
  }

  queued(bytes: number): void {
    this.pending += bytes;
  }

  /** Bytes xterm finished drawing; returns how many to acknowledge now (0: not yet). */
  written(bytes: number): number {
    this.pending = Math.max(0, this.pending - bytes);
    this.drawn += bytes;
    if (this.drawn < this.every && this.pending > 0) return 0;
    const out = this.drawn;
    this.drawn = 0;
    return out;
  }
}

/** Pure: text cut into pieces of at most `max` characters, never splitting a surrogate pair. */
export function splitInput(text: string, max = MAX_INPUT_CHARS): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + max);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Pure: the bytes of a base64 string. */
export function decodeBase64(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
