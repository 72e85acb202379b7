import { describe, expect, it } from 'vitest';
import { LogBatch, type LogChunk } from './log-batch.js';

describe('build log batches', () => {
  it('gathers many small writes per step into one chunk, in the order the steps had output', async () => {
    const sent: LogChunk[] = [];
    const b = new LogBatch((c) => sent.push(c), 20);
    for (let i = 1; i <= 1000; i++) {
      b.add('a', 1, `a ${i}\n`);
      if (i % 100 === 0) b.add('b', 2, `b ${i}\n`);
    }
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(sent.map((c) => [c.digest, c.stream, c.text.split('\n').length - 1])).toEqual([
      ['a', 1, 1000],
      ['b', 2, 10],
    ]);
    expect(sent[0]!.text.startsWith('a 1\na 2\n')).toBe(true);
  });

  it('sends at once on flush, and nothing twice', () => {
    const sent: LogChunk[] = [];
    const b = new LogBatch((c) => sent.push(c), 10_000);
    b.add('a', 1, 'x');
    b.flush();
    b.flush();
    expect(sent).toEqual([{ digest: 'a', stream: 1, text: 'x' }]);
  });
});
