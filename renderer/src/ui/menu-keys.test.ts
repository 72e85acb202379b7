import { describe, expect, it } from 'vitest';
import { menuMove, menuPosition, menuTypeahead } from './menu-keys';

describe('menuMove', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(menuMove('ArrowDown', 0, 3)).toEqual({ kind: 'focus', index: 1 });
    expect(menuMove('ArrowDown', 2, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(menuMove('ArrowUp', 0, 3)).toEqual({ kind: 'focus', index: 2 });
    expect(menuMove('ArrowUp', 2, 3)).toEqual({ kind: 'focus', index: 1 });
  });
  it('starts at the first or last item when none has focus', () => {
    expect(menuMove('ArrowDown', -1, 4)).toEqual({ kind: 'focus', index: 0 });
    expect(menuMove('ArrowUp', -1, 4)).toEqual({ kind: 'focus', index: 3 });
  });
  it('jumps to the ends with Home and End', () => {
    expect(menuMove('Home', 2, 5)).toEqual({ kind: 'focus', index: 0 });
    expect(menuMove('End', 0, 5)).toEqual({ kind: 'focus', index: 4 });
  });
  it('closes on Escape, even when empty, and ignores other keys', () => {
    expect(menuMove('Escape', 1, 3)).toEqual({ kind: 'close' });
    expect(menuMove('Escape', -1, 0)).toEqual({ kind: 'close' });
    expect(menuMove('a', 1, 3)).toBeUndefined();
    expect(menuMove('ArrowDown', -1, 0)).toBeUndefined();
  });
});

describe('menuPosition', () => {
  const viewport = { width: 800, height: 600 };
  it('sits under the button, right-aligned', () => {
    expect(menuPosition({ top: 100, bottom: 128, right: 700 }, { width: 200, height: 150 }, viewport)).toEqual({ top: 132, left: 500 });
  });
  it('flips above when there is no room below', () => {
    expect(menuPosition({ top: 500, bottom: 528, right: 700 }, { width: 200, height: 150 }, viewport)).toEqual({ top: 346, left: 500 });
  });
  it('stays inside the viewport when it fits neither above nor below', () => {
    const p = menuPosition({ top: 50, bottom: 78, right: 100 }, { width: 200, height: 580 }, viewport);
    expect(p).toEqual({ top: 12, left: 8 });
  });
});

describe('menuTypeahead', () => {
  // The items of an image row's menu, in order.
  const labels = ['Inspect', 'History', 'Layers', 'Push…', 'Save…', 'Copy to engine…', 'Tag…', 'Remove…'];
  it('goes to the next item starting with the letter, from the one after the current, wrapping', () => {
    expect(menuTypeahead(labels, 0, 's')).toBe(4);
    expect(menuTypeahead(labels, 0, 'P')).toBe(3);
    expect(menuTypeahead(labels, 6, 'i')).toBe(0);
    expect(menuTypeahead(labels, -1, 'i')).toBe(0);
  });
  it('a longer prefix narrows, and may stay on the current item', () => {
    const two = ['Stop', 'Start', 'Stats'];
    expect(menuTypeahead(two, 0, 'st')).toBe(0);
    expect(menuTypeahead(two, 0, 'sta')).toBe(1);
    expect(menuTypeahead(two, 1, 'star')).toBe(1);
    expect(menuTypeahead(two, 1, 'stats')).toBe(2);
  });
  it('the same letter again cycles through the items that start with it', () => {
    const two = ['Stop', 'Start', 'Remove', 'Stats'];
    expect(menuTypeahead(two, 0, 's')).toBe(1);
    expect(menuTypeahead(two, 1, 'ss')).toBe(3);
    expect(menuTypeahead(two, 3, 'sss')).toBe(0);
  });
  it('nothing when no item matches, nothing was typed, or the menu is empty', () => {
    expect(menuTypeahead(labels, 2, 'z')).toBeUndefined();
    expect(menuTypeahead(labels, 2, '')).toBeUndefined();
    expect(menuTypeahead([], -1, 'a')).toBeUndefined();
  });
});
