/** What a key pressed inside an open menu does: move focus to an item, close the menu, or nothing. */
export type MenuMove = { readonly kind: 'focus'; readonly index: number } | { readonly kind: 'close' } | undefined;

/**
 * The menu pattern of WAI-ARIA's authoring practices, as a pure function: ArrowDown/ArrowUp move and wrap,
 * Home/End go to the ends, Escape closes (the caller gives focus back to the menu button), other keys do nothing.
 */
export function menuMove(key: string, current: number, count: number): MenuMove {
  if (count <= 0) return key === 'Escape' ? { kind: 'close' } : undefined;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'focus', index: current < 0 ? 0 : (current + 1) % count };
    case 'ArrowUp':
      return { kind: 'focus', index: current < 0 ? count - 1 : (current - 1 + count) % count };
    case 'Home':
      return { kind: 'focus', index: 0 };
    case 'End':
      return { kind: 'focus', index: count - 1 };
    case 'Escape':
      return { kind: 'close' };
    default:
      return undefined;
  }
}

/** Where a menu opened from a button sits: under the button, right edges aligned, flipped above or shifted left when it would leave the viewport. */
export function menuPosition(
  button: { readonly top: number; readonly bottom: number; readonly right: number },
  menu: { readonly width: number; readonly height: number },
  viewport: { readonly width: number; readonly height: number },
  gap = 4,
): { top: number; left: number } {
  const margin = 8;
  const below = button.bottom + gap;
  const fitsBelow = below + menu.height <= viewport.height - margin;
  const above = button.top - gap - menu.height;
  const top = fitsBelow || above < margin ? Math.max(margin, Math.min(below, viewport.height - margin - menu.height)) : above;
  const left = Math.max(margin, Math.min(button.right - menu.width, viewport.width - margin - menu.width));
  return { top, left };
}

/** How long a pause ends a typed prefix (WAI-ARIA's typeahead), in milliseconds. */
export const TYPEAHEAD_PAUSE_MS = 500;

/**
 * Typeahead in a menu, as a pure function: the item whose label starts with what was typed, looking from the
 * item after the current one and wrapping (so pressing one letter again goes on to the next item with it). A
 * longer prefix may stay on the current item; the same letter typed several times cycles like one letter.
 */
export function menuTypeahead(labels: readonly string[], current: number, typed: string): number | undefined {
  const q = typed.toLocaleLowerCase();
  if (!q || labels.length === 0) return undefined;
  const repeated = [...q].every((c) => c === q[0]);
  const prefix = repeated ? q[0] : q;
  const from = repeated ? current + 1 : Math.max(current, 0);
  for (let i = 0; i < labels.length; i++) {
    const index = (((from + i) % labels.length) + labels.length) % labels.length;
    if (labels[index].trim().toLocaleLowerCase().startsWith(prefix)) return index;
  }
  return undefined;
}
