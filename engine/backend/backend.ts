/** Assembles one backend: supervisor, event stream and services behind the RPC router. */
import { join } from 'node:path';
import type { EngineMode } from '../contract/index.js';
import { Router, untilAborted, type Handlers } from '../rpc/router.js';
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
import { ContainersService } from '../containers/containers.js';
import { ContainerActions } from '../containers/container-actions.js';
import { ContainerDetailsService } from '../containers/container-details.js';
import { RunContainer } from '../containers/run-container.js';
import { VolumesService } from '../volumes/volumes.js';
import { browseVolume } from '../volumes/volume-browse.js';
import { NetworksService } from '../networks/networks.js';
import { affectsImageList, ImagesService, listImages } from '../images/images.js';
import { ImageArchive } from '../images/image-archive.js';
import { CredentialStore } from '../registries/credentials.js';
import { UnlockableKeyProvider } from '../registries/unlockable-key.js';
import { provideKey } from '../registries/secrets.js';
import { RegistriesService } from '../registries/registries.js';
import { watchList } from '../engine/list-watch.js';
import { StatsService } from '../containers/stats.js';
import { EngineService } from '../engine/engine.js';
import { TerminalService } from '../terminal/terminal.js';
import { EngineShellService } from '../terminal/engine-shell.js';
import { LayerService } from '../layers/layers-service.js';
import { BuildService } from '../builds/builds.js';
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
import { LearnService } from '../learn/learn.js';

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
  const containers = new ContainersService(supervisor, events);
  const actions = new ContainerActions(supervisor);
  const details = new ContainerDetailsService(supervisor);
  const runner = new RunContainer(supervisor);
  const volumes = new VolumesService(supervisor, events);
  const networks = new NetworksService(supervisor, events);
  const stats = new StatsService(supervisor, events);
  const keys = new UnlockableKeyProvider(l.secretsDir);
  const logins = CredentialStore.forDir(l.secretsDir, keys);
  const registries = new RegistriesService(supervisor, logins);
  const images = new ImagesService(supervisor, registries);
  const archive = new ImageArchive(supervisor);
  const terminals = new TerminalService(supervisor);
  const engineShell = new EngineShellService(supervisor);
  const builds = new BuildService(supervisor, new BuildRecords(l.buildsDir));
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
    'containers.list': ({ all }) => containers.list(all),
    'containers.watch': (_input, sink) => containers.watch(sink),
    'containers.act': ({ ids, action, timeout, signal }) => actions.act(ids, action, timeout, signal),
    'containers.removalImpact': ({ ids }) => actions.removalImpact(ids),
    'containers.remove': ({ ids, force, volumes }) => actions.remove(ids, force, volumes),
    'containers.rename': ({ id, name }) => actions.rename(id, name),
    'containers.prune': () => actions.prune(),
    'containers.runCommand': ({ id }) => actions.runCommand(id),
    'containers.inspect': ({ id }) => details.inspect(id),
    'containers.logs': (input, sink) => details.logs(input, sink),
    'containers.top': ({ id }) => details.top(id),
    'containers.validateRun': (spec) => runner.validate(spec),
    'containers.run': (spec) => runner.run(spec),
    'containers.stats': ({ ids }, sink) => stats.watch(ids, sink),
    'images.list': () => listImages(supervisor),
    'images.pull': ({ ref }, sink) => images.pull(ref, sink),
    'images.push': ({ ref }, sink) => images.push(ref, sink),
    'images.history': ({ ref }) => images.history(ref),
    'images.inspect': ({ ref }) => images.inspect(ref),
    'images.users': ({ ref }) => images.users(ref),
    'images.remove': ({ refs, force }) => images.remove(refs, force),
    'images.tag': ({ ref, target }) => images.tag(ref, target),
    'images.prune': ({ all }) => images.prune(all),
    'images.watch': (_input, sink) => watchList(events, affectsImageList, () => listImages(supervisor), sink),
    'images.disk': () => images.disk(),
    'images.archiveDefaults': () => archive.defaults(),
    'images.save': ({ refs, path, overwrite }, sink) => archive.save(refs, path, overwrite, sink),
    'images.load': ({ path }, sink) => archive.load(path, sink),
    'images.import': ({ path, ref, changes, message }, sink) => archive.import(path, { ref, changes, message }, sink),
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
    'volumes.list': () => volumes.list(),
    'volumes.sizes': () => volumes.sizes(),
    'volumes.watch': (_input, sink) => volumes.watch(sink),
    'volumes.create': ({ name, labels }) => volumes.create(name, labels),
    'volumes.remove': ({ names, force }) => volumes.remove(names, force),
    'volumes.prune': () => volumes.prune(),
    'volumes.browse': ({ name, path }) => browseVolume(supervisor, name, path),
    'networks.list': () => networks.list(),
    'networks.watch': (_input, sink) => networks.watch(sink),
    'networks.inspect': ({ name }) => networks.inspect(name),
    'networks.create': (input) => networks.create(input),
    'networks.connect': ({ network, container, aliases }) => networks.connect(network, container, aliases),
    'networks.disconnect': ({ network, container, force }) => networks.disconnect(network, container, force),
    'networks.remove': ({ names }) => networks.remove(names),
    'networks.prune': ({ only }) => networks.prune(only),
    'system.df': () => system.usage(),
    'system.cleanupPlan': ({ kind }) => system.plan(kind),
    'system.cleanup': ({ kind, ids }) => system.cleanup(kind, ids),
    'learn.prepare': ({ project }) => learn.prepare(project),
    'learn.change': ({ project }) => learn.change(project),
    'terminal.open': (input, sink) => terminals.open(input, sink),
    'terminal.attach': (input, sink) => terminals.attach(input, sink),
    'terminal.engineShell': (input, sink) => engineShell.open(input, sink),
    'layers.index': ({ ref }, sink) => layers.index(ref, sink),
    'builds.start': (input, sink) => builds.start(input, sink),
    'builds.plan': (input) => builds.plan(input),
    'builds.list': () => builds.list(),
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
    'rpc.echo': async ({ upper }, sink) => {
      sink.onUp((text) => sink.emit(upper ? text.toUpperCase() : text));
      await untilAborted(sink.signal);
    },
  };
  return { router: new Router(handlers), supervisor };
}
