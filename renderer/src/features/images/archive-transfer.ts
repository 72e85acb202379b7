/** Pure: the archive methods a dialog runs (save, load, import, and a copy to another engine), and what a cancel left behind, said as a sentence. */
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { EventOf } from '../../../../engine/contract/index';

export type ArchiveMethod = 'images.save' | 'images.load' | 'images.import' | 'images.copyTo';
/** Compile-time proof that every archive method streams ArchiveProgress (so the cast in `next` is sound). */
const streamsProgress: [EventOf<ArchiveMethod>] extends [ArchiveProgress] ? true : never = true;
void streamsProgress;

/** Pure: what a cancel left, from the last progress seen (nothing written, or what the engine already has). */
export function cancelOutcome(method: ArchiveMethod, last: ArchiveProgress | undefined): string {
  const sentAll = !!last && last.total > 0 && last.bytes >= last.total;
  switch (method) {
    case 'images.save':
      return 'Cancelled; nothing was written.';
    case 'images.load':
      if (last?.images.length) return `Cancelled. Already loaded: ${last.images.join(', ')}.`;
      return sentAll
        ? 'Cancelled after the whole file was sent: the engine may still finish loading it; the images list shows what arrived.'
        : 'Cancelled; no image was loaded.';
    case 'images.copyTo':
      // The engine undoes a load it finished after the cancel, so the target keeps nothing either way.
      return 'Copy cancelled; nothing was left tagged on the other engine.';
    case 'images.import':
      return sentAll
        ? 'Cancelled after the whole file was sent: the engine may still create the image; the images list shows it if so.'
        : 'Cancelled; no image was created.';
  }
}
