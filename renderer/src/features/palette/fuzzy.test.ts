import { describe, expect, it } from 'vitest';
import { alignmentScore, fuzzyMatch, queryWords } from './fuzzy';

/** The simple reference for "matches or not": every word of the query is a subsequence of the text, ignoring case. */
function referenceMatches(query: string, text: string): boolean {
  const t = text.toLowerCase();
  return queryWords(query).every((w) => {
    let i = 0;
    for (const ch of t) if (ch === w[i]) i++;
    return i === w.length;
  });
}

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r: () => number, s: string) => s[Math.floor(r() * s.length)]!;
const randomText = (r: () => number, alphabet: string, max: number) => Array.from({ length: Math.floor(r() * max) }, () => pick(r, alphabet)).join('');

describe('fuzzyMatch', () => {
  it('matches a subsequence and reports the matched positions', () => {
    const m = fuzzyMatch('wb', 'web');
    expect(m?.positions).toEqual([0, 2]);
    expect(fuzzyMatch('bw', 'web')).toBeUndefined();
    expect(fuzzyMatch('WEB', 'my-web')?.positions).toEqual([3, 4, 5]);
  });

  it('matches every word of the query, in any order', () => {
    expect(fuzzyMatch('shell web', 'Open a shell in web')).toBeDefined();
    expect(fuzzyMatch('web shell', 'Open a shell in web')).toBeDefined();
    expect(fuzzyMatch('shell db', 'Open a shell in web')).toBeUndefined();
  });

  it('matches everything with an empty query', () => {
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
    expect(fuzzyMatch('   ', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('scores a prefix above the same letters inside a word', () => {
    expect(fuzzyMatch('ima', 'images')!.score).toBeGreaterThan(fuzzyMatch('ima', 'prima')!.score);
  });

  it('scores word starts above letters in the middle of words', () => {
    expect(fuzzyMatch('sb', 'shop-backend')!.score).toBeGreaterThan(fuzzyMatch('sb', 'rosebud')!.score);
    // camelCase boundaries count as word starts
    expect(fuzzyMatch('sb', 'shopBackend')!.score).toBeGreaterThan(fuzzyMatch('sb', 'rosebud')!.score);
  });

  it('scores a contiguous run above scattered letters', () => {
    expect(fuzzyMatch('web', 'xwebx')!.score).toBeGreaterThan(fuzzyMatch('web', 'xwxexbx')!.score);
  });

  it('finds the best alignment, not the first one', () => {
    // Greedy would take the "b" of "busy"; the best alignment is the word "box" after the dash.
    const m = fuzzyMatch('bo', 'busy-box');
    expect(m?.positions).toEqual([5, 6]);
  });

  it('agrees with the reference on whether 5,000 random pairs match (seeded)', () => {
    const r = rng(20261206);
    for (let n = 0; n < 5000; n++) {
      const text = randomText(r, 'abAB -_.c', 14);
      const query = randomText(r, 'abAB c', 5);
      const got = fuzzyMatch(query, text);
      expect(!!got, `query ${JSON.stringify(query)} text ${JSON.stringify(text)}`).toBe(referenceMatches(query, text));
      if (got) {
        // positions are ascending, unique, inside the text, and each is a letter of the query
        const words = queryWords(query).join('');
        got.positions.forEach((p, i) => {
          expect(p).toBeLessThan(text.length);
          if (i) expect(p).toBeGreaterThan(got.positions[i - 1]!);
          expect(words).toContain(text[p]!.toLowerCase());
        });
      }
    }
  });

  it('finds the best-scoring alignment of a word: the same score as trying every alignment (seeded)', () => {
    /** Every way to place `word` in `text`, scored: the deliberately simple reference. */
    const bruteBest = (word: string, text: string): number | undefined => {
      const lower = text.toLowerCase();
      let best: number | undefined;
      const walk = (i: number, from: number, at: number[]) => {
        if (i === word.length) {
          const s = alignmentScore(text, at);
          if (best === undefined || s > best) best = s;
          return;
        }
        for (let j = from; j < lower.length; j++) if (lower[j] === word[i]) walk(i + 1, j + 1, [...at, j]);
      };
      walk(0, 0, []);
      return best;
    };
    const r = rng(99);
    for (let n = 0; n < 1500; n++) {
      const text = randomText(r, 'aabB-. x', 16);
      const word = randomText(r, 'abx', 4).replace(/\s/g, '') || 'a';
      const got = fuzzyMatch(word, text);
      const want = bruteBest(word, text);
      expect(got?.score, `word ${JSON.stringify(word)} text ${JSON.stringify(text)}`).toBe(want);
      if (got) expect(alignmentScore(text, got.positions)).toBe(got.score);
    }
  });

  it('is deterministic: the same inputs give the same answer', () => {
    const r = rng(7);
    for (let n = 0; n < 500; n++) {
      const text = randomText(r, 'abcab- ', 20);
      const query = randomText(r, 'abc', 4);
      expect(fuzzyMatch(query, text)).toEqual(fuzzyMatch(query, text));
    }
  });
});
