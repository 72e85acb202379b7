/**
 * The engine supervisor: one state machine per Berth home.
 * stopped → starting → running → stopping → stopped, and error (with the
 * last failure) when a start fails or the engine dies; a dead engine is
 * restarted until someone stops it: at once when it was killed from outside
 * after answering, with backoff when it fails by itself or will not come up.
 */
import { backoffDelay } from '../util/backoff.js';
import Docker from 'dockerode';
import '../util/no-redirects.js';
import type { BootStage, EngineMode, EngineState, EngineStatus } from '../contract/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { EngineDriver, EngineExit, RunningEngine } from './driver.js';
import { parseDockerHost } from './driver.js';

export interface SupervisorOptions {
  readonly home: string;
  readonly mode: EngineMode;
  readonly host?: string;
  makeDriver(mode: EngineMode, host: string | undefined): EngineDriver;
  /** Delay before restart attempt n (0-based) after a crash. */
  backoffMs?(attempt: number): number;
}

/** 0.5 s, 1 s, 2 s … capped at 30 s. */
export const defaultBackoff = (attempt: number) => backoffDelay(attempt, 500, 30_000);
/** Answering this long resets the backoff: a crash after that starts a new count. */
export const STABLE_MS = 10_000;
/**
 * An engine killed by a signal after it answered (kill -9, the OOM killer) is
 * restarted at once, up to this many times within QUICK_WINDOW_MS; past that
 * it is a crash loop, and waits its backoff like one.
 */
export const MAX_QUICK_RESTARTS = 10;
const QUICK_WINDOW_MS = 60_000;

export class Supervisor {
  private state: EngineState = 'stopped';
  private mode: EngineMode;
  private host: string | undefined;
  private engine?: RunningEngine;
  private client?: Docker;
  private lastError?: string;
  private stage?: BootStage;
  private startedAt?: number;
  private restarts = 0;
  private attempt = 0;
  /** When the recent at-once restarts happened. */
  private quickRestarts: number[] = [];
  private wanted = false;
  private restartTimer?: NodeJS.Timeout;
  private startAbort?: AbortController;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(s: EngineStatus) => void>();

  constructor(private readonly opts: SupervisorOptions) {
    this.mode = opts.mode;
    this.host = opts.host;
  }

  status(): EngineStatus {
    const e = this.state === 'running' ? this.engine : undefined;
    return {
      mode: this.mode,
      state: this.state,
      version: e?.version || undefined,
      socket: e?.socket,
      dockerHost: e?.dockerHost,
      pid: e?.pid,
      startedAt: e ? this.startedAt : undefined,
      uptimeSec: e && this.startedAt ? Math.round((Date.now() - this.startedAt) / 1000) : undefined,
      lastError: this.lastError,
      restarts: this.restarts,
      home: this.opts.home,
      stage: this.state === 'starting' ? this.stage : undefined,
      notice: e?.notice,
      rootless: e?.rootless,
      limits: e?.limits,
    };
  }

  /** Listen to every status change; returns the unsubscribe function. */
  subscribe(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The Docker client of the running engine, or an error saying how to start it. */
  docker(): Docker {
    if (this.state !== 'running' || !this.client) {
      throw new RpcError('unavailable', `The engine is ${this.state}: start it from the Engine page or with \`berth engine up\`.`);
    }
    return this.client;
  }

  /** Start the engine (switching mode first if asked); resolves once it answers. */
  start(mode?: EngineMode, host?: string): Promise<EngineStatus> {
    return this.serial(async () => {
      const switching = (mode && mode !== this.mode) || (host !== undefined && host !== this.host);
      if (this.state === 'running' && !switching) return this.status();
      if (switching) await this.halt();
      if (mode) this.mode = mode;
      if (host !== undefined) this.host = host;
      this.wanted = true;
      this.attempt = 0;
      this.quickRestarts = [];
      this.restarts = 0;
      await this.boot();
      return this.status();
    });
  }

  /** Stop the engine; a start in progress is cancelled at once (it does not wait its turn). */
  stop(): Promise<EngineStatus> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.startAbort?.abort();
    return this.serial(async () => {
      await this.halt();
      return this.status();
    });
  }

  restart(): Promise<EngineStatus> {
    return this.serial(async () => {
      await this.halt();
      this.wanted = true;
      this.attempt = 0;
      await this.boot();
      return this.status();
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(state: EngineState, lastError?: string | null): void {
    this.state = state;
    if (lastError !== undefined) this.lastError = lastError ?? undefined;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  /** Start the engine; a failure becomes state error unless the caller reports it itself. */
  private async boot(reportFailure = true): Promise<void> {
    clearTimeout(this.restartTimer);
    this.startAbort = new AbortController();
    this.stage = undefined;
    this.set('starting');
    let engine: RunningEngine;
    try {
      engine = await this.opts.makeDriver(this.mode, this.host).start(this.startAbort.signal, (stage) => {
        this.stage = stage;
        this.set('starting');
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (reportFailure) this.set('error', message);
      throw new RpcError('engine', message);
    }
    const ep = parseDockerHost(engine.dockerHost);
    const client = new Docker(ep.socketPath ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port });
    if (!engine.version) {
      const v = await client.version().catch(() => undefined);
      engine = { ...engine, version: v?.Version ?? '' };
    }
    this.engine = engine;
    this.client = client;
    this.startedAt = Date.now();
    this.set('running', null);
    const running = engine;
    void running.exited.then((exit) => this.crashed(running, exit));
  }

  private crashed(engine: RunningEngine, exit: EngineExit): void {
    if (this.engine !== engine || !this.wanted) return;
    const now = Date.now();
    if (this.startedAt && now - this.startedAt >= STABLE_MS) this.attempt = 0;
    this.quickRestarts = this.quickRestarts.filter((t) => now - t < QUICK_WINDOW_MS);
    const atOnce = exit.killed && this.quickRestarts.length < MAX_QUICK_RESTARTS;
    if (atOnce) this.quickRestarts.push(now);
    this.engine = undefined;
    this.client = undefined;
    // Clear what the dead engine left (mounts, socket) before the next start.
    this.scheduleRestart(
      `The engine stopped unexpectedly (${exit.why})`,
      engine.stop().catch(() => undefined),
      atOnce,
    );
  }

  /** Restart after the backoff (counting an attempt), or at once. */
  private scheduleRestart(what: string, cleanup: Promise<unknown> = Promise.resolve(), atOnce = false): void {
    const delay = atOnce ? 0 : (this.opts.backoffMs ?? defaultBackoff)(this.attempt++);
    this.set('error', `${what}; ${delay ? `restarting in ${(delay / 1000).toFixed(1)} s` : 'restarting now'}.`);
    this.restartTimer = setTimeout(() => {
      void this.serial(async () => {
        await cleanup;
        if (!this.wanted || this.state === 'running') return;
        this.restarts++;
        try {
          await this.boot(false);
        } catch (err) {
          if (this.wanted) this.scheduleRestart(`The engine could not restart: ${(err as Error).message.replace(/\.$/, '')}`);
        }
      });
    }, delay);
  }

  /** Stop whatever runs or is starting, without queueing. */
  private async halt(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.startAbort?.abort();
    const engine = this.engine;
    if (!engine) {
      this.set('stopped');
      return;
    }
    this.set('stopping');
    this.engine = undefined;
    this.client = undefined;
    try {
      await engine?.stop();
    } finally {
      this.set('stopped');
    }
  }
}
