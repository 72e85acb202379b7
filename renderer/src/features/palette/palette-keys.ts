/**
 * The palette's keys, for the page's whole life: Ctrl+K (Cmd+K on macOS, either works everywhere) opens or
 * closes the palette from anywhere, a terminal included; `/` puts focus in the page's search field when focus
 * is not in a field already.
 */
import { usePalette } from './palette-store';

/** Whether typing here is text (so `/` is a character, not a shortcut). */
function isEditable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return false;
}

/** The current page's search or filter field: the first visible search field of the main area. */
function pageSearchField(): HTMLInputElement | undefined {
  const fields = document.querySelectorAll<HTMLInputElement>('main input[type="search"]');
  return [...fields].find((f) => !f.disabled && f.getClientRects().length > 0);
}

function onKey(e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    e.stopPropagation();
    usePalette.getState().toggle();
    return;
  }
  if (e.key === '/' && !mod && !e.altKey && !isEditable(e.target) && !usePalette.getState().open && !document.querySelector('dialog[open]')) {
    const field = pageSearchField();
    if (!field) return;
    e.preventDefault();
    field.focus();
    field.select();
  }
}

let installed = false;

/** Listen for the palette's keys (once); capturing, so a terminal or a field does not swallow Ctrl+K first. */
export function installPaletteKeys(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', onKey, true);
}
