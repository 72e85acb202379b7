import { describe, expect, it } from 'vitest';
import { answer, readQuestion } from './dns-responder.js';

/** A query as a resolver sends it: id, RD, one question. */
function query(name: string, type = 1, id = 0x1234): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.from([id >> 8, id & 255, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, type, 0, 1])]);
}

describe('dns responder', () => {
  it('reads the question', () => {
    expect(readQuestion(query('Far.Berth.Test', 28))).toMatchObject({ name: 'far.berth.test', type: 28 });
    expect(readQuestion(Buffer.alloc(5))).toBeUndefined();
  });

  it('answers an A query with the address, echoing id and question', () => {
    const q = query('far.berth.test');
    const r = answer(q, { 'far.berth.test': '10.213.0.2' })!;
    expect(r.readUInt16BE(0)).toBe(0x1234);
    expect(r.readUInt16BE(2)).toBe(0x8180);
    expect(r.readUInt16BE(6)).toBe(1);
    expect(r.subarray(12, q.length)).toEqual(q.subarray(12));
    expect([...r.subarray(r.length - 4)]).toEqual([10, 213, 0, 2]);
  });

  it('says NXDOMAIN for an unknown name and no records for another type of a known one', () => {
    expect(answer(query('other.test'), {})!.readUInt16BE(2) & 0xf).toBe(3);
    const aaaa = answer(query('far.berth.test', 28), { 'far.berth.test': '10.213.0.2' })!;
    expect(aaaa.readUInt16BE(2) & 0xf).toBe(0);
    expect(aaaa.readUInt16BE(6)).toBe(0);
  });
});
