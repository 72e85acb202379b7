import { describe, expect, it } from 'vitest';
import type { StackPlan } from '../../../../engine/contract/index';
import { EMPTY_STACK_FORM, stackInputOf, suggestedName } from './deploy-form';
import { applyDeployEvent, endDeployRun, newDeployRun, planRows } from './deploy-run';

const plan: StackPlan = {
  stack: 'shop',
  actions: [
    { kind: 'network', name: 'shop_default', action: 'keep', changes: [] },
    { kind: 'network', name: 'shared', action: 'use', changes: [] },
    { kind: 'service', name: 'shop_web', action: 'update', changes: ['image a:1 → a:2'] },
    { kind: 'service', name: 'shop_old', action: 'remove', changes: [] },
  ],
  warnings: [],
  refusals: [],
  lines: [],
};

describe('the Deploy stack form', () => {
  it('gives the deploy input: name, files one a line, env file, prune', () => {
    expect(stackInputOf({ name: ' shop ', files: '/a/compose.yaml\n\n /a/prod.yaml ', envFile: '~/shop.env', prune: true })).toEqual({
      ok: true,
      input: { name: 'shop', files: ['/a/compose.yaml', '/a/prod.yaml'], envFiles: ['~/shop.env'], prune: true },
    });
  });
  it('names every bad field', () => {
    const r = stackInputOf({ ...EMPTY_STACK_FORM, name: 'Shop', files: 'compose.yaml', envFile: '.env' });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['name', 'files', 'envFile']);
    const empty = stackInputOf(EMPTY_STACK_FORM);
    expect(empty.ok ? [] : empty.errors.map((e) => e.message)).toEqual([
      'Name the stack: its objects are called <stack>_<name>.',
      'Give the path of the Compose file (one path a line when there are several).',
    ]);
  });
  it('suggests the stack name from the file’s directory', () => {
    expect(suggestedName('/home/me/My Shop/compose.yaml')).toBe('myshop');
    expect(suggestedName('/srv/blog')).toBe('blog');
    expect(suggestedName('')).toBe('');
  });
});

describe('a deploy as it runs', () => {
  it('folds the plan, each step and the end', () => {
    let run = newDeployRun('shop');
    run = applyDeployEvent(run, { t: 'plan', plan });
    run = applyDeployEvent(run, { t: 'step', kind: 'network', target: 'shop_default', action: 'create', state: 'working' });
    run = applyDeployEvent(run, { t: 'step', kind: 'network', target: 'shop_default', action: 'create', state: 'done' });
    run = applyDeployEvent(run, { t: 'step', kind: 'service', target: 'shop_web', action: 'update', state: 'working' });
    expect(run.steps.map((s) => `${s.target} ${s.state}`)).toEqual(['shop_default done', 'shop_web working']);
    const failed = endDeployRun(run, 'Deploying shop stopped at update service shop_web: no.');
    expect(failed).toMatchObject({ running: false, error: 'Deploying shop stopped at update service shop_web: no.' });
    expect(failed.steps.map((s) => s.state)).toEqual(['done', 'failed']);
    expect(applyDeployEvent(run, { t: 'done', changed: ['x'], ms: 5 })).toMatchObject({ running: false, changed: ['x'], ms: 5 });
  });
  it('shows what changes apart from what stays', () => {
    const r = planRows(plan);
    expect(r.changing.map((a) => a.name)).toEqual(['shop_web', 'shop_old']);
    expect(r.unchanged.map((a) => a.name)).toEqual(['shop_default', 'shared']);
  });
});
