/**
 * Cut a list into pieces whose JSON stays under a number of characters
 * (counted per item, plus a comma), so a long list can be sent as several
 * bounded messages. The first piece may be given a smaller bound, so a
 * first screenful can be shown before the rest is read. An item larger than
 * the bound goes alone in its piece. Pure.
 */
export function piecesByChars<T>(items: readonly T[], maxChars: number, firstMaxChars = maxChars): T[][] {
  const pieces: T[][] = [];
  let piece: T[] = [];
  let chars = 0;
  let bound = firstMaxChars;
  for (const item of items) {
    const size = JSON.stringify(item).length + 1;
    if (piece.length && chars + size > bound) {
      pieces.push(piece);
      piece = [];
      chars = 0;
      bound = maxChars;
    }
    piece.push(item);
    chars += size;
  }
  if (piece.length) pieces.push(piece);
  return pieces;
}
