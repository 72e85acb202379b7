/**
 * Big replies in pieces. Every carrier refuses a frame over its ceiling (a
 * control-socket line over twice MAX_FRAME_BYTES closes the connection), and
 * that ceiling stays as a defence. So an engine message whose text is longer
 * than PART_CHARS (a list of thousands of containers, a large inspect) goes
 * as part frames of at most PART_CHARS characters of its text each, the last
 * one marked, and the client puts the text together again before it reads
 * the message. Nothing legitimate comes near the ceiling.
 *
 * A part frame is `#part <id> <0|1> ` and then the piece of JSON text as it
 * is (JSON text never holds a raw newline, so line framing still works; a
 * message frame always starts with `{`). Pieces are not JSON-escaped again:
 * that would double the work for the biggest messages. A piece never ends
 * between the two halves of a surrogate pair, which UTF-8 could not carry.
 * Zod-free, shared by the router (engine side) and the client.
 */
import { RpcError, type ServerMessage } from './protocol.js';

/** Characters of a message's text per part: at most three bytes each in UTF-8, so a part stays under 400 KiB, far below MAX_FRAME_BYTES. */
export const PART_CHARS = 128 * 1024;

/** The longest message a client puts together from parts (a defence: no list Berth serves comes near). */
export const MAX_ASSEMBLED_CHARS = 256 * 1024 * 1024;

const PREFIX = '#part ';

/** One piece of a message too long for one frame. */
export interface PartFrame {
  readonly id: number | null;
  readonly last: boolean;
  readonly text: string;
}

/** The frames that carry `msg`: its text alone, or its text in parts. */
export function framesOf(msg: ServerMessage, partChars = PART_CHARS): string[] {
  const text = JSON.stringify(msg);
  if (text.length <= partChars) return [text];
  const frames: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + partChars, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
    frames.push(`${PREFIX}${msg.id} ${end === text.length ? 1 : 0} ${text.slice(at, end)}`);
    at = end;
  }
  return frames;
}

/** The part a frame is, or null when it is not one. */
export function parsePartFrame(frame: string): PartFrame | null {
  if (!frame.startsWith(PREFIX)) return null;
  const idEnd = frame.indexOf(' ', PREFIX.length);
  if (idEnd < 0 || frame[idEnd + 2] !== ' ') return null;
  const rawId = frame.slice(PREFIX.length, idEnd);
  const id = rawId === 'null' ? null : Number(rawId);
  if (id !== null && !Number.isSafeInteger(id)) return null;
  return { id, last: frame[idEnd + 1] === '1', text: frame.slice(idEnd + 3) };
}

/**
 * Puts parts together again, per message id. `take` returns the whole
 * message's text when a last part completes it, an RpcError when the message
 * grew past its limit (its parts are dropped), else undefined.
 */
export class PartAssembler {
  private readonly open = new Map<number | null, { pieces: string[]; chars: number }>();

  constructor(private readonly maxChars = MAX_ASSEMBLED_CHARS) {}

  take(part: PartFrame): string | RpcError | undefined {
    const entry = this.open.get(part.id) ?? { pieces: [], chars: 0 };
    this.open.set(part.id, entry);
    entry.chars += part.text.length;
    if (entry.chars <= this.maxChars) entry.pieces.push(part.text);
    else entry.pieces = [];
    if (!part.last) return undefined;
    this.open.delete(part.id);
    if (entry.chars > this.maxChars)
      return new RpcError('too_large', `A reply of ${entry.chars} characters is over the ${this.maxChars}-character limit; it was dropped.`);
    return entry.pieces.join('');
  }

  /** Forget the parts of a message nobody waits for any more. */
  drop(id: number): void {
    this.open.delete(id);
  }
}
