import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError, type ComposeIssue } from './errors.js';
import { loadProject, type LoadOptions } from './loader.js';
import { chooseProjectName, discoverComposeFiles, normalizeProjectName } from './project-files.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const load = (dir: string, opts: LoadOptions = {}) => loadProject({ cwd: join(fixtures, dir), environment: {}, ...opts });

function issuesOf(fn: () => unknown): ComposeIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ComposeError) return [...err.issues];
    throw err;
  }
  throw new Error('expected a ComposeError');
}

describe('finding the files and naming the project', () => {
  it('finds the file and its override as Compose does, from a subdirectory too', () => {
    const found = discoverComposeFiles(
      join(fixtures, 'merge', 'html-not-there'),
      (p) => p.startsWith(join(fixtures, 'merge')) && !p.includes('html-not-there') && /compose(\.override)?\.yaml$/.test(p),
    );
    expect(found).toEqual([join(fixtures, 'merge', 'compose.yaml'), join(fixtures, 'merge', 'compose.override.yaml')]);
    const order = discoverComposeFiles('/p', (p) => p === '/p/docker-compose.yml' || p === '/p/compose.yml');
    expect(order).toEqual(['/p/compose.yml']);
  });

  it('names the project by -p, COMPOSE_PROJECT_NAME, top-level name, then the directory', () => {
    expect(normalizeProjectName('My_App.v2')).toBe('my_appv2');
    expect(normalizeProjectName('-_Odd Name')).toBe('oddname');
    expect(chooseProjectName({ flag: 'cli', env: 'env', topLevel: 'top', projectDir: '/x/Dir' })).toEqual({ name: 'cli', source: '-p' });
    expect(chooseProjectName({ env: 'env', topLevel: 'top', projectDir: '/x/Dir' })).toEqual({ name: 'env', source: 'COMPOSE_PROJECT_NAME' });
    expect(chooseProjectName({ topLevel: 'top', projectDir: '/x/Dir' })).toEqual({ name: 'top', source: 'name' });
    expect(chooseProjectName({ projectDir: '/x/My Dir' })).toEqual({ name: 'mydir', source: 'directory' });
    expect(chooseProjectName({ flag: 'Bad Name', projectDir: '/x' })).toEqual({
      error: expect.stringMatching(/"Bad Name" \(from -p\) is not a valid project name/),
    });
    expect(load('profiles', { environment: { COMPOSE_PROJECT_NAME: 'fromenv' } }).name).toBe('fromenv');
    expect(load('profiles').name).toBe('profiled');
    expect(load('webapp').name).toBe('webapp');
  });
});

