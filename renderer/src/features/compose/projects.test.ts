import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../engine/contract/dto';
import { byNameOnly, filesText, firstRunning, projectContainers, projectInput, projectList } from './projects';

const container = (id: string, project: string | undefined, service: string, state = 'running', extra: Record<string, string> = {}): ContainerSummary => ({
  id,
  name: project ? `${project}-${service}-1` : service,
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sleep',
  state: state as ContainerSummary['state'],
  status: 'Up',
  observedAt: 0,
  created: 0,
  ports: [],
  labels: project
    ? {
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'com.docker.compose.container-number': '1',
        'com.docker.compose.oneoff': 'False',
        'com.docker.compose.project.config_files': `/srv/${project}/compose.yaml`,
        'com.docker.compose.project.working_dir': `/srv/${project}`,
        ...extra,
      }
    : {},
});

const model = (cs: ContainerSummary[]) => ({ byId: Object.fromEntries(cs.map((c) => [c.id, c])), ids: cs.map((c) => c.id) });

describe('the projects the Compose page knows', () => {
  const m = model([
    container('a', 'shop', 'web'),
    container('b', 'shop', 'db', 'exited'),
    container('c', 'blog', 'app'),
    container('d', undefined, 'loner'),
    container('e', 'shop', 'web', 'exited', { 'com.docker.compose.oneoff': 'True' }),
  ]);

  it('lists recent ones first, then projects found by their containers’ labels, with their files', () => {
    const recent = [{ name: 'blog', files: ['/home/me/blog/compose.yaml'], workingDir: '/home/me/blog', envFiles: [], profiles: ['dev'], openedAt: 5 }];
    const list = projectList(recent, m);
    expect(list.map((p) => [p.name, p.containerIds.length, p.running, p.openedAt])).toEqual([
      ['blog', 1, 1, 5],
      ['shop', 2, 1, undefined],
    ]);
    expect(filesText(list[1]!)).toBe('compose.yaml in /srv/shop');
    expect(projectInput(list[0]!)).toEqual({
      files: ['/home/me/blog/compose.yaml'],
      projectName: 'blog',
      projectDirectory: '/home/me/blog',
      envFiles: [],
      profiles: ['dev'],
    });
    expect(projectContainers(m, 'shop').map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('names a project with no known files by its name alone', () => {
    const p = { name: 'x', files: [], envFiles: [], profiles: [], containerIds: [], running: 0 };
    expect(projectInput(p)).toEqual(byNameOnly('x'));
    expect(filesText(p)).toBe('files not known');
  });
});

describe('a service row’s Shell', () => {
  it('opens in the service’s first running container, by number', () => {
    const cs = [
      container('w3', 'shop', 'web', 'running', { 'com.docker.compose.container-number': '3' }),
      container('w1', 'shop', 'web', 'exited', { 'com.docker.compose.container-number': '1' }),
      container('w2', 'shop', 'web', 'running', { 'com.docker.compose.container-number': '2' }),
      container('d1', 'shop', 'db', 'exited'),
    ];
    expect(firstRunning(cs, 'web')).toBe('w2');
    expect(firstRunning(cs, 'db')).toBeUndefined();
    expect(firstRunning(cs, 'cache')).toBeUndefined();
  });
});
