/** Assembles one backend: supervisor, event stream and services behind the RPC router. */
import { join } from 'node:path';
import type { EngineMode } from '../contract/index.js';
import { DEFAULT_ENGINE, Router, untilAborted, type Connection, type Handlers } from '../rpc/router.js';
import { RpcError } from '../rpc/protocol.js';
import { ExternalDriver } from '../engine/external.js';
import { NativeDriver } from '../engine/native.js';
import { RootlessDriver } from '../engine/rootless.js';
import { runHostFix } from '../engine/rootless-host.js';
import { VmDriver } from '../engine/vm/vm-driver.js';
import { contextNameFor, ensureDockerContext } from '../engine/docker-context.js';
import { checkModes } from '../engine/checks.js';
import { createDiagnostics } from '../diagnostics/diagnostics.js';
import { setVmSettings, vmSettingsView } from '../settings/vm-settings.js';
import { DaemonSettings } from '../settings/daemon-settings.js';
import { UiSettingsService } from '../settings/ui-settings.js';
import { FactoryReset } from '../settings/factory-reset.js';
import { defaultHome, type HomeLayout } from '../engine/paths.js';
import { Supervisor } from '../engine/supervisor.js';
import { EngineEvents } from '../engine/events.js';
import { browseVolume } from '../volumes/volume-browse.js';
import { affectsImageList, listImages } from '../images/images.js';
import { ImageArchive } from '../images/image-archive.js';
import { copyImage } from '../images/image-copy.js';
import { CredentialStore } from '../registries/credentials.js';
import { UnlockableKeyProvider } from '../registries/unlockable-key.js';
import { provideKey } from '../registries/secrets.js';
import { RegistriesService } from '../registries/registries.js';
import { watchList } from '../engine/list-watch.js';
import { EngineService } from '../engine/engine.js';
import { EngineShellService } from '../terminal/engine-shell.js';
import { LayerService } from '../layers/layers-service.js';
import { BuildRecords } from '../builds/records.js';
import { ComposeService } from '../compose/compose-service.js';
import { ComposeExport } from '../compose/compose-export.js';
import { RecentComposeProjects } from '../compose/open-project.js';
import { LayerDiskCache } from '../layers/layer-cache.js';
import { PackageService } from '../layers/packages/packages-service.js';
import { ImageDiffService } from '../layers/diff/diff-service.js';
import { readSettings, updateSettings } from '../settings/index.js';
import { BERTH_VERSION } from '../version.js';
import { DesktopNotices } from '../desktop/desktop-notices.js';
import { SystemService } from '../system/system.js';
import { EngineUsageService, watchElsewhere } from '../system/engine-usage.js';
import { LearnService } from '../learn/learn.js';
import { EnginesService, EngineStore } from '../engines/index.js';
import { EngineScopes, scopeOf } from './engine-scopes.js';

export interface Backend {
  readonly router: Router;
  readonly supervisor: Supervisor;
}

