/**
 * The summary of a real `/system/df` reply (recorded by engine/integration/record-df.ts) against what the docker CLI printed for the
 * same engine at the same moment (`docker system df --format '{{json .}}'`, recorded beside it): the CLI is the reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiskKind } from './contract.js';
import { cleanupPlan, summariseDf, type DfReply } from './disk-usage.js';

const dir = join(import.meta.dirname, 'fixtures');
const reply = JSON.parse(readFileSync(join(dir, 'system-df.json'), 'utf8')) as DfReply;
const cli = readFileSync(join(dir, 'system-df.cli.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { Type: string; TotalCount: string | number; Active: string | number; Size: string; Reclaimable: string });

const TYPES: Readonly<Record<string, DiskKind>> = { Images: 'images', Containers: 'containers', 'Local Volumes': 'volumes', 'Build Cache': 'buildCache' };
const UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };
/** go-units HumanSize: decimal units, 4 significant digits ("2.105MB"). */
const parse = (text: string) => {
  const m = /^([\d.]+)([kMG]?B)/.exec(text.trim())!;
  return Number(m[1]) * UNITS[m[2]!]!;
};

describe('summariseDf on a recorded reply', () => {
  it('has the counts, sizes and reclaimable bytes `docker system df` printed', () => {
    const ours = new Map(summariseDf(reply).figures.map((f) => [f.kind, f]));
    expect(cli.map((r) => TYPES[r.Type]).sort()).toEqual([...ours.keys()].sort());
    for (const r of cli) {
      const f = ours.get(TYPES[r.Type]!)!;
      expect([f.kind, f.count, f.active]).toEqual([TYPES[r.Type], Number(r.TotalCount), Number(r.Active)]);
      for (const [mine, printed] of [
        [f.size, parse(r.Size)],
        [f.reclaimable, parse(r.Reclaimable)],
      ] as const) {
        expect(Math.abs(mine - printed), `${f.kind}: ${mine} vs ${printed}`).toBeLessThanOrEqual(Math.max(1, mine * 0.0006));
      }
    }
  });

  it('lists the stopped containers, the unused volume and the dangling image of that engine', () => {
    expect(cleanupPlan(reply, 'containers').items.map((i) => i.name)).toEqual(['stopped', 'failed']);
    expect(cleanupPlan(reply, 'containers').items[0]!.size).toBeGreaterThanOrEqual(2_000_000);
    expect(cleanupPlan(reply, 'volumes').items.map((i) => i.name)).toEqual(['spare']);
    expect(cleanupPlan(reply, 'images').items).toHaveLength(1);
    // What each clean-up lists is what the figure calls reclaimable (images aside: unused tagged images count there too).
    const figures = new Map(summariseDf(reply).figures.map((f) => [f.kind, f]));
    for (const kind of ['containers', 'volumes', 'buildCache'] as const) expect(cleanupPlan(reply, kind).size).toBe(figures.get(kind)!.reclaimable);
  });
});
