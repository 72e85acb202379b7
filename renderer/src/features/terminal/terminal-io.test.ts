import { describe, expect, it } from 'vitest';
import { AckCounter, decodeBase64, splitInput } from './terminal-io';

describe('acknowledging drawn output', () => {
  it('waits until enough is drawn, unless xterm has caught up', () => {
    const a = new AckCounter(100);
    a.queued(60);
    a.queued(60);
    expect(a.inFlight).toBe(120);
    expect(a.written(60)).toBe(0);
    // Caught up: everything drawn so far goes up, even under the threshold.
    expect(a.written(60)).toBe(120);
    expect(a.inFlight).toBe(0);
  });

  it('acks in groups during a flood', () => {
    const a = new AckCounter(100);
    for (let i = 0; i < 10; i++) a.queued(40);
    const acks = Array.from({ length: 10 }, () => a.written(40)).filter((n) => n > 0);
    expect(acks).toEqual([120, 120, 120, 40]);
    expect(acks.reduce((x, y) => x + y)).toBe(400);
  });
});

describe('input', () => {
  it('cuts a long paste into pieces, keeping every character and its order', () => {
    const text = 'line one\nline two\n'.repeat(10);
    const parts = splitInput(text, 16);
    expect(parts.every((p) => p.length <= 16)).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('never splits an emoji in two', () => {
    const parts = splitInput('ab😀cd', 3);
    expect(parts).toEqual(['ab', '😀c', 'd']);
  });

  it('decodes base64 to bytes, UTF-8 left to xterm', () => {
    expect(Array.from(decodeBase64(Buffer.from('é€', 'utf8').toString('base64')))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });
});
