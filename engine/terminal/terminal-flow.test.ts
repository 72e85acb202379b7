import { describe, expect, it } from 'vitest';
import { ByteBatch, FLOW_START, flowStep, flushDelay, type FlowEvent } from './terminal-flow.js';

const run = (events: FlowEvent[], high = 100, low = 20) => events.reduce((s, e) => flowStep(s, e, high, low), FLOW_START);

describe('flow control', () => {
  it('pauses only once more than the high watermark is unacknowledged', () => {
    expect(run([{ kind: 'read', bytes: 100 }])).toEqual({ inFlight: 100, paused: false });
    expect(
      run([
        { kind: 'read', bytes: 100 },
        { kind: 'read', bytes: 1 },
      ]),
    ).toEqual({ inFlight: 101, paused: true });
  });

  it('stays paused between the watermarks and resumes at the low one', () => {
    const paused = run([{ kind: 'read', bytes: 150 }]);
    const between = flowStep(paused, { kind: 'acked', bytes: 100 }, 100, 20);
    expect(between).toEqual({ inFlight: 50, paused: true });
    expect(flowStep(between, { kind: 'acked', bytes: 30 }, 100, 20)).toEqual({ inFlight: 20, paused: false });
  });

  it('does not pause again below the high watermark after resuming (hysteresis)', () => {
    const s = run([
      { kind: 'read', bytes: 150 },
      { kind: 'acked', bytes: 140 },
      { kind: 'read', bytes: 80 },
    ]);
    expect(s).toEqual({ inFlight: 90, paused: false });
  });

  it('never counts below zero when acks overshoot', () => {
    expect(
      run([
        { kind: 'read', bytes: 5 },
        { kind: 'acked', bytes: 50 },
      ]).inFlight,
    ).toBe(0);
  });
});

describe('batching', () => {
  it('waits out the interval after a big batch, and not after an old one', () => {
    expect(flushDelay(1005, 1000, 50_000, 16)).toBe(11);
    expect(flushDelay(1016, 1000, 50_000, 16)).toBe(0);
    expect(flushDelay(1000, 0, 50_000, 16)).toBe(0);
  });

  it('never holds back output after a small batch (an echo stays immediate)', () => {
    expect(flushDelay(1001, 1000, 1, 16)).toBe(0);
    expect(flushDelay(1001, 1000, 1024, 16)).toBe(0);
    expect(flushDelay(1001, 1000, 1025, 16)).toBe(15);
  });

  it('joins chunks in order and says when a batch is full', () => {
    const b = new ByteBatch();
    expect(b.add(Buffer.from('ab'), 5)).toBe(false);
    expect(b.add(Buffer.from('cde'), 5)).toBe(true);
    expect(b.size).toBe(5);
    expect(b.take().toString()).toBe('abcde');
    expect(b.size).toBe(0);
    expect(b.take().length).toBe(0);
  });
});
