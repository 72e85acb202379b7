/**
 * Flow control and batching of terminal output, as plain logic: the engine
 * counts bytes it has read from the shell but the UI has not yet drawn
 * (acknowledged), stops reading above a high watermark and reads again below
 * a low one; output is sent in batches at most every FLUSH_MS.
 */

/** Unacknowledged bytes above which the engine stops reading the shell's output. */
export const HIGH_WATER = 256 * 1024;
/** Unacknowledged bytes below which it reads again. */
export const LOW_WATER = 64 * 1024;
/** Least time between two batches while output keeps coming. */
export const FLUSH_MS = 16;
/** Most bytes in one batch (base64 makes it a third larger on the wire). */
export const MAX_BATCH_BYTES = 128 * 1024;

export interface FlowState {
  /** Bytes read from the shell and not yet acknowledged by the UI. */
  readonly inFlight: number;
  readonly paused: boolean;
}

export type FlowEvent = { readonly kind: 'read'; readonly bytes: number } | { readonly kind: 'acked'; readonly bytes: number };

export const FLOW_START: FlowState = { inFlight: 0, paused: false };

/** Pure: the flow state after bytes were read or acknowledged; pauses above `high`, resumes at or below `low`. */
export function flowStep(s: FlowState, e: FlowEvent, high = HIGH_WATER, low = LOW_WATER): FlowState {
  const inFlight = e.kind === 'read' ? s.inFlight + e.bytes : Math.max(0, s.inFlight - e.bytes);
  const paused = s.paused ? inFlight > low : inFlight > high;
  return { inFlight, paused };
}

/** A batch at most this big is an echo or a prompt, not a flood: the next one is not held back. */
export const SMALL_BATCH_BYTES = 1024;

/**
 * Pure: how long to wait before sending what is pending. After a small batch
 * (typing, prompts) nothing is held back, so echo is immediate; while output
 * keeps coming in bigger batches, batches go at most every `interval` ms.
 */
export function flushDelay(now: number, lastFlush: number, lastSize: number, interval = FLUSH_MS): number {
  if (lastSize <= SMALL_BATCH_BYTES) return 0;
  return Math.max(0, lastFlush + interval - now);
}

/** Chunks waiting to go out as one batch. */
export class ByteBatch {
  private chunks: Buffer[] = [];
  private total = 0;

  /** Add a chunk; true when the batch is full and should go out now. */
  add(chunk: Buffer, max = MAX_BATCH_BYTES): boolean {
    this.chunks.push(chunk);
    this.total += chunk.length;
    return this.total >= max;
  }

  get size(): number {
    return this.total;
  }

  /** Everything pending as one buffer (empty when nothing is), and start over. */
  take(): Buffer {
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    this.total = 0;
    return out;
  }
}
