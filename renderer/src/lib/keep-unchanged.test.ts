import { describe, expect, it } from 'vitest';
import { keepUnchanged, sameData } from './keep-unchanged';

describe('keeping unchanged items of a live list', () => {
  it('compares plain data field by field', () => {
    expect(sameData({ a: [1, { b: 'x' }], c: null }, { a: [1, { b: 'x' }], c: null })).toBe(true);
    expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData({ a: null }, { a: {} })).toBe(false);
  });

  it('keeps the held object of an item that did not change, takes the new one otherwise, and drops what is gone', () => {
    const held = { a: { name: 'a', users: ['x'] }, b: { name: 'b', users: [] as string[] }, gone: { name: 'gone', users: [] } };
    const next = [
      { name: 'a', users: ['x'] },
      { name: 'b', users: ['y'] },
      { name: 'new', users: [] },
    ];
    const { items, byKey } = keepUnchanged(held, next, (v) => v.name);
    expect(items[0]).toBe(held.a);
    expect(items[1]).toBe(next[1]);
    expect(items[2]).toBe(next[2]);
    expect(Object.keys(byKey)).toEqual(['a', 'b', 'new']);
  });
});
