import { describe, expect, it } from 'vitest';
import { Credit } from './credit.js';

/** Which of the promises have settled, after pending microtasks ran. */
async function settled(ps: ReadonlyArray<Promise<void>>): Promise<boolean[]> {
  const done = ps.map(() => false);
  ps.forEach((p, i) => void p.then(() => (done[i] = true)));
  await new Promise((r) => setTimeout(r, 0));
  return done;
}

describe('Credit', () => {
  it('never holds back a stream opened without a window', async () => {
    const c = new Credit();
    for (let i = 0; i < 10_000; i++) c.sent();
    expect(c.available).toBe(true);
    expect(c.outstanding).toBe(0);
    expect(await settled([c.ready()])).toEqual([true]);
  });

  it('waits once the window is full and goes on as acks come back', async () => {
    const c = new Credit(2);
    c.sent();
    expect(c.available).toBe(true);
    c.sent();
    expect(c.available).toBe(false);
    const first = c.ready().then(() => c.sent());
    expect(await settled([first])).toEqual([false]);
    c.acked(1);
    expect(await settled([first])).toEqual([true]);
    expect(c.outstanding).toBe(2);
    const second = c.ready();
    c.acked(2);
    expect(await settled([second])).toEqual([true]);
    expect(c.outstanding).toBe(0);
  });

  it('counts acks beyond what was sent for nothing: a client cannot bank credit', () => {
    const c = new Credit(3);
    c.sent();
    c.acked(50);
    expect(c.outstanding).toBe(0);
    c.sent();
    c.sent();
    c.sent();
    expect(c.available).toBe(false);
  });

  it('lets everyone waiting go when the stream ends', async () => {
    const c = new Credit(1);
    c.sent();
    const waiting = [c.ready(), c.ready()];
    c.release();
    expect(await settled(waiting)).toEqual([true, true]);
    expect(c.available).toBe(true);
  });

  it('holds the sender to the window whatever the order of sends and acks (seeded random walk)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const c = new Credit(4);
    let model = 0;
    for (let i = 0; i < 5000; i++) {
      if (rand() < 0.6 && c.available) {
        c.sent();
        model++;
      } else {
        const n = 1 + Math.floor(rand() * 3);
        c.acked(n);
        model = Math.max(0, model - n);
      }
      expect(c.outstanding).toBe(model);
      expect(c.outstanding).toBeLessThanOrEqual(4);
    }
  });
});
