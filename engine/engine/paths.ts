/** Where Berth keeps its engine, state and logs: the Berth home and its layout. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Berth home: BERTH_HOME, else the platform's per-user data folder. */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BERTH_HOME) return resolve(env.BERTH_HOME);
  const home = env.HOME || homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Berth');
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Berth');
    default:
      return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'berth');
  }
}

export interface HomeLayout {
  readonly home: string;
  /** Sockets and pidfiles: the backend's control socket and the engine's socket. */
  readonly runDir: string;
  readonly controlSocket: string;
  readonly backendPidfile: string;
  readonly engineSocket: string;
  readonly enginePidfile: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly daemonConfig: string;
  readonly logDir: string;
  readonly engineLog: string;
  /** VM mode: the VM's serial console (kernel, systemd, the guest's dockerd) and Berth's notes on the VM. */
  readonly vmConsoleLog: string;
  readonly backendLog: string;
  readonly settingsFile: string;
  /** The supervisor's last known status, so a CLI can report it when no backend runs. */
  readonly stateFile: string;
  /** Registry logins, encrypted (0700): the key and the sealed store. */
  readonly secretsDir: string;
  /** Layer indexes by diff id, so an image's layers are read at most once. */
  readonly layerCacheDir: string;
  /** Build records (history). */
  readonly buildsDir: string;
}

export function layout(home: string): HomeLayout {
  const runDir = join(home, 'run');
  const logDir = join(home, 'logs');
  return {
    home,
    runDir,
    controlSocket: join(runDir, 'berth.sock'),
    backendPidfile: join(runDir, 'backend.pid'),
    engineSocket: join(runDir, 'docker.sock'),
    enginePidfile: join(runDir, 'dockerd.pid'),
    dataRoot: join(home, 'engine', 'data'),
    execRoot: join(home, 'engine', 'exec'),
    daemonConfig: join(home, 'engine', 'daemon.json'),
    logDir,
    engineLog: join(logDir, 'dockerd.log'),
    vmConsoleLog: join(logDir, 'vm-console.log'),
    backendLog: join(logDir, 'backend.log'),
    settingsFile: join(home, 'settings.json'),
    stateFile: join(runDir, 'status.json'),
    secretsDir: join(home, 'secrets'),
    layerCacheDir: join(home, 'cache', 'layers'),
    buildsDir: join(home, 'builds'),
  };
}

/** The engine's log for a mode: dockerd's in native mode, the VM's console in VM mode. */
export function engineLogFor(l: HomeLayout, mode: string): string {
  return mode === 'vm' ? l.vmConsoleLog : l.engineLog;
}

/** Unix socket paths longer than this cannot be bound on Linux (sun_path is 108 bytes). */
export const MAX_SOCKET_PATH = 100;
