/**
 * Two images compared file by file, from the layer browser's index: each
 * image is indexed first when it is not (one `docker save` pass, or the
 * cached indexes of its layers), then the comparison is pure work.
 */
import type { LayerService } from '../layers-service.js';
import type { ImageDiff } from './contract.js';
import { diffImages } from './image-diff.js';

export class ImageDiffService {
  constructor(private readonly layers: LayerService) {}

  /** Image a against image b: what b adds, removes and changes. */
  async diff(input: { a: string; b: string; limit: number }, signal = new AbortController().signal): Promise<ImageDiff> {
    // One image after the other: two archives read at once would only share the same disk and engine.
    const a = await this.layers.layersOf(input.a, signal);
    const b = await this.layers.layersOf(input.b, signal);
    return diffImages({ ref: input.a, ...a }, { ref: input.b, ...b }, input.limit);
  }
}
