/**
 * One stream of the engine's /events for the whole backend, fanned out to
 * every subscriber. It follows the supervisor: connects when the engine runs,
 * reconnects with backoff when the stream breaks, and tells subscribers to
 * resync after every (re)connection.
 */
import type { EngineClient } from './engine-client.js';
import { ndjsonSplitter } from '../util/text-stream.js';
import { backoffDelay } from '../util/backoff.js';

/** One event as the Docker API sends it (the fields Berth reads). */
export interface DockerEvent {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes?: Record<string, string> };
  readonly time: number;
  readonly timeNano?: number;
}

export type EventsSignal =
  { readonly kind: 'connected' } | { readonly kind: 'disconnected'; readonly reason: string } | { readonly kind: 'event'; readonly event: DockerEvent };

export class EngineEvents {
  private readonly listeners = new Set<(s: EventsSignal) => void>();
  private connected = false;
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };
  private retry?: NodeJS.Timeout;
  private attempt = 0;
  private generation = 0;

  constructor(private readonly supervisor: EngineClient) {
    supervisor.subscribe((s) => {
      if (s.state === 'running') this.connect();
      else this.disconnect(`the engine is ${s.state}`);
    });
    if (supervisor.status().state === 'running') this.connect();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  subscribe(listener: (s: EventsSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(s: EventsSignal): void {
    for (const l of this.listeners) l(s);
  }

  private connect(): void {
    if (this.stream || this.connected) return;
    clearTimeout(this.retry);
    const gen = ++this.generation;
    let docker;
    try {
      docker = this.supervisor.docker();
    } catch {
      return;
    }
    docker.getEvents({}, (err, stream) => {
      if (gen !== this.generation) {
        (stream as { destroy?: () => void } | undefined)?.destroy?.();
        return;
      }
      if (err || !stream) {
        this.scheduleRetry();
        return;
      }
      this.stream = stream as unknown as typeof this.stream;
      this.connected = true;
      this.attempt = 0;
      this.emit({ kind: 'connected' });
      const split = ndjsonSplitter((o) => this.emit({ kind: 'event', event: o as DockerEvent }));
      stream.on('data', (c: Buffer) => split(c));
      const ended = (why: string) => {
        if (gen !== this.generation) return;
        this.stream = undefined;
        if (this.connected) {
          this.connected = false;
          this.emit({ kind: 'disconnected', reason: why });
        }
        this.scheduleRetry();
      };
      stream.on('end', () => ended('the event stream ended'));
      stream.on('error', (e: Error) => ended(e.message));
    });
  }

  /** Reconnect with backoff: 0.25 s doubling to 10 s. */
  private scheduleRetry(): void {
    clearTimeout(this.retry);
    const delay = backoffDelay(this.attempt++, 250, 10_000);
    this.retry = setTimeout(() => {
      if (this.supervisor.status().state === 'running') this.connect();
    }, delay);
  }

  private disconnect(reason: string): void {
    clearTimeout(this.retry);
    this.generation++;
    this.stream?.destroy?.();
    this.stream = undefined;
    if (this.connected) {
      this.connected = false;
      this.emit({ kind: 'disconnected', reason });
    }
  }
}
