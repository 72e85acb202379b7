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
