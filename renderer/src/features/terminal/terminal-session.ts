/**
 * One terminal session outside React: its xterm instance (opened once, on a
 * container element that views borrow and give back, so the screen survives
 * navigation) and its RPC stream. Output is written with flow control: bytes
 * are acknowledged to the engine only once xterm has drawn them.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { TerminalEvent, TerminalKind } from '../../../../engine/contract/terminal-model';
import { duplex, type DuplexHandle } from '../../api/connection';
import type { TerminalUp } from '../../../../engine/contract/terminal';
import { AckCounter, decodeBase64, splitInput } from './terminal-io';
import type { TerminalSettings } from '../settings';
import { terminalTheme } from '../../ui/terminal-theme';

export type SessionStatus = 'connecting' | 'open' | 'ended';

export interface SessionState {
  readonly status: SessionStatus;
  readonly shell?: string;
  /** Why the session ended, as a sentence. */
  readonly message?: string;
}

/** What a session runs, and whose it is: a container id, or the engine. */
export interface SessionTarget {
  readonly kind: TerminalKind;
  readonly owner: string;
}

/** Quiet time after the last size change before the exec is resized. */
const RESIZE_DEBOUNCE_MS = 80;

export class TerminalSession {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fit = new FitAddon();
  /** The element xterm draws into; moved between views, never recreated. */
  private readonly el = document.createElement('div');
  private opened = false;
  private stream?: DuplexHandle<TerminalUp>;
  private acks = new AckCounter();
  private observer?: ResizeObserver;
  private resizeTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;

  constructor(
    readonly target: SessionTarget,
    private settings: TerminalSettings,
    private readonly report: (state: SessionState) => void,
  ) {
    this.el.className = 'terminal-screen';
    this.term = new Terminal({
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono'),
      fontSize: settings.fontSize,
      scrollback: settings.scrollback,
      cursorBlink: true,
      allowProposedApi: true,
      theme: terminalTheme(),
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.term.onData((data) => splitInput(data).forEach((d) => this.stream?.push({ t: 'input', data: d })));
    this.term.onSelectionChange(() => {
      if (this.term.hasSelection()) void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => undefined);
    });
    this.term.onResize(({ cols, rows }) => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.stream?.push({ t: 'resize', cols, rows }), RESIZE_DEBOUNCE_MS);
    });
    this.connect();
  }

  /** Open this session's stream (the first time, or after the last one ended). */
  connect(): void {
    this.stream?.cancel();
    this.acks = new AckCounter();
    this.report({ status: 'connecting' });
    // The cursor was hidden when the last session ended.
    this.term.write('\x1b[?25h');
    const acks = this.acks;
    const handlers = {
      next: (e: TerminalEvent) => this.onEvent(e, acks),
      end: (err?: { code: string; message: string }) => {
        if (this.stream !== stream || !err) return;
        const message =
          err.code === 'unavailable' ? 'The connection to Berth was lost, which ended this session. Press Reconnect once it is back.' : err.message;
        this.end(message);
      },
    };
    const size = { cols: this.term.cols, rows: this.term.rows };
    const { kind, owner } = this.target;
    const stream =
      kind === 'engine'
        ? duplex('terminal.engineShell', size, handlers)
        : kind === 'attach'
          ? duplex('terminal.attach', { id: owner, ...size, detachKeys: this.settings.detachKeys }, handlers)
          : duplex('terminal.open', { id: owner, ...size, shell: this.settings.shell || undefined }, handlers);
    this.stream = stream;
  }

  private onEvent(e: TerminalEvent, acks: AckCounter): void {
    switch (e.t) {
      case 'ready':
        this.report({ status: 'open', shell: e.debug ? 'debug shell · busybox toolbox' : e.shell });
        return;
      case 'data': {
        const bytes = decodeBase64(e.data);
        acks.queued(bytes.length);
        this.term.write(bytes, () => {
          const n = acks.written(bytes.length);
          if (n && acks === this.acks) this.stream?.push({ t: 'ack', bytes: n });
        });
        return;
      }
      case 'exit':
        this.end(e.message);
        return;
    }
  }

  private end(message: string): void {
    this.stream = undefined;
    if (this.disposed) return;
    this.term.write(`\r\n\x1b[2m${message}\x1b[0m\r\n\x1b[?25l`);
    this.report({ status: 'ended', message });
  }

  /**
   * Ctrl/Cmd+C copies when text is selected (and clears the selection),
   * otherwise it is ^C for the shell; Ctrl+Shift+C always copies. Ctrl+V,
   * Ctrl+Shift+V and Cmd+V paste: the key is left to the browser, whose paste
   * event xterm turns into input (bracketed when the shell asked for it).
   */
  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'c' && (e.shiftKey || this.term.hasSelection())) {
      if (this.term.hasSelection()) void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => undefined);
      this.term.clearSelection();
      e.preventDefault();
      return false;
    }
    if (mod && key === 'v') return false;
    return true;
  }

  /** Show the session in `host`, fitted to it, following its size. */
  attach(host: HTMLElement): void {
    host.appendChild(this.el);
    if (!this.opened) {
      this.term.open(this.el);
      this.opened = true;
    }
    this.observer = new ResizeObserver(() => this.fitNow());
    this.observer.observe(host);
    this.fitNow();
    this.term.focus();
  }

  /** Give the element back; the session keeps running and drawing off-screen. */
  detach(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.el.remove();
  }

  fitNow(): void {
    if (!this.el.isConnected) return;
    const dims = this.fit.proposeDimensions();
    if (dims && dims.cols > 0 && dims.rows > 0 && (dims.cols !== this.term.cols || dims.rows !== this.term.rows)) this.term.resize(dims.cols, dims.rows);
  }

  /** New settings: font size and scrollback apply at once. */
  apply(settings: TerminalSettings): void {
    this.settings = settings;
    this.term.options.fontSize = settings.fontSize;
    this.term.options.scrollback = settings.scrollback;
    this.fitNow();
  }

  /** Follow the app's theme. */
  retheme(): void {
    this.term.options.theme = terminalTheme();
  }

  /** End the session: the engine hangs the shell up. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.resizeTimer);
    this.stream?.cancel();
    this.stream = undefined;
    this.detach();
    this.term.dispose();
  }
}
