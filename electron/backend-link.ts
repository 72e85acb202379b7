/**
 * The desktop app's hold on the backend process: make sure one runs (and ask it for
 * the engine), remember whether this app started it, and stop it on quit if
 * so. The backend hosts every service; the app only connects windows to it.
 */
import { ensureBackend, startEngine, stopEngine, stopEngineAndBackend } from '../engine/backend/launch.js';

export type ShutdownOutcome = 'stopped' | 'left-running' | 'timed-out' | 'failed';

export class BackendLink {
  private owned = false;
  private closing = false;
  private pending: Promise<string> | null = null;
  private engineAsked = false;

  constructor(
    private readonly home: string,
    /** Told once per distinct failure, in a sentence the user can act on. */
    private readonly onError: (message: string) => void,
    /** Run each time a backend answers, before its socket is handed out (the registry key goes over here). */
    private readonly onConnected: () => Promise<void> = async () => undefined,
  ) {}

  /** False once the app is quitting: no new connections, no restarts. */
  get accepting(): boolean {
    return !this.closing;
  }

  /**
   * The control socket's path once a backend answers, starting one when none
   * does. A backend this app had to start (at launch, or after the previous
   * one went away) is asked to start the engine; the window shows how that
   * goes, so an engine failure never keeps it from opening. `onConnected`
   * runs first, so a page's first call finds the registry logins unlocked.
   */
  socketPath(): Promise<string> {
    if (this.closing) return Promise.reject(new Error('Berth is quitting.'));
    this.pending ??= ensureBackend(this.home)
      .then(async ({ socketPath, startedByUs }) => {
        if (startedByUs) this.owned = true;
        if ((startedByUs || !this.engineAsked) && !this.closing) {
          this.engineAsked = true;
          startEngine(this.home).catch((err: unknown) => console.error(`Berth: the engine did not start: ${messageOf(err)}`));
        }
        await this.onConnected().catch((err: unknown) => console.error(`Berth: ${messageOf(err)}`));
        return socketPath;
      })
      .catch((err: unknown) => {
        this.report(messageOf(err));
        throw err;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /**
   * Called on quit. Refuses new connections; then, unless the user keeps
   * the engine running, stops the engine, and the backend too when this app
   * started it (one the CLI or a web host started serves them still),
   * waiting at most `timeoutMs`.
   */
  async shutdown(timeoutMs: number, engine: 'stop' | 'keep' = 'stop'): Promise<ShutdownOutcome> {
    this.closing = true;
    const stop = async (): Promise<ShutdownOutcome> => {
      await this.pending?.catch(() => undefined);
      if (engine === 'keep') return 'left-running';
      if (this.owned) await stopEngineAndBackend(this.home);
      else await stopEngine(this.home);
      return 'stopped';
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ShutdownOutcome>((res) => (timer = setTimeout(() => res('timed-out'), timeoutMs)));
    try {
      return await Promise.race([stop(), timeout]);
    } catch (err) {
      console.error(`Berth: stopping the engine failed: ${messageOf(err)}`);
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  private lastReported = '';
  private report(message: string): void {
    if (message === this.lastReported || this.closing) return;
    this.lastReported = message;
    this.onError(message);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
