/**
 * Pure parts of copying an image between engines: what the target had before,
 * what to undo when a copy is cancelled after the engine already loaded it,
 * and the sentences a copy ends with.
 */
import { formatBytes } from '../contract/format.js';

/** What the target engine had before the copy, for the reference copied. */
export interface TargetBefore {
  /** The image the reference named there, if any. */
  readonly refId?: string;
  /** Whether the target already held the copied image (by id). */
  readonly hadImage: boolean;
}

/** One step that puts the target back as it was. */
export type UndoStep = { readonly kind: 'retag'; readonly id: string; readonly ref: string } | { readonly kind: 'remove'; readonly name: string };

/** An image id, full or short, rather than a name: a copy by id carries no tag. */
export const isImageId = (ref: string) => /^(sha256:)?[0-9a-f]{12,64}$/.test(ref);

/**
 * What to do on the target after a cancelled copy the engine finished loading anyway:
 * give the reference back to the image it named before, and remove the copied image
 * when the target did not have it. Nothing when the target already had it under that name.
 */
export function undoPlan(ref: string, copiedId: string, before: TargetBefore): UndoStep[] {
  if (isImageId(ref)) return before.hadImage ? [] : [{ kind: 'remove', name: copiedId }];
  if (before.refId === copiedId) return [];
  // No image had the name: removing the name removes the copied image with it (or only the name, when the target had the image).
  if (!before.refId) return [{ kind: 'remove', name: ref }];
  // The name goes back to its image; the copied one, left without a name, goes too unless the target had it.
  return [{ kind: 'retag', id: before.refId, ref }, ...(before.hadImage ? [] : [{ kind: 'remove' as const, name: copiedId }])];
}

/** An engine's name in a sentence. */
const quoted = (name: string) => `"${name}"`;

/** A sentence starting with a lower-case word when it is put after a colon. */
function afterColon(sentence: string): string {
  return /^[A-Z][a-z]/.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
}

/** The target did not answer before the copy started. */
export function targetDownSentence(ref: string, target: string, why: string): string {
  return `Could not copy ${ref} to ${quoted(target)}: ${afterColon(why)}`;
}

/** How far a copy got when it stopped. */
export interface CopyReach {
  readonly bytes: number;
  readonly total: number;
  /** Every byte had reached the target, which was loading the image. */
  readonly sentAll: boolean;
}

/** A connection dropped mid-way: what stopped, how far it got, what the target has, and what to do. */
export function droppedSentence(ref: string, side: 'source' | 'target', engine: string, reach: CopyReach, detail: string): string {
  const where = side === 'target' ? `to ${quoted(engine)}` : `from ${quoted(engine)}`;
  const detailText = detail ? ` (${detail.replace(/\.$/, '')})` : '';
  const when = reach.sentAll
    ? `while the target was loading ${ref}${detailText}: check the target's images list for it`
    : `after ${formatBytes(reach.bytes)} of about ${formatBytes(reach.total)} of ${ref}${detailText}: the copy stopped and nothing was loaded on the target`;
  return `The connection ${where} dropped ${when}. Check that ${quoted(engine)} is running, then copy again.`;
}

/** The target refused the image. */
export function loadRefusedSentence(ref: string, target: string, engineText: string): string {
  return `${quoted(target)} could not load ${ref}: ${engineText.replace(/\.$/, '')}.`;
}

/** The last word of a finished copy. */
export function copiedSentence(ref: string, target: string, id: string, bytes: number): string {
  return `Copied ${ref} to ${quoted(target)} (${id.replace(/^sha256:/, '').slice(0, 12)}, ${formatBytes(bytes)}).`;
}
