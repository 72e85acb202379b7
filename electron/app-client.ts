/**
 * The desktop app's own connection to the backend, for the tray, for quitting
 * and for notifications: the engine's status, the UI preferences and the
 * notices pages ask for as they come, and the engine actions. It reconnects (every 2 s) while the app runs, so a backend that
 * was restarted is followed again.
 */
import { connect } from 'node:net';
import type { DesktopNotice, EngineStatus, UiSettingsView } from '../engine/contract/index.js';
import { RpcClient } from '../engine/rpc/client.js';
import { socketCarrier } from '../engine/rpc/node-carriers.js';

const RETRY_MS = 2_000;

export class AppClient {
  private client: RpcClient | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  status: EngineStatus | undefined;
  ui: UiSettingsView | undefined;

  constructor(
    private readonly socketPath: () => Promise<string>,
    private readonly onChange: () => void,
    /** A page asked for a desktop notification. */
    private readonly onNotice: (notice: DesktopNotice) => void = () => undefined,
  ) {}

  start(): void {
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    try {
      const path = await this.socketPath();
      const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
        const s = connect(path);
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
      const client = new RpcClient(socketCarrier(socket));
      this.client = client;
      let reopened = false;
      const lost = () => {
        if (reopened || this.client !== client) return;
        reopened = true;
        this.client = null;
        this.status = undefined;
        this.onChange();
        this.later();
      };
      client.stream('engine.watch', {}, { next: (s) => ((this.status = s), this.onChange()), end: lost });
      client.stream('settings.watchUi', {}, { next: (v) => ((this.ui = v), this.onChange()), end: lost });
      client.stream('desktop.watchNotices', {}, { next: (n) => this.onNotice(n), end: lost });
    } catch {
      this.later();
    }
  }

  private later(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), RETRY_MS);
  }

  /** Run an engine action; the status that follows arrives through the watch. */
  async engine(action: 'start' | 'stop' | 'restart'): Promise<void> {
    if (!this.client) throw new Error("Berth's backend is not answering yet.");
    await this.client.call(`engine.${action}`, {});
  }

  /** Save the quit preference (the rest of the UI preferences as they are). */
  async rememberQuit(quit: UiSettingsView['quit']): Promise<void> {
    if (!this.client || !this.ui) return;
    const { stored: _stored, ...ui } = this.ui;
    await this.client.call('settings.setUi', { ...ui, quit });
  }

  /** Tell the pages the user clicked a notice, so the one that asked opens its page. */
  async noticeClicked(id: string): Promise<void> {
    await this.client?.call('desktop.noticeClicked', { id });
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.client?.close();
    this.client = null;
  }
}
