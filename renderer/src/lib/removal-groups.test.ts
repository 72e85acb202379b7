import { describe, expect, it } from 'vitest';
import { COMPOSE_PROJECT_LABEL, countOf, groupForRemoval } from './removal-groups';

describe('what a bulk removal takes, grouped by Compose project', () => {
  it('puts each project’s names together, projects first and by name, the rest last', () => {
    const groups = groupForRemoval([
      { name: 'lonely', labels: {} },
      { name: 'web-db-1', labels: { [COMPOSE_PROJECT_LABEL]: 'web', 'com.docker.compose.service': 'db' } },
      { name: 'api-1', labels: { [COMPOSE_PROJECT_LABEL]: 'api' } },
      { name: 'web-app-1', labels: { [COMPOSE_PROJECT_LABEL]: 'web' } },
      { name: 'another' },
    ]);
    expect(groups).toEqual([{ project: 'api', names: ['api-1'] }, { project: 'web', names: ['web-app-1', 'web-db-1'] }, { names: ['another', 'lonely'] }]);
  });

  it('has no group for nothing, and counts in words', () => {
    expect(groupForRemoval([])).toEqual([]);
    expect(groupForRemoval([{ name: 'a' }])).toEqual([{ names: ['a'] }]);
    expect(countOf(1, 'container')).toBe('1 container');
    expect(countOf(1200, 'volume')).toBe('1,200 volumes');
  });
});