describe('merging files', () => {
  const p = load('merge');
  const web = p.services.web!;
  const db = p.services.db!;

  it('replaces command and healthcheck.test, merges environment and labels as maps whatever their syntax', () => {
    expect(web.command).toEqual(['nginx-debug', '-g', 'daemon off;']);
    expect(web.healthcheck).toEqual({ interval: '30s', test: ['CMD-SHELL', 'curl -f http://localhost/'] });
    expect(web.environment).toEqual({ MODE: 'override', KEEP: 'yes', EXTRA: '1' });
    expect(web.labels).toEqual({ tier: 'edge', owner: 'ops' });
  });

  it('merges ports by {ip, target, published, protocol} and volumes by target; appends dns without repeats', () => {
    expect(web.ports).toEqual([
      { mode: 'ingress', protocol: 'tcp', published: '8080', target: 80 },
      { host_ip: '127.0.0.1', mode: 'ingress', protocol: 'tcp', published: '9000', target: 9000 },
      { mode: 'ingress', protocol: 'tcp', published: '8443', target: 443 },
    ]);
    expect(web.volumes).toEqual([
      { type: 'bind', source: join(fixtures, 'merge', 'static'), target: '/usr/share/nginx/html', bind: { create_host_path: true } },
      { type: 'volume', source: 'cache', target: '/var/cache/nginx', volume: {} },
    ]);
    expect(web.dns).toEqual(['1.1.1.1', '8.8.8.8']);
  });

  it('honours !reset and !override', () => {
    expect(db.ports).toBeUndefined();
    expect(db.environment).toEqual({ POSTGRES_DB: 'app' });
    expect(db.image).toBe('postgres:17');
  });

  it('merges -f files in the order given', () => {
    const only = load('merge', { files: ['compose.yaml'] });
    expect(only.services.web!.command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(only.configFiles).toEqual([join(fixtures, 'merge', 'compose.yaml')]);
  });
});

describe('profiles', () => {
  it('keeps services with profiles out unless a profile enables them', () => {
    expect(Object.keys(load('profiles').services)).toEqual(['app']);
    expect(Object.keys(load('profiles', { profiles: ['test'] }).services)).toEqual(['app', 'mail']);
    expect(Object.keys(load('profiles', { environment: { COMPOSE_PROFILES: 'debug, dev' } }).services)).toEqual(['app', 'debug', 'mail']);
    expect(Object.keys(load('profiles', { profiles: ['*'] }).services)).toEqual(['app', 'debug', 'mail']);
    expect(Object.keys(load('profiles').disabledServices)).toEqual(['debug', 'mail']);
  });
});

describe('extends and include', () => {
  it('extends a service of another file (its paths relative to that file) and of the same file, in a chain', () => {
    const p = load('extends');
    const api = p.services.api!;
    expect(api.image).toBe('node:20');
    expect(api.environment).toEqual({ NODE_ENV: 'production', LOG: 'debug' });
    expect(api.command).toEqual(['node', 'api.js']);
    expect(api.build).toEqual({ context: join(fixtures, 'extends', 'common', 'ctx'), dockerfile: 'Dockerfile' });
    expect((api.volumes as any[])[0].source).toBe(join(fixtures, 'extends', 'common', 'shared'));
    const worker = p.services.worker!;
    expect(worker.command).toEqual(['node', 'worker.js']);
    expect(worker.working_dir).toBe('/app');
    expect(worker.ports).toEqual([{ mode: 'ingress', protocol: 'tcp', target: 3000 }]);
    expect(worker.extends).toBeUndefined();
  });

  it('includes a project with its own directory and .env; the including environment wins', () => {
    const p = load('include');
    expect(p.services.api!.image).toBe('api:from-backend-env');
    expect((p.services.api!.volumes as any[])[0].source).toBe(join(fixtures, 'include', 'backend', 'data'));
    expect(p.services.front!.depends_on).toEqual({ api: { condition: 'service_started', required: true } });
    expect(load('include', { environment: { API_TAG: 'mine' } }).services.api!.image).toBe('api:mine');
  });
});

describe('canonical defaults', () => {
  const p = load('webapp', { environment: { NODE_ENV: 'production' } });

  it('attaches the default network where Compose does and names resources after the project', () => {
    expect(p.services.web!.networks).toEqual({ default: null });
    expect(p.services.db!.networks).toEqual({ back: null, default: null });
    expect(p.networks).toEqual({ back: { driver: 'bridge', name: 'webapp_back' }, default: { name: 'webapp_default' } });
    expect(p.volumes).toEqual({ node_modules: { name: 'webapp_node_modules' }, pgdata: { name: 'webapp_pgdata' } });
  });

  it('interpolates from the environment before .env, keeps $$ as $, fills depends_on and build defaults', () => {
    expect(p.services.db!.image).toBe('postgres:15');
    expect(p.services.worker!.command).toEqual(['exec worker --queue jobs']);
    expect(p.services.web!.environment).toEqual({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', PRICE: '$5' });
    expect(p.services.web!.command).toEqual(['npm', 'start', '--', '--port', '3000']);
    expect(p.services.worker!.depends_on).toEqual({
      db: { condition: 'service_started', required: true },
      web: { condition: 'service_started', required: true },
    });
    expect(p.services.web!.build).toMatchObject({ dockerfile: 'Dockerfile', args: { VERSION: '1.0' } });
  });

  it('resolves env_file into environment, the service environment winning', () => {
    const e = load('envfile');
    expect(e.services.app!.environment).toEqual({ FROM_FILE: 'one', OVERRIDDEN: 'compose', QUOTED: 'a b\nc', SINGLE: '$HOME raw', FROM_COMPOSE: 'yes' });
    expect(e.services.app!.image).toBe('alpine:3.19');
    expect(e.services.app!.expose).toEqual(['80', '443']);
    expect(e.services.app!.extra_hosts).toEqual({ somehost: '162.242.195.82' });
  });

  it('reads --env-file instead of .env', () => {
    expect(issuesOf(() => load('envfile', { envFiles: ['missing.env'] }))[0]!.message).toMatch(/env file does not exist/);
  });
});

describe('errors at their place', () => {
  const at = (i: ComposeIssue) => `${i.file.slice(fixtures.length + 1)}:${i.line}:${i.column} ${i.key ?? ''}`;

  it('reports schema errors with file, line, column and key', () => {
    const issues = issuesOf(() => load('errors', { files: ['schema.yaml'] }));
    expect(issues.map((i) => `${at(i)} ${i.message}`)).toEqual([
      'errors/schema.yaml:4:5 services.web.portz "portz" is not a key the Compose Specification allows in services.web.',
      'errors/schema.yaml:9:7 services.web.build.dockerfil "dockerfil" is not a key the Compose Specification allows in services.web.build.',
      'errors/schema.yaml:11:12 services.db.image must be a string.',
      'errors/schema.yaml:12:18 services.db.environment must be a mapping or a list.',
    ]);
  });

  it('reports YAML syntax errors at their place', () => {
    const [issue] = issuesOf(() => load('errors', { files: ['syntax.yaml'] }));
    expect(at(issue!)).toBe('errors/syntax.yaml:4:1 ');
    expect(issue!.message).toMatch(/^This is not valid YAML/);
  });

  it('names each depends_on cycle', () => {
    const issues = issuesOf(() => load('errors', { files: ['cycle.yaml'] }));
    expect(issues.map((i) => `${at(i)} ${i.message}`)).toEqual([
      'errors/cycle.yaml:4:17 services.a.depends_on depends_on makes a cycle: a → b → c → a; services cannot wait for each other.',
      'errors/cycle.yaml:15:17 services.d.depends_on depends_on makes a cycle: d → d; services cannot wait for each other.',
    ]);
  });

  it('reports a missing required variable, and once it is set, missing references and build contexts', () => {
    const first = issuesOf(() => load('errors', { files: ['missing.yaml'] }));
    expect(first.map((i) => `${at(i)} ${i.message}`)).toEqual([
      'errors/missing.yaml:3:12 services.web.image Required variable REGISTRY is not set: set REGISTRY to your registry host. Set it in the environment or in the .env file.',
    ]);
    const second = issuesOf(() => load('errors', { files: ['missing.yaml'], environment: { REGISTRY: 'r.example' } }));
    expect(second.map((i) => `${at(i)} ${i.message}`)).toEqual([
      `errors/missing.yaml:4:12 services.web.build The build context ${join(fixtures, 'errors', 'no-such-dir')} of "web" is not a directory that exists.`,
      'errors/missing.yaml:7:17 services.web.depends_on.ghost "web" depends on "ghost", which is not a service of this project (or not enabled by the active profiles).',
      'errors/missing.yaml:5:15 services.web.networks.front "web" joins the network "front", which the top-level networks do not define.',
      'errors/missing.yaml:6:15 services.web.volumes[0] "web" mounts the volume "data", which the top-level volumes do not define.',
    ]);
  });

  it('says when there is no Compose file at all', () => {
    expect(issuesOf(() => loadProject({ cwd: '/', environment: {} }))[0]!.message).toMatch(/No Compose file here/);
  });
});
