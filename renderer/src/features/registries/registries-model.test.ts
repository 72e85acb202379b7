import { describe, expect, it } from 'vitest';
import { filterRepositories, shownNote } from './registries-model';

const repos = ['team/app', 'team/web', 'tools/app-builder', 'zz/last'];

describe('repository filter', () => {
  it('matches every word, ignoring case, and caps what is drawn', () => {
    expect(filterRepositories(repos, '')).toEqual({ shown: repos, matched: 4 });
    expect(filterRepositories(repos, 'APP')).toEqual({ shown: ['team/app', 'tools/app-builder'], matched: 2 });
    expect(filterRepositories(repos, 'team app')).toEqual({ shown: ['team/app'], matched: 1 });
    expect(filterRepositories(repos, 'a', 2)).toEqual({ shown: ['team/app', 'team/web'], matched: 4 });
  });

  it('says how many are shown and what to do', () => {
    expect(shownNote(4, 4, 4, '')).toBe('4 repositories');
    expect(shownNote(1, 1, 1, '')).toBe('1 repository');
    expect(shownNote(2, 2, 4, 'app')).toBe('2 of 4 repositories match');
    expect(shownNote(0, 0, 4, ' nope ')).toBe('No repository matches "nope".');
    expect(shownNote(300, 9000, 10000, 'a')).toBe('Showing the first 300 of 9000 matches; type more to narrow the list.');
    expect(shownNote(300, 10000, 10000, '')).toBe('Showing the first 300 of 10000 repositories; type to narrow the list.');
    expect(shownNote(0, 0, 0, '')).toBe('');
  });
});
