import { describe, expect, it } from 'vitest';
import type { ComposePlan, ComposeUpEvent } from '../../../../engine/contract/compose';
import recorded from './fixtures/recorded-plans.json';
import { planView } from './plan-rows';
import { applyUpEvent, cancelUpRun, endUpRun, newUpRun, upProgress } from './up-run';

// Recorded from Berth's engine (compose.plan, compose.up) for a two-service project: db, and web after db.
const fresh = recorded.fresh.plan as ComposePlan;
const changed = recorded.changed.plan as ComposePlan;
const orphan = recorded.orphan.plan as ComposePlan;
const upEvents = recorded.upEvents as ComposeUpEvent[];

describe('the plan of up as the page shows it', () => {
  it('counts what a fresh project makes, services in the order they come up', () => {
    const v = planView(fresh);
    expect(v.changes).toBe(true);
    expect(v.counts).toEqual(['2 containers to create', '1 network to create', '1 volume to create']);
    expect(v.resources.map((r) => [r.verb, r.subject, r.why])).toEqual([
      ['create', 'proj_default', 'network'],
      ['create', 'proj_data', 'volume'],
    ]);
    expect(v.services.map((s) => [s.name, s.after, s.rows.map((r) => `${r.verb} ${r.subject}`)])).toEqual([
      ['db', undefined, ['create proj-db-1']],
      ['web', 'after db (started)', ['create proj-web-1']],
    ]);
    expect(v.orphans).toEqual([]);
  });

  it('names only the changed service as recreated, and why; the other is left', () => {
    const v = planView(changed);
    expect(v.counts).toEqual(['1 container to recreate', '1 container left as it is']);
    const rows = v.services.flatMap((s) => s.rows.map((r) => [r.verb, r.subject, r.why]));
    expect(rows).toEqual([
      ['leave', 'proj-db-1', 'up to date'],
      ['recreate', 'proj-web-1', 'changed environment.GREETING'],
    ]);
    expect(v.resources.every((r) => r.verb === 'exists')).toBe(true);
  });

  it('shows a removed service’s container as an orphan, left unless up removes orphans', () => {
    const v = planView(orphan);
    expect(v.changes).toBe(false);
    expect(v.orphans.map((o) => [o.verb, o.subject, o.why])).toEqual([['orphan', 'proj-web-1', 'its service web is not in the project; left as it is']]);
    const removing = planView(orphan, true);
    expect(removing.changes).toBe(true);
    expect(removing.counts[0]).toBe('1 container to remove');
  });
});

describe('an up as it runs', () => {
  it('folds the recorded stream into steps, all done, with what changed', () => {
    let run = newUpRun(0);
    for (const e of upEvents.slice(0, 4)) run = applyUpEvent(run, e);
    expect(run.plan?.project).toBe('proj');
    expect(run.steps.map((s) => `${s.kind} ${s.target} ${s.state}`)).toEqual(['network proj_default done', 'volume proj_data working']);
    expect(upProgress(run)).toBe('1 of 2 steps done');
    for (const e of upEvents.slice(4)) run = applyUpEvent(run, e);
    expect(run.running).toBe(false);
    expect(run.steps).toHaveLength(4);
    expect(run.steps.every((s) => s.state === 'done')).toBe(true);
    expect(run.changed).toContain('started proj-web-1');
  });

  it('says what stays when cancelled, and keeps an error the stream ended with', () => {
    let run = newUpRun(0);
    for (const e of upEvents.slice(0, 3)) run = applyUpEvent(run, e);
    const cancelled = cancelUpRun(run);
    expect(cancelled).toMatchObject({ running: false, cancelled: true, error: 'Up was cancelled after 1 step; what it had done stays (Down removes it).' });
    expect(endUpRun(run, 'The engine refused.')).toMatchObject({ running: false, error: 'The engine refused.' });
    expect(endUpRun(cancelled, 'later')).toBe(cancelled);
  });
});