/** `handover`: how this process leaves without stopping its engine (main.ts closes its socket and exits). */
export async function createBackend(l: HomeLayout, handover: () => void = () => undefined): Promise<Backend> {
  const settings = await readSettings(l.settingsFile);
  const supervisor = new Supervisor({
    home: l.home,
    mode: settings.engine.mode,
    host: settings.engine.host,
    makeDriver: (mode: EngineMode, host) =>
      // Native mode is the root engine for root, the rootless one for everyone else.
      mode === 'native' ? (process.getuid?.() === 0 ? new NativeDriver(l) : new RootlessDriver(l)) : mode === 'vm' ? new VmDriver(l) : new ExternalDriver(host),
  });
  const events = new EngineEvents(supervisor);
  const engine = new EngineService(supervisor, l);
  const keys = new UnlockableKeyProvider(l.secretsDir);
  const logins = CredentialStore.forDir(l.secretsDir, keys);
  const registries = new RegistriesService(supervisor, logins);
  // Berth's own engine's services; the views that follow a window's chosen engine get theirs from `scopes`.
  const buildRecords = new BuildRecords(l.buildsDir);
  const own = scopeOf(supervisor, events, { registries, buildRecords });
  const { actions, volumes, images, builds } = own;
  const engines: EnginesService = new EnginesService({
    store: new EngineStore(join(l.home, 'engines.json')),
    own: () => supervisor.status(),
    removed: (id) => scopes.drop(id),
  });
  const scopes = new EngineScopes(own, engines, { registries, buildRecords }, l.home);
  const archive = new ImageArchive(supervisor);
  const engineShell = new EngineShellService(supervisor);
  const compose = new ComposeService(supervisor, { pull: (ref, sink) => images.pull(ref, sink), build: (input, sink) => builds.start(input, sink) });
  const composeRecent = new RecentComposeProjects(l.settingsFile);
  const composeExport = new ComposeExport(supervisor);
  const daemonSettings = new DaemonSettings(l, supervisor);
  const layers = new LayerService(supervisor, new LayerDiskCache(l.layerCacheDir));
  const packages = new PackageService(supervisor, layers, l.layerCacheDir);
  const imageDiff = new ImageDiffService(layers);
  const system = new SystemService(supervisor, {
    images: (ids) => images.remove(ids, false),
    containers: (ids) => actions.remove(ids, false, false),
    volumes: (names) => volumes.remove(names, false),
  });

  /** Disk use and clean-ups of the window's engine: Berth's own, or the one it chose in the switcher. */
  const systemOf = (conn: Connection): SystemService => {
    if (conn.engine === DEFAULT_ENGINE) return system;
    const scope = scopes.of(conn);
    return new SystemService(scope.client, {
      images: (ids) => scope.images.remove(ids, false),
      containers: (ids) => scope.actions.remove(ids, false, false),
      volumes: (names) => scope.volumes.remove(names, false),
    });
  };
  const engineUsage = new EngineUsageService(supervisor);
  const learn = new LearnService(supervisor, join(l.home, 'learn'));

  // The docker CLI's "berth" context follows the engine Berth runs (native or VM).
  const contextName = contextNameFor(process.env, l.home === defaultHome({ ...process.env, BERTH_HOME: '' }));
  if (contextName) {
    supervisor.subscribe((s) => {
      if (s.state === 'running' && s.dockerHost && s.mode !== 'external') {
        ensureDockerContext(contextName, s.dockerHost).catch((err: Error) =>
          console.error(`The docker context "${contextName}" could not be written: ${err.message}`),
        );
      }
    });
  }

  const uiSettings = new UiSettingsService(l);
  const desktop = new DesktopNotices();
  const factoryReset = new FactoryReset(l, supervisor, contextName, () => uiSettings.changed());

  /** Remember the mode the user chose, so the next start uses it. */
  const rememberMode = async (mode?: EngineMode, host?: string) => {
    if (!mode && host === undefined) return;
    await updateSettings(l.settingsFile, (s) => ({ ...s, engine: { ...s.engine, mode: mode ?? s.engine.mode, host: host ?? s.engine.host } }));
  };

  const handlers: Handlers = {
    'backend.hello': () => ({ app: 'berth', version: BERTH_VERSION, pid: process.pid, home: l.home, platform: process.platform }),
    'backend.handover': () => {
      // After the answer has gone out.
      setTimeout(handover, 50);
      return { pid: process.pid };
    },
    'engine.status': () => supervisor.status(),
    'engine.start': async ({ mode, host }) => {
      const status = await supervisor.start(mode, host);
      await rememberMode(mode, host);
      return status;
    },
    'engine.stop': () => supervisor.stop(),
    'engine.restart': () => supervisor.restart(),
    'engine.info': () => engine.info(),
    'support.diagnostics': () => createDiagnostics(l, supervisor),
    'settings.vm': () => vmSettingsView(l),
    'settings.setVm': (vm) => setVmSettings(l, vm),
    'settings.watchUi': (_input, sink) => uiSettings.watch(sink),
    'settings.setUi': (ui) => uiSettings.set(ui),
    'settings.resetPlan': () => factoryReset.plan(),
    'settings.reset': () => factoryReset.reset(),
    'settings.daemon': () => daemonSettings.view(),
    'settings.checkDaemon': ({ text }) => daemonSettings.check(text),
    'settings.setDaemon': ({ text, restart }) => daemonSettings.save(text, restart),
    'engine.check': async () => checkModes((await readSettings(l.settingsFile)).engine.host),
    'engine.fixHost': async ({ fix }) => {
      await runHostFix(fix).catch((err: Error) => {
        throw new RpcError('conflict', err.message);
      });
      return checkModes((await readSettings(l.settingsFile)).engine.host);
    },
    'engine.logs': ({ lines }) => engine.logs(lines),
    'engine.watch': (_input, sink) => engine.watch(sink),
    'engine.watchLogs': ({ tail, source }, sink) => engine.watchLogs(tail, source, sink),
    'containers.list': ({ all }, conn) => scopes.of(conn).containers.list(all),
    'containers.watch': (_input, sink, conn) => scopes.of(conn).containers.watch(sink),
    'containers.act': ({ ids, action, timeout, signal }, conn) => scopes.of(conn).actions.act(ids, action, timeout, signal),
    'containers.removalImpact': ({ ids }, conn) => scopes.of(conn).actions.removalImpact(ids),
    'containers.remove': ({ ids, force, volumes }, conn) => scopes.of(conn).actions.remove(ids, force, volumes),
    'containers.rename': ({ id, name }, conn) => scopes.of(conn).actions.rename(id, name),
    'containers.prune': (_input, conn) => scopes.of(conn).actions.prune(),
    'containers.runCommand': ({ id }, conn) => scopes.of(conn).actions.runCommand(id),
    'containers.inspect': ({ id }, conn) => scopes.of(conn).details.inspect(id),
    'containers.logs': (input, sink, conn) => scopes.of(conn).details.logs(input, sink),
    'containers.changes': ({ id }, conn) => scopes.of(conn).details.changes(id),
    'containers.top': ({ id }, conn) => scopes.of(conn).details.top(id),
    'containers.lastLines': ({ id, lines }, conn) => scopes.of(conn).details.lastLines(id, lines),
    'containers.logOpen': ({ id }, conn) => scopes.of(conn).details.logOpen(id),
    'containers.logRange': ({ id, from, count, timestamps }, conn) => scopes.of(conn).details.logRange(id, from, count, timestamps),
    'containers.validateRun': (spec, conn) => scopes.of(conn).runner.validate(spec),
    'containers.run': (spec, conn) => scopes.of(conn).runner.run(spec),
    'containers.stats': ({ ids }, sink, conn) => scopes.of(conn).stats.watch(ids, sink),
    'images.list': (_input, conn) => listImages(scopes.of(conn).client),
    'images.pull': ({ ref }, sink, conn) => {
      // A failed pull joins the Dashboard's activity of the engine it was pulled on (the engine keeps no event of it).
      const scope = scopes.of(conn);
      return scope.images.pull(ref, sink).catch((err: Error) => {
        if (!sink.signal.aborted) scope.activity.pullFailed(ref, err.message);
        throw err;
      });
    },
    'images.push': ({ ref }, sink, conn) => scopes.of(conn).images.push(ref, sink),
    'images.history': ({ ref }, conn) => scopes.of(conn).images.history(ref),
    'images.inspect': ({ ref }, conn) => scopes.of(conn).images.inspect(ref),
    'images.users': ({ ref }, conn) => scopes.of(conn).images.users(ref),
    'images.remove': ({ refs, force }, conn) => scopes.of(conn).images.remove(refs, force),
    'images.tag': ({ ref, target }, conn) => scopes.of(conn).images.tag(ref, target),
    'images.prune': ({ all }, conn) => scopes.of(conn).images.prune(all),
    'images.watch': (_input, sink, conn) => watchList(scopes.of(conn).events, affectsImageList, () => listImages(scopes.of(conn).client), sink),
    'images.disk': (_input, conn) => scopes.of(conn).images.disk(),
    'images.archiveDefaults': () => archive.defaults(),
    'images.save': ({ refs, path, overwrite }, sink) => archive.save(refs, path, overwrite, sink),
    'images.load': ({ path }, sink) => archive.load(path, sink),
    'images.import': ({ path, ref, changes, message }, sink) => archive.import(path, { ref, changes, message }, sink),
    'images.copyTo': async ({ ref, to, from }, sink, conn) => {
      // Both clients are the copy's own: an ssh one holds a connection until it is let go.
      const source = await engines.open(from ?? conn.engine);
      try {
        const target = await engines.open(to);
        try {
          await copyImage(ref, source, target, sink);
        } finally {
          target.close();
        }
      } finally {
        source.close();
      }
    },
    'registries.list': () => registries.list(),
    'registries.login': ({ server, username, secret }) => registries.login(server, username, secret),
    'registries.logout': ({ server }) => registries.logout(server),
    'registries.catalog': ({ server }) => registries.catalog(server),
    'registries.tags': ({ server, repository }) => registries.tags(server, repository),
    'secrets.provideKey': ({ key }) => provideKey(logins, keys, key),
    'secrets.keychainUnavailable': ({ reason }) => keys.keychainUnavailable(reason),
    'desktop.notify': (notice) => desktop.notify(notice),
    'desktop.watchNotices': (_input, sink) => desktop.watchNotices(sink),
    'desktop.noticeClicked': ({ id }) => desktop.clicked(id),
    'desktop.watchClicks': (_input, sink) => desktop.watchClicks(sink),
    'volumes.list': (_input, conn) => scopes.of(conn).volumes.list(),
    'volumes.sizes': (_input, conn) => scopes.of(conn).volumes.sizes(),
    'volumes.watch': (_input, sink, conn) => scopes.of(conn).volumes.watch(sink),
    'volumes.create': ({ name, labels }, conn) => scopes.of(conn).volumes.create(name, labels),
    'volumes.remove': ({ names, force }, conn) => scopes.of(conn).volumes.remove(names, force),
    'volumes.prune': (_input, conn) => scopes.of(conn).volumes.prune(),
    'volumes.browse': ({ name, path }, conn) => browseVolume(scopes.of(conn).client, name, path),
    'networks.list': (_input, conn) => scopes.of(conn).networks.list(),
    'networks.watch': (_input, sink, conn) => scopes.of(conn).networks.watch(sink),
    'networks.inspect': ({ name }, conn) => scopes.of(conn).networks.inspect(name),
    'networks.create': (input, conn) => scopes.of(conn).networks.create(input),
    'networks.connect': ({ network, container, aliases }, conn) => scopes.of(conn).networks.connect(network, container, aliases),
    'networks.disconnect': ({ network, container, force }, conn) => scopes.of(conn).networks.disconnect(network, container, force),
    'networks.remove': ({ names }, conn) => scopes.of(conn).networks.remove(names),
    'networks.prune': ({ only }, conn) => scopes.of(conn).networks.prune(only),
    'system.df': (_input, conn) => systemOf(conn).usage(),
    'system.cleanupPlan': ({ kind }, conn) => systemOf(conn).plan(kind),
    'system.cleanup': ({ kind, ids }, conn) => systemOf(conn).cleanup(kind, ids),
    'system.engineUsage': (_input, sink, conn) => {
      if (conn.engine === DEFAULT_ENGINE) return engineUsage.watch(sink);
      scopes.of(conn);
      return watchElsewhere(sink);
    },
    'system.activity': (_input, sink, conn) => scopes.of(conn).activity.watch(sink),
    'learn.prepare': ({ project }) => learn.prepare(project),
    'learn.change': ({ project }) => learn.change(project),
    'learn.project': ({ project }) => learn.project(project),
    'learn.run': ({ project }) => learn.run(project),
    'terminal.open': (input, sink, conn) => scopes.of(conn).terminals.open(input, sink),
    'terminal.attach': (input, sink, conn) => scopes.of(conn).terminals.attach(input, sink),
    'terminal.engineShell': (input, sink) => engineShell.open(input, sink),
    'layers.index': ({ ref }, sink) => layers.index(ref, sink),
    'builds.start': (input, sink, conn) => scopes.of(conn).builds.start(input, sink),
    'builds.plan': (input, conn) => scopes.of(conn).builds.plan(input),
    'builds.list': (_input, conn) => scopes.of(conn).builds.list(),
    'builds.get': ({ id }) => builds.get(id),
    'builds.remove': ({ id }) => builds.remove(id),
    'builds.compare': ({ before, after }) => builds.compare(before, after),
    'compose.plan': ({ project, removeOrphans, scale, services }) => compose.plan(project, removeOrphans, scale, services),
    'compose.up': ({ project, removeOrphans, scale, services }, sink) => compose.up(project, removeOrphans, sink, scale, services),
    'compose.down': ({ project, volumes, removeOrphans, rmi }) => compose.down(project, volumes, removeOrphans, rmi),
    'compose.ps': ({ project }) => compose.ps(project),
    'compose.act': ({ project, action, services }) => compose.act(project, action, services),
    'compose.logs': ({ project, ...opts }, sink) => compose.logs(project, opts, sink),
    'compose.scale': ({ project, scale }, sink) => compose.scale(project, scale, sink),
    'compose.pull': ({ project, services }, sink) => compose.pull(project, services, sink),
    'compose.build': ({ project, services, noCache, pull }, sink) => compose.build(project, services, { noCache, pull }, sink),
    'compose.container': ({ project, service, index }) => compose.container(project, service, index),
    'compose.open': (input) => composeRecent.open(input),
    'compose.recent': () => composeRecent.list(),
    'compose.forget': ({ name }) => composeRecent.forget(name),
    'compose.export': ({ containers, path, overwrite }) => composeExport.export(containers, path, overwrite),
    'layers.tree': (input) => layers.tree(input),
    'layers.search': (input) => layers.search(input),
    'layers.compare': ({ a, b }) => layers.compare(a, b),
    'layers.preview': (input) => layers.preview(input),
    'layers.extract': (input, sink) => layers.extract(input, sink),
    'layers.packages': ({ ref }) => packages.packages(ref),
    'layers.sbom': (input) => packages.sbom(input),
    'layers.comparePackages': ({ a, b }) => packages.compare(a, b),
    'layers.diff': (input) => imageDiff.diff(input),
    'engines.list': () => engines.list(),
    'engines.watch': (_input, sink) => engines.watch(sink),
    'engines.add': (input) => engines.add(input),
    'engines.remove': ({ id }) => engines.remove(id),
    'engines.check': ({ id }) => engines.check(id),
    'engines.use': ({ id }, conn) => scopes.use(conn, id),
    'swarm.state': (_input, conn) => scopes.of(conn).swarm.view(),
    'swarm.watch': (_input, sink, conn) => scopes.of(conn).swarm.watch(sink),
    'swarm.init': (input, conn) => scopes.of(conn).swarm.init(input),
    'swarm.join': (input, conn) => scopes.of(conn).swarm.join(input),
    'swarm.joinTokens': (_input, conn) => scopes.of(conn).swarm.tokens(),
    'swarm.leave': ({ force }, conn) => scopes.of(conn).swarm.leave(force),
    'nodes.list': (_input, conn) => scopes.of(conn).swarm.nodes(),
    'nodes.update': ({ id, action }, conn) => scopes.of(conn).swarm.update(id, action),
    'nodes.remove': ({ id, force }, conn) => scopes.of(conn).swarm.remove(id, force),
    'services.list': (_input, conn) => scopes.of(conn).services.list(),
    'services.create': (input, conn) => scopes.of(conn).services.create(input),
    'services.scale': ({ service, replicas }, conn) => scopes.of(conn).services.scale(service, replicas),
    'services.update': ({ service, image, env }, conn) => scopes.of(conn).services.update(service, image, env),
    'services.rollback': ({ service }, conn) => scopes.of(conn).services.rollback(service),
    'services.remove': ({ services }, conn) => scopes.of(conn).services.remove(services),
    'services.tasks': ({ service }, conn) => scopes.of(conn).services.tasks(service),
    'services.watch': ({ service }, sink, conn) => scopes.of(conn).services.watch(service, sink),
    'services.logs': (input, sink, conn) => scopes.of(conn).services.logs(input, sink),
    'stacks.list': (_input, conn) => scopes.of(conn).stacks.list(),
    'stacks.plan': (input, conn) => scopes.of(conn).stacks.plan(input),
    'stacks.deploy': (input, sink, conn) => scopes.of(conn).stacks.deploy(input, sink),
    'stacks.services': ({ name }, conn) => scopes.of(conn).stacks.services(name),
    'stacks.tasks': ({ name }, conn) => scopes.of(conn).stacks.tasks(name),
    'stacks.remove': ({ name }, conn) => scopes.of(conn).stacks.remove(name),
    'rpc.echo': async ({ upper }, sink) => {
      sink.onUp((text) => sink.emit(upper ? text.toUpperCase() : text));
      await untilAborted(sink.signal);
    },
  };
  return { router: new Router(handlers), supervisor };
}
