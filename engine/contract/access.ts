/**
 * Who may call each method of the contract, decided method by method.
 *
 * - `page`: any UI — a browser page holding the web host's token, or the
 *   Electron window. Whoever holds the token (or the window) is the user, so
 *   these include the user's own powerful features: stopping and starting
 *   the engine, resetting Berth, reading and writing files named by a host
 *   path, and a shell on this computer.
 * - `internal`: only Berth's own processes, over the control socket (the CLI,
 *   the Electron main process, the launcher of a newer backend). The carriers
 *   that bridge a page (the web host's WebSocket, the window's MessagePort)
 *   refuse them (rpc/page-frames.ts): they change Berth's own processes or
 *   hand over secrets, which no page has a reason to do.
 *
 * A method added to the contract without a line here does not compile.
 */
import type { MethodName } from './index.js';

export type MethodAccess = 'page' | 'internal';

export const METHOD_ACCESS = {
  'backend.hello': 'page',
  // Makes the backend exit (leaving the engine to the next one): asked only by a newer Berth's
  // launcher (backend/launch.ts). A page could use it to stop Berth's backend at will.
  'backend.handover': 'internal',

  // The Engine page's own controls: stopping, starting and restarting the engine are user features.
  'engine.status': 'page',
  'engine.start': 'page',
  'engine.stop': 'page',
  'engine.restart': 'page',
  'engine.info': 'page',
  'engine.check': 'page',
  // Runs only one of the fixed commands a check names, through pkexec, which asks the user for the password.
  'engine.fixHost': 'page',
  'engine.logs': 'page',
  'engine.watch': 'page',
  'engine.watchLogs': 'page',

  // Settings, as the Settings page edits them. daemon.json can open the engine wider (e.g. a TCP
  // listener): that is the user's choice, made in the UI. Factory reset is a user feature too; it
  // takes an explicit confirmation.
  'settings.vm': 'page',
  'settings.setVm': 'page',
  'settings.daemon': 'page',
  'settings.checkDaemon': 'page',
  'settings.setDaemon': 'page',
  'settings.watchUi': 'page',
  'settings.setUi': 'page',
  'settings.resetPlan': 'page',
  'settings.reset': 'page',
  'support.diagnostics': 'page',

  // Docker objects, as their pages manage them. Saving, loading and importing name host files:
  // the backend acts as the user (the web host binds 127.0.0.1 and needs the token).
  // The Engines list, as the Engines page manages it: adding an engine connects to an address the user
  // typed and reads the certificate files they named, as the user (like `docker -H`).
  'engines.list': 'page',
  'engines.watch': 'page',
  'engines.add': 'page',
  'engines.remove': 'page',
  'engines.check': 'page',
  'engines.use': 'page',
  'swarm.state': 'page',
  'swarm.watch': 'page',
  'swarm.init': 'page',
  'swarm.join': 'page',
  'swarm.joinTokens': 'page',
  'swarm.leave': 'page',
  'nodes.list': 'page',
  'nodes.update': 'page',
  'nodes.remove': 'page',
  // Swarm services of the window's engine, as the Services page manages them (removal is confirmed in the UI).
  'services.list': 'page',
  'services.create': 'page',
  'services.scale': 'page',
  'services.update': 'page',
  'services.rollback': 'page',
  'services.remove': 'page',
  'services.tasks': 'page',
  'services.watch': 'page',
  'services.logs': 'page',
  // Swarm stacks of the window's engine, as the Stacks view manages them (a deploy reads the files the user named,
  // as the user, like compose.up; removal is confirmed in the UI).
  'stacks.list': 'page',
  'stacks.plan': 'page',
  'stacks.deploy': 'page',
  'stacks.services': 'page',
  'stacks.tasks': 'page',
  'stacks.remove': 'page',

  'containers.list': 'page',
  'containers.watch': 'page',
  'containers.act': 'page',
  'containers.removalImpact': 'page',
  'containers.remove': 'page',
  'containers.rename': 'page',
  'containers.prune': 'page',
  'containers.runCommand': 'page',
  'containers.inspect': 'page',
  'containers.logs': 'page',
  'containers.top': 'page',
  'containers.changes': 'page',
  'containers.lastLines': 'page',
  'containers.logOpen': 'page',
  'containers.logRange': 'page',
  'containers.stats': 'page',
  'containers.validateRun': 'page',
  'containers.run': 'page',
  'images.list': 'page',
  'images.watch': 'page',
  'images.pull': 'page',
  'images.push': 'page',
  'images.inspect': 'page',
  'images.history': 'page',
  'images.users': 'page',
  'images.remove': 'page',
  'images.tag': 'page',
  'images.disk': 'page',
  'images.prune': 'page',
  'images.archiveDefaults': 'page',
  'images.save': 'page',
  'images.load': 'page',
  'images.import': 'page',
  // Reads an image from one engine of the list and loads it into another, both ones the user added.
  'images.copyTo': 'page',
  'volumes.list': 'page',
  'volumes.watch': 'page',
  'volumes.sizes': 'page',
  'volumes.create': 'page',
  'volumes.remove': 'page',
  'volumes.prune': 'page',
  'volumes.browse': 'page',
  'networks.list': 'page',
  'networks.watch': 'page',
  'networks.inspect': 'page',
  'networks.create': 'page',
  'networks.connect': 'page',
  'networks.disconnect': 'page',
  'networks.remove': 'page',
  'networks.prune': 'page',
  // Disk use and the Dashboard's clean-ups: each deletes only what it listed, as the pages' own prunes do.
  'system.df': 'page',
  'system.cleanupPlan': 'page',
  'system.cleanup': 'page',
  'system.engineUsage': 'page',
  'system.activity': 'page',
  // The walkthroughs write only their own projects under the Berth home.
  'learn.prepare': 'page',
  'learn.change': 'page',
  'learn.project': 'page',
  'learn.run': 'page',
  'layers.index': 'page',
  'layers.tree': 'page',
  'layers.search': 'page',
  'layers.compare': 'page',
  'layers.preview': 'page',
  'layers.extract': 'page',
  'layers.packages': 'page',
  'layers.sbom': 'page',
  'layers.comparePackages': 'page',
  'layers.diff': 'page',
  'builds.start': 'page',
  'builds.plan': 'page',
  'builds.list': 'page',
  'builds.get': 'page',
  'builds.remove': 'page',
  'builds.compare': 'page',
  // Compose projects: files named by host paths (read as the user, like a build context), containers made from them.
  'compose.plan': 'page',
  'compose.up': 'page',
  'compose.down': 'page',
  'compose.ps': 'page',
  'compose.act': 'page',
  'compose.logs': 'page',
  'compose.scale': 'page',
  'compose.pull': 'page',
  'compose.build': 'page',
  'compose.container': 'page',
  'compose.open': 'page',
  'compose.recent': 'page',
  'compose.forget': 'page',
  'compose.export': 'page',

  // Registry logins: a page may log in and out; stored secrets never go back out.
  'registries.list': 'page',
  'registries.login': 'page',
  'registries.logout': 'page',
  'registries.catalog': 'page',
  'registries.tags': 'page',
  // The data key sealing those logins, from the Electron main process's keychain: never a page's to give.
  'secrets.provideKey': 'internal',
  'secrets.keychainUnavailable': 'internal',

  // Shells. The engine shell is the user's own shell on this computer, opened from the UI by design,
  // so it stays a page's. The token is the boundary either way: its holder can already read and write
  // the user's files (images.save/load, layers.extract) and, in native mode, run a privileged container.
  'terminal.open': 'page',
  'terminal.attach': 'page',
  'terminal.engineShell': 'page',

  // Desktop notifications: a page asks for one and follows the clicks; only the desktop app's main
  // process takes them to show (a page could read every other window's notices) and reports clicks.
  'desktop.notify': 'page',
  'desktop.watchClicks': 'page',
  'desktop.watchNotices': 'internal',
  'desktop.noticeClicked': 'internal',

  // The carriers' self-test: it only echoes the caller's own strings, and it must work over the
  // page carriers to test them.
  'rpc.echo': 'page',
} as const satisfies Record<MethodName, MethodAccess>;

/** True for a method only Berth's own processes may call (never a page). */
export function isInternalMethod(method: string): boolean {
  return Object.hasOwn(METHOD_ACCESS, method) && METHOD_ACCESS[method as MethodName] === 'internal';
}
